//! The body as blocks, checked on small bodies.

use super::*;

fn text(v: &str) -> Node {
    Node::Text { v: v.to_string() }
}

#[test]
fn blocks_and_spans_are_data() -> Result<(), String> {
    let body = "# Tiêu đề\n\nChữ **đậm** và [liên kết](https://example.org) và [trong trang](../a/).[^1]\n\n- một\n- hai\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n<b>thẻ</b> #read(\"/etc/passwd\")\n\n[^1]: Chú thích.\n";
    let nodes = blocks(body, &|_: &str| None);
    assert_eq!(
        nodes[0],
        Node::H {
            level: 2,
            c: vec![text("Tiêu đề")]
        }
    );
    let Node::P { c } = &nodes[1] else {
        return Err(format!("{:?}", nodes[1]));
    };
    assert_eq!(
        c[1],
        Node::Strong {
            c: vec![text("đậm")]
        }
    );
    assert_eq!(
        c[3],
        Node::Link {
            url: "https://example.org".into(),
            c: vec![text("liên kết")]
        }
    );
    assert_eq!(c[4], text(" và trong trang."));
    let note = Node::P {
        c: vec![text("Chú thích.")],
    };
    assert_eq!(c[5], Node::Note { c: vec![note] });
    assert_eq!(
        nodes[2],
        Node::List {
            start: None,
            items: vec![vec![text("một")], vec![text("hai")]]
        }
    );
    let Node::Table { head, rows } = &nodes[3] else {
        return Err(format!("{:?}", nodes[3]));
    };
    assert_eq!(
        (head.len(), rows.len(), &rows[0][1]),
        (2, 1, &vec![text("2")])
    );
    assert_eq!(
        nodes[4],
        Node::P {
            c: vec![text("thẻ #read(\"/etc/passwd\")")]
        }
    );
    assert_eq!(nodes.len(), 5);
    Ok(())
}

fn serve_a(dest: &str) -> Option<Served> {
    (dest == "a b.jpg").then(|| Served {
        src: "/photos/1.jpg".to_string(),
        ratio: 1.5,
    })
}

fn img(alt: &str) -> Node {
    Node::Img {
        src: "/photos/1.jpg".into(),
        alt: alt.into(),
        ratio: 1.5,
    }
}

/// An image is a block where it stands: the paragraph around it is cut.
#[test]
fn images_are_served_as_blocks_or_left_as_their_alt_text() {
    let served = blocks(
        "Trước ![Hội trường](a%20b.jpg) sau ![Khác](b.jpg)",
        &serve_a,
    );
    let p = |v: &str| Node::P { c: vec![text(v)] };
    assert_eq!(served, [p("Trước "), img("Hội trường"), p(" sau Khác")]);
    let alone = blocks("[![Ảnh](a%20b.jpg)](https://example.org)", &serve_a);
    assert_eq!(alone, [img("Ảnh")]);
}

/// `<img>` of raw HTML naming a photo prints it, its alt decoded, in a
/// block of HTML or inside a paragraph; other images leave nothing.
#[test]
fn raw_html_images_are_served() {
    let body = "<figure><img src=\"a&#32;b.jpg\" alt=\"Ph&ograve;ng\"><figcaption>Chú thích</figcaption></figure>\n\nChữ <img alt=x src='a%20b.jpg'> chữ <img src=c.jpg alt=y>.\n";
    let nodes = blocks(body, &serve_a);
    let p = |v: &str| Node::P { c: vec![text(v)] };
    assert_eq!(
        nodes,
        [
            img("Phòng"),
            p("  Chú thích  \n"),
            p("Chữ  "),
            img("x"),
            p("  chữ  ."),
        ],
        "{nodes:?}"
    );
    // A block of raw HTML with nothing to show is left out, not an empty quote.
    assert!(blocks("<script>x()</script>\n", &serve_a).is_empty());
}

#[test]
fn deep_nesting_is_flattened() {
    let body = format!("{}sâu", "> ".repeat(200));
    fn depth(nodes: &[Node]) -> usize {
        nodes
            .iter()
            .map(|node| match node {
                Node::Quote { c } | Node::P { c } => 1 + depth(c),
                _ => 1,
            })
            .max()
            .unwrap_or(0)
    }
    let nodes = blocks(&body, &|_: &str| None);
    assert!(depth(&nodes) <= MAX_DEPTH + 2, "{}", depth(&nodes));
    assert!(format!("{nodes:?}").contains("sâu"));
}

/// Raw HTML reads as search reads it: scripts and styles leave nothing,
/// every character reference is decoded (not six of them).
#[test]
fn raw_html_shows_its_text_only() {
    let body = "<script>alert(1)</script>\n\nA <span>&eacute;t&eacute;</span> &#xE001;&hellip; <style>p{}</style>z\n";
    let text_of = |nodes: &[Node]| format!("{nodes:?}");
    let shown = text_of(&blocks(body, &|_: &str| None));
    assert!(
        !shown.contains("alert") && !shown.contains("p{}"),
        "{shown}"
    );
    assert!(shown.contains("été"), "{shown}");
    assert!(shown.contains(r"A été \u{e001}… z"), "{shown}");
}

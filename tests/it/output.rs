//! The output as a whole: links, feeds, sitemap, escaping and sanitizing,
//! base_url, reproducibility, replacement of the previous output, and the
//! expected list of files.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;
use crate::common::{
    assert_contains, assert_not_contains, attr, attr_values, check_xml, fixture_dir, head_of,
    image_size, main_of, read_in, resolve_link, snapshot, tags, Site,
};

fn basic() -> &'static Site {
    Site::shared_build("basic")
}

fn escaping() -> &'static Site {
    Site::shared_build("escaping")
}

/// Every internal link of every HTML page of `site`, as (page, link, problem).
fn dead_links(site: &Site, base_path: &str) -> Vec<(String, String, String)> {
    let public = site.public();
    let mut dead = Vec::new();
    for file in site.output_files() {
        if !file.ends_with(".html") {
            continue;
        }
        let html = site.read(&file);
        let mut links = attr_values(&html, "href");
        links.extend(attr_values(&html, "src"));
        for srcset in attr_values(&html, "srcset") {
            links.extend(
                srcset
                    .split(',')
                    .filter_map(|e| e.split_whitespace().next())
                    .map(str::to_string),
            );
        }
        for link in links {
            match resolve_link(&file, &link, base_path) {
                Ok(None) => {}
                Ok(Some(target)) => {
                    let path = public.join(&target);
                    let found = path.is_file() || path.join("index.html").is_file();
                    if !found {
                        dead.push((file.clone(), link, format!("no file {target}")));
                    }
                }
                Err(why) => dead.push((file.clone(), link, why)),
            }
        }
    }
    dead
}

#[test]
fn every_internal_link_and_image_resolves_to_a_published_file() {
    let site = basic();
    let dead = dead_links(site, "/kyyeu/");
    assert!(dead.is_empty(), "dead links: {dead:#?}");
    // The check does look at pages of every kind, and can fail.
    let count: usize = site
        .output_files()
        .iter()
        .filter(|f| f.ends_with(".html"))
        .map(|f| attr_values(&site.read(f), "href").len())
        .sum();
    assert!(count > 300, "only {count} links seen");
    assert_eq!(
        resolve_link("2021/a/index.html", "../../../x/", "/kyyeu/"),
        Err("`../../../x/` climbs above the output folder".to_string())
    );
    assert_eq!(
        resolve_link("en/2021/a/index.html", "../../../2021/", "/kyyeu/"),
        Ok(Some("2021/index.html".to_string()))
    );
    assert_eq!(
        resolve_link("404.html", "/kyyeu/en/", "/kyyeu/"),
        Ok(Some("en/index.html".to_string()))
    );
}

#[test]
fn not_found_page_links_through_the_base_path() {
    let site = basic();
    let html = site.read("404.html");
    assert_contains(&html, "<html lang=\"vi\">");
    assert_contains(&html, "<h1>Không tìm thấy trang</h1>");
    assert_contains(&html, "<link rel=\"stylesheet\" href=\"/kyyeu/style.css\">");
    assert_contains(
        &html,
        "<a href=\"/kyyeu/index.html\" hreflang=\"vi\" lang=\"vi\">Tiếng Việt</a>",
    );
    assert_contains(
        &html,
        "<a href=\"/kyyeu/en/index.html\" hreflang=\"en\" lang=\"en\">English</a>",
    );
    assert_contains(head_of(&html), "<meta name=\"robots\" content=\"noindex\">");
    // The English reader's own, for a server to show below /en/.
    let english = site.read("en/404.html");
    assert_contains(&english, "<html lang=\"en\">");
    assert_contains(&english, "<h1>Page not found</h1>");
    assert_contains(
        &english,
        "<link rel=\"stylesheet\" href=\"/kyyeu/style.css\">",
    );
    assert_contains(
        &english,
        "<a href=\"/kyyeu/index.html\" hreflang=\"vi\" lang=\"vi\">Tiếng Việt</a>",
    );
    assert_contains(
        head_of(&english),
        "<meta name=\"robots\" content=\"noindex\">",
    );
}

#[test]
fn feeds_and_sitemaps_are_well_formed_xml() {
    // The checker itself rejects what it should.
    for bad in [
        "<a><b></a></b>",
        "<a>x & y</a>",
        "<a t=\"1\" t=\"2\"/>",
        "<a>&nbsp;</a>",
        "<a></a><b></b>",
        "<a x=\"<\"/>",
        "<a>",
    ] {
        assert!(check_xml(bad).is_err(), "accepted {bad}");
    }
    assert_eq!(
        check_xml("<?xml version=\"1.0\"?>\n<a x='1'><b/>&amp;&#39;&#x41;<![CDATA[<]]></a>\n"),
        Ok(())
    );
    for site in [basic(), escaping()] {
        for file in ["atom.xml", "en/atom.xml", "sitemap.xml"] {
            let text = site.read(file);
            assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
            if let Err(why) = check_xml(&text) {
                panic!(
                    "{file} of {} is not well-formed: {why}\n{text}",
                    site.root().display()
                );
            }
        }
    }
}

#[test]
fn sitemap_lists_every_real_page_with_its_translations() {
    let sitemap = basic().read("sitemap.xml");
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| &s[..s.find("</loc>").unwrap()])
        .collect();
    for loc in [
        "https://example.org/kyyeu/",
        "https://example.org/kyyeu/en/",
        "https://example.org/kyyeu/2021/tong-ket-thi-dua-2021/",
        "https://example.org/kyyeu/en/2021/tong-ket-thi-dua-2021/",
        "https://example.org/kyyeu/2020/tong-ket-2020/",
        "https://example.org/kyyeu/en/2021/study-visit/",
        "https://example.org/kyyeu/don-vi/truong-cao-dang-ktkt-bac-bo/",
        "https://example.org/kyyeu/en/speakers/dang-thi-hong-dao/",
    ] {
        assert!(locs.contains(&loc), "{loc} not in the sitemap");
    }
    // Notices of missing translations and the 404 page are not pages to index.
    for loc in [
        "https://example.org/kyyeu/en/2020/tong-ket-2020/",
        "https://example.org/kyyeu/2021/study-visit/",
        "https://example.org/kyyeu/404.html",
    ] {
        assert!(!locs.contains(&loc), "{loc} is in the sitemap");
    }
    let unique: std::collections::BTreeSet<_> = locs.iter().collect();
    assert_eq!(unique.len(), locs.len(), "a page is listed twice");
    // A translated page carries its alternates.
    let entry = sitemap
        .split("<url>")
        .find(|u| u.contains("<loc>https://example.org/kyyeu/2021/tong-ket-thi-dua-2021/</loc>"))
        .unwrap();
    assert_contains(entry, "<lastmod>2021-12-10T00:00:00Z</lastmod>");
    assert_contains(
        entry,
        "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/kyyeu/en/2021/tong-ket-thi-dua-2021/\"/>",
    );
    assert_contains(
        entry,
        "<xhtml:link rel=\"alternate\" hreflang=\"vi\" href=\"https://example.org/kyyeu/2021/tong-ket-thi-dua-2021/\"/>",
    );
    // An untranslated page has no English alternate.
    let entry = sitemap
        .split("<url>")
        .find(|u| u.contains("<loc>https://example.org/kyyeu/2020/tong-ket-2020/</loc>"))
        .unwrap();
    assert_not_contains(entry, "hreflang=\"en\"");
}

#[test]
fn feeds_hold_the_articles_of_their_language_with_absolute_urls() {
    let vi = basic().read("atom.xml");
    assert_contains(&vi, "<id>https://example.org/kyyeu/atom.xml</id>");
    assert_contains(
        &vi,
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/kyyeu/atom.xml\"/>",
    );
    assert_contains(
        &vi,
        "<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/kyyeu/2021/tong-ket-thi-dua-2021/\"/>",
    );
    assert_contains(&vi, "<updated>2021-12-10T00:00:00Z</updated>");
    assert_contains(&vi, "<published>2021-03-02T09:00:00+07:00</published>");
    assert_contains(&vi, "<title>Tổng kết thi đua năm 2020</title>");
    assert_contains(&vi, "<category term=\"Quỹ hỗ trợ phát triển hợp tác xã\"/>");
    assert_contains(&vi, "<author><name>Thanh Vân</name></author>");
    assert_not_contains(&vi, "Study visit");
    // Relative image URLs in content resolve against the entry's xml:base.
    assert_contains(
        &vi,
        "xml:base=\"https://example.org/kyyeu/2021/tong-ket-thi-dua-2021/\">",
    );
    assert_contains(
        &vi,
        "&lt;img src=&quot;../../2021/tong-ket-thi-dua-2021/dai-bieu.960.jpg&quot; srcset=",
    );
    let en = basic().read("en/atom.xml");
    assert_contains(&en, "<id>https://example.org/kyyeu/en/atom.xml</id>");
    assert_contains(&en, "<title>Study visit to cooperatives in Đà Lạt</title>");
    assert_contains(
        &en,
        "<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/kyyeu/en/2021/study-visit/\"/>",
    );
    assert_not_contains(&en, "Tổng kết thi đua năm 2020");
    assert_eq!(en.matches("<entry>").count(), 3);
    assert_eq!(vi.matches("<entry>").count(), 3);
}

#[test]
fn base_url_path_prefix_is_used_in_every_absolute_url() {
    let site = basic();
    let html = site.read("2021/ky-giao-uoc/index.html");
    let head = head_of(&html);
    assert_contains(
        head,
        "<link rel=\"canonical\" href=\"https://example.org/kyyeu/2021/ky-giao-uoc/\">",
    );
    assert_contains(
        head,
        "<meta property=\"og:url\" content=\"https://example.org/kyyeu/2021/ky-giao-uoc/\">",
    );
    assert_contains(
        head,
        "<meta property=\"og:image\" content=\"https://example.org/kyyeu/2021/ky-giao-uoc/ky-ket.jpg\">",
    );
    // No absolute URL forgets the prefix.
    for file in site.output_files() {
        if file.ends_with(".html") || file.ends_with(".xml") {
            let text = site.read(&file);
            let mut rest = text.as_str();
            while let Some(i) = rest.find("https://example.org/") {
                rest = &rest[i + "https://example.org/".len()..];
                let ok = ["kyyeu", "quy", "vca"].iter().any(|p| rest.starts_with(p));
                assert!(
                    ok,
                    "{file}: an absolute URL without /kyyeu: {}",
                    &rest[..20.min(rest.len())]
                );
            }
        }
    }
}

#[test]
fn base_url_flag_overrides_site_yaml() {
    let site = Site::fixture("basic");
    site.run(&[
        "build",
        "--base-url",
        "https://mirror.example.net/proceedings/",
    ])
    .success();
    let html = site.read("en/2021/tong-ket-thi-dua-2021/index.html");
    assert_contains(
        &html,
        "<link rel=\"canonical\" href=\"https://mirror.example.net/proceedings/en/2021/tong-ket-thi-dua-2021/\">",
    );
    assert_contains(
        &site.read("sitemap.xml"),
        "<loc>https://mirror.example.net/proceedings/</loc>",
    );
    assert_contains(
        &site.read("en/atom.xml"),
        "<id>https://mirror.example.net/proceedings/en/atom.xml</id>",
    );
    assert_contains(
        &site.read("404.html"),
        "<link rel=\"stylesheet\" href=\"/proceedings/style.css\">",
    );
    for file in site.output_files() {
        if file.ends_with(".html") || file.ends_with(".xml") {
            let text = site.read(&file);
            assert_not_contains(&text, "example.org/kyyeu");
            assert_not_contains(&text, "proceedings//");
        }
    }
    let dead = dead_links(&site, "/proceedings/");
    assert!(dead.is_empty(), "{dead:#?}");
}

#[test]
fn raw_html_in_markdown_is_sanitized() {
    let site = escaping();
    let html = site.read("2021/ky-tu-dac-biet/index.html");
    let main = main_of(&html);
    let start = html.find("<div class=\"body\">").expect("the body");
    let body = &html[start..start + html[start..].find("\n  </div>").expect("its end")];
    assert_not_contains(&html.to_ascii_lowercase(), "<script");
    let lower = body.to_ascii_lowercase();
    for bad in [
        "<script",
        "onerror",
        "onclick",
        "onmouseover",
        "onload",
        "javascript:",
        "<iframe",
        "style=",
        "data:text",
        "alert(",
    ] {
        assert_not_contains(&lower, bad);
    }
    // What is harmless stays.
    assert_contains(main, "<a href=\"https://example.org/ok\"");
    assert_contains(main, "liên kết tốt</a>");
    assert_contains(
        main,
        "<img src=\"https://example.org/x.png\" alt=\"ảnh ngoài\">",
    );
    assert_contains(main, "<span>nhấn vào đây</span> &amp; tiếp.");
    assert_contains(main, "đoạn có kiểu</p>");
    // The feed carries the same sanitized body.
    let feed = site.read("atom.xml");
    let content = &feed[feed.find("<content").expect("content")..];
    let content = content[..content.find("</content>").expect("its end")].to_ascii_lowercase();
    for bad in ["&lt;script", "onerror", "onclick", "javascript:", "alert("] {
        assert_not_contains(&content, bad);
    }
    assert_contains(&content, "liên kết tốt");
}

/// The title of the `escaping` fixture's article, as it must appear in HTML
/// and XML.
const ESCAPED_TITLE: &str = "Tiêu đề &lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; &quot;ngoặc kép&quot; &amp; &#39;nháy đơn&#39;";

#[test]
fn front_matter_strings_are_escaped_in_pages_feeds_and_sitemap() {
    let site = escaping();
    let html = site.read("2021/ky-tu-dac-biet/index.html");
    assert_article_front_matter_escaped(&html);
    assert_no_page_has_raw_markup(site);
    assert_feed_front_matter_escaped(&site.read("atom.xml"));
    // The slug of such a title is still a plain slug, and so is the sitemap.
    let speaker = site
        .output_files()
        .into_iter()
        .find(|f| f.starts_with("dien-gia/ong-"))
        .expect("a speaker page");
    assert_eq!(speaker, "dien-gia/ong-i-x-i-y/index.html");
    let sitemap = site.read("sitemap.xml");
    assert_eq!(check_xml(&sitemap), Ok(()));
    assert_not_contains(&sitemap, "<script");
}

/// Every front matter string of the `escaping` article, escaped in its page.
fn assert_article_front_matter_escaped(html: &str) {
    let title = ESCAPED_TITLE;
    assert_contains(html, &format!("<h1>{title}</h1>"));
    assert_contains(
        html,
        &format!("<meta property=\"og:title\" content=\"{title}\">"),
    );
    assert_contains(html, "<dd>Hội trường &lt;b&gt;A&lt;/b&gt; &amp; B</dd>");
    assert_contains(
        html,
        "<dd>Tác giả &lt;script&gt;a&lt;/script&gt; &amp; B</dd>",
    );
    assert_contains(html, "<dd>&quot;Nguồn&quot; &amp; &lt;c&gt;</dd>");
    assert_contains(
        html,
        "Ông &lt;i&gt;X&lt;/i&gt; &amp; &quot;Y&quot;</a>, Vai trò &lt;u&gt;z&lt;/u&gt;",
    );
    assert_contains(
        html,
        "<li>Nhiệm vụ &lt;em&gt;1&lt;/em&gt; &amp; &quot;2&quot;</li>",
    );
    assert_contains(html, "<td>Khối &lt;trưởng&gt; &amp; &quot;phó&quot;</td>");
    assert_contains(html, "Đơn vị &quot;A&quot; &amp; &lt;B&gt;</a>");
    assert_contains(
        html,
        "<figcaption>Chú thích &quot;ảnh&quot; &lt;script&gt;x&lt;/script&gt; &amp; khác</figcaption>",
    );
    assert_contains(
        html,
        "alt=\"Chú thích &quot;ảnh&quot; &lt;script&gt;x&lt;/script&gt; &amp; khác\"",
    );
    assert_contains(
        html,
        "<meta name=\"description\" content=\"Tóm tắt &lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;\">",
    );
    assert_contains(html, "Kỷ yếu &quot;A &amp; B&quot; &lt;thử&gt;</a>");
}

/// Nothing of the front matter became markup, on any page.
fn assert_no_page_has_raw_markup(site: &Site) {
    for file in site.output_files().iter().filter(|f| f.ends_with(".html")) {
        let text = site.read(file);
        for raw in [
            "<script>",
            "<b>A</b>",
            "<i>X</i>",
            "<em>1</em>",
            "<u>z</u>",
            "<trưởng>",
            "<thử>",
            "<B>",
            "\"A & B\"",
        ] {
            assert!(!text.contains(raw), "{file} has unescaped `{raw}`");
        }
        if file.starts_with("en/") {
            assert_contains(&text, "Proceedings &quot;A &amp; B&quot; &lt;test&gt;");
        }
    }
}

/// The front matter strings of the `escaping` site, escaped in its feed.
fn assert_feed_front_matter_escaped(feed: &str) {
    assert_contains(feed, &format!("<title>{ESCAPED_TITLE}</title>"));
    assert_contains(
        feed,
        "<title>Kỷ yếu &quot;A &amp; B&quot; &lt;thử&gt;</title>",
    );
    assert_contains(
        feed,
        "<category term=\"Đơn vị &quot;A&quot; &amp; &lt;B&gt;\"/>",
    );
    assert_contains(
        feed,
        "<name>Tác giả &lt;script&gt;a&lt;/script&gt; &amp; B</name>",
    );
    assert_contains(
        feed,
        "<subtitle>Mô tả có &lt;script&gt;alert(&quot;site&quot;)&lt;/script&gt; &amp; dấu &quot;ngoặc&quot;</subtitle>",
    );
    assert_eq!(check_xml(feed), Ok(()));
}

#[test]
fn sitemap_and_pages_escape_a_base_url_with_an_ampersand() {
    let site = Site::fixture("escaping");
    site.run(&["build", "--base-url", "https://example.org/r&d"])
        .success();
    let sitemap = site.read("sitemap.xml");
    assert_eq!(check_xml(&sitemap), Ok(()));
    assert_contains(&sitemap, "<loc>https://example.org/r&amp;d/</loc>");
    assert_eq!(check_xml(&site.read("atom.xml")), Ok(()));
    assert_contains(
        &site.read("index.html"),
        "<link rel=\"canonical\" href=\"https://example.org/r&amp;d/\">",
    );
}

#[test]
fn markdown_image_with_an_unsafe_url_is_not_published() {
    let site = Site::minimal();
    site.write(
        "content/2021/anh/index.vi.md",
        "---\ntitle: Ảnh\ndate: 2021-01-01\n---\nẢnh: ![x](javascript:alert(1)) ![y](data:text/html,abc)\n",
    );
    let run = site.build();
    if run.code == 0 {
        let html = site.read("2021/anh/index.html").to_ascii_lowercase();
        assert_not_contains(&html, "javascript:");
        assert_not_contains(&html, "data:text");
    } else {
        // Refusing it, like a javascript: link, would do too.
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert_contains(&run.stderr, "content/2021/anh/index.vi.md:5:");
    }
}

#[test]
fn two_builds_give_byte_identical_output() {
    let site = Site::fixture("basic");
    let first = site.build().success();
    assert_contains(&first.stdout, "5 photos (5 processed, 0 from cache");
    let one = snapshot(&site.public());
    // Again, with the photo cache.
    let second = site.build().success();
    assert_contains(&second.stdout, "5 photos (0 processed, 5 from cache");
    let two = snapshot(&site.public());
    assert!(one == two, "the second build differs");
    // And from a fresh copy elsewhere, without a cache.
    let other = Site::fixture("basic");
    other.build().success();
    let three = snapshot(&other.public());
    let differ: Vec<&String> = one
        .keys()
        .chain(three.keys())
        .filter(|k| one.get(*k) != three.get(*k))
        .collect();
    assert!(differ.is_empty(), "differ: {differ:?}");
}

#[test]
fn successful_build_replaces_the_previous_output_whole() {
    let site = Site::fixture("escaping");
    site.build().success();
    let good = snapshot(&site.public());
    site.write("public/stale.html", "old");
    site.write("public/2019/removed/index.html", "old");
    site.write("public/index.html", "tampered");
    site.build().success();
    assert!(!site.has("stale.html"));
    assert!(!site.public().join("2019").exists());
    assert!(snapshot(&site.public()) == good);
    // Nothing beside the output: no staging or backup folder left.
    let mut names: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![".kyyeu-cache", "content", "public", "site.yaml"]
    );
}

#[test]
#[cfg(unix)]
fn a_rebuild_does_not_rewrite_pages_whose_bytes_did_not_change() {
    use std::os::unix::fs::MetadataExt;
    let site = Site::fixture("basic");
    site.build().success();
    let meta = |rel: &str| std::fs::metadata(site.public().join(rel)).unwrap();
    let untouched = "2020/tong-ket-2020/index.html";
    let edited = "2021/ky-giao-uoc/index.html";
    let before = (meta(untouched).ino(), meta(untouched).mtime_nsec());
    let edited_before = meta(edited).ino();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let source = "content/2021/ky-giao-uoc.vi.md";
    let text = common::read_in(site.root(), source);
    site.write(source, &format!("{text}\nMột đoạn mới.\n"));
    site.build().success();
    assert_eq!(
        (meta(untouched).ino(), meta(untouched).mtime_nsec()),
        before,
        "an unchanged page was written again"
    );
    assert_ne!(meta(edited).ino(), edited_before);
    assert_contains(&site.read(edited), "Một đoạn mới.");
    // The kept page is a file of the new output only, not shared with anything else.
    assert_eq!(meta(untouched).nlink(), 1);
}

#[test]
fn output_tree_matches_expected_files() {
    let site = basic();
    let actual = site.output_files().join("\n") + "\n";
    let path = fixture_dir("basic").join("expected-files.txt");
    if std::env::var("KYYEU_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with KYYEU_BLESS=1 to create it)",
            path.display()
        )
    });
    if expected != actual {
        let exp: Vec<&str> = expected.lines().collect();
        let act: Vec<&str> = actual.lines().collect();
        let missing: Vec<_> = exp.iter().filter(|l| !act.contains(l)).collect();
        let extra: Vec<_> = act.iter().filter(|l| !exp.contains(l)).collect();
        panic!(
            "the output tree differs from {}\nmissing: {missing:#?}\nunexpected: {extra:#?}\n(run with KYYEU_BLESS=1 to accept)",
            path.display()
        );
    }
}

#[test]
fn empty_content_folder_builds_a_site_with_a_note() {
    let site = Site::inline(&[("site.yaml", common::SITE_YAML)]);
    std::fs::create_dir_all(site.root().join("content")).unwrap();
    let run = site.build().success();
    assert_eq!(
        run.stderr,
        "warning: content: no articles yet: the site has its home and index pages only\n"
    );
    assert!(
        run.stdout.starts_with("built 0 articles, 13 pages in "),
        "{}",
        run.stdout
    );
    assert_eq!(
        site.output_files(),
        vec![
            "404.html",
            "atom.xml",
            "dien-gia/index.html",
            "don-vi/index.html",
            "en/404.html",
            "en/atom.xml",
            "en/index.html",
            "en/search/idx/manifest.js",
            "en/search/idx/t/0.js",
            "en/search/index.html",
            "en/speakers/index.html",
            "en/units/index.html",
            "favicon.ico",
            "favicon.svg",
            "index.html",
            "robots.txt",
            "search.js",
            "sitemap.xml",
            "style.css",
            "tim-kiem/idx/manifest.js",
            "tim-kiem/idx/t/0.js",
            "tim-kiem/index.html",
        ]
    );
    assert_contains(
        main_of(&site.read("index.html")),
        "<p>Chưa có bài viết nào.</p>",
    );
    assert_contains(
        main_of(&site.read("en/index.html")),
        "<p>No articles yet.</p>",
    );
    assert_eq!(check_xml(&site.read("atom.xml")), Ok(()));
    assert_eq!(check_xml(&site.read("sitemap.xml")), Ok(()));
}

#[test]
fn check_validates_everything_and_writes_nothing() {
    let site = Site::fixture("basic");
    let before = snapshot(site.root());
    let run = site.run(&["check"]).success();
    assert!(
        run.stdout.starts_with("checked 4 articles, 41 pages in "),
        "{}",
        run.stdout
    );
    assert!(snapshot(site.root()) == before, "check wrote something");
    site.write(
        "content/2021/ky-giao-uoc.vi.md",
        "---\ntitle: A\ndate: 2021-02-30\n---\n",
    );
    let before = snapshot(site.root());
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: content/2021/ky-giao-uoc.vi.md:3:7: `date` is not a valid date: `2021-02-30`\n  hint: write the date as YYYY-MM-DD, e.g. `2021-12-10`, or with a time, e.g. `2021-12-10T14:00:00+07:00`\n1 error found; nothing was written\n"
    );
    assert!(snapshot(site.root()) == before, "check wrote something");
}

#[test]
fn files_with_a_bom_and_crlf_line_ends_build_like_any_other() {
    let site = Site::inline(&[(
        "content/units.yaml",
        &common::UNITS_YAML.replace('\n', "\r\n"),
    )]);
    site.write_bytes(
        "site.yaml",
        format!("\u{feff}{}", common::SITE_YAML.replace('\n', "\r\n")).as_bytes(),
    );
    site.write_bytes(
        "content/2021/windows/index.vi.md",
        "\u{feff}---\r\ntitle: Soạn trên Windows\r\ndate: 2021-04-01\r\nunits: [quy-ho-tro-phat-trien-htx]\r\ntasks:\r\n  - Một\r\n  - Hai\r\n---\r\nDòng một\r\ndòng hai.\r\n\r\n## Mục\r\n".as_bytes(),
    );
    site.build().success();
    let html = site.read("2021/windows/index.html");
    assert_contains(&html, "<h1>Soạn trên Windows</h1>");
    assert_contains(&html, "<li>Một</li><li>Hai</li>");
    assert_contains(&html, "<p>Dòng một\ndòng hai.</p>");
    assert_contains(&html, "<h2 id=\"muc\">Mục <a class=\"anchor\"");
    assert_contains(&html, "Quỹ hỗ trợ phát triển hợp tác xã</a>");
    assert_contains(&site.read("index.html"), "<title>Kỷ yếu thử nghiệm</title>");
    for file in site.output_files() {
        if file.ends_with(".html") || file.ends_with(".xml") {
            let text = site.read(&file);
            assert!(!text.contains('\u{feff}'), "{file} has a BOM");
            assert!(!text.contains('\r'), "{file} has a CR");
        }
    }
}

#[test]
fn static_folder_is_copied_to_the_output() {
    let site = Site::minimal();
    site.write("static/robots.txt", "User-agent: *\n");
    site.write("static/files/bao-cao.pdf", "%PDF-1.4 test");
    site.build().success();
    assert_eq!(site.read("robots.txt"), "User-agent: *\n");
    assert_eq!(site.read("files/bao-cao.pdf"), "%PDF-1.4 test");
    assert_eq!(
        std::fs::read_to_string(site.root().join("static/robots.txt")).unwrap(),
        "User-agent: *\n"
    );
}

#[test]
fn a_static_file_at_a_page_path_never_changes_the_source() {
    let site = Site::minimal();
    site.write("static/404.html", "<p>my own 404</p>\n");
    let run = site.build();
    assert_eq!(
        std::fs::read_to_string(site.root().join("static/404.html")).unwrap(),
        "<p>my own 404</p>\n",
        "the build wrote into static/ ({run:?})"
    );
}

#[test]
fn photo_variants_never_overwrite_another_photo() {
    let site = Site::minimal();
    site.photo("content/2021/anh/photos/a.jpg", 1200, 800);
    site.photo("content/2021/anh/photos/a-480.jpg", 300, 200);
    site.write(
        "content/2021/anh/index.vi.md",
        "---\ntitle: Ảnh\ndate: 2021-01-01\nphotos:\n  - file: photos/a.jpg\n    caption: Một\n  - file: photos/a-480.jpg\n    caption: Hai\n---\n",
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.read("2021/anh/index.html");
    for img in tags(main_of(&html), "img") {
        let srcset = attr(img, "srcset").unwrap();
        for entry in srcset.split(", ") {
            let (url, width) = entry.split_once(' ').unwrap();
            let file = resolve_link("2021/anh/index.html", url, "/kyyeu/")
                .unwrap()
                .unwrap();
            let (w, _) = image_size(&site.public().join(&file));
            assert_eq!(format!("{w}w"), width, "{entry}");
        }
    }
}

#[test]
fn body_text_that_looks_like_the_internal_link_marker_is_kept() {
    let site = Site::minimal();
    site.write(
        "content/2021/bai.vi.md",
        "---\ntitle: Bài\ndate: 2021-03-01\n---\nTiền tố kyyeu-article: chỉ là chữ.\n\nĐoạn hai vẫn còn.\n\n![Ảnh](https://example.org/a.png)\n",
    );
    let run = site.build().success();
    assert_eq!(run.stderr, "");
    let html = site.read("2021/bai/index.html");
    assert_contains(&html, "<p>Tiền tố kyyeu-article: chỉ là chữ.</p>");
    assert_contains(&html, "<p>Đoạn hai vẫn còn.</p>");
}

/// The `<loc>`s of a sitemap file, in order.
fn locs_of(xml: &str) -> Vec<String> {
    xml.split("<loc>")
        .skip(1)
        .map(|s| s[..s.find("</loc>").unwrap()].to_string())
        .collect()
}

#[test]
fn a_large_sitemap_is_split_into_parts_under_an_index() {
    let whole = locs_of(&basic().read("sitemap.xml"));
    let site = Site::fixture("basic");
    let yaml = read_in(site.root(), "site.yaml");
    site.write("site.yaml", &format!("{yaml}limits:\n  sitemap_urls: 5\n"));
    site.build().success();
    let index = site.read("sitemap.xml");
    assert_eq!(check_xml(&index), Ok(()));
    assert_contains(
        &index,
        "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">",
    );
    assert_not_contains(&index, "<urlset");
    let parts = locs_of(&index);
    assert_eq!(parts.len(), whole.len().div_ceil(5), "{index}");
    let mut listed = Vec::new();
    for (n, loc) in parts.iter().enumerate() {
        let file = format!("sitemap-{}.xml", n + 1);
        assert_eq!(loc, &format!("https://example.org/kyyeu/{file}"));
        let part = site.read(&file);
        assert_eq!(check_xml(&part), Ok(()), "{file}");
        assert_contains(
            &part,
            "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"",
        );
        let urls = locs_of(&part);
        assert!(!urls.is_empty() && urls.len() <= 5, "{file}: {urls:?}");
        // The index gives each part the latest lastmod of its URLs.
        let latest = part
            .split("<lastmod>")
            .skip(1)
            .map(|s| &s[..s.find("</lastmod>").unwrap()])
            .max();
        let entry = index
            .split("<sitemap>")
            .find(|e| e.contains(&format!("<loc>{loc}</loc>")))
            .unwrap();
        match latest {
            Some(date) => assert_contains(entry, &format!("<lastmod>{date}</lastmod>")),
            None => assert_not_contains(entry, "<lastmod>"),
        }
        listed.extend(urls);
    }
    // Every URL once, in the order of the single sitemap.
    assert_eq!(listed, whole);
    assert!(!site.has(&format!("sitemap-{}.xml", parts.len() + 1)));
    // A sitemap that fits in one file is not split.
    assert!(!basic().has("sitemap-1.xml"));
}

#[test]
fn sitemap_urls_beyond_the_protocol_limit_are_refused() {
    for (value, found) in [("0", "0"), ("50001", "50001")] {
        let site = Site::fixture("basic");
        let yaml = read_in(site.root(), "site.yaml");
        site.write(
            "site.yaml",
            &format!("{yaml}limits: {{sitemap_urls: {value}}}\n"),
        );
        let run = site.build();
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert_contains(
            &run.stderr,
            &format!(
                "error: site.yaml:10:10: `sitemap_urls` must be between 1 and 50000 (the most the sitemap protocol allows in one file), found {found}\n"
            ),
        );
    }
}

/// No staging folder or lock left beside `public/`.
#[track_caller]
fn assert_nothing_beside_the_output(site: &Site) {
    let beside: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".public."))
        .collect();
    assert!(beside.is_empty(), "left beside the output: {beside:?}");
}

#[test]
fn a_build_that_fails_while_writing_pages_leaves_the_output_and_nothing_beside_it() {
    let site = Site::fixture("basic");
    let before = site.seed_public();
    // Fails while pages are being written: the unit pages come after others.
    site.write(
        "themes/default/templates/units.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ view.no_such_field }}</p>\n{% endblock content %}\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_contains(&run.stderr, "no_such_field");
    site.assert_public_is(&before);
    assert_nothing_beside_the_output(&site);
}

#[test]
fn a_bare_relative_output_folder_is_written_beside_the_site() {
    let site = Site::fixture("basic");
    site.run(&["build", "--output", "out"]).success();
    assert!(site.root().join("out/index.html").is_file());
    assert!(site
        .root()
        .join("out/2021/tong-ket-thi-dua-2021/index.html")
        .is_file());
    // A second build replaces it the same way.
    site.run(&["build", "--output", "out"]).success();
    assert!(site.root().join("out/index.html").is_file());
}

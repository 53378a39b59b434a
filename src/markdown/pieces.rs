//! A body's HTML cut into typed pieces ([`Piece`]): what each place that
//! shows the body writes for itself (the path to the site's root, heading
//! ids, photos) is marked while the HTML is written and sanitized, then cut
//! out here, so that no marker is left in any piece.
//!
//! A marker is ASCII letters, digits and `_` (written as is in text, in
//! attributes and in URLs, by the Markdown writer and by the sanitizer),
//! made of a hash of the body's own text: no body can hold the markers of
//! its own hash, whatever characters, references or encodings it holds.
//!
//! Uses: model.

use crate::model::{BodyImage, Piece};
use memchr::memmem::Finder;

/// The markers of one body.
pub struct Markers {
    /// What every marker of the body starts with.
    start: String,
    root: String,
}

impl Markers {
    /// The markers of the body whose Markdown is `body`.
    pub fn new(body: &str) -> Markers {
        let hash = blake3::hash(body.as_bytes()).to_hex();
        let start = format!("k{}_", &hash[..32]);
        let root = format!("{start}r_");
        Markers { start, root }
    }

    /// What stands for the path to the site's root.
    pub fn root(&self) -> &str {
        &self.root
    }

    /// What stands for the id of the `k`th heading.
    pub fn heading(&self, k: usize) -> String {
        format!("{}h{k}_", self.start)
    }

    /// What stands for the `k`th photo.
    pub fn photo(&self, k: usize) -> String {
        format!("{}p{k}_", self.start)
    }

    /// `html` cut at its markers; `photos` are the photos the markers name.
    pub fn cut(&self, html: &str, photos: &[BodyImage]) -> Vec<Piece> {
        let mut pieces = Vec::new();
        let mut done = 0;
        for at in Finder::new(self.start.as_bytes()).find_iter(html.as_bytes()) {
            if at < done {
                continue;
            }
            let after = at + self.start.len();
            let Some((piece, length)) = marked(html.as_bytes().get(after..), photos) else {
                continue;
            };
            push_html(&mut pieces, html.get(done..at));
            pieces.push(piece);
            done = after + length;
        }
        push_html(&mut pieces, html.get(done..));
        pieces
    }
}

fn push_html(pieces: &mut Vec<Piece>, html: Option<&str>) {
    if let Some(html) = html.filter(|html| !html.is_empty()) {
        pieces.push(Piece::Html(html.to_string()));
    }
}

/// The piece a marker stands for, read from what follows its start (`r_`,
/// `h3_`, `p0_`), and the length of that.
fn marked(after: Option<&[u8]>, photos: &[BodyImage]) -> Option<(Piece, usize)> {
    let (&kind, rest) = after?.split_first()?;
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    if rest.get(digits) != Some(&b'_') {
        return None;
    }
    let number = || {
        let text = std::str::from_utf8(rest.get(..digits)?).ok()?;
        text.parse::<usize>().ok()
    };
    let piece = match kind {
        b'r' if digits == 0 => Piece::Root,
        b'h' => Piece::HeadingId(number()?),
        b'p' => Piece::Photo(photos.get(number()?)?.clone()),
        _ => return None,
    };
    Some((piece, 1 + digits + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_cut_at_markers_and_nothing_else() {
        let markers = Markers::new("body");
        let photo = BodyImage {
            stem: "2021/a/x".into(),
            alt: "x".into(),
            title: String::new(),
        };
        let html = format!(
            "<h2 id=\"{}\">é</h2><a href=\"{}2021/\">{}</a>{}",
            markers.heading(0),
            markers.root(),
            markers.photo(0),
            &markers.start[..5],
        );
        let pieces = markers.cut(&html, std::slice::from_ref(&photo));
        assert_eq!(
            pieces,
            [
                Piece::Html("<h2 id=\"".into()),
                Piece::HeadingId(0),
                Piece::Html("\">é</h2><a href=\"".into()),
                Piece::Root,
                Piece::Html("2021/\">".into()),
                Piece::Photo(photo),
                Piece::Html(format!("</a>{}", &markers.start[..5])),
            ]
        );
    }

    #[test]
    fn a_marker_of_another_body_is_text() {
        let other = Markers::new("other").heading(0);
        let pieces = Markers::new("body").cut(&other, &[]);
        assert_eq!(pieces, [Piece::Html(other)]);
    }
}

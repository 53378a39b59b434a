//! A rendered body as typed pieces: the HTML that is the same wherever the
//! body is shown, and what each place fills in for itself (the path to the
//! site's root, heading ids, photos in the sizes made of them).
//!
//! Uses: nothing.

/// A Markdown body rendered once, for every place that shows it: the page
/// of its article, a year's print edition, a feed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body {
    /// The body in order.
    pub pieces: Vec<Piece>,
    /// The id of each heading, in order (without any place's prefix).
    pub heading_ids: Vec<String>,
}

/// A piece of a rendered body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Sanitized HTML, the same wherever the body is shown.
    Html(String),
    /// The path from the page that shows the body to the site's root
    /// (`../../`): the start of every URL a body link leads to.
    Root,
    /// The id of the `k`th heading ([`Body::heading_ids`]), after the
    /// prefix of the page that shows it (a print edition's article anchor).
    HeadingId(usize),
    /// A photo of the site, drawn by the theme in the sizes made of it.
    Photo(BodyImage),
}

/// A photo of the site shown in a body (`![alt](photos/x.jpg "title")`):
/// the page that shows the body writes it in the sizes made of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyImage {
    /// The photo's output stem (see [`super::Photo::output_stem`]).
    pub stem: String,
    pub alt: String,
    /// The Markdown image's title (empty for none).
    pub title: String,
}

/// Where a relative link or image of a body leads, found when its article
/// was loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyLink {
    /// A photo of the article, by its output stem.
    Photo(String),
    /// Another article's page in the body's language, with its `#fragment`
    /// (empty for none).
    Article {
        year: i32,
        slug: String,
        fragment: String,
    },
    /// A path of the site (a page of `content/pages/`, a year, a unit, a
    /// file of `static/`, an attachment), with its `#fragment` (empty for none).
    Site { path: String, fragment: String },
    /// An article that is not published (a draft): the link leads nowhere.
    Unpublished,
}

//! The reporter's desk: a browser editor for articles inside `kyyeu
//! serve`, under `/_desk/`. It lists the articles and pages with their
//! state, shows each file as a form made from the front matter's schema,
//! checks it with the build's own checks before saving, previews the body
//! as kyyeu renders it, takes photos and documents, creates articles and
//! translations, and saves through `edit` (the front matter written field
//! by field) and `document` (atomic, refused when the file changed on
//! disk). `guard` keeps it to the reporter (token, host, origin) and the
//! site (paths, uploads). The HTTP server stays serve's: a request comes in
//! as a [`Request`] read whole, an answer goes out as a [`Reply`].
//!
//! Uses: error, new, config.

pub mod document;
pub mod edit;
pub mod form;
mod guard;
mod pages;
mod save;

use crate::error::{Catalogue, Message};
use std::path::{Path, PathBuf};

/// Where the desk is served. Its pages carry their style and script
/// inline, load thumbnails one after another and send one request at a
/// time: serve's HTTP server (tiny_http 0.12) can leave a request waiting
/// when a browser opens several connections at once while others idle.
pub const PREFIX: &str = "/_desk/";

/// The desk of one run of `serve`.
pub struct Desk {
    pub root: PathBuf,
    /// The secret every request that writes carries.
    pub token: String,
    pub port: u16,
    pub catalogue: &'static Catalogue,
    /// The largest upload, in bytes (the site's `limits: max_file_mb`).
    pub limit: u64,
}

/// A request to the desk, read whole (its body within the limit).
#[derive(Debug, Default)]
pub struct Request {
    pub post: bool,
    /// The path without the query (`/_desk/edit`).
    pub path: String,
    pub query: Vec<(String, String)>,
    pub host: Option<String>,
    pub origin: Option<String>,
    pub referer: Option<String>,
    /// The `X-Desk-Token` header.
    pub token: Option<String>,
    pub body: Vec<u8>,
    /// The body was larger than the limit (and was not read whole).
    pub too_large: bool,
}

impl Request {
    pub fn arg(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The desk's answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub kind: &'static str,
    pub body: Vec<u8>,
    /// A redirect's target.
    pub location: Option<String>,
}

pub(crate) const HTML: &str = "text/html; charset=utf-8";
pub(crate) const JSON: &str = "application/json";
const TEXT: &str = "text/plain; charset=utf-8";

impl Reply {
    pub fn html(status: u16, body: String) -> Reply {
        Reply {
            status,
            kind: HTML,
            body: body.into_bytes(),
            location: None,
        }
    }

    pub fn json(status: u16, value: &impl serde::Serialize) -> Reply {
        Reply {
            status,
            kind: JSON,
            body: serde_json::to_vec(value).unwrap_or_default(),
            location: None,
        }
    }

    pub fn text(status: u16, body: String) -> Reply {
        Reply {
            status,
            kind: TEXT,
            body: body.into_bytes(),
            location: None,
        }
    }

    pub fn redirect(to: String) -> Reply {
        Reply {
            status: 303,
            kind: TEXT,
            body: Vec::new(),
            location: Some(to),
        }
    }
}

impl Desk {
    /// A desk for the site at `root`, served on `port`.
    pub fn new(root: &Path, port: u16, catalogue: &'static Catalogue) -> Desk {
        let limit = crate::commands::new::read_config(root).map_or(
            u64::from(crate::source::config::DEFAULT_MAX_FILE_MB) << 20,
            |c| c.max_file_bytes,
        );
        Desk {
            root: root.to_path_buf(),
            token: guard::new_token(),
            port,
            catalogue,
            limit,
        }
    }

    /// The words of a message in the desk's language.
    pub(crate) fn say(&self, message: &Message) -> String {
        self.catalogue.render(message)
    }

    fn refused(&self, message: Message) -> Reply {
        Reply::text(403, self.say(&message))
    }

    /// The answer to a request under [`PREFIX`].
    pub fn answer(&self, request: &Request) -> Reply {
        if !guard::host_ok(request.host.as_deref(), self.port) {
            return self.refused(Message::new("desk_wrong_host"));
        }
        if request.post {
            return self.write(request);
        }
        let file = request.arg("file").unwrap_or("");
        match request.path.as_str() {
            "/_desk/" | "/_desk" => pages::list(self),
            "/_desk/edit" => pages::edit(self, file, request.arg("saved").is_some()),
            "/_desk/translate" => pages::translate(self, file, request.arg("lang")),
            "/_desk/new" => pages::new_article(self),
            "/_desk/open" => pages::open_page(self, request.arg("page").unwrap_or("/")),
            "/_desk/file" => save::bundle_file(self, file, request.arg("name").unwrap_or("")),
            "/_desk/desk.js" => asset("text/javascript; charset=utf-8", DESK_JS),
            "/_desk/desk.css" => asset("text/css; charset=utf-8", DESK_CSS),
            _ => Reply::text(404, self.say(&Message::new("desk_not_found"))),
        }
    }

    /// A request that writes (or could): the token and the desk's own origin first.
    fn write(&self, request: &Request) -> Reply {
        let origin = request.origin.as_deref();
        if !guard::origin_ok(origin, request.referer.as_deref(), self.port) {
            return self.refused(Message::new("desk_wrong_origin"));
        }
        let form = form::Form::parse(if request.too_large {
            b""
        } else {
            &request.body
        });
        let given = request.token.as_deref().or(form.get("token")).unwrap_or("");
        if !guard::same_secret(given, &self.token) {
            return self.refused(Message::new("desk_no_token"));
        }
        if request.too_large {
            let mb = self.limit.div_ceil(1 << 20);
            let message = Message::new("desk_too_large").arg("limit", mb.to_string());
            return Reply::text(413, self.say(&message));
        }
        match request.path.as_str() {
            "/_desk/save" => save::save(self, &form),
            "/_desk/validate" => save::validate(self, &form),
            "/_desk/preview" => save::preview(self, &form),
            "/_desk/upload" => save::upload(self, request),
            "/_desk/new" => save::create(self, &form),
            "/_desk/translate" => save::translate(self, &form),
            _ => Reply::text(404, self.say(&Message::new("desk_not_found"))),
        }
    }
}

fn asset(kind: &'static str, text: &str) -> Reply {
    Reply {
        status: 200,
        kind,
        body: text.as_bytes().to_vec(),
        location: None,
    }
}

pub(crate) const DESK_JS: &str = include_str!("desk.js");
pub(crate) const DESK_CSS: &str = include_str!("desk.css");

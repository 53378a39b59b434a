//! What keeps the desk to its reporter and its site: the per-run secret
//! token, the `Host` and `Origin` of the desk itself (no cross-site
//! request, no DNS rebinding), paths that name only Markdown files and
//! bundles inside `content/` (no `..`, no absolute path, no link followed),
//! and uploads checked by content (not by name), named by kyyeu and kept
//! to the bundle.
//!
//! Uses: slug, discover.

use std::path::{Component, Path, PathBuf};

/// The secret of one run of `serve`: 32 random bytes in hex.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    if getrandom::fill(&mut bytes).is_err() {
        // No system randomness: a hash of what differs between runs.
        let seed = format!("{:?}{}", std::time::SystemTime::now(), std::process::id());
        bytes = *blake3::hash(seed.as_bytes()).as_bytes();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether two secrets are equal, in a time that does not tell how much.
pub fn same_secret(given: &str, token: &str) -> bool {
    given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// The `Host` values the desk answers to on `port`.
pub fn hosts(port: u16) -> [String; 2] {
    [format!("127.0.0.1:{port}"), format!("localhost:{port}")]
}

/// Whether a request's `Host` is the desk's own.
pub fn host_ok(host: Option<&str>, port: u16) -> bool {
    host.is_some_and(|h| hosts(port).iter().any(|o| o.eq_ignore_ascii_case(h.trim())))
}

/// Whether a request that writes comes from a page of the desk: its
/// `Origin` (or, without one, its `Referer`) is the desk's.
pub fn origin_ok(origin: Option<&str>, referer: Option<&str>, port: u16) -> bool {
    let own = |url: &str| {
        hosts(port).iter().any(|h| {
            let base = format!("http://{h}");
            url == base || url.starts_with(&format!("{base}/"))
        })
    };
    match (origin, referer) {
        (Some(origin), _) => own(origin.trim()),
        (None, Some(referer)) => own(referer.trim()),
        (None, None) => false,
    }
}

/// A relative path of the request (`content/2021/a/index.vi.md`) made of
/// plain names only: no `..`, `.`, root, drive, backslash or NUL.
fn plain_relative(rel: &str) -> Option<PathBuf> {
    let odd = |part: &str| matches!(part, "" | "." | "..");
    if rel.contains(['\\', '\0']) || rel.split('/').any(odd) {
        return None;
    }
    let path = PathBuf::from(rel);
    let plain = path.components().all(|c| matches!(c, Component::Normal(_)));
    plain.then_some(path)
}

/// The Markdown file `rel` names, as a path under the site's root, if it
/// is a file of `content/` that the site reads: relative, plain, and
/// reached without following a link (a linked bundle is refused).
pub fn markdown_file(root: &Path, rel: &str) -> Option<PathBuf> {
    let path = plain_relative(rel)?;
    let is_markdown = path.extension().is_some_and(|e| e == "md");
    if !path.starts_with("content") || !is_markdown {
        return None;
    }
    if !crate::source::discover::is_discoverable(root, &path) {
        return None;
    }
    inside_content(root, &path).then_some(path)
}

/// Whether `rel` (plain, under `content/`) is, once every link is
/// resolved, the same path under the real `content/` folder: no component
/// of it is a link.
pub fn inside_content(root: &Path, rel: &Path) -> bool {
    let Ok(content) = std::fs::canonicalize(root.join("content")) else {
        return false;
    };
    let Ok(inner) = rel.strip_prefix("content") else {
        return false;
    };
    let mut real = root.join("content");
    for part in inner.components() {
        real.push(part);
        let is_link = std::fs::symlink_metadata(&real).is_ok_and(|m| m.file_type().is_symlink());
        if is_link {
            return false;
        }
    }
    match std::fs::canonicalize(&real) {
        Ok(resolved) => resolved == content.join(inner),
        Err(_) => false,
    }
}

/// A file of a bundle named in a request (`photos/a.jpg`, `report.pdf`):
/// plain, not hidden, inside the bundle without a link.
pub fn bundle_file(root: &Path, bundle: &Path, name: &str) -> Option<PathBuf> {
    let path = plain_relative(name)?;
    let hidden = path.components().any(|c| {
        c.as_os_str()
            .to_str()
            .is_none_or(crate::source::discover::is_hidden)
    });
    let rel = bundle.join(&path);
    (!hidden && inside_content(root, &rel)).then_some(rel)
}

/// What an upload is, told from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Upload {
    Jpeg,
    Png,
    Webp,
    Pdf,
    Docx,
}

impl Upload {
    pub fn extension(self) -> &'static str {
        match self {
            Upload::Jpeg => "jpg",
            Upload::Png => "png",
            Upload::Webp => "webp",
            Upload::Pdf => "pdf",
            Upload::Docx => "docx",
        }
    }

    pub fn is_photo(self) -> bool {
        matches!(self, Upload::Jpeg | Upload::Png | Upload::Webp)
    }
}

/// The kind of `bytes` by their content (a name says nothing): a photo
/// (JPEG, PNG, WebP) or a document (PDF, DOCX); `None` for anything else.
pub fn sniff(bytes: &[u8]) -> Option<Upload> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Upload::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Upload::Png)
    } else if bytes.len() > 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some(Upload::Webp)
    } else if bytes.starts_with(b"%PDF-") {
        Some(Upload::Pdf)
    } else if bytes.starts_with(b"PK\x03\x04")
        && memchr::memmem::find(bytes, b"word/document.xml").is_some()
    {
        Some(Upload::Docx)
    } else {
        None
    }
}

/// The name kyyeu gives an upload in `folder` (under the root): the slug
/// of the name it came with and the extension of its kind, numbered when
/// taken (`hoi-truong-2.jpg`).
pub fn upload_name(root: &Path, folder: &Path, given: &str, kind: Upload) -> PathBuf {
    let stem = Path::new(given)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("");
    let mut slug = crate::slug::slugify(stem);
    if slug.is_empty() {
        slug = if kind.is_photo() { "anh" } else { "tep" }.to_string();
    }
    let ext = kind.extension();
    let mut n = 1;
    loop {
        let name = match n {
            1 => format!("{slug}.{ext}"),
            _ => format!("{slug}-{n}.{ext}"),
        };
        let path = folder.join(name);
        if std::fs::symlink_metadata(root.join(&path)).is_err() {
            return path;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_only() {
        for bad in [
            "../x.md",
            "/etc/x.md",
            "content/../x.md",
            "content/./a.md",
            "a\\b.md",
            "",
        ] {
            assert_eq!(plain_relative(bad), None, "{bad}");
        }
        assert!(plain_relative("content/2021/a/index.vi.md").is_some());
    }

    #[test]
    fn kinds_by_content() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0rest"), Some(Upload::Jpeg));
        assert_eq!(sniff(b"<html><script>"), None);
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(Upload::Webp));
        assert_eq!(sniff(b"%PDF-1.7"), Some(Upload::Pdf));
        assert_eq!(sniff(b"PK\x03\x04 other zip"), None);
    }

    #[test]
    fn origins_and_hosts_of_the_desk_only() {
        assert!(host_ok(Some("127.0.0.1:8000"), 8000));
        assert!(host_ok(Some("localhost:8000"), 8000));
        assert!(!host_ok(Some("evil.example:8000"), 8000));
        assert!(!host_ok(None, 8000));
        assert!(origin_ok(Some("http://127.0.0.1:8000"), None, 8000));
        assert!(!origin_ok(
            Some("http://127.0.0.1:8000.evil.example"),
            None,
            8000
        ));
        assert!(!origin_ok(Some("null"), None, 8000));
        assert!(origin_ok(None, Some("http://localhost:8000/_desk/"), 8000));
        assert!(!origin_ok(None, None, 8000));
        assert!(same_secret("abc", "abc") && !same_secret("abd", "abc"));
    }
}

//! One Markdown file as the desk edits it: its text cut into front matter
//! and body, the token of the bytes it was read from, and its save: the
//! whole file written atomically (a temporary file in the same folder,
//! then a rename), refused when the file changed on disk since the form
//! was loaded, and not written at all when nothing changed.
//!
//! Uses: error, text, front_matter.

use crate::error::{display_path, Error, Message};
use crate::source::front_matter;
use std::ops::Range;
use std::path::Path;

/// A file of an article or page, read for the desk.
#[derive(Debug)]
pub struct Document {
    /// The text as the loader reads it (no BOM, LF line ends, NFC).
    pub text: String,
    yaml: Range<usize>,
    body: Range<usize>,
    bom: bool,
    crlf: bool,
    /// The token of the bytes read: a save names it.
    pub token: String,
}

impl Document {
    /// The file `raw` (read from `path`, for errors).
    pub fn parse(raw: &[u8], path: &Path) -> Result<Document, Error> {
        let text = String::from_utf8(raw.to_vec())
            .map_err(|_| Error::file(path, Message::new("desk_not_utf8")))?;
        let text = crate::text::clean_source(text);
        let split = front_matter::split(&text, path)?;
        let yaml_start = offset(&text, split.yaml);
        let body_start = offset(&text, split.body);
        Ok(Document {
            yaml: yaml_start..yaml_start + split.yaml.len(),
            body: body_start..text.len(),
            bom: raw.starts_with(b"\xEF\xBB\xBF"),
            crlf: memchr::memmem::find(raw, b"\r\n").is_some(),
            token: token(raw),
            text,
        })
    }

    pub fn yaml(&self) -> &str {
        &self.text[self.yaml.clone()]
    }

    pub fn body(&self) -> &str {
        &self.text[self.body.clone()]
    }

    /// The line of the file the front matter starts on.
    pub fn yaml_line(&self) -> usize {
        2
    }

    /// The text with a new front matter and body; the `---` lines as they were.
    pub fn with(&self, yaml: &str, body: &str) -> String {
        let mut out = String::with_capacity(self.text.len() + 64);
        out.push_str(&self.text[..self.yaml.start]);
        out.push_str(yaml);
        out.push_str(&self.text[self.yaml.end..self.body.start]);
        out.push_str(body);
        out
    }

    /// The bytes of `text` as the file writes them: its BOM and line ends
    /// as they were.
    pub fn encode(&self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() + 3);
        if self.bom {
            out.extend_from_slice(b"\xEF\xBB\xBF");
        }
        match self.crlf {
            true => out.extend_from_slice(text.replace('\n', "\r\n").as_bytes()),
            false => out.extend_from_slice(text.as_bytes()),
        }
        out
    }
}

/// Where `part`, a slice of `text`, starts in it.
fn offset(text: &str, part: &str) -> usize {
    (part.as_ptr() as usize)
        .saturating_sub(text.as_ptr() as usize)
        .min(text.len())
}

/// The token of a file's bytes: a hash, so that any change is seen.
pub fn token(raw: &[u8]) -> String {
    blake3::hash(raw).to_hex().to_string()
}

/// What a save did.
#[derive(Debug, PartialEq)]
pub enum Saved {
    Written,
    /// The text is the file's own: nothing was written.
    Unchanged,
}

/// Writes `text` over the file at `path` (relative `shown` for messages),
/// read as `document`, unless the file changed since: then nothing is
/// written and the error says so.
pub fn save(path: &Path, shown: &Path, document: &Document, text: &str) -> Result<Saved, Error> {
    let now = std::fs::read(path).map_err(|e| io_error(shown, &e))?;
    if token(&now) != document.token {
        return Err(Error::file(shown, Message::new("desk_changed_on_disk"))
            .with_hint(Message::new("desk_changed_on_disk_hint")));
    }
    if text == document.text {
        return Ok(Saved::Unchanged);
    }
    write_atomic(path, &document.encode(text)).map_err(|e| io_error(shown, &e))?;
    Ok(Saved::Written)
}

/// Writes a new file that must not exist yet, atomically.
pub fn create(path: &Path, shown: &Path, bytes: &[u8]) -> Result<(), Error> {
    if std::fs::symlink_metadata(path).is_ok() {
        return Err(Error::file(
            shown,
            Message::new("desk_exists").arg("path", display_path(shown)),
        ));
    }
    write_atomic(path, bytes).map_err(|e| io_error(shown, &e))
}

/// `bytes` into a temporary file beside `path`, flushed, then renamed over it.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let folder = path.parent().unwrap_or(Path::new("."));
    let mut temporary = tempfile::Builder::new()
        .prefix(".kyyeu-desk-")
        .tempfile_in(folder)?;
    temporary.write_all(bytes)?;
    temporary.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = temporary.as_file().set_permissions(meta.permissions());
    }
    temporary.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn io_error(shown: &Path, e: &std::io::Error) -> Error {
    Error::file(
        shown,
        Message::new("desk_cannot_write").arg("error", e.to_string()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_bytes_as_they_were() {
        let raw = b"\xEF\xBB\xBF---\r\ntitle: A\r\n---\r\nBody\r\n";
        let doc = Document::parse(raw, Path::new("a.md"));
        let doc = doc.map_err(|e| e.to_string());
        let doc = doc.as_ref();
        assert_eq!(
            doc.map(|d| (d.yaml(), d.body())),
            Ok(("title: A\n", "Body\n"))
        );
        let same = doc.map(|d| d.encode(&d.with(d.yaml(), d.body())));
        assert_eq!(same.as_deref(), Ok(&raw[..]));
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() -> Result<(), String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let path = dir.path().join("a.md");
        std::fs::write(&path, "---\ntitle: A\n---\nBody\n").map_err(|e| e.to_string())?;
        let raw = std::fs::read(&path).map_err(|e| e.to_string())?;
        let doc = Document::parse(&raw, &path).map_err(|e| e.to_string())?;
        let unchanged = save(&path, Path::new("a.md"), &doc, &doc.text.clone());
        assert_eq!(unchanged.map_err(|e| e.to_string()), Ok(Saved::Unchanged));
        std::fs::write(&path, "---\ntitle: B\n---\nOther\n").map_err(|e| e.to_string())?;
        let saved = save(&path, Path::new("a.md"), &doc, "---\ntitle: C\n---\n");
        assert!(saved.is_err());
        let kept = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        assert_eq!(kept, "---\ntitle: B\n---\nOther\n");
        Ok(())
    }
}

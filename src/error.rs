//! Errors a reporter can act on: `path:line:col: message` plus a hint.
//!
//! Every phase collects its problems into [`Errors`] instead of stopping at the
//! first one, so a run reports everything at once. Messages are
//! [`Message`]s, rendered in the user's language by the command; `Display`
//! renders them in English.
//!
//! Uses: messages.

use std::fmt;
use std::path::{Path, PathBuf};

pub use crate::messages::{Catalogue, Language, Message};

/// One problem in one file, at a 1-based line and column (0 when unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub message: Message,
    pub hint: Option<Message>,
}

impl Error {
    /// An error at a known position.
    pub fn at(path: &Path, line: usize, col: usize, message: impl Into<Message>) -> Self {
        Error {
            path: path.to_path_buf(),
            line,
            col,
            message: message.into(),
            hint: None,
        }
    }

    /// An error about a whole file (reported as line 1, column 1).
    pub fn file(path: &Path, message: impl Into<Message>) -> Self {
        Error::at(path, 1, 1, message)
    }

    /// Adds a hint printed under the message.
    pub fn with_hint(mut self, hint: impl Into<Message>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `path:line:col: message`, and the hint on a line of its own, in the
    /// language of `catalogue`.
    pub fn render(&self, catalogue: &Catalogue) -> String {
        let path = display_path(&self.path);
        let message = catalogue.render(&self.message);
        let mut out = if self.line == 0 {
            format!("{path}: {message}")
        } else {
            format!("{path}:{}:{}: {message}", self.line, self.col)
        };
        if let Some(hint) = &self.hint {
            let label = catalogue.render(&Message::new("label_hint"));
            out.push_str(&format!("\n  {label}: {}", catalogue.render(hint)));
        }
        out
    }
}

/// `label: text`, with the label (`error`, `warning`) in the catalogue's language.
pub fn labelled(catalogue: &Catalogue, label: &Message, text: &str) -> String {
    format!("{}: {text}", catalogue.render(label))
}

/// "cannot be read: <the reason, as the system or a library gives it>".
pub fn cannot_read(reason: &dyn fmt::Display) -> Message {
    Message::new("cannot_read").arg("error", reason.to_string())
}

/// Writes a path with forward slashes, so messages read the same everywhere,
/// and without the `\\?\` that Windows puts before a path made absolute
/// (`\\?\C:\site` is shown `C:/site`, `\\?\UNC\host\share` `//host/share`).
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    let text = match text.strip_prefix(r"\\?\UNC\") {
        Some(share) => format!(r"\\{share}"),
        None => text.strip_prefix(r"\\?\").unwrap_or(&text).to_string(),
    };
    let text = text.replace('\\', "/");
    match text.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => text,
    }
}

/// In English.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Catalogue::english()))
    }
}

/// Every error of a run, in the order of the files they name.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Errors(pub Vec<Error>);

impl Errors {
    pub fn push(&mut self, error: Error) {
        self.0.push(error);
    }

    pub fn extend(&mut self, other: Errors) {
        self.0.extend(other.0);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Sorts by file, then position, then English text, and drops exact
    /// duplicates.
    pub fn sorted(mut self) -> Self {
        self.0
            .sort_by_cached_key(|e| (e.path.clone(), e.line, e.col, e.message.to_string()));
        self.0.dedup();
        self
    }

    /// One `error: ...` line (and hint) per error, in the catalogue's language.
    pub fn render(&self, catalogue: &Catalogue) -> String {
        let label = Message::new("label_error");
        self.0
            .iter()
            .map(|e| labelled(catalogue, &label, &e.render(catalogue)) + "\n")
            .collect()
    }

    /// `Ok(value)` when nothing was collected, otherwise every error.
    pub fn into_result<T>(self, value: T) -> Result<T, Errors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self.sorted())
        }
    }
}

impl From<Error> for Errors {
    fn from(error: Error) -> Self {
        Errors(vec![error])
    }
}

/// In English.
impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Catalogue::english()))
    }
}

/// Why a command failed, which decides the exit status.
#[derive(Debug)]
pub enum Failure {
    /// The content has errors (exit status 1).
    Content(Errors),
    /// The command was used wrongly, e.g. an output folder over the sources (exit status 2).
    Usage(Message),
    /// Reading or writing failed (exit status 1).
    Io(Message),
}

impl Failure {
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        Failure::Io(
            Message::new("io_error")
                .arg("path", display_path(path))
                .arg("error", err.to_string()),
        )
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_) => 2,
            Failure::Content(_) | Failure::Io(_) => 1,
        }
    }

    /// What the command prints, in the catalogue's language (no final newline).
    pub fn render(&self, catalogue: &Catalogue) -> String {
        match self {
            Failure::Content(errors) => {
                let count = Message::new("errors_found").count("n", errors.len());
                errors.render(catalogue) + &catalogue.render(&count)
            }
            Failure::Usage(message) | Failure::Io(message) => labelled(
                catalogue,
                &Message::new("label_error"),
                &catalogue.render(message),
            ),
        }
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        Failure::Content(error.into())
    }
}

impl From<Errors> for Failure {
    fn from(errors: Errors) -> Self {
        Failure::Content(errors)
    }
}

/// In English.
impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Catalogue::english()))
    }
}

#[cfg(test)]
mod tests {
    use super::display_path;
    use std::path::Path;

    #[test]
    fn paths_are_shown_with_slashes_and_without_windows_verbatim_prefix() {
        assert_eq!(
            display_path(Path::new(r"\\?\C:\Users\An\site")),
            "C:/Users/An/site"
        );
        assert_eq!(
            display_path(Path::new(r"\\?\UNC\nas\share\site")),
            "//nas/share/site"
        );
        assert_eq!(
            display_path(Path::new(r"content\2021\a.vi.md")),
            "content/2021/a.vi.md"
        );
        assert_eq!(display_path(Path::new("./site.yaml")), "site.yaml");
    }
}

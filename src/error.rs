//! Errors a reporter can act on: `path:line:col: message` plus a hint.
//!
//! Every phase collects its problems into [`Errors`] instead of stopping at the
//! first one, so a run reports everything at once. Uses no other module.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in one file, at a 1-based line and column (0 when unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub hint: Option<String>,
}

impl Error {
    /// An error at a known position.
    pub fn at(path: &Path, line: usize, col: usize, message: impl Into<String>) -> Self {
        Error {
            path: path.to_path_buf(),
            line,
            col,
            message: message.into(),
            hint: None,
        }
    }

    /// An error about a whole file (reported as line 1, column 1).
    pub fn file(path: &Path, message: impl Into<String>) -> Self {
        Error::at(path, 1, 1, message)
    }

    /// Adds a hint printed under the message.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// Writes a path with forward slashes, so messages read the same everywhere.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = display_path(&self.path);
        if self.line == 0 {
            write!(f, "{path}: {}", self.message)?;
        } else {
            write!(f, "{path}:{}:{}: {}", self.line, self.col, self.message)?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
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

    /// Sorts by file, then position, and drops exact duplicates.
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| {
            (&a.path, a.line, a.col, &a.message).cmp(&(&b.path, b.line, b.col, &b.message))
        });
        self.0.dedup();
        self
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

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for error in &self.0 {
            writeln!(f, "error: {error}")?;
        }
        Ok(())
    }
}

/// Why a command failed, which decides the exit status.
#[derive(Debug)]
pub enum Failure {
    /// The content has errors (exit status 1).
    Content(Errors),
    /// The command was used wrongly, e.g. an output folder over the sources (exit status 2).
    Usage(String),
    /// Reading or writing failed (exit status 1).
    Io(String),
}

impl Failure {
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        Failure::Io(format!("{}: {err}", display_path(path)))
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_) => 2,
            Failure::Content(_) | Failure::Io(_) => 1,
        }
    }
}

impl From<Errors> for Failure {
    fn from(errors: Errors) -> Self {
        Failure::Content(errors)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Content(errors) => {
                write!(f, "{errors}")?;
                let n = errors.len();
                write!(
                    f,
                    "{n} error{} found; nothing was written",
                    if n == 1 { "" } else { "s" }
                )
            }
            Failure::Usage(message) => write!(f, "error: {message}"),
            Failure::Io(message) => write!(f, "error: {message}"),
        }
    }
}

//! The sink of `serve`: a whole site kept in memory, nothing written.
//!
//! Uses: error, output (the `Sink` trait).

use super::Sink;
use crate::error::Failure;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A file of a site kept in memory.
#[derive(Debug, Clone)]
pub enum Content {
    Bytes(Vec<u8>),
    /// A file on disk (a photo in the cache, a static file), read when served.
    File(PathBuf),
}

/// A whole site in memory: site path -> content.
#[derive(Debug, Default)]
pub struct Memory(pub Mutex<HashMap<String, Content>>);

impl Memory {
    fn put(&self, rel: &str, content: Content) -> Result<(), Failure> {
        let mut files = self
            .0
            .lock()
            .map_err(|_| Failure::Io("the site in memory is unusable".into()))?;
        files.insert(rel.to_string(), content);
        Ok(())
    }

    pub fn into_files(self) -> HashMap<String, Content> {
        self.0
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Sink for Memory {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Failure> {
        self.put(rel, Content::Bytes(bytes.to_vec()))
    }

    fn copy(&self, from: &Path, rel: &str) -> Result<(), Failure> {
        self.put(rel, Content::File(from.to_path_buf()))
    }

    fn link(&self, from: &Path, rel: &str) -> Result<(), Failure> {
        self.put(rel, Content::File(from.to_path_buf()))
    }
}

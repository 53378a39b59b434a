//! A sink that keeps nothing: what `check` renders every page into, so that
//! every template runs and no file is written or held in memory.
//!
//! Uses: error, output (the `Sink` trait).

use super::Sink;
use crate::error::Failure;
use std::path::Path;

/// Takes every file and keeps none.
#[derive(Debug, Default)]
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _rel: &str, _bytes: &[u8]) -> Result<(), Failure> {
        Ok(())
    }

    fn copy(&self, _from: &Path, _rel: &str) -> Result<(), Failure> {
        Ok(())
    }

    fn link(&self, _from: &Path, _rel: &str) -> Result<(), Failure> {
        Ok(())
    }
}

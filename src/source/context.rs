//! What loading reads every article and page against: the site's root and
//! settings, the unit ids, the URL rules, whether drafts are shown, and the
//! files the walk of `content/` found; and a Markdown file as read.
//!
//! Uses: lang, model (the settings), urls.

use crate::lang::Lang;
use crate::model::Config;
use crate::urls::Urls;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// One Markdown file of an article or page, read and cleaned.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the site root (`content/2021/a/index.vi.md`).
    pub path: PathBuf,
    pub lang: Lang,
    pub text: String,
}

/// What every article and page is loaded against.
pub struct LoadContext<'a> {
    pub root: &'a Path,
    pub config: &'a Config,
    /// The ids of units.yaml; `None` when it could not be read (ids are then not checked).
    pub unit_ids: Option<&'a HashSet<String>>,
    pub urls: &'a Urls,
    pub drafts: bool,
    /// Regular files of `content/` that the whole load's walk reached
    /// without following a link (relative to the root): a path written in
    /// an article that names one of them needs no check on disk.
    pub files: Option<&'a HashSet<PathBuf>>,
}

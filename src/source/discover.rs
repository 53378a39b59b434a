//! Which files of `content/` are the site's: the one set of rules that the
//! whole load, `serve`'s reload of one article and the check of a path
//! written in an article all follow. A name starting with `_` or `.` hides
//! its file or folder; links are not followed; a folder with an `index`
//! Markdown file is a bundle, and other Markdown files inside it are not
//! articles. Markdown files are grouped by article or page (their path
//! without language: the key).
//!
//! Uses: error, lang, model (the settings).

use crate::error::{cannot_read, display_path, Error, Errors, Message};
use crate::lang::{split_markdown_name, Lang};
use crate::model::Config;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Markdown files grouped by article or page (path without language):
/// key -> (file, language).
pub type Groups = BTreeMap<String, Vec<(PathBuf, Lang)>>;

/// What the walk of `content/` found.
pub struct Found {
    /// The Markdown files of articles, grouped by article.
    pub articles: Groups,
    /// The Markdown files of `content/pages/`, grouped by page.
    pub pages: Groups,
    /// Every regular file (see [`crate::source::context::LoadContext::files`]).
    pub files: HashSet<PathBuf>,
}

/// What a walk finds, and what it says of the rest.
#[derive(Default)]
struct Walk {
    /// Markdown files: (path, stem, language code).
    markdown: Vec<(PathBuf, String, Option<String>)>,
    files: HashSet<PathBuf>,
    errors: Errors,
    warnings: Vec<Error>,
}

/// Whether a file or folder of this name is hidden from the site.
pub fn is_hidden(name: &str) -> bool {
    name.starts_with(['_', '.'])
}

/// The Markdown files of `content/`, grouped by article or page, and every
/// regular file found.
pub fn find_sources(
    root: &Path,
    config: &Config,
    errors: &mut Errors,
    warnings: &mut Vec<Error>,
) -> Found {
    // A site without `content/` yet has no articles (a warning says so).
    let walk = match root.join("content").exists() {
        true => walk(root, Path::new("content"), usize::MAX),
        false => Walk::default(),
    };
    let bundles: HashSet<&Path> = walk
        .markdown
        .iter()
        .filter(|(_, stem, _)| stem == "index")
        .filter_map(|(rel, _, _)| rel.parent())
        .collect();
    let in_bundle = |dir: &Path| {
        dir.ancestors()
            .find(|a| bundles.contains(*a))
            .map(Path::to_path_buf)
    };
    let groups = group(&walk.markdown, config, in_bundle, (errors, warnings));
    errors.extend(walk.errors);
    warnings.extend(walk.warnings);
    let (pages, articles) = groups
        .into_iter()
        .partition(|(key, _)| key.starts_with("content/pages/"));
    Found {
        articles,
        pages,
        files: walk.files,
    }
}

/// The Markdown files of the article or page `key` (its path without
/// language), found by the same rules as [`find_sources`]: none when the
/// key is hidden, inside a bundle that is not its own, or has no file.
pub fn find_group(
    root: &Path,
    config: &Config,
    key: &str,
    (errors, warnings): (&mut Errors, &mut Vec<Error>),
) -> Vec<(PathBuf, Lang)> {
    let key_path = Path::new(key);
    let (Some(dir), Some(stem)) = (key_path.parent(), key_path.file_name()) else {
        return Vec::new();
    };
    if !is_discoverable(root, key_path) {
        return Vec::new();
    }
    let walk = walk(root, dir, 1);
    let mine: Vec<_> = (walk.markdown.into_iter())
        .filter(|(_, s, _)| std::ffi::OsStr::new(s) == stem)
        .collect();
    let in_bundle = |dir: &Path| bundle_on_disk(root, dir).map(Path::to_path_buf);
    let groups = group(&mine, config, in_bundle, (errors, warnings));
    errors.extend(walk.errors);
    // Of the folder's warnings (links not followed), those about the files
    // of this key.
    let of_key = |w: &Error| {
        let name = w.path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        split_markdown_name(name).is_some_and(|(s, _)| std::ffi::OsStr::new(s) == stem)
    };
    warnings.extend(walk.warnings.into_iter().filter(of_key));
    groups.into_values().next().unwrap_or_default()
}

/// The key of the article or page that the Markdown file `rel` is a file
/// of, as the walk of `content/` groups it; `None` when it is not Markdown
/// or the walk leaves it out (hidden, a link, inside another's bundle).
pub fn key_of(root: &Path, rel: &Path) -> Option<String> {
    let name = rel.file_name()?.to_str()?;
    let (stem, _) = split_markdown_name(name)?;
    let dir = rel.parent()?;
    let reached = is_discoverable(root, rel);
    let elsewhere = stem != "index" && bundle_on_disk(root, dir).is_some();
    (reached && !elsewhere).then(|| display_path(&dir.join(stem)))
}

/// Why the walk of `content/` does not reach a file or folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreached {
    /// It is not under `content/`, or a part of its path is hidden.
    Hidden,
    /// A part of its path is a symbolic link.
    Link,
}

/// Whether the file or folder `rel` (relative to the root, under
/// `content/`) is one the walk of `content/` reaches: no part of its path
/// hidden, none a link.
pub fn is_discoverable(root: &Path, rel: &Path) -> bool {
    unreached(root, rel).is_none()
}

/// Why the walk of `content/` does not reach `rel`, if it does not.
pub fn unreached(root: &Path, rel: &Path) -> Option<Unreached> {
    let Ok(under) = rel.strip_prefix("content") else {
        return Some(Unreached::Hidden);
    };
    let mut path = root.join("content");
    for part in under.components() {
        let name = part.as_os_str().to_string_lossy();
        if is_hidden(&name) || matches!(name.as_ref(), ".." | "") {
            return Some(Unreached::Hidden);
        }
        path.push(part);
        let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        if is_link {
            return Some(Unreached::Link);
        }
    }
    None
}

/// Walks `under` (relative to the root) at most `depth` folders down,
/// leaving out hidden names and links.
fn walk(root: &Path, under: &Path, depth: usize) -> Walk {
    let mut found = Walk::default();
    let walker = WalkDir::new(root.join(under))
        .follow_links(false)
        .max_depth(depth)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let at = e.path().and_then(|p| p.strip_prefix(root).ok());
                let path = at.unwrap_or(Path::new("content")).to_path_buf();
                found.errors.push(Error::at(&path, 0, 0, cannot_read(&e)));
                continue;
            }
        };
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let rel = rel.to_path_buf();
        if entry.path_is_symlink() {
            let message = Message::new("symlink_not_followed");
            found.warnings.push(Error::at(&rel, 0, 0, message));
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().to_string();
        if let Some((stem, code)) = split_markdown_name(&name) {
            let (stem, code) = (stem.to_string(), code.map(str::to_string));
            found.markdown.push((rel.clone(), stem, code));
        }
        found.files.insert(rel);
    }
    found
}

/// Groups Markdown files by key; a file that is not a bundle's `index`,
/// inside a bundle (`in_bundle` of its folder), is left out with a warning.
fn group(
    markdown: &[(PathBuf, String, Option<String>)],
    config: &Config,
    in_bundle: impl Fn(&Path) -> Option<PathBuf>,
    (errors, warnings): (&mut Errors, &mut Vec<Error>),
) -> Groups {
    let mut groups = Groups::new();
    for (rel, stem, code) in markdown {
        let dir = rel.parent().unwrap_or(Path::new(""));
        let lang = match file_lang(config, rel, code.as_deref()) {
            Ok(lang) => lang,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let bundle = (stem != "index").then(|| in_bundle(dir)).flatten();
        if let Some(bundle) = bundle {
            let message = Message::new("ignored_in_bundle").arg("bundle", display_path(&bundle));
            warnings.push(Error::at(rel, 0, 0, message));
            continue;
        }
        let key = display_path(&dir.join(stem));
        groups.entry(key).or_default().push((rel.clone(), lang));
    }
    groups
}

/// The bundle `dir` is in, looked up on disk: `dir` or the nearest folder
/// above it (under `content/`) that holds an `index` Markdown file.
fn bundle_on_disk<'d>(root: &Path, dir: &'d Path) -> Option<&'d Path> {
    let inside = |a: &&Path| a.starts_with("content");
    dir.ancestors().filter(inside).find(|folder| {
        let entries = std::fs::read_dir(root.join(folder)).into_iter().flatten();
        entries.flatten().any(|entry| {
            let name = entry.file_name().to_string_lossy().to_string();
            let regular = entry.file_type().is_ok_and(|t| t.is_file());
            regular && split_markdown_name(&name).is_some_and(|(stem, _)| stem == "index")
        })
    })
}

/// The language of a Markdown file named with `code` (`None`: no suffix,
/// the default language).
pub fn file_lang(config: &Config, rel: &Path, code: Option<&str>) -> Result<Lang, Error> {
    let Some(code) = code else {
        return Ok(config.default_lang().clone());
    };
    match config.languages.iter().find(|l| l.as_str() == code) {
        Some(lang) => Ok(lang.clone()),
        None => {
            let languages: Vec<&str> = config.languages.iter().map(Lang::as_str).collect();
            let message = Message::new("file_language_unknown")
                .arg("code", code)
                .arg("languages", languages.join(", "));
            Err(Error::file(rel, message).with_hint(Message::new("add_language_or_rename")))
        }
    }
}

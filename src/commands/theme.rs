//! `kyyeu theme export [NAME]`: the built-in theme (templates, i18n strings,
//! static files) written to `themes/NAME/` of a site, for it to edit. Never
//! overwrites: when `themes/NAME` exists, nothing is written. Prints nothing.
//!
//! Uses: error, commands, output, theme.

use crate::error::{display_path, Failure, Message};
use crate::source::theme::builtin_files;
use std::path::{Path, PathBuf};

/// The name `kyyeu theme export` gives the theme when none is asked for.
pub const DEFAULT_NAME: &str = "custom";

/// Writes the built-in theme into `<root>/themes/<name>/`; returns that
/// folder, relative to the root.
pub fn export(root: &Path, name: &str) -> Result<PathBuf, Failure> {
    if !is_folder_name(name) {
        return Err(Failure::Usage(
            Message::new("theme_name_not_folder").arg("name", name),
        ));
    }
    if !root.join("site.yaml").is_file() {
        let shown = display_path(&crate::output::resolve(root));
        return Err(Failure::Usage(
            Message::new("not_a_site").arg("path", shown),
        ));
    }
    let dir = Path::new("themes").join(name);
    if root.join(&dir).symlink_metadata().is_ok() {
        // Refusing to overwrite: nothing could be written (exit status 1).
        return Err(Failure::Io(
            Message::new("theme_export_exists").arg("path", display_path(&dir)),
        ));
    }
    for (rel, bytes) in builtin_files() {
        let path = root.join(&dir).join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Failure::io(parent, &e))?;
        }
        super::write_new_bytes(&path, bytes)?;
    }
    Ok(dir)
}

/// Whether `name` can be a theme's folder: lowercase ASCII letters, digits,
/// `-` and `_` (as `theme:` in site.yaml accepts).
fn is_folder_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_'))
}

#[cfg(test)]
mod tests {
    use super::is_folder_name;

    #[test]
    fn theme_names_are_folder_names() {
        for good in ["custom", "xanh-la", "v2_b"] {
            assert!(is_folder_name(good), "{good}");
        }
        for bad in ["", "Custom", "../x", "a/b", "chủ-đề", ".hidden"] {
            assert!(!is_folder_name(bad), "{bad}");
        }
    }
}

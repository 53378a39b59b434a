//! `kyyeu init`: a new site that builds at once, written from the templates
//! of `src/commands/init/`: `site.yaml` with every field and a comment on
//! each in the language of messages, its default language the one asked
//! for, `content/units.yaml` with one unit, the page "Giới thiệu" /
//! "About", an example article marked `draft: true` (and marked as the
//! example, so that its errors say so), and a `.gitignore`. Never overwrites: it checks every file first and writes
//! nothing when one exists. Prints nothing: returns what it wrote.
//!
//! Uses: error (messages, failures), commands.

use crate::error::{display_path, Failure, Language, Message};
use chrono::Datelike;
use std::path::{Path, PathBuf};

/// The folder of the example article, under `content/<year>/`.
pub const EXAMPLE_ARTICLE: &str = "vi-du-hoi-nghi";

/// What a new site is: the language of its comments, and its default
/// language (the other one comes second).
#[derive(Debug, Clone, Copy)]
pub struct NewSite {
    pub comments: Language,
    pub default_language: Language,
}

/// Writes a new site into `dir` (created if need be); returns the files
/// written, relative to `dir`, in order.
pub fn init(dir: &Path, site: NewSite) -> Result<Vec<PathBuf>, Failure> {
    let files = site_files(site, chrono::Local::now().date_naive());
    refuse_existing(dir, &files)?;
    for (rel, text) in &files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Failure::io(parent, &e))?;
        }
        super::write_new(&path, text)?;
    }
    Ok(files.into_iter().map(|(rel, _)| rel).collect())
}

/// Every file of a new site dated `today`: its path and its text.
fn site_files(new: NewSite, today: chrono::NaiveDate) -> Vec<(PathBuf, String)> {
    let (site, units) = match new.comments {
        Language::Vietnamese => (
            include_str!("init/site.vi.yaml"),
            include_str!("init/units.vi.yaml"),
        ),
        Language::English => (
            include_str!("init/site.en.yaml"),
            include_str!("init/units.en.yaml"),
        ),
    };
    let article = PathBuf::from("content")
        .join(today.year().to_string())
        .join(EXAMPLE_ARTICLE)
        .join("index.vi.md");
    let page = Path::new("content/pages/gioi-thieu");
    let languages = match new.default_language {
        Language::Vietnamese => "[vi, en]",
        Language::English => "[en, vi]",
    };
    vec![
        (
            PathBuf::from("site.yaml"),
            site.replace("{languages}", languages),
        ),
        (PathBuf::from("content/units.yaml"), units.to_string()),
        (
            page.join("index.vi.md"),
            include_str!("init/gioi-thieu.vi.md").to_string(),
        ),
        (
            page.join("index.en.md"),
            include_str!("init/gioi-thieu.en.md").to_string(),
        ),
        (article, example_article(today)),
        (
            PathBuf::from(".gitignore"),
            "public/\n.kyyeu-cache/\n".to_string(),
        ),
    ]
}

/// The example article, dated `today`, about this year.
fn example_article(today: chrono::NaiveDate) -> String {
    include_str!("init/article.vi.md")
        .replace("{date}", &today.format("%Y-%m-%d").to_string())
        .replace("{next_year}", &(today.year() + 1).to_string())
        .replace("{year}", &today.year().to_string())
}

/// An error naming the first thing that is there already: `site.yaml`,
/// `content/`, or one of the files a new site would write.
fn refuse_existing(dir: &Path, files: &[(PathBuf, String)]) -> Result<(), Failure> {
    let taken = [Path::new("site.yaml"), Path::new("content")]
        .into_iter()
        .chain(files.iter().map(|(rel, _)| rel.as_path()))
        .find(|rel| dir.join(rel).symlink_metadata().is_ok());
    match taken {
        // Refusing to overwrite: nothing could be written (exit status 1).
        Some(rel) => Err(Failure::Io(
            Message::new("init_exists").arg("path", display_path(&dir.join(rel))),
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> chrono::NaiveDate {
        chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn the_example_article_is_a_draft_of_its_year() {
        let text = example_article(date("2031-05-06"));
        assert!(text.contains("date: 2031-05-06\nyear: 2031\n"), "{text}");
        assert!(text.contains("tasks_year: 2032\n"), "{text}");
        assert!(text.contains("draft: true\n"), "{text}");
        assert!(!text.contains('{'), "a placeholder left: {text}");
        let mark = crate::source::article::EXAMPLE_MARK;
        assert!(text.starts_with(&format!("---\n{mark}")), "{text}");
    }

    #[test]
    fn site_yaml_comments_follow_the_language() {
        let files = |comments, default_language| {
            let new = NewSite {
                comments,
                default_language,
            };
            site_files(new, date("2031-05-06"))
        };
        let (vi, en) = (Language::Vietnamese, Language::English);
        let vi_site = &files(vi, vi)[0].1;
        let en_site = &files(en, en)[0].1;
        assert!(vi_site.contains("# Tên trang"), "{vi_site}");
        assert!(vi_site.contains("languages: [vi, en]\n"), "{vi_site}");
        assert!(en_site.contains("# The site's name"), "{en_site}");
        assert!(en_site.contains("languages: [en, vi]\n"), "{en_site}");
        let paths: Vec<String> = files(en, vi).iter().map(|(p, _)| display_path(p)).collect();
        assert!(paths.contains(&"content/2031/vi-du-hoi-nghi/index.vi.md".to_string()));
    }
}

//! `kyyeu new`: scaffolds an article bundle, or the translation of one, with
//! every front-matter field listed and explained, as valid YAML whatever the
//! title holds. A new article is a draft dated today (or `--date`). Never
//! overwrites a file.
//!
//! Uses: commands (writing new files), error, lang, config, source (to read
//! the site), front_matter, slug, yaml, model, output, text.

use crate::error::{display_path, Failure, Message};
use crate::lang::Lang;
use crate::model::Config;
use crate::slug::{first_words, slugify};
use crate::source::config;
use crate::source::front_matter::{self, FrontMatter};
use chrono::Datelike;
use std::path::{Path, PathBuf};

/// What `kyyeu new "<title>"` was asked for.
#[derive(Debug, Clone)]
pub struct NewArticle {
    pub title: String,
    /// The year the conference reviews (default: the year of the date).
    pub year: Option<i32>,
    /// `YYYY-MM-DD` (default: today, in local time).
    pub date: Option<String>,
    pub lang: Option<String>,
    pub units: Vec<String>,
}

/// The words of a title kept in the folder name (and so the address) of
/// a new article: "Hội nghị tổng kết công tác thi đua năm 2025 của Khối"
/// gives `hoi-nghi-tong-ket-cong-tac`.
const SLUG_WORDS: usize = 6;

/// Creates `content/<year>/<slug>/index.<lang>.md` and its `photos/` folder;
/// returns the file's path relative to the root.
pub fn new_article(root: &Path, request: &NewArticle) -> Result<PathBuf, Failure> {
    let config = read_config(root)?;
    let lang = pick_lang(&config, request.lang.as_deref())?;
    check_units(root, &config, &request.units)?;
    let title = crate::text::nfc(request.title.trim());
    let full = slugify(&title);
    let slug = first_words(&full, SLUG_WORDS);
    if slug.is_empty() {
        return Err(Failure::Usage(Message::new("title_without_letters")));
    }
    let date = article_date(request.date.as_deref())?;
    let year = request.year.unwrap_or_else(|| date.year());
    let dir = PathBuf::from("content").join(year.to_string()).join(slug);
    let file = dir.join(format!("index.{lang}.md"));
    if root.join(&dir).exists() {
        return Err(Failure::Usage(
            Message::new("article_exists").arg("path", display_path(&dir)),
        ));
    }
    let text = scaffold(&lang, &title, (date, year), &request.units);
    std::fs::create_dir_all(root.join(&dir).join("photos")).map_err(|e| Failure::io(&dir, &e))?;
    super::write_new(&root.join(&file), &text)?;
    Ok(file)
}

/// Creates the `lang` translation beside an article (its folder or one of
/// its files); returns the new file's path relative to the root.
pub fn new_translation(root: &Path, article: &Path, lang: &str) -> Result<PathBuf, Failure> {
    let config = read_config(root)?;
    let lang = pick_lang(&config, Some(lang))?;
    let original = find_original(root, article, &config)?;
    let target = translation_path(&original, &lang);
    if root.join(&target).exists() {
        return Err(Failure::Usage(
            Message::new("translation_exists").arg("path", display_path(&target)),
        ));
    }
    let text = crate::source::read_text(root, &original).map_err(|e| Failure::Content(e.into()))?;
    let split = front_matter::split(&text, &original).map_err(|e| Failure::Content(e.into()))?;
    let (fm, _) = front_matter::parse(&split, &original)
        .map_err(|e| Failure::Content(crate::error::Errors(e)))?;
    let out = translation(&lang, &fm, split.body, &display_path(&original));
    super::write_new(&root.join(&target), &out)?;
    Ok(target)
}

pub(crate) fn read_config(root: &Path) -> Result<Config, Failure> {
    if !root.join("site.yaml").is_file() {
        let shown = display_path(&crate::output::resolve(root));
        return Err(Failure::Usage(
            Message::new("not_a_site_new").arg("path", shown),
        ));
    }
    let text = crate::source::read_text(root, Path::new("site.yaml"))
        .map_err(|e| Failure::Content(e.into()))?;
    Ok(config::parse_config(&text, Path::new("site.yaml"), None)?)
}

fn pick_lang(config: &Config, asked: Option<&str>) -> Result<Lang, Failure> {
    match asked {
        None => Ok(config.default_lang().clone()),
        Some(code) => config
            .languages
            .iter()
            .find(|l| l.as_str() == code)
            .cloned()
            .ok_or_else(|| {
                let known: Vec<&str> = config.languages.iter().map(Lang::as_str).collect();
                Failure::Usage(
                    Message::new("lang_not_in_site")
                        .arg("code", code)
                        .arg("languages", known.join(", ")),
                )
            }),
    }
}

fn check_units(root: &Path, config: &Config, units: &[String]) -> Result<(), Failure> {
    if units.is_empty() {
        return Ok(());
    }
    let rel = Path::new("content/units.yaml");
    let known = match root.join(rel).is_file() {
        true => crate::source::read_text(root, rel)
            .map_err(|e| Failure::Content(e.into()))
            .and_then(|t| Ok(config::parse_units(&t, rel, &config.languages)?))?,
        false => Vec::new(),
    };
    let ids: Vec<&str> = known.iter().map(|u| u.id.as_str()).collect();
    for unit in units {
        if !ids.contains(&unit.as_str()) {
            let hint = if ids.is_empty() {
                Message::new("no_units_listed")
            } else {
                crate::source::yaml::did_you_mean(unit, &ids)
            };
            return Err(Failure::Usage(
                Message::new("unit_flag_unknown")
                    .arg("unit", unit)
                    .arg("hint", hint),
            ));
        }
    }
    Ok(())
}

/// The date asked for (`YYYY-MM-DD`), else today's local date.
fn article_date(asked: Option<&str>) -> Result<chrono::NaiveDate, Failure> {
    match asked {
        None => Ok(chrono::Local::now().date_naive()),
        Some(text) => chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| Failure::Usage(Message::new("new_date_format").arg("date", text))),
    }
}

/// A YAML double-quoted scalar holding `text` exactly, whatever it contains.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The comments of the scaffold, in the article's language.
struct Notes {
    required: &'static str,
    date: &'static str,
    year: &'static str,
    venue: &'static str,
    summary: &'static str,
    units: &'static str,
    speakers: &'static str,
    photos: &'static str,
    tasks: &'static str,
    roles: &'static str,
    byline: &'static str,
    draft: &'static str,
    body: &'static str,
}

fn notes(lang: &Lang) -> Notes {
    if lang.as_str() == "vi" {
        Notes {
            required: "bắt buộc",
            date: "bắt buộc; ngày hội nghị, dạng NĂM-THÁNG-NGÀY",
            year: "năm được tổng kết (mặc định: năm của ngày hội nghị)",
            venue: "địa điểm (không bắt buộc)",
            summary: "tóm tắt một hai câu (không bắt buộc; mặc định: đoạn đầu của bài)",
            units: "mã các đơn vị trong content/units.yaml",
            speakers: "người phát biểu: name (họ tên), role (chức vụ), unit (mã đơn vị)",
            photos: "ảnh trong thư mục photos/: file (tên tệp), caption (chú thích, bắt buộc)",
            tasks: "nhiệm vụ đề ra cho năm sau, mỗi dòng một nhiệm vụ",
            roles: "chức danh được bầu: unit (mã đơn vị), role (chức danh), year (năm)",
            byline: "tác giả và nguồn (không bắt buộc)",
            draft: "true: bản nháp, chưa đăng; đổi thành false khi bài đã xong",
            body: "Viết nội dung bài ở đây (Markdown). Chèn ảnh: ![chú thích](photos/ten-anh.jpg)",
        }
    } else {
        Notes {
            required: "required",
            date: "required; the day of the conference, as YEAR-MONTH-DAY",
            year: "the year the conference reviews (default: the year of the date)",
            venue: "where it took place (optional)",
            summary: "a sentence or two (optional; default: the first paragraph)",
            units: "ids of units from content/units.yaml",
            speakers: "who spoke: name, role, unit (a unit id)",
            photos: "photos in the photos/ folder: file, caption (required, also the alt text)",
            tasks: "tasks adopted for the next year, one per line",
            roles: "offices units were elected to: unit (id), role, year",
            byline: "author and source (optional)",
            draft: "true: a draft, not published; set to false when the article is done",
            body: "Write the article here (Markdown). A photo: ![caption](photos/name.jpg)",
        }
    }
}

/// The article's file: every field, a comment on each, `draft: true`, the
/// date, and `year` when it is not the date's.
fn scaffold(lang: &Lang, title: &str, when: (chrono::NaiveDate, i32), units: &[String]) -> String {
    let n = notes(lang);
    let (date, year) = when;
    let year_line = match year == date.year() {
        true => String::new(),
        false => format!("year: {year}   # {}\n", n.year),
    };
    let units_line = if units.is_empty() {
        "[]".to_string()
    } else {
        format!("[{}]", units.join(", "))
    };
    format!(
        "---\ntitle: {title}   # {required}\ndate: {date}   # {date_note}\n{year_line}venue: \"\"   # {venue}\nsummary: \"\"   # {summary}\nunits: {units_line}   # {units_note}\nspeakers: []   # {speakers}\n#  - name: \"\"\n#    role: \"\"\n#    unit: \"\"\nphotos: []   # {photos}\n#  - file: photos/anh-1.jpg\n#    caption: \"\"\ntasks: []   # {tasks}\nroles: []   # {roles}\nauthor: \"\"   # {byline}\nsource: \"\"\ndraft: true   # {draft}\n---\n<!-- {body} -->\n",
        title = quoted(title),
        date = date.format("%Y-%m-%d"),
        required = n.required,
        date_note = n.date,
        venue = n.venue,
        summary = n.summary,
        units_note = n.units,
        speakers = n.speakers,
        photos = n.photos,
        tasks = n.tasks,
        roles = n.roles,
        byline = n.byline,
        draft = n.draft,
        body = n.body,
    )
}

/// The default-language file of the article named by `article` (a bundle
/// folder or any of its files), relative to the root.
fn find_original(root: &Path, article: &Path, config: &Config) -> Result<PathBuf, Failure> {
    let rel = article.strip_prefix(root).unwrap_or(article).to_path_buf();
    let missing =
        || Failure::Usage(Message::new("no_article_there").arg("path", display_path(&rel)));
    let (dir, stem) = if root.join(&rel).is_dir() {
        (rel.clone(), "index".to_string())
    } else {
        let name = rel
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(missing)?;
        let (stem, _) = crate::lang::split_markdown_name(name).ok_or_else(missing)?;
        (
            rel.parent().unwrap_or(Path::new("")).to_path_buf(),
            stem.to_string(),
        )
    };
    let candidates = config
        .languages
        .iter()
        .map(|l| dir.join(format!("{stem}.{l}.md")))
        .chain(std::iter::once(dir.join(format!("{stem}.md"))));
    let mut candidates: Vec<PathBuf> = candidates.collect();
    candidates.sort_by_key(|p| {
        usize::from(p != &dir.join(format!("{stem}.{}.md", config.default_lang())))
    });
    candidates
        .into_iter()
        .find(|p| root.join(p).is_file())
        .ok_or_else(missing)
}

fn translation_path(original: &Path, lang: &Lang) -> PathBuf {
    let name = original
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("index.md");
    let stem = crate::lang::split_markdown_name(name).map_or("index", |(s, _)| s);
    original.with_file_name(format!("{stem}.{lang}.md"))
}

/// The translation scaffold: the text fields copied from the original, each
/// marked to be translated (`# TRANSLATE`, `# DỊCH`: see `source::markers`),
/// and the body under a marker; structured fields left out (they are
/// inherited). It is published once no marker is left.
fn translation(lang: &Lang, fm: &FrontMatter, body: &str, original: &str) -> String {
    let (mark, header) = if lang.as_str() == "vi" {
        ("DỊCH", "# Bản dịch của {original}.\n# Dịch từng mục có dấu DỊCH rồi xoá dấu đó; bài được đăng khi không còn dấu nào\n# (kyyeu check liệt kê các mục còn lại). Ngày, năm, đơn vị, tệp ảnh, tác giả, nguồn lấy theo bản gốc.\n")
    } else {
        ("TRANSLATE", "# Translation of {original}.\n# Translate each field marked TRANSLATE, then delete the mark; the article is published\n# once no mark is left (kyyeu check lists them). Date, year, units, photo files, author and source come from the original.\n")
    };
    let mut out = format!("---\n{}", header.replace("{original}", original));
    let field = |out: &mut String, key: &str, value: &Option<String>| {
        if let Some(v) = value {
            out.push_str(&format!("{key}: {}   # {mark}\n", quoted(v)));
        }
    };
    field(&mut out, "title", &fm.title);
    field(&mut out, "summary", &fm.summary);
    field(&mut out, "venue", &fm.venue);
    if let Some(speakers) = &fm.speakers {
        out.push_str("speakers:\n");
        for s in speakers {
            out.push_str(&format!("  - name: {}\n", quoted(&s.name)));
            if let Some(role) = &s.role {
                out.push_str(&format!("    role: {}   # {mark}\n", quoted(role)));
            }
            if let Some(unit) = &s.unit {
                out.push_str(&format!("    unit: {unit}\n"));
            }
        }
    }
    if let Some(photos) = fm.photos.as_ref().filter(|p| !p.is_empty()) {
        out.push_str("photos:\n");
        for p in photos {
            out.push_str(&format!(
                "  - file: {}\n    caption: {}   # {mark}\n",
                quoted(&p.file),
                quoted(&p.caption)
            ));
        }
    }
    if let Some(tasks) = &fm.tasks {
        out.push_str(&format!("tasks:   # {mark}\n"));
        tasks
            .iter()
            .for_each(|t| out.push_str(&format!("  - {}\n", quoted(t))));
    }
    if let Some(roles) = &fm.roles {
        out.push_str("roles:\n");
        for r in roles {
            out.push_str(&format!(
                "  - unit: {}\n    role: {}   # {mark}\n    year: {}\n",
                r.unit,
                quoted(&r.role),
                r.year
            ));
        }
    }
    out.push_str("---\n");
    out.push_str(&format!("<!-- {mark} -->\n{}", body.trim_start()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_title_stays_valid_yaml() {
        for title in [
            "Đoàn kết – Kỷ cương",
            "a: b # c",
            "\"quoted\" 'single'",
            "back\\slash\ttab",
            "- [x] {y}: &z *w",
        ] {
            let text = format!("title: {}\n", quoted(title));
            let parsed: std::collections::BTreeMap<String, String> =
                crate::source::yaml::parse_builtin(&text);
            assert_eq!(
                parsed.get("title").map(String::as_str),
                Some(title),
                "{text}"
            );
        }
    }
}

//! What the commands print when they succeed: the summary of a build or a
//! check and its warnings, the translation coverage, `check --format json`,
//! and the progress bar of photos.
//!
//! May use: the library.
//!
//! Uses: nothing.

use kyyeu::commands::check::{Checked, Coverage, Marked};
use kyyeu::error::{display_path, labelled, Catalogue, Error, Failure, Message};
use kyyeu::Report;
use std::io::IsTerminal;

/// The warnings, then what was built or checked (`summary` names which).
pub fn summary(report: &Report, summary: Message, catalogue: &Catalogue) {
    let warning = Message::new("label_warning");
    for found in &report.warnings {
        eprintln!(
            "{}",
            labelled(catalogue, &warning, &found.render(catalogue))
        );
    }
    if report.cache_pruned > 0 {
        let pruned = Message::new("cache_pruned").count("n", report.cache_pruned);
        println!("{}", catalogue.render(&pruned));
    }
    if report.books_typeset + report.books_reused > 0 {
        let books = Message::new("pdf_summary")
            .count("count", report.books_typeset)
            .arg("reused", report.books_reused);
        println!("{}", catalogue.render(&books));
    }
    let summary = summary
        .arg(
            "articles",
            Message::new("count_articles").count("n", report.articles),
        )
        .arg(
            "pages",
            Message::new("count_pages").count("n", report.pages),
        )
        .arg("photos", photos(report))
        .arg("ms", report.elapsed.as_millis());
    println!("{}", catalogue.render(&summary));
    if report.drafts_left_out > 0 {
        let drafts = Message::new("drafts_left_out").count("n", report.drafts_left_out);
        println!("{}", catalogue.render(&drafts));
    }
    if report.marked > 0 {
        let marked = Message::new("marked_left_out").count("n", report.marked);
        println!("{}", catalogue.render(&marked));
    }
}

/// How long each phase of a build took, on stderr, one line each
/// (`timing: load: 12.3 ms`), as `KYYEU_TIMINGS` asks.
pub fn timings(report: &Report) {
    for (phase, took) in &report.timings {
        eprintln!("timing: {phase}: {:.1} ms", took.as_secs_f64() * 1e3);
    }
}

/// The photos' part of the summary (empty when there were none).
fn photos(report: &Report) -> Message {
    let total = report.photos_processed + report.photos_cached;
    if total == 0 {
        return Message::text("");
    }
    Message::new("summary_photos")
        .arg("total", Message::new("count_photos").count("n", total))
        .arg("processed", report.photos_processed)
        .arg("cached", report.photos_cached)
        .arg("source", megabytes(report.photos_source_bytes))
        .arg("published", megabytes(report.photos_published_bytes))
}

/// `12.3 MB` (`12,3 MB` in Vietnamese).
fn megabytes(bytes: u64) -> Message {
    let text = format!("{:.1}", bytes as f64 / 1_048_576.0);
    let (whole, tenth) = text.split_once('.').unwrap_or((&text, "0"));
    Message::new("megabytes")
        .arg("whole", whole)
        .arg("tenth", tenth)
}

/// The translation coverage and the theme's missing strings, on stderr,
/// language by language.
pub fn print_coverage(checked: &Checked, catalogue: &Catalogue) {
    let mut langs: Vec<&str> = checked
        .coverage
        .iter()
        .map(|coverage| coverage.lang.as_str())
        .collect();
    langs.dedup();
    for lang in langs {
        print_lang_coverage(checked, lang, catalogue);
        print_missing_strings(checked, lang, catalogue);
    }
}

/// The years where `lang` lacks translations and their files (with the
/// fields still marked), the pages still marked, or that it lacks none.
fn print_lang_coverage(checked: &Checked, lang: &str, catalogue: &Catalogue) {
    let gaps: Vec<&Coverage> = checked
        .coverage
        .iter()
        .filter(|year| year.lang == lang && year.untranslated() > 0)
        .collect();
    let pages: Vec<&Marked> = checked
        .marked_pages
        .iter()
        .filter(|page| page.lang == lang)
        .collect();
    if gaps.is_empty() && pages.is_empty() {
        let done = Message::new("check_coverage_done").arg("lang", lang.to_string());
        eprintln!("{}", catalogue.render(&done));
    }
    for gap in gaps {
        let line = Message::new("check_coverage")
            .arg("lang", gap.lang.clone())
            .arg("year", gap.year.to_string())
            .arg("missing", gap.untranslated().to_string())
            .count("articles", gap.articles);
        eprintln!("{}", catalogue.render(&line));
        for path in &gap.missing {
            let file = Message::new("check_coverage_file").arg("path", path.clone());
            eprintln!("{}", catalogue.render(&file));
        }
        gap.marked.iter().for_each(|m| print_marked(m, catalogue));
    }
    if !pages.is_empty() {
        let line = Message::new("check_coverage_pages").arg("lang", lang.to_string());
        eprintln!("{}", catalogue.render(&line));
        pages.into_iter().for_each(|m| print_marked(m, catalogue));
    }
}

/// `  content/2021/a/index.en.md: still marked to translate: title (line 3), body (line 20)`
fn print_marked(marked: &Marked, catalogue: &Catalogue) {
    let fields: Vec<String> = marked
        .fields
        .iter()
        .map(|f| {
            let field = Message::new("check_marked_field")
                .arg("field", f.field.clone())
                .arg("line", f.line.to_string());
            catalogue.render(&field)
        })
        .collect();
    let line = Message::new("check_marked_file")
        .arg("path", marked.path.clone())
        .arg("fields", fields.join(", "));
    eprintln!("{}", catalogue.render(&line));
}

/// The theme's strings that `lang` lacks, if any.
fn print_missing_strings(checked: &Checked, lang: &str, catalogue: &Catalogue) {
    let missing: Vec<&str> = checked
        .missing_strings
        .iter()
        .filter(|string| string.lang == lang)
        .map(|string| string.key.as_str())
        .collect();
    if !missing.is_empty() {
        let line = Message::new("check_missing_strings")
            .arg("lang", lang.to_string())
            .count("n", missing.len())
            .arg("keys", missing.join(", "));
        eprintln!("{}", catalogue.render(&line));
    }
}

/// `kyyeu check --format json`: everything found, as one JSON object.
pub fn check_json(result: &Result<Checked, Failure>, catalogue: &Catalogue) -> String {
    let entries = |errors: &[Error]| -> Vec<serde_json::Value> {
        errors
            .iter()
            .map(|error| error_json(error, catalogue))
            .collect()
    };
    let value = match result {
        Ok(checked) => serde_json::json!({
            "ok": true,
            "errors": [],
            "warnings": entries(&checked.report.warnings),
            "articles": checked.report.articles,
            "pages": checked.report.pages,
            "coverage": checked.coverage,
            "marked_pages": checked.marked_pages,
            "missing_strings": checked.missing_strings,
        }),
        Err(Failure::Content(errors)) => {
            serde_json::json!({ "ok": false, "errors": entries(&errors.0) })
        }
        Err(other) => {
            serde_json::json!({ "ok": false, "errors": [{ "message": other.render(catalogue) }] })
        }
    };
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// One error or warning in `check --format json`.
fn error_json(error: &Error, catalogue: &Catalogue) -> serde_json::Value {
    serde_json::json!({
        "path": display_path(&error.path),
        "line": error.line,
        "column": error.col,
        "message": catalogue.render(&error.message),
        "hint": error.hint.as_ref().map(|hint| catalogue.render(hint)),
    })
}

/// A progress bar for photos, on a terminal only.
pub fn progress_bar(catalogue: &Catalogue) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    let label = catalogue.render(&Message::new("progress_photos"));
    let template = format!("{label} {{bar:30}} {{pos}}/{{len}} {{elapsed}}");
    let style = indicatif::ProgressStyle::with_template(&template).ok()?;
    bar.set_style(style);
    Some(bar)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kyyeu::error::Language;

    #[test]
    fn megabytes_use_the_decimal_mark_of_the_language() {
        let vi = Catalogue::of(Language::Vietnamese);
        assert_eq!(megabytes(1_572_864).to_string(), "1.5 MB");
        assert_eq!(vi.render(&megabytes(1_572_864)), "1,5 MB");
        assert_eq!(megabytes(0).to_string(), "0.0 MB");
    }
}

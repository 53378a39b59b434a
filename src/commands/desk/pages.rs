//! The desk's pages, server-rendered HTML in the language of messages:
//! the list of articles and pages by year with their state, the form of a
//! file (made from `form`'s schema; a translation beside its original),
//! and the form of a new article. Every text from a file is escaped.
//!
//! Uses: desk, form, save, source, error, lang, config, discover, front_matter,
//! markers, yaml, text, slug, new, pipeline, lib.

use super::form::{Cell, Field, Kind};
use super::save::{open, query_value, Opened};
use super::{Desk, Reply};
use crate::error::{display_path, Message};
use crate::source::yaml::{self, Plain};
use crate::text::escape;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::PathBuf;

/// A page of the desk around `main`.
fn layout(desk: &Desk, title: &str, main: &str) -> String {
    let lang = match desk.catalogue.language() {
        crate::error::Language::English => "en",
        crate::error::Language::Vietnamese => "vi",
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"desk-token\" content=\"{token}\"><title>{title}</title><style>{css}</style></head><body><header><nav aria-label=\"{nav}\"><a href=\"/_desk/\">{desk_name}</a> <a href=\"/_desk/new\">{new}</a> <a href=\"/\">{site}</a></nav></header><main id=\"main\"><h1>{title}</h1>{main}</main><script>{js}</script></body></html>\n",
        css = super::DESK_CSS,
        js = super::DESK_JS,
        token = desk.token,
        title = escape(title),
        nav = escape(&desk.say(&Message::new("desk_nav"))),
        desk_name = escape(&desk.say(&Message::new("desk_title"))),
        new = escape(&desk.say(&Message::new("desk_new_article"))),
        site = escape(&desk.say(&Message::new("desk_site"))),
    )
}

fn words(desk: &Desk, message: Message) -> String {
    escape(&desk.say(&message))
}

/// One file of the list: its path, language, title and states.
struct Row {
    path: String,
    lang: String,
    title: String,
    states: Vec<String>,
}

/// Every article and page by year, each file with its state: draft,
/// published, translation missing or marked, errors (as `check` finds them).
pub(super) fn list(desk: &Desk) -> Reply {
    let Ok(config) = crate::commands::new::read_config(&desk.root) else {
        return Reply::html(
            500,
            layout(desk, &desk.say(&Message::new("desk_title")), ""),
        );
    };
    let (mut errors, mut warnings) = (crate::error::Errors::default(), Vec::new());
    let found =
        crate::source::discover::find_sources(&desk.root, &config, &mut errors, &mut warnings);
    let options = crate::Options {
        root: desk.root.clone(),
        drafts: true,
        ..crate::Options::default()
    };
    let mut failing: BTreeMap<PathBuf, usize> = BTreeMap::new();
    if let Err(crate::error::Failure::Content(errors)) = crate::pipeline::load(&options) {
        for e in errors.0 {
            *failing.entry(e.path).or_default() += 1;
        }
    }
    let mut years: BTreeMap<String, Vec<(String, Vec<Row>)>> = BTreeMap::new();
    for (key, files) in found.articles.iter().chain(&found.pages) {
        let group = if key.starts_with("content/pages/") {
            desk.say(&Message::new("desk_pages"))
        } else {
            key.split('/').nth(1).unwrap_or("").to_string()
        };
        let mut rows = Vec::new();
        for (path, lang) in files {
            rows.push(row(desk, path, lang.as_str(), failing.get(path).copied()));
        }
        for lang in &config.languages {
            if !files.iter().any(|(_, l)| l == lang) {
                rows.push(Row {
                    path: display_path(&files[0].0),
                    lang: lang.to_string(),
                    title: String::new(),
                    states: vec![desk.say(&Message::new("desk_state_missing"))],
                });
            }
        }
        years.entry(group).or_default().push((key.clone(), rows));
    }
    let mut main = format!(
        "<p><a class=\"button\" href=\"/_desk/new\">{}</a></p>",
        words(desk, Message::new("desk_new_article"))
    );
    let pages = desk.say(&Message::new("desk_pages"));
    let mut ordered: Vec<_> = years.iter().filter(|(k, _)| **k != pages).rev().collect();
    ordered.extend(years.iter().filter(|(k, _)| **k == pages));
    for (year, groups) in ordered {
        let _ = write!(
            main,
            "<section><h2>{}</h2><ul class=\"list\">",
            escape(year)
        );
        for (_, rows) in groups {
            main.push_str(&group_html(desk, rows));
        }
        main.push_str("</ul></section>");
    }
    Reply::html(
        200,
        layout(desk, &desk.say(&Message::new("desk_title")), &main),
    )
}

/// A file of the list, read for its title, draft flag and markers.
fn row(desk: &Desk, path: &std::path::Path, lang: &str, errors: Option<usize>) -> Row {
    let text = crate::source::read_text(&desk.root, path).unwrap_or_default();
    let split = crate::source::front_matter::split(&text, path).ok();
    let fields = split
        .as_ref()
        .and_then(|s| yaml::fields(s.yaml))
        .unwrap_or_default();
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v);
    let title = match get("title") {
        Some(Plain::Text(t)) => t.clone(),
        _ => display_path(path),
    };
    let mut states = Vec::new();
    if let Some(n) = errors {
        states.push(desk.say(&Message::new("desk_state_errors").count("n", n)));
    }
    let marked = split
        .as_ref()
        .map(|s| crate::source::markers::find(s.yaml, 2, s.body, 0).len())
        .unwrap_or(0);
    if marked > 0 {
        states.push(desk.say(&Message::new("desk_state_marked").count("n", marked)));
    }
    let state = match get("draft") {
        Some(Plain::Bool(true)) => Message::new("desk_state_draft"),
        _ => Message::new("desk_state_published"),
    };
    states.push(desk.say(&state));
    Row {
        path: display_path(path),
        lang: lang.to_string(),
        title,
        states,
    }
}

fn group_html(desk: &Desk, rows: &[Row]) -> String {
    let mut out = String::from("<li><ul class=\"files\">");
    for row in rows {
        let missing = row.title.is_empty();
        let link = if missing {
            format!(
                "<form method=\"post\" action=\"/_desk/translate\"><input type=\"hidden\" name=\"token\" value=\"{token}\"><input type=\"hidden\" name=\"file\" value=\"{file}\"><input type=\"hidden\" name=\"lang\" value=\"{lang}\"><button type=\"submit\">{label}</button></form>",
                token = desk.token,
                file = escape(&row.path),
                lang = escape(&row.lang),
                label = escape(&desk.say(&Message::new("desk_translate_into").arg("lang", row.lang.clone()))),
            )
        } else {
            format!(
                "<a href=\"/_desk/edit?file={}\">{}</a>",
                escape(&query_value(&row.path)),
                escape(&row.title)
            )
        };
        let _ = write!(
            out,
            "<li><span class=\"lang\">{}</span> {link} <span class=\"states\">{}</span></li>",
            escape(&row.lang),
            escape(&row.states.join(" · "))
        );
    }
    out.push_str("</ul></li>");
    out
}

/// The form of a file.
pub(super) fn edit(desk: &Desk, file: &str, saved: bool) -> Reply {
    let opened = match open(desk, file) {
        Ok(o) => o,
        Err(reply) => return reply,
    };
    let Some(fields) = yaml::fields(opened.document.yaml()) else {
        let message = desk.say(&Message::new("desk_not_plain"));
        return Reply::html(
            422,
            layout(
                desk,
                &display_path(&opened.rel),
                &format!("<p>{}</p>", escape(&message)),
            ),
        );
    };
    let original = opened.original.as_ref().and_then(|o| {
        let text = crate::source::read_text(&desk.root, o).ok()?;
        let split = crate::source::front_matter::split(&text, o).ok()?;
        yaml::fields(split.yaml)
    });
    let units = units(desk);
    let marks = crate::source::markers::find(opened.document.yaml(), 1, opened.document.body(), 1);
    let ctx = FormContext {
        desk,
        opened: &opened,
        units: &units,
        marked: marks.iter().map(|m| m.field.clone()).collect(),
        original: original.as_deref(),
    };
    let mut main = String::new();
    if saved {
        let _ = write!(
            main,
            "<p role=\"status\">{}</p>",
            words(desk, Message::new("desk_saved"))
        );
    }
    main.push_str(&ctx.form(&fields));
    let title = desk.say(&Message::new("desk_editing").arg("path", display_path(&opened.rel)));
    Reply::html(200, layout(desk, &title, &main))
}

/// The form of a translation: the same as any file's (the original's
/// fields shown beside each).
pub(super) fn translate(desk: &Desk, file: &str, _lang: Option<&str>) -> Reply {
    edit(desk, file, false)
}

/// The form of a new article (`kyyeu new`).
pub(super) fn new_article(desk: &Desk) -> Reply {
    let units = units(desk);
    let mut main = format!(
        "<form method=\"post\" action=\"/_desk/new\"><input type=\"hidden\" name=\"token\" value=\"{}\">",
        desk.token
    );
    let _ = write!(
        main,
        "<div class=\"field\"><label for=\"f-title\">{}</label><input id=\"f-title\" name=\"title\" required></div><div class=\"field\"><label for=\"f-date\">{}</label><input id=\"f-date\" type=\"date\" name=\"date\"></div>",
        words(desk, Message::new("desk_field_title")),
        words(desk, Message::new("desk_field_date"))
    );
    main.push_str(&units_html(desk, &units, &[]));
    let _ = write!(
        main,
        "<p><button type=\"submit\">{}</button></p></form>",
        words(desk, Message::new("desk_create"))
    );
    Reply::html(
        200,
        layout(desk, &desk.say(&Message::new("desk_new_article")), &main),
    )
}

/// The desk's address of the article whose page is `page` (a path of the
/// served site), else the list.
pub(super) fn open_page(desk: &Desk, page: &str) -> Reply {
    let options = crate::Options {
        root: desk.root.clone(),
        drafts: true,
        ..crate::Options::default()
    };
    let wanted = page.trim_matches('/');
    if let Ok(loaded) = crate::pipeline::load(&options) {
        for article in &loaded.site.articles {
            for (lang, version) in &article.versions {
                let url = loaded.urls.article(lang, article.year, &article.slug);
                if url.trim_matches('/') == wanted {
                    let file = display_path(&version.path);
                    return Reply::redirect(format!("/_desk/edit?file={}", query_value(&file)));
                }
            }
        }
    }
    Reply::redirect("/_desk/".to_string())
}

/// A unit of units.yaml: its id, its name in the desk's language, and the
/// name without marks (for searching).
pub(super) struct UnitChoice {
    id: String,
    name: String,
    folded: String,
}

fn units(desk: &Desk) -> Vec<UnitChoice> {
    let Ok(config) = crate::commands::new::read_config(&desk.root) else {
        return Vec::new();
    };
    let rel = std::path::Path::new("content/units.yaml");
    let text = crate::source::read_text(&desk.root, rel).unwrap_or_default();
    let units =
        crate::source::config::parse_units(&text, rel, &config.languages).unwrap_or_default();
    let lang = match desk.catalogue.language() {
        crate::error::Language::English => crate::lang::Lang::new("en"),
        crate::error::Language::Vietnamese => crate::lang::Lang::new("vi"),
    };
    units
        .into_iter()
        .map(|u| {
            let name = u.name.get(&lang, config.default_lang()).to_string();
            let folded = crate::slug::slugify(&name).replace('-', " ");
            UnitChoice {
                id: u.id,
                name,
                folded,
            }
        })
        .collect()
}

/// The units as checkboxes, those of the file first in its order, with a
/// search field that ignores marks.
fn units_html(desk: &Desk, units: &[UnitChoice], chosen: &[String]) -> String {
    let mut out = format!(
        "<fieldset class=\"units\" data-field=\"units\"><legend>{}</legend><label class=\"search\">{} <input type=\"search\" data-unit-search></label><ul>",
        words(desk, Message::new("desk_field_units")),
        words(desk, Message::new("desk_search_units"))
    );
    let known: BTreeSet<&str> = units.iter().map(|u| u.id.as_str()).collect();
    for id in chosen.iter().filter(|id| !known.contains(id.as_str())) {
        let _ = write!(out, "<li data-fold=\"{0}\"><label><input type=\"checkbox\" name=\"units\" value=\"{0}\" checked> {0}</label></li>", escape(id));
    }
    let ordered = chosen
        .iter()
        .filter_map(|id| units.iter().find(|u| &u.id == id))
        .chain(units.iter().filter(|u| !chosen.contains(&u.id)));
    for unit in ordered {
        let checked = if chosen.contains(&unit.id) {
            " checked"
        } else {
            ""
        };
        let _ = write!(
            out,
            "<li data-fold=\"{} {}\"><label><input type=\"checkbox\" name=\"units\" value=\"{}\"{checked}> {}</label></li>",
            escape(&unit.folded),
            escape(&unit.id),
            escape(&unit.id),
            escape(&unit.name)
        );
    }
    out.push_str("</ul></fieldset>");
    out
}

/// What the form of one file is drawn from.
struct FormContext<'a> {
    desk: &'a Desk,
    opened: &'a Opened,
    units: &'a [UnitChoice],
    /// The paths still marked to translate.
    marked: Vec<String>,
    /// The original's fields, for a translation.
    original: Option<&'a [(String, Plain)]>,
}

impl FormContext<'_> {
    fn form(&self, fields: &[(String, Plain)]) -> String {
        let desk = self.desk;
        let file = display_path(&self.opened.rel);
        let mut out = format!(
            "<form method=\"post\" action=\"/_desk/save\" class=\"desk-form{kind}\" data-file=\"{file}\"><input type=\"hidden\" name=\"token\" value=\"{token}\"><input type=\"hidden\" name=\"file\" value=\"{file}\"><input type=\"hidden\" name=\"version\" value=\"{version}\"><div id=\"messages\" role=\"status\" aria-live=\"polite\"></div>",
            file = escape(&file),
            token = desk.token,
            version = self.opened.document.token,
            kind = if self.original.is_some() { " translation" } else { "" },
        );
        for field in self.opened.fields {
            let value = fields.iter().find(|(k, _)| k == field.name).map(|(_, v)| v);
            out.push_str(&self.field(field, value));
        }
        out.push_str(&self.body());
        let _ = write!(
            out,
            "<p class=\"actions\"><button type=\"submit\">{}</button></p></form>",
            words(desk, Message::new("desk_save"))
        );
        out.push_str(&self.translations());
        out
    }

    /// The marker checkboxes of the paths of `name` still marked.
    fn marks(&self, name: &str) -> String {
        let mut out = String::new();
        let own = self
            .marked
            .iter()
            .filter(|m| m.split(['.', '[']).next() == Some(name));
        for path in own {
            let _ = write!(
                out,
                "<label class=\"mark\"><input type=\"checkbox\" name=\"marked\" value=\"{p}\" checked> {} <code>{p}</code></label>",
                words(self.desk, Message::new("desk_to_translate")),
                p = escape(path)
            );
        }
        out
    }

    fn original_of(&self, name: &str) -> String {
        let Some(value) = self
            .original
            .and_then(|o| o.iter().find(|(k, _)| k == name))
        else {
            return String::new();
        };
        format!(
            "<div class=\"original\"><span>{}</span> {}</div>",
            words(self.desk, Message::new("desk_original")),
            escape(&show(&value.1))
        )
    }

    fn field(&self, field: &Field, value: Option<&Plain>) -> String {
        let name = field.name;
        let label = self.desk.say(&label_key(name));
        let id = format!("f-{name}");
        let input = match field.kind {
            Kind::Text | Kind::Date | Kind::Int => {
                let kind = match field.kind {
                    Kind::Date => "date",
                    Kind::Int => "number",
                    _ => "text",
                };
                format!(
                    "<input id=\"{id}\" name=\"{name}\" type=\"{kind}\" value=\"{}\" data-path=\"{name}\" aria-describedby=\"e-{name}\">",
                    escape(&value.map(scalar_text).unwrap_or_default())
                )
            }
            Kind::LongText => format!(
                "<textarea id=\"{id}\" name=\"{name}\" rows=\"3\" data-path=\"{name}\" aria-describedby=\"e-{name}\">\n{}</textarea>",
                escape(&value.map(scalar_text).unwrap_or_default())
            ),
            Kind::Bool => {
                let checked = if matches!(value, Some(Plain::Bool(true))) { " checked" } else { "" };
                return format!(
                    "<div class=\"field\" data-field=\"{name}\"><label><input type=\"checkbox\" name=\"{name}\"{checked}> {}</label><p class=\"error\" id=\"e-{name}\"></p></div>",
                    escape(&label)
                );
            }
            Kind::Units => {
                let chosen = texts(value);
                return units_html(self.desk, self.units, &chosen) + &format!("<p class=\"error\" id=\"e-{name}\"></p>");
            }
            Kind::Texts => return self.rows(name, &label, &[("", Cell::Text)], value),
            Kind::Rows(cells) => return self.rows(name, &label, cells, value),
        };
        format!(
            "<div class=\"field\" data-field=\"{name}\"><label for=\"{id}\">{}</label>{}{input}{}<p class=\"error\" id=\"e-{name}\"></p></div>",
            escape(&label),
            self.original_of(name),
            self.marks(name)
        )
    }

    /// Rows of a list: each cell an input, buttons to move and remove a
    /// row, a template for a new one.
    fn rows(
        &self,
        name: &str,
        label: &str,
        cells: &[(&str, Cell)],
        value: Option<&Plain>,
    ) -> String {
        let items: Vec<Plain> = match value {
            Some(Plain::List(items)) => items.clone(),
            _ => Vec::new(),
        };
        let mut out = format!(
            "<fieldset class=\"rows\" data-field=\"{name}\" data-rows=\"{name}\"><legend>{}</legend>{}{}<ol>",
            escape(label),
            self.original_of(name),
            self.marks(name)
        );
        for (i, item) in items.iter().enumerate() {
            out.push_str(&self.row(name, cells, &i.to_string(), Some(item)));
        }
        let _ = write!(
            out,
            "</ol><template>{}</template><p class=\"row-actions\"><button type=\"button\" data-add-row>{}</button>",
            self.row(name, cells, "__N__", None),
            words(self.desk, Message::new("desk_add_row"))
        );
        if let Some(kind) = match name {
            "photos" => Some(("photo", "image/jpeg,image/png,image/webp")),
            "attachments" => Some(("attachment", ".pdf,.docx,application/pdf")),
            _ => None,
        } {
            let _ = write!(
                out,
                " <label class=\"upload\">{} <input type=\"file\" multiple accept=\"{}\" data-upload=\"{}\"></label>",
                words(
                    self.desk,
                    match kind.0 {
                        "photo" => Message::new("desk_add_photos"),
                        _ => Message::new("desk_add_files"),
                    }
                ),
                kind.1,
                kind.0
            );
        }
        let _ = write!(
            out,
            "</p><p class=\"error\" id=\"e-{name}\"></p></fieldset>"
        );
        out
    }

    fn row(&self, name: &str, cells: &[(&str, Cell)], index: &str, item: Option<&Plain>) -> String {
        let mut out = String::from("<li class=\"row\">");
        let position = index
            .parse::<usize>()
            .map_or(String::new(), |i| (i + 1).to_string());
        for (cell, kind) in cells {
            let (input_name, path) = match cell.is_empty() {
                true => (name.to_string(), format!("{name}[{position}]")),
                false => (
                    format!("{name}.{index}.{cell}"),
                    format!("{name}[{position}].{cell}"),
                ),
            };
            let value = match item {
                Some(Plain::Map(entries)) => {
                    entries.iter().find(|(k, _)| k == cell).map(|(_, v)| v)
                }
                Some(other) if cell.is_empty() => Some(other),
                _ => None,
            };
            let text = value.map(scalar_text).unwrap_or_default();
            let label = if cell.is_empty() {
                self.desk.say(&label_key(name))
            } else {
                self.desk.say(&cell_key(cell))
            };
            out.push_str(&self.cell((&input_name, &path), &label, *kind, (&text, value)));
        }
        let _ = write!(
            out,
            "<span class=\"move\"><button type=\"button\" data-up aria-label=\"{}\">↑</button><button type=\"button\" data-down aria-label=\"{}\">↓</button><button type=\"button\" data-remove aria-label=\"{}\">✕</button></span></li>",
            words(self.desk, Message::new("desk_move_up")),
            words(self.desk, Message::new("desk_move_down")),
            words(self.desk, Message::new("desk_remove"))
        );
        out
    }

    fn cell(
        &self,
        (name, path): (&str, &str),
        label: &str,
        kind: Cell,
        (raw, value): (&str, Option<&Plain>),
    ) -> String {
        let (name, path, label, text) = (escape(name), escape(path), escape(label), escape(raw));
        match kind {
            Cell::Text => format!("<label>{label} <input name=\"{name}\" value=\"{text}\" data-path=\"{path}\"></label>"),
            Cell::Int => format!("<label>{label} <input name=\"{name}\" type=\"number\" value=\"{text}\" data-path=\"{path}\"></label>"),
            Cell::Bool => {
                let checked = if matches!(value, Some(Plain::Bool(true))) { " checked" } else { "" };
                format!("<label><input type=\"checkbox\" name=\"{name}\"{checked}> {label}</label>")
            }
            Cell::File => {
                let file = display_path(&self.opened.rel);
                let thumb = if raw.starts_with("photos/") {
                    format!(
                        "<img class=\"thumb\" alt=\"\" data-src=\"/_desk/file?file={}&amp;name={}\">",
                        escape(&query_value(&file)),
                        escape(&query_value(raw))
                    )
                } else {
                    String::new()
                };
                format!("{thumb}<input type=\"hidden\" name=\"{name}\" value=\"{text}\"><code class=\"file\">{text}</code>")
            }
            Cell::Unit => {
                let mut out = format!("<label>{label} <select name=\"{name}\" data-path=\"{path}\"><option value=\"\"></option>");
                let known = self.units.iter().any(|u| escape(&u.id) == text);
                if !known && !text.is_empty() {
                    let _ = write!(out, "<option value=\"{text}\" selected>{text}</option>");
                }
                for unit in self.units {
                    let selected = if escape(&unit.id) == text { " selected" } else { "" };
                    let _ = write!(out, "<option value=\"{}\"{selected}>{}</option>", escape(&unit.id), escape(&unit.name));
                }
                out.push_str("</select></label>");
                out
            }
        }
    }

    fn body(&self) -> String {
        let desk = self.desk;
        let photos = bundle_photos(&self.desk.root, &self.opened.rel);
        let mut photo_options = String::new();
        for photo in &photos {
            let _ = write!(
                photo_options,
                "<option value=\"{0}\">{0}</option>",
                escape(photo)
            );
        }
        format!(
            "<div class=\"field body\" data-field=\"body\"><label for=\"f-body\">{label}</label>{marks}<div class=\"toolbar\" role=\"toolbar\" aria-controls=\"f-body\"><button type=\"button\" data-insert=\"heading\">{heading}</button><button type=\"button\" data-insert=\"list\">{list}</button><label>{link} <select data-insert-link>{links}</select></label><label>{photo} <select data-insert-photo><option value=\"\"></option>{photo_options}</select></label></div><textarea id=\"f-body\" name=\"body\" rows=\"16\" data-path=\"body\">\n{body}</textarea><p class=\"error\" id=\"e-body\"></p><h2>{preview}</h2><div id=\"preview\" class=\"preview\" aria-live=\"polite\"></div></div>",
            label = words(desk, Message::new("desk_field_body")),
            marks = self.marks("body"),
            heading = words(desk, Message::new("desk_insert_heading")),
            list = words(desk, Message::new("desk_insert_list")),
            link = words(desk, Message::new("desk_insert_link")),
            links = article_options(desk, &self.opened.rel),
            photo = words(desk, Message::new("desk_insert_photo")),
            body = escape(self.opened.document.body()),
            preview = words(desk, Message::new("desk_preview")),
        )
    }

    /// Links to make the translations that do not exist yet.
    fn translations(&self) -> String {
        if self.opened.original.is_some() || self.opened.rel.starts_with("content/pages") {
            return String::new();
        }
        let Ok(config) = crate::commands::new::read_config(&self.desk.root) else {
            return String::new();
        };
        let mut out = String::new();
        for lang in config
            .languages
            .iter()
            .filter(|l| l.as_str() != self.opened.lang)
        {
            let name = self
                .opened
                .rel
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("");
            let stem = crate::lang::split_markdown_name(name).map_or("index", |(s, _)| s);
            if self
                .desk
                .root
                .join(self.opened.rel.with_file_name(format!("{stem}.{lang}.md")))
                .exists()
            {
                continue;
            }
            let _ = write!(
                out,
                "<form method=\"post\" action=\"/_desk/translate\"><input type=\"hidden\" name=\"token\" value=\"{}\"><input type=\"hidden\" name=\"file\" value=\"{}\"><input type=\"hidden\" name=\"lang\" value=\"{lang}\"><button type=\"submit\">{}</button></form>",
                self.desk.token,
                escape(&display_path(&self.opened.rel)),
                escape(&self.desk.say(&Message::new("desk_translate_into").arg("lang", lang.to_string())))
            );
        }
        out
    }
}

/// The photos of the bundle of `rel` (`photos/x.jpg`).
fn bundle_photos(root: &std::path::Path, rel: &std::path::Path) -> Vec<String> {
    let Some(bundle) = rel.parent() else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(root.join(bundle).join("photos")) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().to_str().map(|n| format!("photos/{n}")))
        .filter(|n| !crate::source::discover::is_hidden(n.trim_start_matches("photos/")))
        .collect();
    names.sort();
    names
}

/// Every other article as an option: its title, and the link from `rel`.
fn article_options(desk: &Desk, rel: &std::path::Path) -> String {
    let mut out = String::from("<option value=\"\"></option>");
    let Ok(config) = crate::commands::new::read_config(&desk.root) else {
        return out;
    };
    let (mut errors, mut warnings) = (crate::error::Errors::default(), Vec::new());
    let found =
        crate::source::discover::find_sources(&desk.root, &config, &mut errors, &mut warnings);
    let from = rel.parent().unwrap_or(std::path::Path::new(""));
    for files in found.articles.values() {
        let Some((path, _)) = files.first() else {
            continue;
        };
        if path == rel {
            continue;
        }
        let link = relative(from, path);
        let title = row(desk, path, "", None).title;
        let _ = write!(
            out,
            "<option value=\"{}\">{}</option>",
            escape(&link),
            escape(&title)
        );
    }
    out
}

/// The relative link from folder `from` to file `to` (both under the root).
fn relative(from: &std::path::Path, to: &std::path::Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to_parts: Vec<_> = to.components().collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let ups = "../".repeat(from.len() - common);
    let rest: Vec<String> = to_parts[common..]
        .iter()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect();
    format!("{ups}{}", rest.join("/"))
}

/// A value as one line of text, for reading.
fn show(value: &Plain) -> String {
    match value {
        Plain::List(items) => items.iter().map(show).collect::<Vec<_>>().join("; "),
        Plain::Map(entries) => entries
            .iter()
            .map(|(k, v)| format!("{k}: {}", show(v)))
            .collect::<Vec<_>>()
            .join(", "),
        other => scalar_text(other),
    }
}

/// A scalar as an input shows it.
fn scalar_text(value: &Plain) -> String {
    match value {
        Plain::Text(t) | Plain::Number(t) => t.clone(),
        Plain::Int(i) => i.to_string(),
        Plain::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

fn texts(value: Option<&Plain>) -> Vec<String> {
    match value {
        Some(Plain::List(items)) => items.iter().map(scalar_text).collect(),
        _ => Vec::new(),
    }
}

/// The message key of a field's label.
fn label_key(name: &str) -> Message {
    match name {
        "title" => Message::new("desk_field_title"),
        "date" => Message::new("desk_field_date"),
        "year" => Message::new("desk_field_year"),
        "venue" => Message::new("desk_field_venue"),
        "summary" => Message::new("desk_field_summary"),
        "units" => Message::new("desk_field_units"),
        "speakers" => Message::new("desk_field_speakers"),
        "photos" => Message::new("desk_field_photos"),
        "tasks" => Message::new("desk_field_tasks"),
        "tasks_year" => Message::new("desk_field_tasks_year"),
        "roles" => Message::new("desk_field_roles"),
        "author" => Message::new("desk_field_author"),
        "source" => Message::new("desk_field_source"),
        "attachments" => Message::new("desk_field_attachments"),
        "draft" => Message::new("desk_field_draft"),
        "menu" => Message::new("desk_field_menu"),
        _ => Message::new("desk_field_body"),
    }
}

/// The message key of a row's cell.
fn cell_key(cell: &str) -> Message {
    match cell {
        "name" => Message::new("desk_cell_name"),
        "role" => Message::new("desk_cell_role"),
        "unit" => Message::new("desk_cell_unit"),
        "caption" => Message::new("desk_cell_caption"),
        "cover" => Message::new("desk_cell_cover"),
        "year" => Message::new("desk_cell_year"),
        "title" => Message::new("desk_cell_title"),
        _ => Message::new("desk_cell_file"),
    }
}

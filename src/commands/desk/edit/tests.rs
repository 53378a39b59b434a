//! The front-matter writer's unit tests: bytes kept where nothing changed,
//! comments and unknown fields kept, lists written in block style, markers
//! removed or kept, tangled texts refused.
//!
//! Uses: edit.

use super::*;

const ORDER: &[&str] = crate::source::front_matter::FIELDS;

fn text(s: &str) -> Plain {
    Plain::Text(s.to_string())
}

fn edit(fields: &[(&str, Option<Plain>)]) -> Edit {
    Edit {
        fields: fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
        keep_marked: BTreeSet::new(),
        mark: "TRANSLATE".to_string(),
    }
}

fn applied(yaml: &str, e: &Edit) -> String {
    match apply(yaml, e, ORDER) {
        Ok(edited) => edited.yaml,
        Err(err) => format!("error: {err:?}"),
    }
}

const COMMENTED: &str = "# notes for the editor\ntitle: Hội nghị   # required\ndate: 2021-12-10\nreviewer: Bình   # a field kyyeu does not know\nunits:\n  - a   # the host\n  - b\n\n# who spoke\nspeakers:\n- name: An\n  role: Chủ trì\ntasks: []\n";

#[test]
fn every_field_set_to_its_value_keeps_every_byte() {
    let fields = crate::source::yaml::fields(COMMENTED).unwrap_or_default();
    let all: Vec<(&str, Option<Plain>)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), Some(v.clone())))
        .collect();
    assert_eq!(applied(COMMENTED, &edit(&all)), COMMENTED);
}

#[test]
fn a_new_title_keeps_comments_and_unknown_fields() {
    let out = applied(
        COMMENTED,
        &edit(&[("title", Some(text("Hội nghị: tổng kết # 5")))]),
    );
    assert_eq!(
        out,
        COMMENTED.replace(
            "title: Hội nghị   # required",
            "title: \"Hội nghị: tổng kết # 5\"   # required"
        )
    );
}

#[test]
fn lists_of_texts_and_of_mappings_are_written_in_block_style() {
    let speakers = Plain::List(vec![
        Plain::Map(vec![
            ("name".into(), text("An")),
            ("role".into(), text("Chủ trì")),
        ]),
        Plain::Map(vec![
            ("name".into(), text("Bình")),
            ("unit".into(), text("b")),
        ]),
    ]);
    let tasks = Plain::List(vec![text("Một"), text("- hai"), text("yes")]);
    let out = applied(
        COMMENTED,
        &edit(&[("speakers", Some(speakers)), ("tasks", Some(tasks))]),
    );
    let expected = COMMENTED
        .replace(
            "speakers:\n- name: An\n  role: Chủ trì\n",
            "speakers:\n  - name: An\n    role: Chủ trì\n  - name: Bình\n    unit: b\n",
        )
        .replace(
            "tasks: []\n",
            "tasks:\n  - Một\n  - \"- hai\"\n  - \"yes\"\n",
        );
    assert_eq!(out, expected);
}

#[test]
fn a_missing_field_goes_after_the_field_before_it() {
    let out = applied(COMMENTED, &edit(&[("venue", Some(text("Hà Nội")))]));
    assert_eq!(
        out,
        COMMENTED.replace("date: 2021-12-10\n", "date: 2021-12-10\nvenue: Hà Nội\n")
    );
    let first = applied("date: 2021-12-10\n", &edit(&[("title", Some(text("A")))]));
    assert_eq!(first, "title: A\ndate: 2021-12-10\n");
    let empty = applied("", &edit(&[("draft", Some(Plain::Bool(true)))]));
    assert_eq!(empty, "draft: true\n");
}

#[test]
fn a_removed_field_takes_only_its_own_lines() {
    let out = applied(COMMENTED, &edit(&[("units", None)]));
    assert_eq!(
        out,
        COMMENTED.replace("units:\n  - a   # the host\n  - b\n", "")
    );
}

#[test]
fn comments_inside_a_rewritten_field_are_reported() {
    let e = edit(&[("units", Some(Plain::List(vec![text("c")])))]);
    let edited = apply(COMMENTED, &e, ORDER);
    assert_eq!(
        edited.map(|e| e.comments_dropped),
        Ok(vec!["units".to_string()])
    );
}

const MARKED: &str = "# Translation of x.\ntitle: \"Hội nghị\"   # TRANSLATE\nspeakers:\n  - name: \"An\"\n    role: \"Chủ trì\"   # TRANSLATE\n  - name: \"Bình\"\n    role: \"Thư ký\"   # TRANSLATE\ntasks:   # TRANSLATE\n  - \"Một\"\n";

#[test]
fn a_filled_field_loses_its_marker_and_the_others_keep_theirs() {
    let mut e = edit(&[("title", Some(text("Conference")))]);
    e.keep_marked.insert("tasks".to_string());
    let out = applied(MARKED, &e);
    assert_eq!(
        out,
        MARKED.replace("title: \"Hội nghị\"   # TRANSLATE", "title: Conference")
    );
}

#[test]
fn a_field_left_as_it_was_loses_its_marker_unless_kept() {
    let fields = crate::source::yaml::fields(MARKED).unwrap_or_default();
    let all: Vec<(&str, Option<Plain>)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), Some(v.clone())))
        .collect();
    let mut e = edit(&all);
    e.keep_marked.insert("speakers[2].role".to_string());
    let out = applied(MARKED, &e);
    let expected = "# Translation of x.\ntitle: \"Hội nghị\"\nspeakers:\n  - name: \"An\"\n    role: \"Chủ trì\"\n  - name: \"Bình\"\n    role: \"Thư ký\"   # TRANSLATE\ntasks:\n  - \"Một\"\n";
    assert_eq!(out, expected);
}

#[test]
fn a_rewritten_list_writes_its_kept_markers_again() {
    let speakers = Plain::List(vec![
        Plain::Map(vec![
            ("name".into(), text("An")),
            ("role".into(), text("Chair")),
        ]),
        Plain::Map(vec![
            ("name".into(), text("Bình")),
            ("role".into(), text("Thư ký")),
        ]),
    ]);
    let mut e = edit(&[("speakers", Some(speakers))]);
    e.keep_marked.insert("speakers[2].role".to_string());
    let out = applied(MARKED, &e);
    assert!(
        out.contains("speakers:\n  - name: An\n    role: Chair\n  - name: Bình\n    role: Thư ký   # TRANSLATE\ntasks:"),
        "{out}"
    );
    let marks = crate::source::markers::find(&out, 1, "", 1);
    let paths: Vec<&str> = marks.iter().map(|m| m.field.as_str()).collect();
    assert_eq!(paths, ["title", "speakers[2].role", "tasks"]);
}

#[test]
fn block_scalars_and_marks_on_their_own_line() {
    let yaml = "title: t\n# TRANSLATE\nvenue: x\nsummary: |\n  # not a comment\n  text\n";
    let out = applied(yaml, &edit(&[("venue", Some(text("Hà Nội")))]));
    assert_eq!(
        out,
        "title: t\nvenue: Hà Nội\nsummary: |\n  # not a comment\n  text\n"
    );
    let out = applied(yaml, &edit(&[("summary", Some(text("s")))]));
    assert_eq!(out, "title: t\n# TRANSLATE\nvenue: x\nsummary: s\n");
}

#[test]
fn a_text_running_across_lines_at_the_margin_is_refused() {
    let yaml = "title: \"a\nvenue: b\"\ndate: 2021-01-01\n";
    assert_eq!(
        apply(yaml, &edit(&[("date", Some(text("2022-01-01")))]), ORDER),
        Err(EditError::Tangled("title".to_string()))
    );
    let alias = "title: &t A\nvenue: *t\n";
    assert!(apply(alias, &edit(&[("title", Some(text("B")))]), ORDER).is_err());
}

//! The rules of ARCHITECTURE.md, checked on the source tree: its code map
//! names every module and only modules that exist, every module's `//!
//! Uses:` line names the modules it uses and no other, the library's
//! top-level modules use each other without cycles, and the edges stay
//! where they belong (serde_yaml, tera, pulldown-cmark and ammonia, typst
//! each in their module; no printing and no environment in the library, no
//! tuning for one file system).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `src/`, relative to `src/`, with `/` separators.
fn source_files() -> Vec<String> {
    let src = root().join("src");
    let mut files: Vec<String> = walkdir::WalkDir::new(&src)
        .into_iter()
        .flatten()
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "rs"))
        .filter_map(|entry| {
            let rel = entry.path().strip_prefix(&src).ok()?;
            Some(rel.to_string_lossy().replace('\\', "/"))
        })
        .collect();
    files.sort();
    files
}

fn read(rel: &str) -> String {
    fs::read_to_string(root().join("src").join(rel)).unwrap_or_default()
}

/// A module's name in the code map: `source/config.rs` -> `source/config`,
/// `source/mod.rs` -> `source`.
fn module_name(file: &str) -> String {
    let name = file.trim_end_matches(".rs");
    name.strip_suffix("/mod").unwrap_or(name).to_string()
}

/// Whether `file` belongs to the binary (`main.rs` and `cli/`).
fn is_binary(file: &str) -> bool {
    file == "main.rs" || file.starts_with("cli/")
}

/// The `src/...` module names written in backquotes in ARCHITECTURE.md.
fn named_in_map(map: &str) -> BTreeSet<String> {
    map.split('`')
        .skip(1)
        .step_by(2)
        .filter_map(|quoted| quoted.strip_prefix("src/"))
        .filter(|path| path.ends_with(".rs") || (path.ends_with('/') && path.len() > 1))
        .map(|path| module_name(path.trim_end_matches('/')))
        .collect()
}

#[test]
fn the_code_map_names_every_module_and_only_modules_that_exist() {
    let map = fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap_or_default();
    assert!(!map.is_empty(), "ARCHITECTURE.md is missing or empty");
    let named = named_in_map(&map);
    let modules: BTreeSet<String> = source_files().iter().map(|f| module_name(f)).collect();
    let unnamed: Vec<&String> = modules.difference(&named).collect();
    assert!(
        unnamed.is_empty(),
        "modules the code map does not name (as `src/NAME.rs` or `src/DIR/`): {unnamed:?}"
    );
    let missing: Vec<&String> = named.difference(&modules).collect();
    assert!(
        missing.is_empty(),
        "the code map names modules that do not exist: {missing:?}"
    );
}

/// The library's top-level module of a file: `source/config.rs` -> `source`.
fn top_module(file: &str) -> String {
    let first = file.split('/').next().unwrap_or(file);
    first.trim_end_matches(".rs").to_string()
}

/// Top-level module -> the other top-level modules its files name as `crate::X`.
fn library_edges() -> BTreeMap<String, BTreeSet<String>> {
    let files: Vec<String> = source_files()
        .into_iter()
        .filter(|f| !is_binary(f) && f != "lib.rs")
        .collect();
    let tops: BTreeSet<String> = files.iter().map(|f| top_module(f)).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let from = top_module(file);
        let text = without_test_modules(&read(file));
        let used = edges.entry(from.clone()).or_default();
        for to in &tops {
            let named = text.contains(&format!("crate::{to}::"))
                || text.contains(&format!("crate::{to};"))
                || text.contains(&format!("crate::{{{to}"))
                || uses_in_group(&text, to);
            if named && *to != from {
                used.insert(to.clone());
            }
        }
    }
    edges
}

/// Whether `text` names `module` inside a `use crate::{...}` group.
fn uses_in_group(text: &str, module: &str) -> bool {
    text.match_indices("use crate::{").any(|(at, _)| {
        let group = &text[at..];
        let group = &group[..group.find('}').unwrap_or(group.len())];
        group
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .any(|word| word == module)
    })
}

#[test]
fn top_level_modules_use_each_other_without_cycles() {
    let edges = library_edges();
    let mut cycles = Vec::new();
    for start in edges.keys() {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((node, path)) = stack.pop() {
            for next in edges.get(&node).into_iter().flatten() {
                if next == start {
                    cycles.push(path.join(" -> ") + " -> " + start);
                } else if seen.insert(next.clone()) {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    assert!(cycles.is_empty(), "import cycles: {cycles:#?}");
}

/// The library's files whose text outside tests contains `needle`.
fn library_files_with(needle: &str) -> Vec<String> {
    source_files()
        .into_iter()
        .filter(|f| !is_binary(f))
        .filter(|f| without_test_modules(&read(f)).contains(needle))
        .collect()
}

#[test]
fn the_library_never_prints_nor_reads_the_environment() {
    for needle in [
        "println!",
        "eprintln!",
        "print!(",
        "std::env::var",
        "env::var_os",
    ] {
        let found = library_files_with(needle);
        assert!(found.is_empty(), "`{needle}` in the library: {found:?}");
    }
}

#[test]
fn serde_yaml_is_used_in_one_module() {
    let users: Vec<String> = source_files()
        .into_iter()
        .filter(|f| read(f).contains("serde_yaml"))
        .collect();
    assert_eq!(users, vec!["source/yaml.rs".to_string()]);
}

#[test]
fn no_tuning_for_one_file_system() {
    for needle in ["chattr", "FS_TOPDIR", "TOPDIR", "KYYEU_SPREAD"] {
        let found: Vec<String> = source_files()
            .into_iter()
            .filter(|f| read(f).contains(needle))
            .collect();
        assert!(found.is_empty(), "`{needle}` in {found:?}");
    }
}

#[test]
fn the_library_has_its_platform_code_in_one_module() {
    assert_eq!(library_files_with("target_os"), vec!["output/swap.rs"]);
}

/// A module exists where the map says: this test's own helpers agree with
/// the layout (a file and a folder module are named alike).
#[test]
fn module_names_follow_files() {
    assert_eq!(module_name("source/mod.rs"), "source");
    assert_eq!(module_name("source/config.rs"), "source/config");
    assert_eq!(top_module("source/config.rs"), "source");
    assert!(Path::new(&root().join("src/lib.rs")).is_file());
}

/// The text of a file without its tests: a `#[cfg(test)]` module written
/// in the file is cut from there to its end; a `#[cfg(test)] mod tests;`
/// (the tests in a file of their own) is only that line.
fn without_test_modules(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = rest[at + "#[cfg(test)]".len()..].trim_start();
        let declared = after.strip_prefix("mod ").and_then(|decl| {
            let semi = decl.find(';')?;
            decl.find('{')
                .is_none_or(|brace| semi < brace)
                .then(|| &decl[semi + 1..])
        });
        match declared {
            Some(tail) => rest = tail,
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// The modules a file's `//! Uses:` line names: the first word of each
/// item of its list (up to the list's end, a `.`), parenthesized notes left
/// out. `None` when the file has no such line.
fn uses_line(text: &str) -> Option<BTreeSet<String>> {
    let docs: Vec<&str> = text
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .map(|l| l.trim_start_matches("//!").trim())
        .collect();
    let start = docs.iter().position(|l| l.starts_with("Uses:"))?;
    let mut list = String::new();
    for line in &docs[start..] {
        if line.is_empty() {
            break;
        }
        list.push_str(line.trim_start_matches("Uses:"));
        list.push(' ');
    }
    let mut depth = 0;
    let mut plain = String::new();
    for c in list.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let plain = plain
        .split(". ")
        .next()
        .unwrap_or("")
        .trim_end_matches(['.', ' ']);
    let words = plain
        .split([',', ';'])
        .flat_map(|item| item.split(" and "))
        .filter_map(|item| item.split_whitespace().next())
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric() && c != '_'))
        .filter(|word| !word.is_empty() && *word != "nothing")
        .map(str::to_string);
    Some(words.collect())
}

/// The module (as a path below `src/`, `source/body`) that `crate::` path
/// `segments` names: the longest prefix that is a module of the tree.
fn module_of(segments: &[&str], modules: &BTreeSet<String>) -> Option<String> {
    (1..=segments.len())
        .rev()
        .map(|n| segments[..n].join("/"))
        .find(|path| modules.contains(path))
}

/// The modules of the crate a file (`pages/photos.rs`) names in its code
/// outside tests, by `crate::` or `super::` paths: their leaf names
/// (`body`, `pages`), or `lib` for the crate root's own items.
fn used_modules(file: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let module = module_name(file);
    // `super::` of `pages/meta.rs` is `pages`; of `pages/mod.rs`, the root.
    let parent: Vec<&str> = match module.rsplit_once('/') {
        Some((parent, _)) => parent.split('/').collect(),
        None => Vec::new(),
    };
    let stripped = without_test_modules(&read(file));
    let code: Vec<&str> = stripped
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect();
    let text = code.join("\n");
    let mut used = BTreeSet::new();
    if file == "lib.rs" {
        // The crate root names its top-level modules without `crate::`.
        for top in modules
            .iter()
            .filter(|m| !m.contains('/') && *m != "lib" && *m != "main")
        {
            let named = text.match_indices(&format!("{top}::")).any(|(at, _)| {
                !text[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':')
            });
            if named {
                used.insert(top.clone());
            }
        }
    }
    for (prefix, base) in [("crate::", Vec::new()), ("super::", parent)] {
        for (at, _) in text.match_indices(prefix) {
            if text[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            for path in paths_at(&text[at + prefix.len()..]) {
                let mut segments = base.clone();
                segments.extend(path.iter().copied());
                let found = module_of(&segments, modules);
                let name = found
                    .as_deref()
                    .map_or("lib", |m| m.rsplit('/').next().unwrap_or(m));
                if found.as_deref() != Some(module.as_str()) {
                    used.insert(name.to_string());
                }
            }
        }
    }
    used
}

/// The paths written at the start of `text` after `crate::`: one
/// (`source::body::OwnerFiles`) or a group's (`{model, urls::Urls}`).
fn paths_at(text: &str) -> Vec<Vec<&str>> {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut head: Vec<&str> = Vec::new();
    let mut rest = text;
    loop {
        let end = rest.find(|c: char| !word(c)).unwrap_or(rest.len());
        if end > 0 {
            head.push(&rest[..end]);
        }
        rest = &rest[end..];
        match rest.strip_prefix("::") {
            Some(after) if after.starts_with('{') => {
                let group = &after[1..after.find('}').unwrap_or(after.len())];
                return group
                    .split(',')
                    .map(|item| {
                        let mut path = head.clone();
                        path.extend(
                            item.trim()
                                .split("::")
                                .map(str::trim)
                                .filter(|s| !s.is_empty() && s.chars().all(word)),
                        );
                        path
                    })
                    .collect();
            }
            Some(after) => rest = after,
            None if rest.starts_with('{') => {
                let group = &rest[1..rest.find('}').unwrap_or(rest.len())];
                return group
                    .split(',')
                    .map(|item| {
                        item.trim()
                            .split("::")
                            .map(str::trim)
                            .filter(|s| !s.is_empty() && s.chars().all(word))
                            .collect()
                    })
                    .collect();
            }
            None => return vec![head],
        }
    }
}

#[test]
fn every_uses_line_names_the_modules_its_file_uses_and_no_other() {
    let modules: BTreeSet<String> = source_files().iter().map(|f| module_name(f)).collect();
    let leaves: BTreeSet<String> = modules
        .iter()
        .map(|m| m.rsplit('/').next().unwrap_or(m).to_string())
        .collect();
    let mut wrong = Vec::new();
    // A file of tests (`pages/tests.rs`) may use anything.
    for file in source_files()
        .into_iter()
        .filter(|f| !f.ends_with("tests.rs"))
    {
        let text = read(&file);
        let Some(named) = uses_line(&text) else {
            wrong.push(format!("{file}: no `//! Uses:` line"));
            continue;
        };
        let used = used_modules(&file, &modules);
        let missing: Vec<&String> = used.difference(&named).collect();
        let stale: Vec<&String> = named
            .iter()
            .filter(|n| (leaves.contains(*n) || *n == "lib") && !used.contains(*n))
            .collect();
        if !missing.is_empty() || !stale.is_empty() {
            wrong.push(format!(
                "{file}: uses but does not name {missing:?}; names but does not use {stale:?}"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "`//! Uses:` lines out of date:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn each_library_stays_in_its_module() {
    for (needles, home) in [
        (&["tera::", "use tera"][..], &["render.rs"][..]),
        (&["pulldown_cmark", "ammonia::"][..], &["markdown/"][..]),
        (
            &["typst::", "typst_pdf", "typst_layout", "use typst"][..],
            &["book/"][..],
        ),
    ] {
        for needle in needles {
            let outside: Vec<String> = library_files_with(needle)
                .into_iter()
                .filter(|f| !home.iter().any(|h| f.starts_with(h)))
                .collect();
            assert!(
                outside.is_empty(),
                "`{needle}` outside {home:?}: {outside:?}"
            );
        }
    }
}

#[test]
fn tests_are_cut_from_a_file_and_nothing_else() {
    let declared = "//! x\nuse a;\n#[cfg(test)]\nmod tests;\n\nfn kept() {}\n";
    assert_eq!(
        without_test_modules(declared),
        "//! x\nuse a;\n\n\nfn kept() {}\n"
    );
    let written = "fn kept() {}\n#[cfg(test)]\nmod tests {\n    fn gone() {}\n}\n";
    assert_eq!(without_test_modules(written), "fn kept() {}\n");
    let uses = "//! One job.\n//!\n//! Uses: error, model (the settings), pages (the\n//! planner), lib. The rest.\n";
    let named: Vec<String> = uses_line(uses).unwrap_or_default().into_iter().collect();
    assert_eq!(named, ["error", "lib", "model", "pages"]);
}

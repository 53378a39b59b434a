//! The rules of ARCHITECTURE.md, checked on the source tree: its code map
//! names every module and only modules that exist, the library's top-level
//! modules use each other without cycles, and the edges stay where they
//! belong (serde_yaml in one module, no printing and no environment in the
//! library, no tuning for one file system).

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
        let text = without_tests(&read(file));
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

/// The text before a file's `#[cfg(test)]` module: tests may use anything.
fn without_tests(text: &str) -> String {
    match text.find("#[cfg(test)]") {
        Some(at) => text[..at].to_string(),
        None => text.to_string(),
    }
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
        .filter(|f| without_tests(&read(f)).contains(needle))
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

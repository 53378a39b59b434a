//! The end-to-end harness: a site copied (or written) into a temporary
//! folder, the real `kyyeu` binary run on it, and helpers to read and check
//! what it wrote.
//!
//! Fixture sites live in `tests/sites/<case>/`. Photos are not committed:
//! a fixture lists them in `make-photos.txt` (`<path> <width>x<height>` per
//! line) and the harness draws them when it copies the site.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use tempfile::TempDir;

/// Files of a fixture folder that belong to the tests, not to the site.
const FIXTURE_ONLY: &[&str] = &["make-photos.txt", "expected-files.txt", "expected"];

/// The `site.yaml` of the small sites written inline by the tests.
pub const SITE_YAML: &str = "\
title:
  vi: Kỷ yếu thử nghiệm
  en: Test proceedings
base_url: https://example.org/kyyeu
languages: [vi, en]
";

/// The `content/units.yaml` of the small inline sites.
pub const UNITS_YAML: &str = "\
- id: lien-minh-htx-viet-nam
  name:
    vi: Liên minh Hợp tác xã Việt Nam
    en: Vietnam Cooperative Alliance
- id: quy-ho-tro-phat-trien-htx
  name:
    vi: Quỹ hỗ trợ phát triển hợp tác xã
    en: Cooperative Development Support Fund
";

/// What one run of the binary gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts exit status 0 and returns self.
    #[track_caller]
    pub fn success(self) -> Self {
        assert_eq!(
            self.code, 0,
            "expected success\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// A site in a folder of its own.
pub struct Site {
    root: PathBuf,
    _tmp: Option<TempDir>,
}

impl Site {
    /// An empty site folder (no site.yaml yet).
    pub fn empty() -> Site {
        let tmp = tempfile::Builder::new()
            .prefix("kyyeu-test-")
            .tempdir()
            .expect("temporary folder");
        Site {
            root: tmp.path().to_path_buf(),
            _tmp: Some(tmp),
        }
    }

    /// A copy of `tests/sites/<case>/`, photos drawn.
    pub fn fixture(case: &str) -> Site {
        let site = Site::empty();
        site.fill_from_fixture(case);
        site
    }

    /// A site written from `(path, text)` pairs.
    pub fn inline(files: &[(&str, &str)]) -> Site {
        let site = Site::empty();
        for (path, text) in files {
            site.write(path, text);
        }
        site
    }

    /// The standard small site: site.yaml and units.yaml, no articles.
    pub fn minimal() -> Site {
        Site::inline(&[("site.yaml", SITE_YAML), ("content/units.yaml", UNITS_YAML)])
    }

    /// The fixture `case`, built once per test binary and shared read-only
    /// by the tests that only look at its output. It lives in cargo's
    /// target/tmp folder, rebuilt at the first use of each test run.
    pub fn shared_build(case: &'static str) -> &'static Site {
        static SITES: OnceLock<std::sync::Mutex<BTreeMap<&'static str, &'static Site>>> =
            OnceLock::new();
        let map = SITES.get_or_init(Default::default);
        let mut map = map.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(site) = map.get(case) {
            return site;
        }
        let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("{}-{case}", env!("CARGO_CRATE_NAME")));
        if root.exists() {
            std::fs::remove_dir_all(&root).unwrap();
        }
        std::fs::create_dir_all(&root).unwrap();
        let site = Site { root, _tmp: None };
        site.fill_from_fixture(case);
        site.build().success();
        let site: &'static Site = Box::leak(Box::new(site));
        map.insert(case, site);
        site
    }

    fn fill_from_fixture(&self, case: &str) {
        let from = fixture_dir(case);
        assert!(from.is_dir(), "no fixture {}", from.display());
        copy_tree(&from, &self.root, &|rel| {
            let top = rel.split('/').next().unwrap_or(rel);
            !FIXTURE_ONLY.contains(&top)
        });
        let manifest = from.join("make-photos.txt");
        if manifest.is_file() {
            for line in std::fs::read_to_string(&manifest).unwrap().lines() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let (path, size) = line.split_once(' ').expect("`<path> <w>x<h>`");
                let (w, h) = size.trim().split_once('x').expect("`<w>x<h>`");
                self.photo(path, w.parse().unwrap(), h.parse().unwrap());
            }
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The default output folder.
    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }

    /// Writes a text file of the site (folders created).
    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    /// Draws a `width` x `height` photo at `rel` (JPEG, or PNG for `.png`).
    pub fn photo(&self, rel: &str, width: u32, height: u32) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        draw_photo(&path, width, height);
    }

    /// Runs `kyyeu <args>` in the site's folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(&self.root, args)
    }

    /// Runs `kyyeu build`.
    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// The text of an output file (`public/<rel>`).
    #[track_caller]
    pub fn read(&self, rel: &str) -> String {
        read_in(&self.public(), rel)
    }

    /// Whether `public/<rel>` is a file.
    pub fn has(&self, rel: &str) -> bool {
        self.public().join(rel).is_file()
    }

    /// Every output file, relative to public/, sorted.
    pub fn output_files(&self) -> Vec<String> {
        snapshot(&self.public()).into_keys().collect()
    }

    /// Writes a fake previous output and returns a snapshot of it.
    pub fn seed_public(&self) -> BTreeMap<String, Vec<u8>> {
        self.write("public/index.html", "<p>previous home</p>\n");
        self.write("public/2020/old/index.html", "<p>previous article</p>\n");
        self.write_bytes("public/2020/old/photo.jpg", &[0xff, 0xd8, 0xff, 0x00, 0x01]);
        snapshot(&self.public())
    }

    /// Asserts the output folder is byte for byte `before`, and that no
    /// staging folder was left beside it.
    #[track_caller]
    pub fn assert_public_is(&self, before: &BTreeMap<String, Vec<u8>>) {
        let after = snapshot(&self.public());
        assert!(
            &after == before,
            "public/ changed: before {:?}, after {:?}",
            before.keys().collect::<Vec<_>>(),
            after.keys().collect::<Vec<_>>()
        );
        let leftovers: Vec<String> = std::fs::read_dir(&self.root)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n.contains("staging"))
            .collect();
        assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
    }
}

/// The locale the tests are written for: English messages. (Without a
/// locale that names a language, messages follow the site's default
/// language, Vietnamese for most test sites: `ui_lang.rs` tests that.)
pub const ENGLISH: &[(&str, &str)] = &[("LANG", "en_US.UTF-8")];

/// Runs the binary in `dir`, its messages in English.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_in_env(dir, args, ENGLISH)
}

/// The folder of a fixture site.
pub fn fixture_dir(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/sites")
        .join(case)
}

#[track_caller]
pub fn read_in(dir: &Path, rel: &str) -> String {
    let path = dir.join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Draws a deterministic gradient, different for every path.
pub fn draw_photo(path: &Path, width: u32, height: u32) {
    let seed = path
        .file_name()
        .map(|n| n.to_string_lossy().bytes().map(u32::from).sum::<u32>())
        .unwrap_or(0);
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([
            (x * 255 / width.max(1)) as u8,
            (y * 255 / height.max(1)) as u8,
            (seed % 256) as u8,
        ])
    });
    let format = if path.extension().is_some_and(|e| e == "png") {
        image::ImageFormat::Png
    } else {
        image::ImageFormat::Jpeg
    };
    image.save_with_format(path, format).unwrap();
}

/// The width and height of an image file.
pub fn image_size(path: &Path) -> (u32, u32) {
    image::image_dimensions(path)
        .unwrap_or_else(|e| panic!("{} is not a readable image: {e}", path.display()))
}

/// Copies `from` into `to`, keeping the files (relative paths) `keep` accepts.
pub fn copy_tree(from: &Path, to: &Path, keep: &dyn Fn(&str) -> bool) {
    for entry in walk(from) {
        let rel = entry.strip_prefix(from).unwrap();
        let rel_text = slash(rel);
        if !keep(&rel_text) {
            continue;
        }
        let target = to.join(rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &target).unwrap();
    }
}

/// Every file under `dir`, recursively, sorted.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                stack.push(entry.path());
            } else {
                out.push(entry.path());
            }
        }
    }
    out.sort();
    out
}

fn slash(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Every file under `dir` with its bytes (empty when `dir` does not exist).
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walk(dir)
        .into_iter()
        .map(|p| {
            let rel = slash(p.strip_prefix(dir).unwrap());
            (rel, std::fs::read(&p).unwrap())
        })
        .collect()
}

/// Asserts `haystack` contains `needle`, showing where it looked.
#[track_caller]
pub fn assert_contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected to find\n    {needle}\nin\n{}",
        excerpt(haystack)
    );
}

/// Asserts `haystack` does not contain `needle`, showing where it is.
#[track_caller]
pub fn assert_not_contains(haystack: &str, needle: &str) {
    if let Some(i) = haystack.find(needle) {
        let start = floor(haystack, i.saturating_sub(200));
        let end = floor(haystack, (i + needle.len() + 200).min(haystack.len()));
        panic!(
            "did not expect to find\n    {needle}\nbut found it in\n...{}...",
            &haystack[start..end]
        );
    }
}

/// Asserts that `first` occurs before `second` in `text`.
#[track_caller]
pub fn assert_in_order(text: &str, first: &str, second: &str) {
    let a = text.find(first);
    let b = text.find(second);
    assert!(
        matches!((a, b), (Some(a), Some(b)) if a < b),
        "expected `{first}` ({a:?}) before `{second}` ({b:?}) in\n{}",
        excerpt(text)
    );
}

fn floor(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn excerpt(text: &str) -> String {
    if text.len() <= 4000 {
        text.to_string()
    } else {
        format!("{}\n[... {} bytes]", &text[..floor(text, 4000)], text.len())
    }
}

/// The part of `html` between `<main` and `</main>` (the page's own content).
#[track_caller]
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main> element");
    let end = html.find("</main>").expect("a </main> tag");
    &html[start..end]
}

/// The `<head>` of a page.
#[track_caller]
pub fn head_of(html: &str) -> &str {
    let end = html.find("</head>").expect("a </head> tag");
    &html[..end]
}

/// The values of attribute `name` on every tag of `html`, entities decoded.
pub fn attr_values(html: &str, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for quote in ['"', '\''] {
        let pattern = format!(" {name}={quote}");
        let mut rest = html;
        while let Some(i) = rest.find(&pattern) {
            rest = &rest[i + pattern.len()..];
            let end = rest.find(quote).unwrap_or(rest.len());
            out.push(decode_entities(&rest[..end]));
            rest = &rest[end..];
        }
    }
    out
}

/// Every tag `<name ...>` of `html`, as written.
pub fn tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        if after.starts_with([' ', '>', '/', '\n']) {
            let end = after.find('>').map_or(after.len(), |e| e + 1);
            out.push(&rest[i..i + open.len() + end]);
        }
        rest = after;
    }
    out
}

/// The value of attribute `name` in one tag.
pub fn attr(tag: &str, name: &str) -> Option<String> {
    attr_values(tag, name).into_iter().next()
}

/// Decodes the entities the templates write.
pub fn decode_entities(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Resolves `link` written on the page `page` (a file path relative to the
/// output root, e.g. `2021/a/index.html`) to an output file path, or says
/// why it cannot. `base_path` is the path of `base_url` (`/kyyeu/`), used for
/// root-relative links. Returns `Ok(None)` for links that leave the site
/// (http, mailto) or point inside the page (`#x`).
pub fn resolve_link(page: &str, link: &str, base_path: &str) -> Result<Option<String>, String> {
    let link = link.trim();
    let lower = link.to_ascii_lowercase();
    if lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("mailto:")
        || link.starts_with('#')
    {
        return Ok(None);
    }
    if lower.contains(':') && !lower.contains('/') {
        return Err(format!("`{link}` has a scheme"));
    }
    let link = link.split(['#', '?']).next().unwrap_or("");
    if let Some(rest) = link.strip_prefix('/') {
        let absolute = format!("/{rest}");
        return match absolute.strip_prefix(base_path) {
            Some(inner) => resolve_link("index.html", inner, base_path),
            None => Err(format!("`{link}` is outside the base path {base_path}")),
        };
    }
    let rest = link;
    let start = Path::new(page).parent().unwrap_or(Path::new(""));
    let mut parts: Vec<String> = start
        .components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect();
    for c in Path::new(rest).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return Err(format!("`{link}` climbs above the output folder"));
                }
            }
            Component::Normal(n) => parts.push(n.to_string_lossy().to_string()),
            _ => return Err(format!("`{link}` is not a relative path")),
        }
    }
    let mut target = parts.join("/");
    if rest.is_empty() {
        target = page.to_string();
    } else if rest.ends_with('/') || target.is_empty() {
        target = if target.is_empty() {
            "index.html".to_string()
        } else {
            format!("{target}/index.html")
        };
    }
    Ok(Some(target))
}

/// Checks that `text` is a well-formed XML document: one root element,
/// balanced and properly nested tags, quoted attributes without `<` and
/// without repeated names, and only the predefined or numeric entities.
pub fn check_xml(text: &str) -> Result<(), String> {
    let mut stack: Vec<String> = Vec::new();
    let mut roots = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    let text_at = |from: usize, to: usize| &text[from..to];
    while i < text.len() {
        let Some(lt) = text[i..].find('<').map(|j| i + j) else {
            check_text(text_at(i, text.len()), &stack)?;
            break;
        };
        check_text(text_at(i, lt), &stack)?;
        let rest = &text[lt..];
        if rest.starts_with("<?") {
            if lt != 0 && !stack.is_empty() {
                return Err("processing instruction inside an element".into());
            }
            i = lt + rest.find("?>").ok_or("unclosed <?")? + 2;
        } else if rest.starts_with("<!--") {
            i = lt + rest.find("-->").ok_or("unclosed comment")? + 3;
        } else if rest.starts_with("<![CDATA[") {
            if stack.is_empty() {
                return Err("CDATA outside the root element".into());
            }
            i = lt + rest.find("]]>").ok_or("unclosed CDATA")? + 3;
        } else if let Some(close) = rest.strip_prefix("</") {
            let end = close.find('>').ok_or("unclosed end tag")?;
            let name = close[..end].trim();
            match stack.pop() {
                Some(open) if open == name => {}
                other => return Err(format!("`</{name}>` closes {other:?}")),
            }
            i = lt + 2 + end + 1;
        } else {
            let end = tag_end(&bytes[lt..]).ok_or("unclosed start tag")?;
            let inner = &text[lt + 1..lt + end];
            let (inner, empty) = match inner.strip_suffix('/') {
                Some(s) => (s, true),
                None => (inner, false),
            };
            let name_end = inner
                .find(|c: char| c.is_whitespace())
                .unwrap_or(inner.len());
            let name = &inner[..name_end];
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_alphanumeric() || ":_-.".contains(c))
            {
                return Err(format!("bad tag name `{name}`"));
            }
            check_attributes(&inner[name_end..])?;
            if stack.is_empty() {
                roots += 1;
                if roots > 1 {
                    return Err(format!("a second root element `{name}`"));
                }
            }
            if !empty {
                stack.push(name.to_string());
            }
            i = lt + end + 1;
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("`<{open}>` is never closed"));
    }
    if roots != 1 {
        return Err("no root element".into());
    }
    Ok(())
}

/// The offset of the `>` ending the tag that starts at `bytes[0]`, outside quotes.
fn tag_end(bytes: &[u8]) -> Option<usize> {
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return Some(i),
            _ => {}
        }
    }
    None
}

fn check_text(text: &str, stack: &[String]) -> Result<(), String> {
    if stack.is_empty() && !text.trim().is_empty() {
        return Err(format!("text outside the root element: `{}`", text.trim()));
    }
    check_entities(text)
}

fn check_entities(text: &str) -> Result<(), String> {
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        rest = &rest[i + 1..];
        let end = rest
            .find(';')
            .ok_or_else(|| format!("bare `&` before `{}`", short(rest)))?;
        let name = &rest[..end];
        let ok = matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
            || name
                .strip_prefix("#x")
                .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
            || name
                .strip_prefix('#')
                .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
        if !ok {
            return Err(format!("unknown entity `&{name};`"));
        }
    }
    Ok(())
}

fn short(text: &str) -> &str {
    &text[..floor(text, text.len().min(30))]
}

fn check_attributes(mut text: &str) -> Result<(), String> {
    let mut seen: Vec<&str> = Vec::new();
    loop {
        text = text.trim_start();
        if text.is_empty() {
            return Ok(());
        }
        let eq = text
            .find('=')
            .ok_or_else(|| format!("attribute without value: `{text}`"))?;
        let name = text[..eq].trim();
        if name.is_empty() || name.contains(char::is_whitespace) {
            return Err(format!("bad attribute name `{name}`"));
        }
        if seen.contains(&name) {
            return Err(format!("attribute `{name}` repeated"));
        }
        seen.push(name);
        let after = text[eq + 1..].trim_start();
        let quote = after
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')
            .ok_or_else(|| format!("unquoted value of `{name}`"))?;
        let close = after[1..]
            .find(quote)
            .ok_or_else(|| format!("unclosed value of `{name}`"))?;
        let value = &after[1..1 + close];
        if value.contains('<') {
            return Err(format!("`<` in the value of `{name}`"));
        }
        check_entities(value)?;
        text = &after[close + 2..];
    }
}

/// The variables that choose the language of messages.
pub const LOCALE_VARIABLES: &[&str] = &["LANG", "LC_ALL", "LC_MESSAGES"];

/// Runs the binary in `dir` with the locale variables removed, then `env` set.
pub fn run_in_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kyyeu"));
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        // The day the books say they were typeset: the same on every day
        // the tests run (10 December 2021).
        .env("SOURCE_DATE_EPOCH", "1639137600")
        .env_remove("RUST_LOG");
    for name in LOCALE_VARIABLES {
        command.env_remove(name);
    }
    let output = command
        .envs(env.iter().copied())
        .output()
        .expect("the kyyeu binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

impl Site {
    /// Runs `kyyeu <args>` in the site's folder with exactly the locale `env`.
    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        run_in_env(&self.root, args, env)
    }
}

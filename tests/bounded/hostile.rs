//! Hostile and broken sites, one test per kind of bad input: resource bombs
//! (YAML aliases and nesting, pathological Markdown, huge files, gigapixel
//! photos), `javascript:` URLs, paths that try to leave the output, symbolic
//! link loops, and faults (a read-only output, a full disk, a killed build,
//! two builds at once).
//!
//! Each test asserts the exit status, the message with its `path:line:col`,
//! that nothing panicked, that a failed build left the previous output byte
//! for byte as it was, and that nothing outside the output folder (and the
//! photo cache) was written: every site lives in `<sandbox>/site`, beside a
//! folder `outside/`, and the whole sandbox is compared before and after.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// The faults are made with Unix means (modes, chattr, signals): elsewhere
// their tests are left out, and the helpers only they use are unused.
#![cfg_attr(not(unix), allow(dead_code))]

use crate::common;
use crate::common::{assert_contains, Run, SITE_YAML, UNITS_YAML};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Where the hostile article of most tests is written.
const ARTICLE: &str = "content/2021/hoi-nghi/index.vi.md";

/// A valid article, so that a sandbox has a previous output to protect.
const GOOD: &str = "---\ntitle: Hội nghị tổng kết\ndate: 2021-12-10\nunits: [lien-minh-htx-viet-nam]\n---\nĐoạn mở đầu.\n\nĐoạn thứ hai với [một liên kết](https://example.org/a).\n";

/// A file, folder or symbolic link of a sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    Dir,
    File(Vec<u8>),
    Link(PathBuf),
    /// A pipe, a socket or a device (never read).
    Other,
}

/// Every entry under a folder (symbolic links not followed), by relative path.
type Tree = BTreeMap<String, Node>;

fn tree(dir: &Path) -> Tree {
    let mut out = Tree::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let rel = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let kind = entry.file_type().unwrap();
            let node = if kind.is_symlink() {
                Node::Link(std::fs::read_link(&path).unwrap())
            } else if kind.is_dir() {
                stack.push(path.clone());
                Node::Dir
            } else if kind.is_file() {
                Node::File(std::fs::read(&path).unwrap_or_default())
            } else {
                Node::Other
            };
            out.insert(rel, node);
        }
    }
    out
}

/// `tree` without the entries under any of `prefixes`.
fn without(mut tree: Tree, prefixes: &[&str]) -> Tree {
    tree.retain(|path, _| {
        !prefixes
            .iter()
            .any(|p| path == p || path.starts_with(&format!("{p}/")))
    });
    tree
}

/// Names of the entries that differ between two trees.
fn diff(a: &Tree, b: &Tree) -> Vec<String> {
    let mut out: Vec<String> = a
        .iter()
        .filter(|(k, v)| b.get(*k) != Some(v))
        .map(|(k, _)| format!("changed or removed: {k}"))
        .collect();
    out.extend(
        b.keys()
            .filter(|k| !a.contains_key(*k))
            .map(|k| format!("added: {k}")),
    );
    out
}

/// A site in `<tmp>/site` beside `<tmp>/outside/`.
struct Sandbox {
    tmp: tempfile::TempDir,
}

impl Sandbox {
    /// site.yaml, units.yaml and a canary file outside the site.
    fn new() -> Sandbox {
        let tmp = tempfile::Builder::new()
            .prefix("kyyeu-hostile-")
            .tempdir()
            .unwrap();
        let sandbox = Sandbox { tmp };
        sandbox.write("site.yaml", SITE_YAML);
        sandbox.write("content/units.yaml", UNITS_YAML);
        let outside = sandbox.tmp.path().join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("canary.txt"), "do not touch\n").unwrap();
        sandbox
    }

    /// A sandbox whose site has one good article and a built output.
    fn built() -> Sandbox {
        let sandbox = Sandbox::new();
        sandbox.write("content/2021/truoc/index.vi.md", GOOD);
        sandbox.build().success_clean();
        assert!(sandbox
            .root()
            .join("public/2021/truoc/index.html")
            .is_file());
        sandbox
    }

    fn outer(&self) -> &Path {
        self.tmp.path()
    }

    fn root(&self) -> PathBuf {
        self.tmp.path().join("site")
    }

    fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    fn append_site_yaml(&self, text: &str) {
        self.write("site.yaml", &format!("{SITE_YAML}{text}"));
    }

    fn run(&self, args: &[&str]) -> Run {
        common::run_in(&self.root(), args)
    }

    fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// The whole sandbox but the photo cache.
    fn snapshot(&self) -> Tree {
        without(tree(self.outer()), &["site/.kyyeu-cache"])
    }

    /// Runs `kyyeu build` expecting exit status `code`, every one of
    /// `messages` in stderr, no panic, and the sandbox (the previous output
    /// included) exactly as it was. Returns the run.
    #[track_caller]
    fn build_fails(&self, code: i32, messages: &[&str]) -> Run {
        let before = self.snapshot();
        let run = self.build();
        assert_eq!(run.code, code, "exit status; stderr:\n{}", run.stderr);
        for message in messages {
            assert_contains(&run.stderr, message);
        }
        assert_no_panic(&run);
        let changes = diff(&before, &self.snapshot());
        assert!(changes.is_empty(), "the failed build changed: {changes:#?}");
        run
    }

    /// Runs `kyyeu build` expecting success within `limit`, with nothing
    /// written outside the output folder and the cache.
    #[track_caller]
    fn build_succeeds_within(&self, limit: Duration) -> Run {
        let before = without(self.snapshot(), &["site/public"]);
        let started = Instant::now();
        let run = self.build().success_clean();
        let took = started.elapsed();
        assert!(took < limit, "the build took {took:?}");
        let after = without(self.snapshot(), &["site/public"]);
        let changes = diff(&before, &after);
        assert!(
            changes.is_empty(),
            "written outside the output: {changes:#?}"
        );
        assert_no_script(&self.public());
        run
    }
}

trait Clean {
    fn success_clean(self) -> Self;
}

impl Clean for Run {
    /// Exit status 0 and no panic.
    #[track_caller]
    fn success_clean(self) -> Self {
        assert_no_panic(&self);
        self.success()
    }
}

#[track_caller]
fn assert_no_panic(run: &Run) {
    assert!(
        !run.stderr.contains("panicked") && run.code != 101,
        "the build panicked:\n{}",
        run.stderr
    );
}

/// Asserts that no output file can run a script: every `<script>` of a page
/// loads a file of the site and holds nothing; no attribute is an event
/// handler; no `href`, `src` or similar holds a `javascript:`, `vbscript:`
/// or `data:` URL (entities and percent-encoding decoded, spaces and
/// control characters dropped, any case); feeds and sitemaps are checked the
/// same way, and so is the HTML they carry as escaped text; the search data
/// files hold no `<` at all.
#[track_caller]
fn assert_no_script(public: &Path) {
    for path in common::walk(public) {
        let rel = path.strip_prefix(public).unwrap().to_string_lossy();
        let ext = path.extension().map(|e| e.to_string_lossy().to_string());
        match ext.as_deref() {
            Some("html") => check_markup(&rel, &std::fs::read_to_string(&path).unwrap()),
            Some("xml") => {
                let text = std::fs::read_to_string(&path).unwrap();
                check_markup(&rel, &text);
                // HTML carried as escaped text (`<content type="html">`).
                for part in text.split("type=\"html\"").skip(1) {
                    let end = part.find("</").unwrap_or(part.len());
                    check_markup(&rel, &decode_all(&part[..end]));
                }
            }
            Some("js") if rel.contains("idx/") => {
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(!text.contains('<'), "{rel}: a `<` in search data");
            }
            _ => {}
        }
    }
}

fn check_markup(rel: &str, text: &str) {
    let lower = text.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let end = tag_end(rest);
        let tag = &rest[..end];
        let name = tag
            .split(|c: char| c.is_whitespace() || c == '/' || c == '>')
            .next()
            .unwrap_or("");
        if name == "script" {
            let after = &rest[end..];
            assert!(
                tag.contains(" src=") && after.starts_with("></script>"),
                "{rel}: an inline script: <{}",
                &rest[..(end + 60).min(rest.len())]
            );
        }
        for (attr, value) in attributes(tag) {
            assert!(
                !attr.starts_with("on"),
                "{rel}: an event handler `{attr}` in <{tag}>"
            );
            let meta_url = name == "meta"
                && attr == "content"
                && ["og:url", "og:image", "http-equiv"]
                    .iter()
                    .any(|m| tag.contains(m));
            if !URL_ATTRIBUTES.contains(&attr.as_str()) && !meta_url {
                continue;
            }
            let url = compact(&decode_all(&value));
            for scheme in ["javascript:", "vbscript:", "data:text", "data:application"] {
                assert!(
                    !url.starts_with(scheme) && !url.contains(&format!(",{scheme}")),
                    "{rel}: `{attr}` holds `{value}` in <{tag}>"
                );
            }
        }
        rest = &rest[end..];
    }
}

/// Attributes whose value a browser follows or loads as a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "poster",
    "data",
    "background",
    "cite",
    "xlink:href",
    "manifest",
    "ping",
    "xml:base",
];

/// The length of a tag's text up to its `>`, outside quotes.
fn tag_end(text: &str) -> usize {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i,
            _ => {}
        }
    }
    text.len()
}

/// The `name=value` pairs of a tag (name first, as written).
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = tag
        .find(|c: char| c.is_whitespace())
        .map_or("", |i| &tag[i..]);
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return out;
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_string();
        rest = rest[name_end..].trim_start();
        let Some(after) = rest.strip_prefix('=') else {
            out.push((name, String::new()));
            continue;
        };
        let after = after.trim_start();
        let (value, tail) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let close = after[1..].find(q).map_or(after.len(), |c| c + 1);
                (&after[1..close], after.get(close + 1..).unwrap_or(""))
            }
            _ => {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        out.push((name, value.to_string()));
        rest = tail;
    }
}

/// Named, decimal and hexadecimal entities decoded, then `%XX` sequences.
fn decode_all(text: &str) -> String {
    let once = |t: &str| {
        let mut out = String::with_capacity(t.len());
        let mut rest = t;
        while let Some(i) = rest.find('&') {
            out.push_str(&rest[..i]);
            rest = &rest[i..];
            let end = rest.find(';').filter(|&e| e <= 12);
            let decoded = end.and_then(|e| {
                let name = &rest[1..e];
                let code = if let Some(hex) =
                    name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
                {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = name.strip_prefix('#') {
                    dec.parse().ok()
                } else {
                    match name {
                        "lt" => Some(60),
                        "gt" => Some(62),
                        "amp" => Some(38),
                        "quot" => Some(34),
                        "apos" => Some(39),
                        "colon" => Some(58),
                        "tab" => Some(9),
                        "newline" => Some(10),
                        _ => None,
                    }
                };
                code.and_then(char::from_u32).map(|c| (c, e))
            });
            match decoded {
                Some((c, e)) => {
                    out.push(c);
                    rest = &rest[e + 1..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
        out.push_str(rest);
        out
    };
    percent_decoded(&once(text))
}

fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Lowercase, with whitespace and control characters dropped.
fn compact(url: &str) -> String {
    url.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Whether a command exists and works here.
fn works(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

// ---------------------------------------------------------------- YAML bombs

#[test]
fn yaml_aliases_that_expand_exponentially_are_an_error_in_bounded_time() {
    let sandbox = Sandbox::built();
    // "Billion laughs": nine levels of nine aliases, 387 million strings if expanded.
    let anchors = |indent: &str| {
        let mut yaml = format!("{indent}a: &a [{}]\n", ["\"lol\""; 9].join(","));
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        for pair in names.windows(2) {
            let refs = vec![format!("*{}", pair[0]); 9].join(",");
            yaml.push_str(&format!("{indent}{}: &{} [{refs}]\n", pair[1], pair[1]));
        }
        yaml
    };
    sandbox.write(
        ARTICLE,
        &format!(
            "---\ntitle: Bom\ndate: 2021-12-10\n{}tasks: *i\n---\nThân bài.\n",
            anchors("")
        ),
    );
    let started = Instant::now();
    let run = sandbox.build_fails(1, &["error: content/2021/hoi-nghi/index.vi.md:"]);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert!(run.stderr.len() < 4000, "{}", run.stderr);
    // The same bomb in units.yaml.
    sandbox.write(ARTICLE, GOOD);
    sandbox.write(
        "content/units.yaml",
        &format!("- id: x\n  name: {{vi: X}}\n{}  short: *i\n", anchors("  ")),
    );
    let run = sandbox.build_fails(1, &["error: content/units.yaml:"]);
    assert!(run.stderr.len() < 4000, "{}", run.stderr);
}

#[test]
fn deeply_nested_yaml_is_an_error_not_a_stack_overflow() {
    let sandbox = Sandbox::built();
    sandbox.write(
        ARTICLE,
        &format!(
            "---\ntitle: Sâu\ndate: 2021-12-10\ntasks: {}\n---\nThân bài.\n",
            "[".repeat(10_000)
        ),
    );
    sandbox.write(
        "content/2021/ngoac/index.vi.md",
        &format!(
            "---\ntitle: Sâu\ndate: 2021-12-10\nvenue: {}\n---\n",
            "{a: ".repeat(10_000)
        ),
    );
    let run = sandbox.build_fails(
        1,
        &[
            "error: content/2021/hoi-nghi/index.vi.md:4:",
            "error: content/2021/ngoac/index.vi.md:",
            "recursion limit exceeded",
            "2 errors found; nothing was written",
        ],
    );
    assert!(run.stderr.len() < 4000, "{}", run.stderr);
    // In site.yaml too.
    sandbox.write(ARTICLE, GOOD);
    std::fs::remove_file(sandbox.root().join("content/2021/ngoac/index.vi.md")).unwrap();
    sandbox.append_site_yaml(&format!("photos: {}\n", "[".repeat(10_000)));
    sandbox.build_fails(1, &["error: site.yaml:6:", "1 error found"]);
}

// ------------------------------------------------------- pathological Markdown

#[test]
fn pathological_markdown_builds_in_bounded_time_with_no_script() {
    let sandbox = Sandbox::built();
    // (The image is external: a raw `<img>` of a missing file is an error.)
    let script = "<script>alert(1)</script><img src=https://example.org/x onerror=alert(1)>";
    let bodies = [
        ("trich-dan", format!("{}{script}\n", "> ".repeat(50_000))),
        (
            "trich-dan-dong",
            format!("{script}\n{}", ">\n".repeat(50_000)),
        ),
        ("danh-sach", format!("{}{script}\n", "- ".repeat(50_000))),
        ("danh-sach-so", format!("{}x\n", "1. ".repeat(30_000))),
        ("nhan-manh", format!("{}{script}\n", "*".repeat(100_000))),
        ("nhan-manh-xen", format!("{}\n", "*a _b ".repeat(50_000))),
        ("mo-lien-ket", format!("{}{script}\n", "[".repeat(100_000))),
        ("lien-ket-long", format!("{}\n", "[a](".repeat(50_000))),
        ("anh-long", format!("{}\n", "![".repeat(50_000))),
        ("ma", format!("{}\n", "`".repeat(100_000))),
        ("the-html", format!("{}\n", "<div>".repeat(50_000))),
        (
            "the-html-dong",
            format!("{}x\n", "<a href=\"javascript:alert(1)\">".repeat(20_000)),
        ),
        ("thuc-the", format!("{}\n", "&#".repeat(100_000))),
        (
            "bang",
            format!("|{}\n|{}\n", "a|".repeat(10_000), "-|".repeat(10_000)),
        ),
        ("chu-thich", format!("{}\n", "[^a]".repeat(50_000))),
    ];
    for (slug, body) in &bodies {
        sandbox.write(
            &format!("content/2021/{slug}/index.vi.md"),
            &format!("---\ntitle: Bài {slug}\ndate: 2021-12-10\nsummary: Tóm tắt.\n---\n{body}"),
        );
    }
    sandbox.build_succeeds_within(Duration::from_secs(90));
    for (slug, _) in &bodies {
        let html =
            std::fs::read_to_string(sandbox.public().join(format!("2021/{slug}/index.html")))
                .unwrap();
        assert!(!html.contains("alert(1)</script>"), "{slug}");
    }
}

// ------------------------------------------------------------ size limits

/// A Markdown article of just under `mb` MB, in paragraphs of Vietnamese text.
fn big_article(mb: usize) -> String {
    let paragraph = "Hội nghị tổng kết công tác thi đua của Khối các đơn vị sự nghiệp và doanh nghiệp đã diễn ra thành công tốt đẹp. ".repeat(20) + "\n\n";
    let mut text =
        String::from("---\ntitle: Bài rất dài\ndate: 2021-12-10\nsummary: Tóm tắt.\n---\n");
    while text.len() + paragraph.len() <= mb << 20 {
        text.push_str(&paragraph);
    }
    text
}

#[test]
fn an_article_over_the_size_limit_is_refused_with_the_limit_and_how_to_raise_it() {
    let sandbox = Sandbox::built();
    sandbox.write(ARTICLE, &big_article(20));
    let started = Instant::now();
    let run = sandbox.build_fails(1, &[]);
    assert_eq!(
        run.stderr,
        "error: content/2021/hoi-nghi/index.vi.md:1:1: is 20 MB, larger than the 16 MB limit for a text file\n  \
         hint: if it is meant to be this large, raise the limit in site.yaml: `limits: {max_file_mb: 20}`\n\
         1 error found; nothing was written\n"
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    // In Vietnamese.
    let run = common::run_in_env(&sandbox.root(), &["build", "--ui-lang", "vi"], &[]);
    assert_eq!(run.code, 1);
    assert_contains(&run.stderr, "lỗi: content/2021/hoi-nghi/index.vi.md:1:1: nặng 20 MB, vượt giới hạn 16 MB của một tệp văn bản\n  gợi ý: nếu tệp cần lớn như vậy, hãy nâng giới hạn trong site.yaml: `limits: {max_file_mb: 20}`");
    // A lower limit applies to units.yaml too.
    sandbox.write(ARTICLE, GOOD);
    sandbox.append_site_yaml("limits: {max_file_mb: 1}\n");
    sandbox.write(
        "content/units.yaml",
        &format!("{UNITS_YAML}# {}\n", "x".repeat(1 << 20)),
    );
    sandbox.build_fails(
        1,
        &["error: content/units.yaml:1:1: is 2 MB, larger than the 1 MB limit for a text file"],
    );
    // A limit out of range is an error at its line.
    sandbox.write("content/units.yaml", UNITS_YAML);
    sandbox.append_site_yaml("limits: {max_file_mb: 0}\n");
    sandbox.build_fails(
        1,
        &["error: site.yaml:6:10: `max_file_mb` must be between 1 and 1024, found 0\n"],
    );
    sandbox.append_site_yaml("limits: {max_file: 20}\n");
    sandbox.build_fails(1, &["error: site.yaml:6:", "unknown field `max_file`"]);
}

#[test]
fn site_yaml_itself_is_read_under_the_default_limit() {
    let sandbox = Sandbox::built();
    sandbox.append_site_yaml(&format!(
        "limits: {{max_file_mb: 64}}\n# {}\n",
        "x".repeat(17 << 20)
    ));
    let run = sandbox.build_fails(1, &[]);
    assert_eq!(
        run.stderr,
        "error: site.yaml:1:1: is 18 MB, larger than the 16 MB limit for a text file\n1 error found; nothing was written\n"
    );
}

#[test]
fn a_20_mb_article_builds_in_bounded_time_when_the_limit_is_raised() {
    let sandbox = Sandbox::built();
    sandbox.append_site_yaml("limits: {max_file_mb: 32}\n");
    sandbox.write(ARTICLE, &big_article(20));
    sandbox.build_succeeds_within(Duration::from_secs(120));
    let page = std::fs::metadata(sandbox.public().join("2021/hoi-nghi/index.html")).unwrap();
    assert!(page.len() > 20 << 20, "{}", page.len());
}

// ------------------------------------------------------------ photo bombs

/// A PNG whose header claims `width` x `height` pixels, and no pixel data.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&ihdr);
    let mut crc = 0xffff_ffffu32;
    for &b in &ihdr {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    png.extend_from_slice(&(!crc).to_be_bytes());
    png
}

#[test]
fn a_photo_whose_header_claims_a_gigapixel_is_refused_before_decoding() {
    let sandbox = Sandbox::built();
    sandbox.write_bytes(
        "content/2021/hoi-nghi/photos/giga.png",
        &png_header(100_000, 100_000),
    );
    // Within the side limit, over the pixel limit.
    sandbox.write_bytes(
        "content/2021/hoi-nghi/photos/rong.png",
        &png_header(19_000, 19_000),
    );
    sandbox.write(
        ARTICLE,
        "---\ntitle: Ảnh\ndate: 2021-12-10\nphotos:\n  - file: photos/giga.png\n    caption: Một.\n  - file: photos/rong.png\n    caption: Hai.\n---\n",
    );
    let started = Instant::now();
    let run = sandbox.build_fails(
        1,
        &[
            "error: content/2021/hoi-nghi/index.vi.md:5:11: photo `content/2021/hoi-nghi/photos/giga.png`: ",
            "error: content/2021/hoi-nghi/index.vi.md:7:11: photo `content/2021/hoi-nghi/photos/rong.png`: ",
            "2 errors found; nothing was written",
        ],
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert!(
        run.stderr.contains("too large") || run.stderr.contains("limit"),
        "{}",
        run.stderr
    );
}

// ------------------------------------------------------------ javascript: URLs

/// Spellings of a script URL.
const SCRIPT_URLS: &[&str] = &[
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(1)",
    "java\\tscript:alert(1)",
    "javascript&#58;alert(1)",
    "&#106;avascript:alert(1)",
    "javascript%3Aalert(1)",
    "%6Aavascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "//evil.example/x.js",
];

#[test]
fn script_urls_in_units_yaml_are_errors_at_their_line() {
    let sandbox = Sandbox::built();
    let mut units = String::from(UNITS_YAML);
    for (i, url) in SCRIPT_URLS.iter().enumerate() {
        units.push_str(&format!(
            "- id: u{i}\n  name: {{vi: Đơn vị {i}}}\n  url: \"{url}\"\n"
        ));
    }
    sandbox.write("content/units.yaml", &units);
    let run = sandbox.build_fails(1, &[]);
    for i in 0..SCRIPT_URLS.len() {
        let line = 9 + 3 * i + 2;
        assert_contains(&run.stderr, &format!("error: content/units.yaml:{line}:"));
        assert_contains(
            &run.stderr,
            &format!(": unit `u{i}` has a `url` that is not an http(s) address: "),
        );
    }
    assert_contains(&run.stderr, &format!("{} errors found", SCRIPT_URLS.len()));
}

#[test]
fn script_urls_in_markdown_are_errors_and_never_reach_a_link() {
    let sandbox = Sandbox::built();
    let mut body = String::new();
    for url in SCRIPT_URLS.iter().filter(|u| !u.starts_with("//")) {
        let url = url.replace("\\t", "\t");
        body.push_str(&format!("[a](<{url}>) ![b](<{url}>)\n\n"));
    }
    body.push_str("<javascript:alert(2)>\n\n[ref]\n\n[ref]: javascript:alert(3)\n");
    sandbox.write(
        ARTICLE,
        &format!("---\ntitle: Liên kết\ndate: 2021-12-10\n---\n{body}"),
    );
    let run = sandbox.build_fails(1, &[]);
    // One line per spelling, from line 5; the `data:` one holds a `<`, so
    // it is no link at all but text with raw HTML (sanitized).
    for line in (5..=21).step_by(2) {
        assert_contains(
            &run.stderr,
            &format!("error: content/2021/hoi-nghi/index.vi.md:{line}:1: link to `"),
        );
        let image = format!("error: {ARTICLE}:{line}:");
        assert!(
            run.stderr
                .lines()
                .any(|l| l.starts_with(&image) && l.contains(": image `")),
            "no image error at line {line}:\n{}",
            run.stderr
        );
    }
    assert_contains(
        &run.stderr,
        "index.vi.md:25:1: link to `javascript:alert(2)` is not allowed",
    );
    // A reference link's error points at its definition's line.
    assert_contains(
        &run.stderr,
        "index.vi.md:29:1: link to `javascript:alert(3)` is not allowed",
    );
}

#[test]
fn raw_html_is_sanitized_unless_the_site_trusts_it() {
    let sandbox = Sandbox::built();
    let raw = "<div class=\"ban-do\"><iframe src=\"https://example.org/ban-do\"></iframe></div>\n\n<a href=\"javascript:alert(1)\" onclick=\"alert(2)\">bấm</a> <script>alert(3)</script>\n\n<a href=\"jav&#x09;ascript:alert(4)\">bấm</a>\n";
    sandbox.write(
        ARTICLE,
        &format!("---\ntitle: \"<script>alert(5)</script>\"\ndate: 2021-12-10\nsource: \"javascript:alert(6)\"\n---\n{raw}"),
    );
    // Off by default.
    sandbox.build_succeeds_within(Duration::from_secs(60));
    let html = std::fs::read_to_string(sandbox.public().join("2021/hoi-nghi/index.html")).unwrap();
    assert!(!html.contains("<iframe"), "sanitized");
    assert!(!html.contains("<script>alert"), "{html}");
    // Trusted: the body's raw HTML is published as written; front matter is still escaped.
    sandbox.append_site_yaml("markdown: {trusted_html: true}\n");
    sandbox.build().success_clean();
    let html = std::fs::read_to_string(sandbox.public().join("2021/hoi-nghi/index.html")).unwrap();
    assert_contains(
        &html,
        "<iframe src=\"https://example.org/ban-do\"></iframe>",
    );
    assert_contains(&html, "<script>alert(3)</script>");
    assert_contains(&html, "&lt;script&gt;alert(5)");
    assert!(!html.contains("<script>alert(5)"), "{html}");
    // Markdown links with a script URL stay errors.
    sandbox.write(
        ARTICLE,
        "---\ntitle: A\ndate: 2021-12-10\n---\n[a](javascript:alert(1))\n",
    );
    sandbox.build_fails(1, &["error: content/2021/hoi-nghi/index.vi.md:5:1: link to `javascript:alert(1)` is not allowed"]);
    // An unknown key of `markdown:` is an error.
    sandbox.write(ARTICLE, GOOD);
    sandbox.append_site_yaml("markdown: {trusted: true}\n");
    sandbox.build_fails(1, &["error: site.yaml:6:", "unknown field `trusted`"]);
}

#[test]
fn url_like_front_matter_fields_never_become_links() {
    let sandbox = Sandbox::built();
    sandbox.write(
        ARTICLE,
        "---\ntitle: \"javascript:alert(1)\"\ndate: 2021-12-10\nvenue: \"JaVaScRiPt:alert(2)\"\nsummary: \"<a href='javascript:alert(3)'>x</a>\"\nauthor: \"javascript:alert(4)\"\nsource: \"javascript:alert(5)\"\nspeakers:\n  - name: \"javascript:alert(6)\"\n    role: \"data:text/html,<script>alert(7)</script>\"\n---\nThân bài.\n",
    );
    sandbox.build_succeeds_within(Duration::from_secs(60));
    // A photo `file:` with a scheme is a missing or refused file, never a link.
    sandbox.write(
        ARTICLE,
        "---\ntitle: A\ndate: 2021-12-10\nphotos:\n  - file: \"javascript:alert(1)\"\n    caption: x\n---\n",
    );
    sandbox.build_fails(1, &["error: content/2021/hoi-nghi/index.vi.md:5:"]);
}

#[test]
fn base_url_with_a_script_scheme_is_refused() {
    let sandbox = Sandbox::built();
    let yaml = SITE_YAML.replace("https://example.org/kyyeu", "\"javascript:alert(1)//\"");
    sandbox.write("site.yaml", &yaml);
    sandbox.build_fails(1, &["error: site.yaml:4:1: `base_url` must be an absolute http(s) URL, found `javascript:alert(1)`"]);
    sandbox.write("site.yaml", SITE_YAML);
    let before = sandbox.snapshot();
    let run = sandbox.run(&["build", "--base-url", "JavaScript:alert(1)"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_contains(&run.stderr, "--base-url must be an absolute http(s) URL");
    assert!(diff(&before, &sandbox.snapshot()).is_empty());
}

// ------------------------------------------------- paths that try to escape

#[test]
fn slugs_and_names_that_try_to_leave_the_output_stay_inside() {
    let sandbox = Sandbox::built();
    let slugs = [
        "../../../outside/pwned",
        "/tmp/pwned",
        "%2e%2e%2f%2e%2e%2foutside",
        "..\\..\\outside",
        "....//....//outside",
        "\u{2025}/\u{ff0e}\u{ff0e}/x",
    ];
    for (i, slug) in slugs.iter().enumerate() {
        sandbox.write(
            &format!("content/2021/bai-{i}/index.vi.md"),
            &format!(
                "---\ntitle: Bài {i}\ndate: 2021-12-10\nslug: \"{}\"\nspeakers:\n  - name: \"../../../outside/{i}\"\n---\n",
                format!("{slug}-{i}").replace('\\', "\\\\")
            ),
        );
    }
    sandbox.build_succeeds_within(Duration::from_secs(60));
    assert!(sandbox
        .public()
        .join("2021/outside-pwned-0/index.html")
        .is_file());
    assert!(sandbox
        .public()
        .join("2021/tmp-pwned-1/index.html")
        .is_file());
    let canary = std::fs::read_to_string(sandbox.outer().join("outside/canary.txt")).unwrap();
    assert_eq!(canary, "do not touch\n");
    assert!(!sandbox.outer().join("outside/pwned").exists());
    assert!(!Path::new("/tmp/pwned").exists());
}

#[test]
fn unit_ids_that_try_to_leave_the_output_are_errors() {
    let sandbox = Sandbox::built();
    sandbox.write(
        "content/units.yaml",
        &format!("{UNITS_YAML}- id: ../../outside\n  name: {{vi: A}}\n- id: /tmp/x\n  name: {{vi: B}}\n- id: \"%2e%2e\"\n  name: {{vi: C}}\n"),
    );
    sandbox.build_fails(
        1,
        &[
            "error: content/units.yaml:9:3: unit id `../../outside` must be lowercase ASCII letters, digits and hyphens",
            "error: content/units.yaml:11:3: unit id `/tmp/x` must be",
            "error: content/units.yaml:13:3: unit id `%2e%2e` must be",
            "3 errors found",
        ],
    );
}

// --------------------------------------------------------- symbolic links

#[cfg(unix)]
#[test]
fn symbolic_link_loops_in_content_are_not_followed() {
    use std::os::unix::fs::symlink;
    let sandbox = Sandbox::built();
    let content = sandbox.root().join("content");
    symlink(".", content.join("2021-vong")).unwrap();
    symlink("..", content.join("2021/truoc/len")).unwrap();
    symlink("tu-than", content.join("tu-than")).unwrap();
    symlink("b.vi.md", content.join("a.vi.md")).unwrap();
    symlink("a.vi.md", content.join("b.vi.md")).unwrap();
    let run = sandbox.build_succeeds_within(Duration::from_secs(30));
    for name in [
        "content/2021-vong",
        "content/2021/truoc/len",
        "content/tu-than",
        "content/a.vi.md",
    ] {
        assert_contains(
            &run.stderr,
            &format!("warning: {name}: symbolic link not followed"),
        );
    }
    // units.yaml as a loop is an error, not a hang.
    std::fs::remove_file(content.join("units.yaml")).unwrap();
    symlink("units.yaml", content.join("units.yaml")).unwrap();
    sandbox.build_fails(1, &["error: content/units.yaml:1:1: cannot be read: "]);
}

#[cfg(unix)]
#[test]
fn a_pipe_in_place_of_units_yaml_is_an_error_not_a_hang() {
    let sandbox = Sandbox::built();
    let units = sandbox.root().join("content/units.yaml");
    std::fs::remove_file(&units).unwrap();
    if !works("mkfifo", &[units.to_str().unwrap()]) {
        eprintln!("mkfifo is not available: skipped");
        return;
    }
    let started = Instant::now();
    sandbox.build_fails(
        1,
        &["error: content/units.yaml:1:1: is not a regular file (a folder, a device or a pipe cannot be read)"],
    );
    assert!(started.elapsed() < Duration::from_secs(20));
}

// ---------------------------------------------------------------- faults

/// Makes a folder unwritable for as long as it lives: `chattr +i` when the
/// tests run as root (for whom permissions do not block writes), a 0555
/// mode otherwise. `None` when neither works here.
#[cfg(unix)]
struct ReadOnly(PathBuf, bool);

#[cfg(unix)]
impl ReadOnly {
    fn make(dir: &Path) -> Option<ReadOnly> {
        if is_root() {
            works("chattr", &["+i", dir.to_str()?]).then(|| ReadOnly(dir.to_path_buf(), true))
        } else {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).ok()?;
            Some(ReadOnly(dir.to_path_buf(), false))
        }
    }
}

#[cfg(unix)]
impl Drop for ReadOnly {
    fn drop(&mut self) {
        if self.1 {
            works("chattr", &["-i", &self.0.to_string_lossy()]);
        } else {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o755));
        }
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_output_folder_is_a_clear_error() {
    let sandbox = Sandbox::built();
    sandbox.write(ARTICLE, GOOD);
    // The output folder itself.
    match ReadOnly::make(&sandbox.public()) {
        Some(_guard) => {
            sandbox.build_fails(1, &["error: public: the output folder cannot be written: "]);
        }
        None => eprintln!("cannot make a folder read-only here (root without chattr): skipped"),
    }
    // The folder that holds it (where the staging folder goes).
    let parent = sandbox.outer().join("ro");
    std::fs::create_dir_all(parent.join("public")).unwrap();
    std::fs::write(parent.join("public/index.html"), "cũ\n").unwrap();
    match ReadOnly::make(&parent) {
        Some(_guard) => {
            let output = parent.join("public");
            let before = sandbox.snapshot();
            let run = sandbox.run(&["build", "--output", output.to_str().unwrap()]);
            assert_eq!(run.code, 1, "{}", run.stderr);
            assert_contains(&run.stderr, "the output folder cannot be written: ");
            assert_no_panic(&run);
            assert!(diff(&before, &sandbox.snapshot()).is_empty());
        }
        None => eprintln!("cannot make a folder read-only here: skipped"),
    }
    // Works everywhere, as root too: an output whose parent is a file.
    std::fs::write(sandbox.outer().join("a-file"), "x").unwrap();
    let output = sandbox.outer().join("a-file/public");
    let before = sandbox.snapshot();
    let run = sandbox.run(&["build", "--output", output.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_contains(&run.stderr, "a-file: the output folder cannot be written: ");
    assert_no_panic(&run);
    assert!(diff(&before, &sandbox.snapshot()).is_empty());
}

/// A second version of the sandbox's site, larger: a different output.
fn grow(sandbox: &Sandbox, articles: usize) {
    let paragraph = "Các đơn vị trong Khối đã hoàn thành xuất sắc nhiệm vụ được giao. ".repeat(30);
    for i in 0..articles {
        sandbox.write(
            &format!("content/2021/bai-{i}/index.vi.md"),
            &format!("---\ntitle: Bài số {i}\ndate: 2021-12-10\nunits: [quy-ho-tro-phat-trien-htx]\n---\n{paragraph}\n\n{paragraph}\n"),
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_file_size_limit_hit_while_writing_leaves_the_previous_output() {
    if !works("sh", &["-c", "ulimit -f 100"]) {
        eprintln!("ulimit -f is not available: skipped");
        return;
    }
    let sandbox = Sandbox::built();
    let before = tree(&sandbox.public());
    sandbox.write(ARTICLE, &big_article(1));
    let kyyeu = env!("CARGO_BIN_EXE_kyyeu");
    // SIGXFSZ ignored: writes fail with EFBIG, the build reports it and stops.
    let run = |script: &str| {
        let out = Command::new("sh")
            .args(["-c", script, "sh", kyyeu])
            .current_dir(sandbox.root())
            .env("NO_COLOR", "1")
            .env("LANG", "en_US.UTF-8")
            .env_remove("LC_ALL")
            .output()
            .unwrap();
        (
            out.status,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (status, stderr) = run("trap '' XFSZ; ulimit -f 512; exec \"$1\" build");
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert_contains(&stderr, "File too large");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(diff(&before, &tree(&sandbox.public())).is_empty());
    let leftovers: Vec<_> = std::fs::read_dir(sandbox.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("kyyeu-") && n != ".kyyeu-cache")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // SIGXFSZ not ignored: the build is killed in the middle of a write.
    let (status, _) = run("ulimit -f 512; exec \"$1\" build");
    assert_eq!(status.code(), None, "killed by a signal");
    assert!(diff(&before, &tree(&sandbox.public())).is_empty());
    // The next build cleans up what the killed one left and succeeds.
    sandbox.build().success_clean();
    assert!(sandbox.public().join("2021/hoi-nghi/index.html").is_file());
    let leftovers: Vec<_> = std::fs::read_dir(sandbox.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("kyyeu-") && n != ".kyyeu-cache")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_leaves_the_previous_output() {
    // A small file system needs a mount namespace; where the tests may not
    // make one (not root, no unshare), this test says so and stops.
    if !is_root() || !works("unshare", &["-m", "true"]) {
        eprintln!("cannot mount a small file system here: skipped");
        return;
    }
    let sandbox = Sandbox::built();
    std::fs::write(sandbox.root().join("big.txt"), big_article(2)).unwrap();
    let disk = sandbox.outer().join("disk");
    let results = sandbox.outer().join("results");
    std::fs::create_dir_all(&disk).unwrap();
    std::fs::create_dir_all(&results).unwrap();
    let script = r#"
        set -u
        K="$1"; D="$2"; R="$3"
        mount -t tmpfs -o size=1536k tmpfs "$D" || exit 97
        "$K" build --output "$D/public" >"$R/out1" 2>"$R/err1"; echo $? >"$R/code1"
        cp -a "$D/public" "$R/before"
        mkdir -p content/2021/lon && cp big.txt content/2021/lon/index.vi.md
        "$K" build --output "$D/public" >"$R/out2" 2>"$R/err2"; echo $? >"$R/code2"
        cp -a "$D/public" "$R/after"
        ls -A "$D" >"$R/ls"
        rm -r content/2021/lon
        "$K" build --output "$D/public" >"$R/out3" 2>"$R/err3"; echo $? >"$R/code3"
    "#;
    let status = Command::new("unshare")
        .args(["-m", "sh", "-c", script, "sh"])
        .arg(env!("CARGO_BIN_EXE_kyyeu"))
        .arg(&disk)
        .arg(&results)
        .current_dir(sandbox.root())
        .env("NO_COLOR", "1")
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .status()
        .unwrap();
    if status.code() == Some(97) {
        eprintln!("cannot mount a tmpfs here: skipped");
        return;
    }
    let read = |name: &str| std::fs::read_to_string(results.join(name)).unwrap_or_default();
    assert_eq!(read("code1").trim(), "0", "{}", read("err1"));
    assert_eq!(read("code2").trim(), "1", "{}", read("err2"));
    assert_contains(&read("err2"), "No space left on device");
    assert!(!read("err2").contains("panicked"), "{}", read("err2"));
    // The message names the file in the output, not the staging folder.
    assert_contains(&read("err2"), "public/");
    assert!(!read("err2").contains("staging"), "{}", read("err2"));
    let changes = diff(
        &tree(&results.join("before")),
        &tree(&results.join("after")),
    );
    assert!(
        changes.is_empty(),
        "the full disk changed the output: {changes:#?}"
    );
    assert_eq!(read("ls").trim(), "public", "left on the disk");
    assert_eq!(read("code3").trim(), "0", "{}", read("err3"));
}

#[cfg(unix)]
#[test]
fn a_build_killed_at_random_moments_leaves_the_previous_output_whole() {
    let sandbox = Sandbox::built();
    grow(&sandbox, 150);
    sandbox.photo_set(6);
    sandbox.build().success_clean();
    let old = tree(&sandbox.public());
    // The next version of the site, built elsewhere: the only other output
    // a killed build may leave.
    grow(&sandbox, 300);
    let started = Instant::now();
    let copy = Sandbox::new();
    common::copy_tree(&sandbox.root(), &copy.root(), &|rel| {
        !rel.starts_with("public/")
    });
    copy.build().success_clean();
    let took = started.elapsed();
    let new = tree(&copy.public());
    assert_ne!(old, new);
    let mut seed = u64::from(std::process::id()) ^ started.elapsed().as_nanos() as u64;
    let max_ms = took.as_millis() as u64 + 50;
    for round in 0..6 {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let delay = Duration::from_millis((seed >> 33) % max_ms);
        let mut child = Command::new(env!("CARGO_BIN_EXE_kyyeu"))
            .arg("build")
            .current_dir(sandbox.root())
            // The day the books say they were typeset, as every build of the tests.
            .env("SOURCE_DATE_EPOCH", "1639137600")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let status = child.wait().unwrap();
        let now = tree(&sandbox.public());
        assert!(
            now == old || now == new,
            "round {round}, killed after {delay:?} ({status}): the output is neither the old nor the new site: {:#?}",
            diff(&old, &now).into_iter().take(10).collect::<Vec<_>>()
        );
        if status.success() {
            assert!(now == new);
        }
    }
    sandbox.build().success_clean();
    assert!(tree(&sandbox.public()) == new);
    let leftovers: Vec<_> = std::fs::read_dir(sandbox.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("kyyeu-") && n != ".kyyeu-cache")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn builds_started_at_once_never_mix_their_output() {
    let sandbox = Sandbox::built();
    grow(&sandbox, 60);
    let children: Vec<_> = (0..4)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_kyyeu"))
                .arg("build")
                .current_dir(sandbox.root())
                .env("SOURCE_DATE_EPOCH", "1639137600")
                .env("NO_COLOR", "1")
                .env("LANG", "en_US.UTF-8")
                .env_remove("LC_ALL")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut built = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        match out.status.code() {
            Some(0) => built += 1,
            Some(2) => assert_contains(&stderr, "another kyyeu build is writing public"),
            other => panic!("exit status {other:?}: {stderr}"),
        }
    }
    assert!(built >= 1);
    let together = tree(&sandbox.public());
    sandbox.build().success_clean();
    assert!(
        together == tree(&sandbox.public()),
        "the output of builds run together differs from a build alone"
    );
}

impl Sandbox {
    /// `n` articles with a photo each.
    fn photo_set(&self, n: usize) {
        for i in 0..n {
            let path = self
                .root()
                .join(format!("content/2021/anh-{i}/photos/a.jpg"));
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            common::draw_photo(&path, 1200, 800);
            self.write(
                &format!("content/2021/anh-{i}/index.vi.md"),
                &format!("---\ntitle: Ảnh {i}\ndate: 2021-12-10\nphotos:\n  - file: photos/a.jpg\n    caption: Ảnh {i}.\n---\n"),
            );
        }
    }
}

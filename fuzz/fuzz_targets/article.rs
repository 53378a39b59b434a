//! The whole load-and-render path of one article: any bytes as the file
//! `content/2021/x/index.vi.md` of a small valid site (`fuzz/site/`: two
//! languages, units, a translation of the article, another article to link
//! to and a photo), loaded, validated and rendered in memory. It must never
//! panic; a rendered site must hold no script but the theme's, no
//! `javascript:`/`data:` URL and no raw `<` in the search index; a failure
//! must be content errors that each name a file.

#![no_main]

use kyyeu::fuzzing::{check_failure, check_output, InMemory};
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

const ARTICLE: &str = "content/2021/x/index.vi.md";

struct Fixture {
    article: PathBuf,
    site: InMemory,
}

/// Copies `fuzz/site/` into a fresh folder, on tmpfs where there is one.
fn fixture() -> Fixture {
    let base = Path::new("/dev/shm");
    let base = if base.is_dir() {
        base.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    let root = base.join(format!("kyyeu-fuzz-article-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("site");
    copy_tree(&from, &root).expect("copy fuzz/site");
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build_global();
    Fixture {
        article: root.join(ARTICLE),
        site: InMemory::new(kyyeu::Options::new(root)),
    }
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

static FIXTURE: OnceLock<Mutex<Fixture>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let mut fixture = FIXTURE
        .get_or_init(|| Mutex::new(fixture()))
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    std::fs::write(&fixture.article, data).expect("write the article");
    match fixture.site.render() {
        Ok(files) => {
            if let Err(problem) = check_output(&files) {
                panic!("unsafe output: {problem}");
            }
        }
        Err(failure) => {
            if let Err(problem) = check_failure(&failure) {
                panic!("bad failure: {problem}");
            }
        }
    }
});

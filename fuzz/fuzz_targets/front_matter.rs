//! The front matter of one article: any text, cleaned as the loader cleans
//! it, split at its `---` lines and parsed. It must never panic, and every
//! error must point at a line of the file.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("content/2021/x/index.vi.md");
    // The splitter is given cleaned text by the loader, but takes any.
    let _ = kyyeu::source::front_matter::split(text, path);
    let lines = kyyeu::text::clean_source(text.to_string()).lines().count() + 1;
    let errors = match kyyeu::fuzzing::front_matter(text, path) {
        Ok((_, unknown)) => unknown,
        Err(errors) => {
            assert!(!errors.is_empty(), "a failure without an error");
            errors
        }
    };
    for error in errors {
        let shown = error.to_string();
        assert!(
            (1..=lines).contains(&error.line) && error.col >= 1,
            "error outside the file's {lines} lines: {shown}"
        );
    }
});

//! `site.yaml` and `content/units.yaml`: any text, the first byte choosing
//! which, cleaned as the loader cleans it and parsed. It must never panic,
//! and every error must point at a line of the file.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let lines = kyyeu::text::clean_source(text.to_string()).lines().count() + 1;
    let Err(errors) = kyyeu::fuzzing::site_config(text, which % 2 == 1) else {
        return;
    };
    assert!(!errors.is_empty(), "a failure without an error");
    for error in errors {
        let shown = error.to_string();
        assert!(
            error.line <= lines && (error.line == 0 || error.col >= 1),
            "error outside the file's {lines} lines: {shown}"
        );
    }
});

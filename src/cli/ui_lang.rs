//! The language of messages: `--ui-lang`, else the locale (`LC_ALL`,
//! `LC_MESSAGES`, `LANG`: `vi...` is Vietnamese), else English.
//!
//! May use: the library. This and `args` are the only places that read
//! environment variables.
//!
//! Uses: nothing.

use kyyeu::error::Language;
use std::ffi::OsString;

/// The language of `--ui-lang`'s value when there is one, else the locale's.
pub fn chosen(ui_lang: Option<&str>) -> Language {
    ui_lang
        .and_then(Language::from_code)
        .unwrap_or_else(locale_language)
}

/// The language asked for in raw arguments, before clap has parsed them
/// (so that clap's own errors can be shown in that language).
pub fn before_parsing(args: &[OsString]) -> Language {
    ui_lang_arg(args).unwrap_or_else(locale_language)
}

/// The language of the locale: `LC_ALL`, else `LC_MESSAGES`, else `LANG`
/// (the first one set and not empty); English when none is.
fn locale_language() -> Language {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|value| !value.is_empty()))
        .map_or(Language::English, |locale| Language::from_locale(&locale))
}

/// The value of `--ui-lang` in raw arguments, if it is a language.
fn ui_lang_arg(args: &[OsString]) -> Option<Language> {
    let mut args = args.iter().skip(1).map(|arg| arg.to_string_lossy());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        } else if arg == "--ui-lang" {
            return args.next().and_then(|value| Language::from_code(&value));
        } else if let Some(value) = arg.strip_prefix("--ui-lang=") {
            return Language::from_code(value);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ui_lang_is_found_before_parsing() {
        let args = |words: &[&str]| words.iter().map(OsString::from).collect::<Vec<_>>();
        let vi = Some(Language::Vietnamese);
        assert_eq!(
            ui_lang_arg(&args(&["kyyeu", "--ui-lang", "vi", "build"])),
            vi
        );
        assert_eq!(ui_lang_arg(&args(&["kyyeu", "build", "--ui-lang=vi"])), vi);
        assert_eq!(
            ui_lang_arg(&args(&["kyyeu", "build", "--ui-lang", "fr"])),
            None
        );
        assert_eq!(
            ui_lang_arg(&args(&["kyyeu", "new", "--", "--ui-lang", "vi"])),
            None
        );
    }
}

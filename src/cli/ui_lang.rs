//! The language of messages: `--ui-lang`, else the locale (`LC_ALL`,
//! `LC_MESSAGES`, `LANG`, the first one set) when it names Vietnamese or
//! English, else the site's default language (for `init`, its `--lang`;
//! for the other commands, the first of `languages` in the site's
//! `site.yaml`), else English. A system whose locale is `C.UTF-8` thus
//! speaks to a Vietnamese site's editors in Vietnamese.
//!
//! May use: the library. This and `args` are the only places that read
//! environment variables.
//!
//! Uses: nothing.

use kyyeu::error::Language;
use std::ffi::OsString;
use std::path::Path;

/// The language of messages for the raw command line `args` (read before
/// clap parses them, so that clap's help and errors are in it too).
pub fn chosen(args: &[OsString]) -> Language {
    let words: Vec<String> = args
        .iter()
        .skip(1)
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    value_of(&words, "--ui-lang")
        .and_then(Language::from_code)
        .or_else(locale_language)
        .or_else(|| site_language(&words))
        .unwrap_or(Language::English)
}

/// The language the locale names: `LC_ALL`, else `LC_MESSAGES`, else `LANG`
/// (the first one set and not empty), when it is Vietnamese or English.
fn locale_language() -> Option<Language> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|value| !value.is_empty()))
        .and_then(|locale| Language::named_by_locale(&locale))
}

/// The default language of the site the command is about: `init`'s
/// `--lang` (Vietnamese without it, as `init` writes), else the site
/// under `--root` (the current folder without it).
fn site_language(words: &[String]) -> Option<Language> {
    if command(words) == Some("init") {
        let code = value_of(words, "--lang").unwrap_or("vi");
        return Language::from_code(code);
    }
    let root = value_of(words, "--root").unwrap_or(".");
    kyyeu::source::default_language(Path::new(root)).and_then(|code| Language::from_code(&code))
}

/// The command named: the first word that is neither an option nor the
/// value of `--ui-lang` before it.
fn command(words: &[String]) -> Option<&str> {
    let mut words = words.iter();
    while let Some(word) = words.next() {
        if word == "--ui-lang" {
            words.next();
        } else if !word.starts_with('-') {
            return Some(word);
        }
    }
    None
}

/// The value of the option `name` (`--name VALUE` or `--name=VALUE`) in
/// raw arguments, before `--`.
fn value_of<'a>(words: &'a [String], name: &str) -> Option<&'a str> {
    let mut words = words.iter();
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        } else if word == name {
            return words.next().map(String::as_str);
        } else if let Some(value) = word.strip_prefix(name).and_then(|v| v.strip_prefix('=')) {
            return Some(value);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(words: &[&str]) -> Vec<String> {
        words.iter().map(|word| word.to_string()).collect()
    }

    #[test]
    fn options_are_found_before_parsing() {
        let value = |all: &[&str], name| value_of(&words(all), name).map(str::to_string);
        let vi = Some("vi".to_string());
        assert_eq!(value(&["--ui-lang", "vi", "build"], "--ui-lang"), vi);
        assert_eq!(value(&["build", "--ui-lang=vi"], "--ui-lang"), vi);
        assert_eq!(value(&["new", "--", "--ui-lang", "vi"], "--ui-lang"), None);
        assert_eq!(value(&["init", "--lang", "vi", "x"], "--lang"), vi);
        assert_eq!(
            command(&words(&["--ui-lang", "en", "init", "--lang", "vi"])),
            Some("init")
        );
        assert_eq!(command(&words(&["--help"])), None);
    }
}

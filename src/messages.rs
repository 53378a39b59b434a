//! Every text the `kyyeu` command shows a person, in Vietnamese and English:
//! a [`Message`] is a key and named arguments, and a [`Catalogue`] (one per
//! language, `src/messages/<lang>.json`, `{name}` placeholders) turns it into
//! text. The library only builds messages; the command picks the catalogue
//! once and renders them. A key missing from a catalogue falls back to
//! English, and nothing here ever panics.
//!
//! Uses: nothing.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::sync::OnceLock;

/// One message: a catalogue key and its named arguments.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Message {
    key: &'static str,
    args: Vec<(&'static str, Arg)>,
}

/// The value of a named argument: text shown as it is (a path, a value, the
/// words of another library), or another message, rendered in the same
/// language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Arg {
    Text(String),
    Message(Message),
    /// A number that also chooses the plural form (see [`Message::count`]).
    Count(u64),
}

impl Message {
    /// The message `key` of the catalogues, without arguments yet.
    pub fn new(key: &'static str) -> Self {
        Message {
            key,
            args: Vec::new(),
        }
    }

    /// Text shown as it is in every language (words of another library).
    pub fn text(text: impl Into<String>) -> Self {
        Message::new("text").arg("text", text.into())
    }

    /// Adds the argument `name` (the `{name}` of the catalogues).
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// Adds the argument `name`, a number, which also chooses the plural
    /// form of the text (`key_one` or `key_other`, see the module).
    pub fn count(mut self, name: &'static str, n: usize) -> Self {
        self.args.push((name, Arg::Count(n as u64)));
        self
    }

    /// The count that chooses the plural form (the first one given).
    fn plural_count(&self) -> Option<u64> {
        self.args.iter().find_map(|(_, value)| match value {
            Arg::Count(n) => Some(*n),
            _ => None,
        })
    }

    pub fn key(&self) -> &'static str {
        self.key
    }

    /// The argument `name`, when it was given as text.
    pub fn arg_text(&self, name: &str) -> Option<&str> {
        self.args.iter().find_map(|(arg_name, value)| match value {
            Arg::Text(text) if *arg_name == name => Some(text.as_str()),
            _ => None,
        })
    }
}

/// English, as in the English catalogue.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Catalogue::english().render(self))
    }
}

/// Text shown as it is (see [`Message::text`]): for the words of another
/// library, never for kyyeu's own messages.
impl From<String> for Message {
    fn from(text: String) -> Self {
        Message::text(text)
    }
}

/// Text shown as it is (see [`Message::text`]).
impl From<&str> for Message {
    fn from(text: &str) -> Self {
        Message::text(text)
    }
}

impl From<Message> for Arg {
    fn from(message: Message) -> Self {
        Arg::Message(message)
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Arg::Text(text)
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Self {
        Arg::Text(text.clone())
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Arg::Text(text.to_string())
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {
        $(impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Arg::Text(n.to_string())
            }
        })*
    };
}

number_args!(i32, u8, u16, u32, u64, u128, usize);

/// A language the messages exist in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    English,
    Vietnamese,
}

impl Language {
    /// `en` or `vi`.
    pub fn from_code(code: &str) -> Option<Language> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Language::English),
            "vi" => Some(Language::Vietnamese),
            _ => None,
        }
    }

    /// The language of a locale such as `vi_VN.UTF-8` (`LANG`, `LC_ALL`):
    /// Vietnamese for `vi...`, English for anything else.
    pub fn from_locale(locale: &str) -> Language {
        let code = locale.split(['_', '.', '@', '-']).next().unwrap_or("");
        match code.eq_ignore_ascii_case("vi") {
            true => Language::Vietnamese,
            false => Language::English,
        }
    }

    /// The language a locale names, when it is one of ours (`vi_VN.UTF-8`,
    /// `en_GB`); nothing for `C`, `POSIX`, `C.UTF-8` or another language.
    pub fn named_by_locale(locale: &str) -> Option<Language> {
        let code = locale.split(['_', '.', '@', '-']).next().unwrap_or("");
        Language::from_code(code).filter(|_| !code.is_empty())
    }

    fn source(self) -> &'static str {
        match self {
            Language::English => include_str!("messages/en.json"),
            Language::Vietnamese => include_str!("messages/vi.json"),
        }
    }
}

/// The texts of one language: key -> text with `{name}` placeholders.
#[derive(Debug)]
pub struct Catalogue {
    language: Language,
    texts: HashMap<String, String>,
}

impl Catalogue {
    /// The catalogue of `language`, parsed at its first use.
    pub fn of(language: Language) -> &'static Catalogue {
        static EN: OnceLock<Catalogue> = OnceLock::new();
        static VI: OnceLock<Catalogue> = OnceLock::new();
        let cell = match language {
            Language::English => &EN,
            Language::Vietnamese => &VI,
        };
        cell.get_or_init(|| Catalogue::parse(language, language.source()))
    }

    pub fn english() -> &'static Catalogue {
        Catalogue::of(Language::English)
    }

    /// The language of this catalogue.
    pub fn language(&self) -> Language {
        self.language
    }

    /// A catalogue from its JSON object (`"key": "text"`); broken text
    /// gives an empty catalogue, which falls back to English.
    fn parse(language: Language, json: &str) -> Catalogue {
        Catalogue {
            language,
            texts: serde_json::from_str(json).unwrap_or_default(),
        }
    }

    /// The text of `key` in this catalogue only.
    fn own(&self, key: &str) -> Option<&str> {
        self.texts.get(key).map(String::as_str)
    }

    /// The text of a message in this catalogue, else in English: the
    /// plural form its count asks for (a message without a count takes
    /// `key`, or the form `key_other`).
    fn text_of(&self, message: &Message) -> Option<&str> {
        let count = message.plural_count().unwrap_or(0);
        self.plural(message.key, count).or_else(|| {
            (self.language != Language::English)
                .then(|| Catalogue::english().plural(message.key, count))
                .flatten()
        })
    }

    /// The form of `key` for `count` in this catalogue only: `key_one` for
    /// 1, else `key_other`, else `key` (a language without plural forms).
    fn plural(&self, key: &str, count: u64) -> Option<&str> {
        let one = (count == 1)
            .then(|| self.own(&format!("{key}_one")))
            .flatten();
        one.or_else(|| self.own(&format!("{key}_other")))
            .or_else(|| self.own(key))
    }

    /// The message as text: its placeholders filled, nested messages
    /// rendered in this language. An unknown key shows the key itself, an
    /// argument not given shows its `{name}`.
    pub fn render(&self, message: &Message) -> String {
        let Some(template) = self.text_of(message) else {
            return message.key.to_string();
        };
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let name = after.find('}').map(|close| &after[..close]);
            let arg = name
                .filter(|n| is_name(n))
                .and_then(|n| message.args.iter().find(|(a, _)| *a == n));
            match (name, arg) {
                (Some(name), Some((_, value))) => {
                    match value {
                        Arg::Text(text) => out.push_str(text),
                        Arg::Message(inner) => out.push_str(&self.render(inner)),
                        Arg::Count(n) => out.push_str(&n.to_string()),
                    }
                    rest = &after[name.len() + 1..];
                }
                _ => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The text of a message that has no arguments (a label, a heading),
    /// borrowed from the catalogue.
    pub fn plain(&self, message: &Message) -> &str {
        self.text_of(message).unwrap_or(message.key)
    }

    /// Every message of this catalogue: its keys, the plural forms of one
    /// message (`key_one`, `key_other`) counted once, as `key`.
    pub fn keys(&self) -> BTreeSet<&str> {
        self.texts.keys().map(|key| message_key(key)).collect()
    }

    /// The placeholders of the texts of message `key` (all its forms).
    pub fn placeholders<'a>(&'a self, key: &'a str) -> BTreeSet<&'a str> {
        self.forms(key).flat_map(placeholders).collect()
    }

    /// The texts of message `key`: the key's own, or its plural forms.
    fn forms<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.texts
            .iter()
            .filter(move |(k, _)| message_key(k) == key)
            .map(|(_, text)| text.as_str())
    }
}

/// The message a catalogue key belongs to: `key` for `key_one` and
/// `key_other` (its plural forms), else the key itself.
fn message_key(key: &str) -> &str {
    key.strip_suffix("_one")
        .or_else(|| key.strip_suffix("_other"))
        .unwrap_or(key)
}

/// A placeholder name: lowercase ASCII letters, digits and `_`.
fn is_name(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The `{name}` placeholders of a text.
fn placeholders(text: &str) -> BTreeSet<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
        .filter(|name| is_name(name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn both_catalogues_parse_and_have_the_same_keys() {
        let en = Catalogue::of(Language::English).keys();
        let vi = Catalogue::of(Language::Vietnamese).keys();
        assert!(en.len() > 50, "the English catalogue did not parse");
        let only_en: Vec<_> = en.difference(&vi).collect();
        let only_vi: Vec<_> = vi.difference(&en).collect();
        assert!(only_en.is_empty(), "missing in vi.json: {only_en:?}");
        assert!(only_vi.is_empty(), "missing in en.json: {only_vi:?}");
    }

    #[test]
    fn both_catalogues_have_the_same_placeholders_per_key() {
        let en = Catalogue::of(Language::English);
        let vi = Catalogue::of(Language::Vietnamese);
        for key in en.keys() {
            assert_eq!(en.placeholders(key), vi.placeholders(key), "key `{key}`");
        }
    }

    #[test]
    fn every_text_is_written_and_translated() {
        let en = Catalogue::of(Language::English);
        let vi = Catalogue::of(Language::Vietnamese);
        // Texts that read the same in both languages.
        let same = ["text", "field_path", "check_coverage_file"];
        for key in en.keys() {
            let (e, v): (Vec<&str>, Vec<&str>) = (en.forms(key).collect(), vi.forms(key).collect());
            let all = e.iter().chain(&v);
            assert!(all.clone().all(|t| !t.trim().is_empty()), "key `{key}`");
            assert!(
                !e.iter().any(|t| v.contains(t)) || same.contains(&key),
                "`{key}` is not translated: {e:?}"
            );
        }
    }

    /// The keys written as `Message::new("...")` in the sources (tests left out).
    fn keys_in_sources() -> BTreeSet<String> {
        let mut keys = BTreeSet::new();
        let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    let code = text.split("\n#[cfg(test)]").next().unwrap_or("");
                    for part in code.split("Message::new(\"").skip(1) {
                        if let Some((key, _)) = part.split_once('"') {
                            keys.insert(key.to_string());
                        }
                    }
                }
            }
        }
        keys
    }

    #[test]
    fn every_key_used_in_the_code_exists() {
        let used = keys_in_sources();
        assert!(used.len() > 50, "{used:?}");
        let en = Catalogue::of(Language::English).keys();
        let missing: Vec<_> = used.iter().filter(|k| !en.contains(k.as_str())).collect();
        assert!(missing.is_empty(), "not in the catalogues: {missing:?}");
        let unused: Vec<_> = en.iter().filter(|k| !used.contains(**k)).collect();
        assert!(
            unused.is_empty(),
            "in the catalogues, never used: {unused:?}"
        );
    }

    #[test]
    fn renders_placeholders_and_nested_messages() {
        let en = Catalogue::of(Language::English);
        let vi = Catalogue::of(Language::Vietnamese);
        let m = Message::new("unknown_field").arg("field", "speaker");
        assert_eq!(en.render(&m), "unknown field `speaker`");
        assert_eq!(vi.render(&m), "không có trường `speaker`");
        let hint = Message::new("did_you_mean").arg("choice", "speakers");
        assert_eq!(vi.render(&hint), "có phải ý bạn là `speakers`?");
        let nested = Message::new("photo_problem")
            .arg("photo", "a.jpg")
            .arg("problem", Message::new("too_wide"));
        assert_eq!(en.render(&nested), "photo `a.jpg`: is too wide");
        assert_eq!(vi.render(&nested), "ảnh `a.jpg`: quá rộng");
        assert_eq!(Message::text("{x} as it is").to_string(), "{x} as it is");
    }

    #[test]
    fn counts_choose_the_plural_form() {
        let en = Catalogue::of(Language::English);
        let vi = Catalogue::of(Language::Vietnamese);
        let articles = |n| Message::new("count_articles").count("n", n);
        assert_eq!(en.render(&articles(1)), "1 article");
        assert_eq!(en.render(&articles(0)), "0 articles");
        assert_eq!(en.render(&articles(2)), "2 articles");
        assert_eq!(vi.render(&articles(1)), "1 bài viết");
        assert_eq!(vi.render(&articles(2)), "2 bài viết");
        let broken = Catalogue::parse(Language::Vietnamese, "{ not json");
        assert_eq!(broken.render(&articles(1)), "1 article");
        assert_eq!(en.render(&Message::new("count_articles")), "{n} articles");
    }

    #[test]
    fn missing_keys_and_arguments_never_panic() {
        let vi = Catalogue::of(Language::Vietnamese);
        assert_eq!(vi.render(&Message::new("no_such_key")), "no_such_key");
        let m = Message::new("unknown_field");
        assert_eq!(vi.render(&m), "không có trường `{field}`");
        let broken = Catalogue::parse(Language::Vietnamese, "{ not yaml");
        let m = Message::new("unknown_field").arg("field", "x");
        assert_eq!(broken.render(&m), "unknown field `x`");
    }

    #[test]
    fn locales() {
        assert_eq!(Language::from_locale("vi_VN.UTF-8"), Language::Vietnamese);
        assert_eq!(Language::from_locale("vi"), Language::Vietnamese);
        assert_eq!(Language::from_locale("en_US.UTF-8"), Language::English);
        assert_eq!(Language::from_locale("C.UTF-8"), Language::English);
        assert_eq!(Language::from_locale("video"), Language::English);
        assert_eq!(Language::from_code("vi"), Some(Language::Vietnamese));
        assert_eq!(
            Language::named_by_locale("vi_VN.UTF-8"),
            Some(Language::Vietnamese)
        );
        assert_eq!(Language::named_by_locale("en_GB"), Some(Language::English));
        assert_eq!(Language::named_by_locale("C.UTF-8"), None);
        assert_eq!(Language::named_by_locale("fr_FR.UTF-8"), None);
        assert_eq!(Language::from_code("fr"), None);
    }
}

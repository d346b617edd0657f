//! The extension's own locale messages (`extension/_locales/<lang>/*.json`), built into native
//! programs: the words the popup and the report use, looked up and filled in as
//! `chrome.i18n.getMessage` does.

use std::collections::HashMap;

/// A language AuthLens speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// Russian.
    Ru,
}

/// The fragments the core's words come from, per language: the diagnosis' ids, the schemes
/// and findings, the popup's labels, and the command line's own.
const FRAGMENTS: &[(Lang, &str)] = &[
    (
        Lang::En,
        include_str!("../../extension/_locales/en/diagnosis.json"),
    ),
    (
        Lang::En,
        include_str!("../../extension/_locales/en/challenge.json"),
    ),
    (
        Lang::En,
        include_str!("../../extension/_locales/en/popup.json"),
    ),
    (
        Lang::En,
        include_str!("../../extension/_locales/en/cli.json"),
    ),
    (
        Lang::Ru,
        include_str!("../../extension/_locales/ru/diagnosis.json"),
    ),
    (
        Lang::Ru,
        include_str!("../../extension/_locales/ru/challenge.json"),
    ),
    (
        Lang::Ru,
        include_str!("../../extension/_locales/ru/popup.json"),
    ),
    (
        Lang::Ru,
        include_str!("../../extension/_locales/ru/cli.json"),
    ),
];

impl Lang {
    /// The language of a tag or a POSIX locale: `ru`, `ru-RU`, `ru_RU.UTF-8`; `None` for one
    /// AuthLens does not speak.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let language = tag
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match language.as_str() {
            "en" => Some(Lang::En),
            "ru" => Some(Lang::Ru),
            _ => None,
        }
    }

    /// The language of the environment as POSIX orders it (XBD §8.2): `LC_ALL`, then
    /// `LC_MESSAGES`, then `LANG`, empty ones skipped; English for any other language.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| var(name).filter(|v| !v.is_empty()))
            .next()
            .and_then(|v| Lang::from_tag(&v))
            .unwrap_or(Lang::En)
    }
}

/// One language's messages.
pub struct Messages {
    map: HashMap<String, String>,
}

impl Messages {
    /// The messages of `lang`.
    pub fn new(lang: Lang) -> Self {
        let mut map = HashMap::new();
        for (_, json) in FRAGMENTS.iter().filter(|(l, _)| *l == lang) {
            let entries: HashMap<String, serde_json::Value> =
                serde_json::from_str(json).unwrap_or_default();
            for (key, entry) in entries {
                if let Some(message) = entry["message"].as_str() {
                    map.insert(key, message.to_owned());
                }
            }
        }
        Messages { map }
    }

    /// Whether there is a message called `key`.
    pub fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// The message `key` with `$1`..`$9` replaced by `args` (a missing one by nothing) and `$$`
    /// by `$`, as Chrome fills them; the key itself when there is no such message.
    pub fn get(&self, key: &str, args: &[String]) -> String {
        let Some(message) = self.map.get(key) else {
            return key.to_owned();
        };
        let mut out = String::with_capacity(message.len());
        let mut chars = message.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek()) {
                ('$', Some('$')) => {
                    chars.next();
                    out.push('$');
                }
                ('$', Some(d)) if d.is_ascii_digit() => {
                    let n = d.to_digit(10).unwrap_or_default() as usize;
                    chars.next();
                    if let Some(arg) = n.checked_sub(1).and_then(|i| args.get(i)) {
                        out.push_str(arg);
                    }
                }
                _ => out.push(c),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fragment_is_read() {
        for lang in [Lang::En, Lang::Ru] {
            let m = Messages::new(lang);
            for (l, json) in FRAGMENTS.iter().filter(|(l, _)| *l == lang) {
                let keys: HashMap<String, serde_json::Value> =
                    serde_json::from_str(json).unwrap_or_else(|e| panic!("{l:?}: {e}"));
                assert!(!keys.is_empty());
                assert!(keys.keys().all(|k| m.has(k)));
            }
        }
    }

    #[test]
    fn placeholders_are_filled_as_chrome_fills_them() {
        let m = Messages {
            map: HashMap::from([
                ("two".to_owned(), "$2 before $1, $$5, $3.".to_owned()),
                ("plain".to_owned(), "no args".to_owned()),
            ]),
        };
        assert_eq!(m.get("two", &["a".into(), "b".into()]), "b before a, $5, .");
        assert_eq!(m.get("plain", &[]), "no args");
        assert_eq!(m.get("absent", &[]), "absent");
        let en = Messages::new(Lang::En);
        assert_eq!(
            en.get("report_title", &["401".into()]),
            "Access refused: HTTP 401"
        );
        let ru = Messages::new(Lang::Ru);
        assert_eq!(
            ru.get("report_title", &["401".into()]),
            "Отказ в доступе: HTTP 401"
        );
    }

    #[test]
    fn the_language_comes_from_the_environment_as_posix_orders_it() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let cases: &[(&[(&str, &str)], Lang)] = &[
            (&[], Lang::En),
            (&[("LANG", "ru_RU.UTF-8")], Lang::Ru),
            (
                &[("LANG", "ru_RU.UTF-8"), ("LC_MESSAGES", "en_US.UTF-8")],
                Lang::En,
            ),
            (&[("LC_ALL", "ru_RU"), ("LC_MESSAGES", "en_US")], Lang::Ru),
            (&[("LC_ALL", ""), ("LANG", "ru")], Lang::Ru),
            (&[("LANG", "C")], Lang::En),
            (&[("LANG", "de_DE.UTF-8")], Lang::En),
        ];
        for (pairs, want) in cases {
            assert_eq!(Lang::from_env(env(pairs)), *want, "{pairs:?}");
        }
        assert_eq!(Lang::from_tag("ru-RU"), Some(Lang::Ru));
        assert_eq!(Lang::from_tag("EN"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr"), None);
    }
}

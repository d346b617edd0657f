//! The extension's own locale messages (`extension/_locales/<lang>/*.json`), built into native
//! programs: the words the popup and the report use, looked up and filled in as
//! `chrome.i18n.getMessage` does, a counted one in the form its count takes ([`crate::plural`]).

use std::collections::HashMap;

use crate::plural::{self, COUNTED, RULES_KEY, Rules};

/// A language AuthLens speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// Russian.
    Ru,
}

/// The fragments the core's words come from, per language: the diagnosis' ids, the schemes
/// and findings, the popup's labels, the command line's own, and the plural rules they follow.
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
        Lang::En,
        include_str!("../../extension/_locales/en/plural.json"),
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
    (
        Lang::Ru,
        include_str!("../../extension/_locales/ru/plural.json"),
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

/// The prefix of a cli.json message that words another one for the command line.
const CLI_AS: &str = "cli_as_";

/// One language's messages.
pub struct Messages {
    map: HashMap<String, String>,
    /// The plural rules the messages name.
    rules: Option<Rules>,
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
        // The extension's messages that speak of "the browser" have the command line's own
        // wording (`cli_as_<key>` in cli.json): its input is curl's output or a HAR file.
        let own: Vec<(String, String)> = map
            .iter()
            .filter_map(|(key, message)| {
                Some((key.strip_prefix(CLI_AS)?.to_owned(), message.clone()))
            })
            .collect();
        map.extend(own);
        let rules = map.get(RULES_KEY).and_then(|tag| Rules::of_language(tag));
        Messages { map, rules }
    }

    /// Whether there is a message called `key`: for a counted one, a form for each category of
    /// the language.
    pub fn has(&self, key: &str) -> bool {
        if !COUNTED.iter().any(|(counted, _)| *counted == key) {
            return self.map.contains_key(key);
        }
        self.rules.is_some_and(|rules| {
            rules
                .categories()
                .iter()
                .all(|c| self.map.contains_key(&format!("{key}_{}", c.name())))
        })
    }

    /// The message `key` (a counted one in the form its count takes) with `$1`..`$9` replaced
    /// by `args` (a missing one by nothing) and `$$` by `$`, as Chrome fills them; the key
    /// itself when there is no such message.
    pub fn get(&self, key: &str, args: &[String]) -> String {
        let key = plural::form(key, args, || self.rules);
        let Some(message) = self.map.get(key.as_ref()) else {
            return key.into_owned();
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
    fn the_command_line_words_the_browsers_evidence_as_its_input() {
        let keys = |json: &str| {
            serde_json::from_str::<HashMap<String, serde_json::Value>>(json)
                .unwrap()
                .into_iter()
        };
        for lang in [Lang::En, Lang::Ru] {
            let mut fragments = FRAGMENTS.iter().filter(|(l, _)| *l == lang);
            // diagnosis.json comes first: the extension's wording.
            let extension: HashMap<String, serde_json::Value> =
                keys(fragments.next().unwrap().1).collect();
            let own: Vec<String> = fragments
                .flat_map(|(_, json)| keys(json))
                .filter_map(|(k, _)| k.strip_prefix(CLI_AS).map(str::to_owned))
                .collect();
            assert_eq!(own.len(), 2, "{lang:?}");
            let m = Messages::new(lang);
            for key in own {
                // Each words a message the extension has, and the command line says it its way.
                let browser = extension[&key]["message"].as_str().unwrap();
                assert_ne!(m.get(&key, &[]), browser, "{lang:?} {key}");
                assert_eq!(m.get(&key, &[]), m.get(&format!("{CLI_AS}{key}"), &[]));
            }
        }
        let en = Messages::new(Lang::En).get("evidence_request_headers_hidden", &[]);
        assert!(
            !en.contains("browser did not") && en.contains("curl -i"),
            "{en}"
        );
    }

    #[test]
    fn placeholders_are_filled_as_chrome_fills_them() {
        let m = Messages {
            map: HashMap::from([
                ("two".to_owned(), "$2 before $1, $$5, $3.".to_owned()),
                ("plain".to_owned(), "no args".to_owned()),
            ]),
            rules: None,
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
    fn a_counted_message_takes_the_form_of_its_count_in_its_language() {
        let args = |n: u64| [n.to_string(), "example.com".into()];
        let en = Messages::new(Lang::En);
        let ru = Messages::new(Lang::Ru);
        for (n, english, russian) in [
            (1, "1 more step", "Ещё 1 шаг"),
            (3, "3 more steps", "Ещё 3 шага"),
            (11, "11 more steps", "Ещё 11 шагов"),
            (21, "21 more steps", "Ещё 21 шаг"),
        ] {
            assert_eq!(en.get("popup_timeline_folded", &args(n)), english);
            assert_eq!(ru.get("popup_timeline_folded", &args(n)), russian);
        }
        assert!(en.has("popup_timeline_folded") && ru.has("cli_flows"));
        assert!(!en.has("popup_timeline_folded_few"));
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

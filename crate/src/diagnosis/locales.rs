//! The catalogue test: every id the core can return has its text in every language the
//! extension ships, with exactly the placeholders its arguments fill, and nothing else lives
//! in the diagnosis fragments.

use std::collections::BTreeMap;

use super::ids::{ActionId, CauseId, CookieReason, EvidenceId, FixId};
use crate::plural::{COUNTED, Rules};
use crate::report::REPORT_KEYS;

const LOCALES: &[(&str, &str)] = &[
    (
        "en",
        include_str!("../../../extension/_locales/en/diagnosis.json"),
    ),
    (
        "ru",
        include_str!("../../../extension/_locales/ru/diagnosis.json"),
    ),
];

/// Every key the core needs, with its number of `$n` placeholders.
fn expected() -> BTreeMap<String, usize> {
    let mut keys = BTreeMap::new();
    for &c in CauseId::ALL {
        keys.insert(c.key("why"), 0);
        keys.insert(c.key("cause"), 0);
    }
    for &e in EvidenceId::ALL {
        keys.insert(e.key("evidence"), e.arity());
    }
    for &f in FixId::ALL {
        keys.insert(f.key("fix"), 0);
    }
    for &a in ActionId::ALL {
        keys.insert(a.key("action"), 0);
    }
    for &r in CookieReason::ALL {
        keys.insert(r.key("reason"), 0);
    }
    for &(k, n) in REPORT_KEYS {
        keys.insert(k.into(), n);
    }
    for &k in crate::timeline::KEYS {
        keys.insert(k.into(), 0);
    }
    keys
}

/// The `$n` placeholders a Chrome i18n message uses (`$$` is a literal dollar).
fn placeholders(message: &str) -> Vec<usize> {
    let bytes = message.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'$' {
            match bytes.get(i + 1) {
                Some(b'$') => i += 1,
                Some(d) if d.is_ascii_digit() => found.push(usize::from(d - b'0')),
                _ => found.push(0),
            }
        }
        i += 1;
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// The messages that hold the text of `key` in a language of `rules`: the key itself, or each
/// form of a counted message (`plural.rs`).
fn messages_of(key: &str, rules: Rules) -> Vec<String> {
    if COUNTED.iter().any(|(counted, _)| *counted == key) {
        rules
            .categories()
            .iter()
            .map(|c| format!("{key}_{}", c.name()))
            .collect()
    } else {
        vec![key.to_owned()]
    }
}

#[test]
fn every_id_has_text_in_every_language_with_matching_placeholders() {
    let expected = expected();
    for (lang, json) in LOCALES {
        let rules = Rules::of_language(lang).unwrap();
        let messages: BTreeMap<String, serde_json::Value> =
            serde_json::from_str(json).unwrap_or_else(|e| panic!("{lang}: {e}"));
        let mut needed = BTreeMap::new();
        for (key, &arity) in &expected {
            for name in messages_of(key, rules) {
                needed.insert(name, arity);
            }
        }
        for (key, &arity) in &needed {
            let message = messages
                .get(key)
                .and_then(|m| m["message"].as_str())
                .unwrap_or_else(|| panic!("{lang}/diagnosis.json lacks {key}"));
            assert!(!message.trim().is_empty(), "{lang}: {key} is empty");
            assert_eq!(
                placeholders(message),
                (1..=arity).collect::<Vec<_>>(),
                "{lang}: {key} = {message:?} needs $1..${arity}"
            );
        }
        for key in messages.keys() {
            assert!(
                needed.contains_key(key),
                "{lang}/diagnosis.json has {key}, which no id uses"
            );
            assert!(
                key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'),
                "{lang}: bad key {key}"
            );
        }
    }
}

#[test]
fn russian_texts_are_translated() {
    let ru: BTreeMap<String, serde_json::Value> = serde_json::from_str(LOCALES[1].1).unwrap();
    for (key, m) in &ru {
        let message = m["message"].as_str().unwrap_or_default();
        assert!(
            message
                .chars()
                .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c))),
            "ru: {key} is not in Russian: {message}"
        );
    }
}

#[test]
fn placeholder_scanner() {
    let cases: &[(&str, &[usize])] = &[
        ("no args", &[]),
        ("a $1 b $2 $1", &[1, 2]),
        ("cost $$5", &[]),
        ("bad $x", &[0]),
    ];
    for (message, want) in cases {
        assert_eq!(placeholders(message), *want, "{message}");
    }
}

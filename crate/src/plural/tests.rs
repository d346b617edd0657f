//! The rules against CLDR's own samples, the locales against the counted messages, and every
//! counted message as it reads at the counts that tell the forms apart.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::*;

/// The counts every counted text is read at: each category of both languages, the teens that
/// break the last-digit rule (11, 111), and the same endings past one hundred and one thousand.
const SAMPLES: &[u64] = &[0, 1, 2, 5, 11, 21, 101, 111, 1001];

/// CLDR's `@integer` samples of each category (plurals.xml, `<pluralRules locales="… en …">`
/// and `<pluralRules locales="ru uk">`), with the ranges written out.
#[test]
fn the_rules_give_cldr_s_own_samples() {
    let range = |from: u64, to: u64| (from..=to).collect::<Vec<_>>();
    let cases: &[(Rules, Category, Vec<u64>)] = &[
        (Rules::English, Category::One, vec![1]),
        (
            Rules::English,
            Category::Other,
            [
                vec![0],
                range(2, 16),
                vec![100, 1000, 10_000, 100_000, 1_000_000],
            ]
            .concat(),
        ),
        (
            Rules::Russian,
            Category::One,
            vec![1, 21, 31, 41, 51, 61, 71, 81, 101, 1001],
        ),
        (
            Rules::Russian,
            Category::Few,
            [
                range(2, 4),
                range(22, 24),
                range(32, 34),
                range(42, 44),
                range(52, 54),
                vec![62, 102, 1002],
            ]
            .concat(),
        ),
        (
            Rules::Russian,
            Category::Many,
            [
                vec![0],
                range(5, 19),
                vec![100, 1000, 10_000, 100_000, 1_000_000],
            ]
            .concat(),
        ),
    ];
    for (rules, category, samples) in cases {
        for &n in samples {
            assert_eq!(rules.category(n), *category, "{rules:?} {n}");
        }
    }
}

#[test]
fn the_counts_that_tell_the_forms_apart() {
    use Category::*;
    let read = |rules: Rules| {
        SAMPLES
            .iter()
            .map(|&n| rules.category(n))
            .collect::<Vec<_>>()
    };
    //                               0      1    2      5      11     21   101  111    1001
    assert_eq!(
        read(Rules::English),
        [Other, One, Other, Other, Other, Other, Other, Other, Other]
    );
    assert_eq!(
        read(Rules::Russian),
        [Many, One, Few, Many, Many, One, One, Many, One]
    );
    // Every whole number: a Russian count is never `other`, and each category has a count.
    for rules in [Rules::English, Rules::Russian] {
        let seen: Vec<Category> = (0..10_000).map(|n| rules.category(n)).collect();
        for category in rules.categories() {
            assert_eq!(
                seen.contains(category),
                !(rules == Rules::Russian && *category == Other),
                "{rules:?} {category:?}"
            );
        }
        assert_eq!(
            rules.category(u64::MAX),
            rules.category(u64::MAX % 100 + 100)
        );
    }
}

#[test]
fn the_language_of_a_tag() {
    for (tag, rules) in [
        ("en", Some(Rules::English)),
        ("en_GB", Some(Rules::English)),
        ("EN-us", Some(Rules::English)),
        ("ru", Some(Rules::Russian)),
        ("ru-RU", Some(Rules::Russian)),
        ("uk", None),
        ("", None),
        ("plural_rules", None),
    ] {
        assert_eq!(Rules::of_language(tag), rules, "{tag:?}");
    }
}

#[test]
fn a_counted_message_reads_the_form_of_its_count() {
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let ru = Some(Rules::Russian);
    let en = Some(Rules::English);
    let cases: &[(&str, &[&str], Option<Rules>, &str)] = &[
        ("popup_count", &["3"], ru, "popup_count_few"),
        ("popup_count", &["3"], en, "popup_count_other"),
        ("popup_count", &["1"], en, "popup_count_one"),
        // The count of a sign-in loop is its second argument.
        (
            "evidence_sign_in_repeated",
            &["21", "5"],
            ru,
            "evidence_sign_in_repeated_many",
        ),
        (
            "evidence_sign_in_repeated",
            &["5", "21"],
            ru,
            "evidence_sign_in_repeated_one",
        ),
        // The rules look at the number, not its sign.
        (
            "evidence_clock_ahead",
            &["-1"],
            en,
            "evidence_clock_ahead_one",
        ),
        // Not a whole number, no count, unknown rules: the form every language has.
        (
            "evidence_retry_after",
            &["1.5"],
            ru,
            "evidence_retry_after_other",
        ),
        (
            "evidence_retry_after",
            &["1,0"],
            en,
            "evidence_retry_after_other",
        ),
        (
            "evidence_retry_after",
            &["+1"],
            en,
            "evidence_retry_after_other",
        ),
        (
            "evidence_retry_after",
            &[""],
            ru,
            "evidence_retry_after_other",
        ),
        (
            "evidence_retry_after",
            &[],
            ru,
            "evidence_retry_after_other",
        ),
        (
            "notice_cookies_cleared",
            &["99999999999999999999999", "a.example"],
            en,
            "notice_cookies_cleared_other",
        ),
        (
            "notice_cookies_cleared",
            &["1", "a.example"],
            None,
            "notice_cookies_cleared_other",
        ),
        // A message that is not counted is read as it is, whatever its arguments.
        ("popup_confidence_high", &["1"], ru, "popup_confidence_high"),
        ("evidence_status", &["401"], en, "evidence_status"),
    ];
    for (key, a, rules, want) in cases {
        assert_eq!(
            form(key, &args(a), || *rules),
            *want,
            "{key} {a:?} {rules:?}"
        );
    }
    // A message that is not counted asks for no rules, and is its own key.
    let unasked = form("evidence_status", &[], || panic!("rules asked for"));
    assert!(matches!(unasked, Cow::Borrowed("evidence_status")));
}

/// The extension's messages of one language, every fragment merged as the build merges them.
struct Locale {
    lang: String,
    messages: BTreeMap<String, String>,
}

fn locales() -> Vec<Locale> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../extension/_locales");
    let mut langs: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    langs.sort();
    langs
        .into_iter()
        .map(|dir| {
            let mut messages = BTreeMap::new();
            for file in fs::read_dir(&dir).unwrap() {
                let path = file.unwrap().path();
                let json: BTreeMap<String, serde_json::Value> =
                    serde_json::from_str(&fs::read_to_string(&path).unwrap())
                        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                for (key, entry) in json {
                    let message = entry["message"].as_str().unwrap_or_default().to_owned();
                    messages.insert(key, message);
                }
            }
            let lang = dir.file_name().unwrap().to_string_lossy().into_owned();
            Locale { lang, messages }
        })
        .collect()
}

impl Locale {
    fn rules(&self) -> Rules {
        Rules::of_language(&self.lang)
            .unwrap_or_else(|| panic!("{}: no plural rules for this language", self.lang))
    }

    /// The message `key` with `args` as `chrome.i18n.getMessage` fills it, its form chosen.
    fn say(&self, key: &str, args: &[String]) -> String {
        let rules = || {
            self.messages
                .get(RULES_KEY)
                .and_then(|l| Rules::of_language(l))
        };
        let key = form(key, args, rules);
        let message = self
            .messages
            .get(key.as_ref())
            .unwrap_or_else(|| panic!("{}: no {key}", self.lang));
        let mut out = message.clone();
        for (i, arg) in args.iter().enumerate().rev() {
            out = out.replace(&format!("${}", i + 1), arg);
        }
        out
    }
}

/// The `$n` a message uses, sorted.
fn placeholders(message: &str) -> Vec<char> {
    let mut found: Vec<char> = message
        .split('$')
        .skip(1)
        .filter_map(|s| s.chars().next())
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

#[test]
fn every_language_names_its_own_rules() {
    for locale in locales() {
        let named = locale.messages.get(RULES_KEY).map(String::as_str);
        assert_eq!(
            named.and_then(Rules::of_language),
            Some(locale.rules()),
            "{}: {RULES_KEY} is {named:?}",
            locale.lang
        );
    }
}

#[test]
fn every_counted_message_has_every_form_its_language_needs_and_no_other() {
    for locale in locales() {
        let rules = locale.rules();
        for &(key, at) in COUNTED {
            assert!(
                !locale.messages.contains_key(key),
                "{}: {key} is counted: it has forms, not a message of its own",
                locale.lang
            );
            let mut shapes = Vec::new();
            for category in [
                Category::One,
                Category::Few,
                Category::Many,
                Category::Other,
            ] {
                let form = format!("{key}_{}", category.name());
                let message = locale.messages.get(&form);
                let needed = rules.categories().contains(&category);
                assert_eq!(
                    message.is_some(),
                    needed,
                    "{}: {form} is {}",
                    locale.lang,
                    if needed {
                        "missing"
                    } else {
                        "not a form of this language"
                    }
                );
                if let Some(message) = message {
                    let used = placeholders(message);
                    let count = char::from(b'1' + at as u8);
                    assert!(
                        used.contains(&count),
                        "{}: {form} does not say its count ${count}: {message:?}",
                        locale.lang
                    );
                    shapes.push(used);
                }
            }
            assert!(
                shapes.windows(2).all(|w| w[0] == w[1]),
                "{}: the forms of {key} use different placeholders: {shapes:?}",
                locale.lang
            );
        }
        // A form of a message the table does not count would never be read.
        for key in locale.messages.keys() {
            if let Some(base) = ["_one", "_few", "_many"]
                .iter()
                .find_map(|suffix| key.strip_suffix(suffix))
            {
                assert!(
                    COUNTED.iter().any(|(counted, _)| *counted == base),
                    "{}: {key} is a plural form of {base}, which plural::COUNTED lacks",
                    locale.lang
                );
            }
        }
    }
}

/// Every counted message at every sample count, in every language, as it reads: the file
/// `counted.txt` beside this one. `AUTHLENS_BLESS=1 cargo test plural` rewrites it after a
/// deliberate change of wording, to be read before it is committed.
#[test]
fn every_counted_message_reads_right_at_every_sample_count() {
    let mut read = String::new();
    for locale in locales() {
        for &(key, at) in COUNTED {
            read.push_str(&format!("{key} ({})\n", locale.lang));
            for &n in SAMPLES {
                let args: Vec<String> = (0..=at.max(1))
                    .map(|i| {
                        if i == at {
                            n.to_string()
                        } else {
                            "example.com".into()
                        }
                    })
                    .collect();
                read.push_str(&format!("{n:>6}  {}\n", locale.say(key, &args)));
            }
        }
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/plural/counted.txt");
    if std::env::var_os("AUTHLENS_BLESS").is_some() {
        fs::write(&path, &read).unwrap();
    }
    let expected = fs::read_to_string(&path).unwrap_or_default();
    if read != expected {
        let first = read
            .lines()
            .zip(expected.lines())
            .find(|(a, b)| a != b)
            .map_or_else(
                || "(a line added or removed)".into(),
                |(a, b)| format!("now {a:?}, was {b:?}"),
            );
        panic!("the counted messages read differently from counted.txt: {first}");
    }
}

/// The issue's own examples, word for word.
#[test]
fn cookies_are_counted_as_people_count_them() {
    let locales = locales();
    let say = |lang: &str, n: u64| {
        let locale = locales.iter().find(|l| l.lang == lang).unwrap();
        locale.say(
            "notice_cookies_cleared",
            &[n.to_string(), "a.example".into()],
        )
    };
    assert_eq!(say("en", 1), "Removed 1 cookie of a.example.");
    assert_eq!(say("en", 2), "Removed 2 cookies of a.example.");
    assert_eq!(say("en", 0), "Removed 0 cookies of a.example.");
    assert_eq!(say("ru", 1), "Удалён 1 файл cookie сайта a.example.");
    assert_eq!(say("ru", 3), "Удалено 3 файла cookie сайта a.example.");
    assert_eq!(say("ru", 5), "Удалено 5 файлов cookie сайта a.example.");
    assert_eq!(say("ru", 11), "Удалено 11 файлов cookie сайта a.example.");
    assert_eq!(say("ru", 21), "Удалён 21 файл cookie сайта a.example.");
}

/// What counts look like when they are left to a workaround: an English count noun after a
/// number (which `one` would need in the singular), a unit cut short so as to have no plural,
/// Russian "pieces" or a count put in brackets.
const WORKAROUNDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            " cookies",
            " times",
            " minutes",
            " seconds",
            " hours",
            " days",
            " steps",
            " entries",
            " characters",
            " problems",
            " requests",
            " failures",
            " attempts",
            " min",
            " s ",
            " s.",
            " h ",
            " d ",
        ],
    ),
    ("ru", &[" шт.", " мин.", " сек.", " симв.", "(подряд:"]),
];

#[test]
fn no_count_is_left_to_a_workaround() {
    for locale in locales() {
        let (_, marks) = WORKAROUNDS
            .iter()
            .find(|(lang, _)| *lang == locale.lang)
            .unwrap_or_else(|| panic!("{}: no workarounds listed", locale.lang));
        let counted = |key: &str| {
            COUNTED.iter().any(|(base, _)| {
                key.strip_prefix(base)
                    .is_some_and(|rest| rest.starts_with('_'))
            })
        };
        for (key, message) in locale.messages.iter().filter(|(key, _)| !counted(key)) {
            // A mark that starts with a space follows a number; any other is a phrase.
            let after_a_number = |mark: &str| {
                message
                    .split('$')
                    .skip(1)
                    .filter_map(|after| after.strip_prefix(|c: char| c.is_ascii_digit()))
                    .any(|rest| rest.starts_with(mark))
            };
            for mark in marks.iter() {
                let found = if mark.starts_with(' ') {
                    after_a_number(mark)
                } else {
                    message.contains(mark)
                };
                assert!(
                    !found,
                    "{}: {key} counts with a workaround ({mark:?}): {message:?}; make it a counted message (plural.rs)",
                    locale.lang
                );
            }
        }
    }
}

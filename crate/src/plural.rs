//! Counts in words: CLDR's plural rules for the languages AuthLens speaks, and which of its
//! messages are counted.
//!
//! Chrome's and Firefox's i18n have no plurals, so a counted message is kept as one message
//! per plural category of its language: `notice_cookies_cleared_one` and `_other` in English;
//! `_one`, `_few`, `_many` and `_other` in Russian. Whoever writes a message (the popup's and
//! the report's core, the shell's notices through the popup's core, the command line) asks
//! [`form`] which of them to read. The rules come from the messages themselves ([`RULES_KEY`]
//! names the language whose forms they hold), so a browser in a language AuthLens does not
//! speak, which reads the English messages, also counts in English.
//!
//! The rules are CLDR's cardinal plural rules (Unicode TR35, Part 3 "Numbers", §5 "Language
//! Plural Rules"; data: `common/supplemental/plurals.xml`), for whole numbers:
//!
//! ```text
//! en  one:  i = 1 and v = 0                                    @integer 1
//!     other:                                                   @integer 0, 2~16, 100, 1000, …
//! ru  one:  v = 0 and i % 10 = 1 and i % 100 != 11             @integer 1, 21, 31, …, 101, 1001, …
//!     few:  v = 0 and i % 10 = 2..4 and i % 100 != 12..14      @integer 2~4, 22~24, …, 102, 1002, …
//!     many: v = 0 and i % 10 = 0 or v = 0 and i % 10 = 5..9
//!           or v = 0 and i % 100 = 11..14                      @integer 0, 5~19, 100, 1000, …
//!     other:                                                   @decimal 0.0~1.5, 10.0, …
//! ```
//!
//! Every category but `other` needs `v = 0` (no visible fraction digits) in both languages, so
//! a count that is not written as a whole number takes `other`: that is CLDR's answer too.

use std::borrow::Cow;

/// The message that names the plural rules of the messages it sits with: `en`, `ru`.
pub const RULES_KEY: &str = "plural_rules";

/// A CLDR plural category (the ones the languages AuthLens speaks use).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// `one`: 1 in English; 1, 21, 101… in Russian.
    One,
    /// `few`: 2–4, 22–24… in Russian.
    Few,
    /// `many`: 0, 5–20, 25–30, 111… in Russian.
    Many,
    /// `other`: every other count, and every count with a fraction.
    Other,
}

impl Category {
    /// Its CLDR name, which is also the suffix of its form's key.
    pub const fn name(self) -> &'static str {
        match self {
            Category::One => "one",
            Category::Few => "few",
            Category::Many => "many",
            Category::Other => "other",
        }
    }
}

/// The plural rules of a language AuthLens speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rules {
    /// English (CLDR also gives them to German, Dutch, Swedish…).
    English,
    /// Russian (CLDR also gives them to Ukrainian).
    Russian,
}

impl Rules {
    /// The rules of a language tag (`ru`, `ru-RU`, `ru_RU`), if AuthLens speaks the language.
    pub fn of_language(tag: &str) -> Option<Rules> {
        let language = tag.split(['-', '_']).next().unwrap_or_default();
        if language.eq_ignore_ascii_case("en") {
            Some(Rules::English)
        } else if language.eq_ignore_ascii_case("ru") {
            Some(Rules::Russian)
        } else {
            None
        }
    }

    /// The categories the language has: every counted message has one form for each.
    pub const fn categories(self) -> &'static [Category] {
        match self {
            Rules::English => &[Category::One, Category::Other],
            Rules::Russian => &[
                Category::One,
                Category::Few,
                Category::Many,
                Category::Other,
            ],
        }
    }

    /// The category of the whole number `n` (of its absolute value, as CLDR's operand `n`).
    pub const fn category(self, n: u64) -> Category {
        match self {
            Rules::English if n == 1 => Category::One,
            Rules::English => Category::Other,
            Rules::Russian => match (n % 10, n % 100) {
                (1, r) if r != 11 => Category::One,
                (2..=4, r) if !matches!(r, 12..=14) => Category::Few,
                _ => Category::Many,
            },
        }
    }
}

/// Every counted message, by key, with the position of its count among its arguments (0 for
/// `$1`). Each has no message of its own key, only one form per category of its language. A
/// text with several counts is made of counted phrases, one per count, each a message of its
/// own ("5 requests"), passed to it as arguments: forms multiply no further.
pub const COUNTED: &[(&str, usize)] = &[
    ("evidence_cookies_sent", 0),
    ("evidence_clock_ahead", 0),
    ("evidence_clock_behind", 0),
    ("evidence_provider_clock_behind", 0),
    ("evidence_provider_clock_ahead", 0),
    ("evidence_retry_after", 0),
    ("evidence_sign_in_repeated", 1),
    ("popup_count", 0),
    ("popup_show_all", 0),
    ("popup_unreadable", 0),
    ("popup_timeline_folded", 0),
    ("notice_cookies_cleared", 0),
    ("cli_responses", 0),
    ("cli_failures", 0),
    ("cli_flows", 0),
];

/// The key to read for the message `key` with `args`: `key` itself, or for a counted message
/// the form its count takes under the messages' `rules` (asked for only then; `other` when
/// they are unknown or the count is not a whole number).
pub fn form<'k>(
    key: &'k str,
    args: &[String],
    rules: impl FnOnce() -> Option<Rules>,
) -> Cow<'k, str> {
    let Some(&(_, at)) = COUNTED.iter().find(|(counted, _)| *counted == key) else {
        return Cow::Borrowed(key);
    };
    let category = match (rules(), args.get(at).and_then(|a| whole_number(a))) {
        (Some(rules), Some(n)) => rules.category(n),
        _ => Category::Other,
    };
    Cow::Owned(format!("{key}_{}", category.name()))
}

/// The absolute value of a count written as a whole number (`-3` → 3); `None` for anything
/// else (`1.5`, `1,0`, an empty string, a number past `u64`), which takes `other`.
fn whole_number(s: &str) -> Option<u64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() {
        return None;
    }
    // Folded by hand: `str::parse` would bring the general integer parser into the popup.
    digits.bytes().try_fold(0u64, |n, b| {
        let digit = b.checked_sub(b'0').filter(|d| *d < 10)?;
        n.checked_mul(10)?.checked_add(u64::from(digit))
    })
}

#[cfg(test)]
mod tests;

//! Evidence while the rules run: small `Copy` values that borrow from the event, turned into
//! strings only for the causes that make it into the diagnosis. Keeping strings out of the
//! rules keeps each rule a handful of comparisons, which matters for the wasm size budget.

use super::Evidence;
use super::ids::EvidenceId;
use crate::date::iso8601;
use crate::redact::scrub;

/// One argument of an evidence item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Arg<'a> {
    /// Text from the server or the request: scrubbed of secrets when shown.
    Text(&'a str),
    /// One of the classifier's own constants (a marker it recognised, a product name).
    Known(&'static str),
    /// A count, seconds, minutes, an offset.
    Number(i64),
    /// A Unix time, shown as ISO 8601.
    Time(i64),
}

/// An evidence item with up to two arguments (its id's arity says how many count).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Note<'a> {
    pub id: EvidenceId,
    args: [Arg<'a>; 2],
}

const NONE: Arg<'static> = Arg::Known("");

/// A note without arguments.
pub(crate) const fn note(id: EvidenceId) -> Note<'static> {
    Note {
        id,
        args: [NONE, NONE],
    }
}

/// A note with one argument.
pub(crate) fn note1(id: EvidenceId, a: Arg<'_>) -> Note<'_> {
    debug_assert_eq!(id.arity(), 1, "{id}");
    Note {
        id,
        args: [a, NONE],
    }
}

/// A note with two arguments.
pub(crate) fn note2<'a>(id: EvidenceId, a: Arg<'a>, b: Arg<'a>) -> Note<'a> {
    debug_assert_eq!(id.arity(), 2, "{id}");
    Note { id, args: [a, b] }
}

/// A recognised marker as `server-says` evidence.
pub(crate) fn says(marker: &'static str) -> Note<'static> {
    note1(EvidenceId::ServerSays, Arg::Known(marker))
}

impl Note<'_> {
    #[inline(never)]
    /// The evidence as the diagnosis carries it: arguments as text, `secrets` scrubbed.
    pub(crate) fn evidence(&self, secrets: &[&str]) -> Evidence {
        let args = self.args[..self.id.arity()]
            .iter()
            .map(|a| match *a {
                Arg::Text(s) => scrub(s, secrets),
                Arg::Known(s) => s.to_owned(),
                Arg::Number(n) => n.to_string(),
                Arg::Time(t) => iso8601(t),
            })
            .collect();
        Evidence { id: self.id, args }
    }
}

/// The most notes one proposal keeps; more would not help a reader.
const CAPACITY: usize = 8;

/// A short list of distinct notes.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Notes<'a> {
    items: [Option<Note<'a>>; CAPACITY],
}

impl<'a> Notes<'a> {
    /// The notes in `list`.
    #[inline(never)]
    pub(crate) fn of(list: &[Note<'a>]) -> Self {
        let mut n = Notes::default();
        for &item in list {
            n.push(item);
        }
        n
    }

    /// Adds `item` unless it is already there or the list is full.
    #[inline(never)]
    pub(crate) fn push(&mut self, item: Note<'a>) {
        if self.iter().any(|n| n == item) {
            return;
        }
        if let Some(slot) = self.items.iter_mut().find(|s| s.is_none()) {
            *slot = Some(item);
        }
    }

    /// Adds `item` if there is one.
    #[inline(never)]
    pub(crate) fn add(&mut self, item: Option<Note<'a>>) {
        if let Some(n) = item {
            self.push(n);
        }
    }

    /// Adds every note of `other`.
    #[inline(never)]
    pub(crate) fn extend(&mut self, other: Notes<'a>) {
        for n in other.iter() {
            self.push(n);
        }
    }

    /// The notes in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = Note<'a>> + '_ {
        self.items.iter().map_while(|n| *n)
    }
}

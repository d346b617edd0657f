//! A reference parser for challenge lists, independent of `authlens-core`'s: the ABNF of RFC
//! 9110 §11 (recipient list form) written as a nondeterministic automaton that follows every
//! derivation at once and records what each one reads. Slow and simple on purpose: no
//! lookahead, no decisions, no shared code with the hand-written parser. The fuzz target
//! compares the two.
//!
//! ```text
//! field       = OWS [ challenge ] *( OWS "," OWS [ challenge ] ) OWS
//! challenge   = token [ 1*SP ( token68 / plist ) ]
//! plist       = [ auth-param ] *( OWS "," OWS [ auth-param ] )
//! auth-param  = token BWS "=" BWS ( token / quoted-string )
//! ```
//!
//! The documented judgement calls of the real parser are the specification here too: an
//! obs-fold outside quoted-strings makes its whitespace run spaces; repeated parameter names
//! (case-insensitive) in one challenge are an error at the repeated name.
//!
//! [`exchange`] builds the events of the `diagnose` target.

pub mod exchange;

use std::rc::Rc;

/// What a derivation read, in input order, as byte ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A challenge's scheme.
    Challenge(usize, usize),
    /// A challenge's token68.
    Token68(usize, usize),
    /// A parameter: name range, value range (inside the quotes), quoted.
    Param((usize, usize), (usize, usize), bool),
}

/// The reference's verdict on one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Valid; the events of the (unique) derivation.
    Valid(Vec<Event>),
    /// No derivation reaches this offset: the first byte no valid value can have there, or
    /// the length when the input ends too early.
    Invalid(usize),
    /// Derivable, but a challenge repeats the parameter name starting at this offset.
    Duplicate(usize),
    /// Two derivations that read different things: the grammar would be ambiguous.
    Ambiguous(Vec<Event>, Vec<Event>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Outer list: at the start or after a comma; a challenge may start.
    List,
    /// After a complete challenge: OWS, then "," or the end.
    ListSep,
    Scheme,
    /// After `scheme 1*SP`.
    AfterSpace,
    Token68,
    Token68Padding,
    /// Parameter list: after a comma; a parameter may start.
    Params,
    /// After a parameter value: OWS, then the parameter list's ",".
    ParamSep,
    Name,
    NameSpace,
    Equals,
    Token,
    Quoted,
    QuotedEscape,
    Closed,
}

struct Node {
    event: Event,
    previous: Option<Rc<Node>>,
}

#[derive(Clone)]
struct Path {
    state: State,
    /// Start of the lexeme being read.
    mark: usize,
    /// The parameter name read last.
    name: (usize, usize),
    events: Option<Rc<Node>>,
}

impl Path {
    fn to(&self, state: State) -> Path {
        Path {
            state,
            ..self.clone()
        }
    }

    fn mark(mut self, at: usize) -> Path {
        self.mark = at;
        self
    }

    fn emit(mut self, event: Event) -> Path {
        self.events = Some(Rc::new(Node {
            event,
            previous: self.events.take(),
        }));
        self
    }

    fn events(&self) -> Vec<Event> {
        let mut out = Vec::new();
        let mut node = self.events.as_ref();
        while let Some(n) = node {
            out.push(n.event.clone());
            node = n.previous.as_ref();
        }
        out.reverse();
        out
    }
}

fn same_events(a: &Option<Rc<Node>>, b: &Option<Rc<Node>>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => {
            Rc::ptr_eq(x, y) || (x.event == y.event && same_events(&x.previous, &y.previous))
        }
        _ => false,
    }
}

fn is_alpha_digit(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_lowercase() || b.is_ascii_digit()
}

/// tchar (RFC 9110 §5.6.2).
fn tchar(b: u8) -> bool {
    is_alpha_digit(b) || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// The characters of token68 before its padding (RFC 9110 §11.2).
fn token68_char(b: u8) -> bool {
    is_alpha_digit(b) || b"-._~+/".contains(&b)
}

fn ws(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// qdtext (RFC 9110 §5.6.4).
fn qdtext(b: u8) -> bool {
    b == b'\t'
        || b == b' '
        || b == 0x21
        || (0x23..=0x5B).contains(&b)
        || (0x5D..=0x7E).contains(&b)
        || b >= 0x80
}

/// The byte after "\" in a quoted-pair (RFC 9110 §5.6.4).
fn escapable(b: u8) -> bool {
    b == b'\t' || b == b' ' || (0x21..=0x7E).contains(&b) || b >= 0x80
}

/// Replaces each whitespace run that holds an obs-fold (`[CR] LF` then SP or HTAB, RFC 9112
/// §5.2), outside quoted-strings, with as many spaces.
fn unfold(input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    let mut quoted = false;
    let mut i = 0;
    while i < input.len() {
        let b = input[i];
        if quoted {
            match b {
                b'\\' => i += 1,
                b'"' => quoted = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        if b == b'"' {
            quoted = true;
            i += 1;
            continue;
        }
        let start = i;
        let mut folded = false;
        loop {
            let fold_at = |j: usize| input.get(j).is_some_and(|&c| ws(c));
            match input.get(i) {
                Some(&c) if ws(c) => i += 1,
                Some(b'\r') if input.get(i + 1) == Some(&b'\n') && fold_at(i + 2) => {
                    folded = true;
                    i += 2;
                }
                Some(b'\n') if fold_at(i + 1) => {
                    folded = true;
                    i += 1;
                }
                _ => break,
            }
        }
        if folded {
            out[start..i].fill(b' ');
        }
        if i == start {
            i += 1;
        }
    }
    out
}

/// All the ways `path` goes on with byte `b` at offset `i`.
fn step(path: &Path, b: u8, i: usize, next: &mut Vec<Path>) {
    use State::*;
    let p = path;
    match p.state {
        List => {
            if ws(b) || b == b',' {
                next.push(p.to(List));
            }
            if tchar(b) {
                next.push(p.to(Scheme).mark(i));
            }
        }
        ListSep => {
            if ws(b) {
                next.push(p.to(ListSep));
            }
            if b == b',' {
                next.push(p.to(List));
            }
        }
        Scheme => {
            let done = || p.clone().emit(Event::Challenge(p.mark, i));
            if tchar(b) {
                next.push(p.to(Scheme));
            } else if b == b' ' {
                next.push(done().to(AfterSpace));
            } else if b == b'\t' {
                next.push(done().to(ListSep));
            } else if b == b',' {
                next.push(done().to(List));
            }
        }
        AfterSpace => {
            // More of 1*SP; or the challenge's plist is empty and OWS, "," follow (of the
            // outer list, or of the plist's empty first element).
            if b == b' ' {
                next.push(p.to(AfterSpace));
            }
            if ws(b) {
                next.push(p.to(ListSep));
                next.push(p.to(ParamSep));
            }
            if b == b',' {
                next.push(p.to(List));
                next.push(p.to(Params));
            }
            if token68_char(b) {
                next.push(p.to(Token68).mark(i));
            }
            if tchar(b) {
                next.push(p.to(Name).mark(i));
            }
        }
        Token68 | Token68Padding => {
            if p.state == Token68 && token68_char(b) {
                next.push(p.to(Token68));
            } else if b == b'=' {
                next.push(p.to(Token68Padding));
            } else {
                let done = p.clone().emit(Event::Token68(p.mark, i));
                if ws(b) {
                    next.push(done.to(ListSep));
                } else if b == b',' {
                    next.push(done.to(List));
                }
            }
        }
        Params => {
            if ws(b) {
                next.push(p.to(Params));
                next.push(p.to(ListSep));
            }
            if b == b',' {
                next.push(p.to(Params));
                next.push(p.to(List));
            }
            if tchar(b) {
                next.push(p.to(Name).mark(i));
            }
        }
        ParamSep => {
            if ws(b) {
                next.push(p.to(ParamSep));
            }
            if b == b',' {
                next.push(p.to(Params));
            }
        }
        Name => {
            let named = |state| Path {
                state,
                name: (p.mark, i),
                ..p.clone()
            };
            if tchar(b) {
                next.push(p.to(Name));
            } else if ws(b) {
                next.push(named(NameSpace));
            } else if b == b'=' {
                next.push(named(Equals));
            }
        }
        NameSpace => {
            if ws(b) {
                next.push(p.to(NameSpace));
            } else if b == b'=' {
                next.push(p.to(Equals));
            }
        }
        Equals => {
            if ws(b) {
                next.push(p.to(Equals));
            } else if tchar(b) {
                next.push(p.to(Token).mark(i));
            } else if b == b'"' {
                next.push(p.to(Quoted).mark(i + 1));
            }
        }
        Token => {
            if tchar(b) {
                next.push(p.to(Token));
            } else {
                let done = p.clone().emit(Event::Param(p.name, (p.mark, i), false));
                after_value(&done, b, next);
            }
        }
        Quoted => {
            if b == b'"' {
                next.push(
                    p.clone()
                        .emit(Event::Param(p.name, (p.mark, i), true))
                        .to(Closed),
                );
            } else if b == b'\\' {
                next.push(p.to(QuotedEscape));
            } else if qdtext(b) {
                next.push(p.to(Quoted));
            }
        }
        QuotedEscape => {
            if escapable(b) {
                next.push(p.to(Quoted));
            }
        }
        Closed => after_value(p, b, next),
    }
}

/// After a parameter value: the challenge may end (outer list) or its plist go on.
fn after_value(p: &Path, b: u8, next: &mut Vec<Path>) {
    if ws(b) {
        next.push(p.to(State::ListSep));
        next.push(p.to(State::ParamSep));
    }
    if b == b',' {
        next.push(p.to(State::List));
        next.push(p.to(State::Params));
    }
}

/// The derivation ends with the input, if `path` may end there.
fn finish(p: &Path, end: usize) -> Option<Path> {
    use State::*;
    match p.state {
        List | ListSep | AfterSpace | Params => Some(p.clone()),
        Scheme => Some(p.clone().emit(Event::Challenge(p.mark, end))),
        Token68 | Token68Padding => Some(p.clone().emit(Event::Token68(p.mark, end))),
        Token => Some(p.clone().emit(Event::Param(p.name, (p.mark, end), false))),
        Closed => Some(p.clone()),
        ParamSep | Name | NameSpace | Equals | Quoted | QuotedEscape => None,
    }
}

/// Keeps one path per state and events: paths that read the same will do the same.
fn dedup(paths: Vec<Path>) -> Vec<Path> {
    let mut kept: Vec<Path> = Vec::with_capacity(paths.len());
    for p in paths {
        let duplicate = kept.iter().any(|k| {
            k.state == p.state
                && k.mark == p.mark
                && k.name == p.name
                && same_events(&k.events, &p.events)
        });
        if !duplicate {
            kept.push(p);
        }
    }
    kept
}

/// Parses `input` the slow, obvious way.
pub fn parse(input: &[u8]) -> Verdict {
    let bytes = unfold(input);
    let mut paths = vec![Path {
        state: State::List,
        mark: 0,
        name: (0, 0),
        events: None,
    }];
    for (i, &b) in bytes.iter().enumerate() {
        let mut next = Vec::new();
        for p in &paths {
            step(p, b, i, &mut next);
        }
        paths = dedup(next);
        if paths.is_empty() {
            return Verdict::Invalid(i);
        }
    }
    let mut done: Vec<Vec<Event>> = Vec::new();
    for p in paths.iter().filter_map(|p| finish(p, bytes.len())) {
        let events = p.events();
        if !done.contains(&events) {
            done.push(events);
        }
    }
    match done.len() {
        0 => Verdict::Invalid(bytes.len()),
        1 => {
            let events = done.remove(0);
            match first_duplicate(input, &events) {
                Some(at) => Verdict::Duplicate(at),
                None => Verdict::Valid(events),
            }
        }
        _ => Verdict::Ambiguous(done.remove(0), done.remove(0)),
    }
}

/// The offset of the first parameter name that repeats one of its challenge (RFC 9110 §11.2).
fn first_duplicate(input: &[u8], events: &[Event]) -> Option<usize> {
    let mut names: Vec<Vec<u8>> = Vec::new();
    for event in events {
        match event {
            Event::Challenge(..) => names.clear(),
            Event::Token68(..) => {}
            Event::Param((start, end), _, _) => {
                let name = input[*start..*end].to_ascii_lowercase();
                if names.contains(&name) {
                    return Some(*start);
                }
                names.push(name);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(input: &str) -> Vec<Event> {
        match parse(input.as_bytes()) {
            Verdict::Valid(events) => events,
            other => panic!("{input:?}: {other:?}"),
        }
    }

    #[test]
    fn reads_the_rfc_example() {
        let events = valid(
            r#"Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple""#,
        );
        assert_eq!(events.len(), 6);
        assert_eq!(events[0], Event::Challenge(0, 7));
        assert_eq!(events[3], Event::Param((30, 35), (37, 54), true));
        assert_eq!(events[4], Event::Challenge(57, 62));
    }

    #[test]
    fn token68_and_bare_schemes() {
        assert_eq!(
            valid("A b=="),
            [Event::Challenge(0, 1), Event::Token68(2, 5)]
        );
        assert_eq!(
            valid("A , x=1"),
            [Event::Challenge(0, 1), Event::Param((4, 5), (6, 7), false)]
        );
        assert_eq!(valid(""), []);
    }

    #[test]
    fn verdicts() {
        assert_eq!(parse(b"Basic, realm=x"), Verdict::Invalid(12));
        assert_eq!(parse(b"Basic realm=\"x"), Verdict::Invalid(14));
        assert_eq!(parse(b"A a=1, A=2"), Verdict::Duplicate(7));
        assert_eq!(
            parse(b"A\r\n a=1"),
            Verdict::Valid(vec![
                Event::Challenge(0, 1),
                Event::Param((4, 5), (6, 7), false)
            ])
        );
        assert_eq!(parse(b"A a=\"\r\n b\""), Verdict::Invalid(5));
    }
}

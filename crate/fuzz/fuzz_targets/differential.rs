//! The hand-written parser against the reference automaton, on any bytes:
//! - strict mode accepts exactly what the reference derives, with the same events, and
//!   rejects at the offset where every derivation died (or at the repeated name);
//! - lenient mode never fails, and on valid input delivers the strict events and no finding;
//! - the owned API agrees with the events (names lower-cased, values unescaped).
#![no_main]

use std::ops::Range;

use authlens_core::{
    FindingId, Mode, Sink, parse_challenges, parse_challenges_lenient, parse_with, unescape,
};
use authlens_core_fuzz::{Event, Verdict, parse};
use libfuzzer_sys::fuzz_target;

#[derive(Default)]
struct Recorder {
    events: Vec<Event>,
    findings: Vec<(usize, Range<usize>)>,
}

impl Sink for Recorder {
    fn challenge(&mut self, scheme: Range<usize>) {
        self.events.push(Event::Challenge(scheme.start, scheme.end));
    }
    fn token68(&mut self, token68: Range<usize>) {
        self.events.push(Event::Token68(token68.start, token68.end));
    }
    fn param(&mut self, name: Range<usize>, value: Range<usize>, quoted: bool, _escaped: bool) {
        self.events.push(Event::Param(
            (name.start, name.end),
            (value.start, value.end),
            quoted,
        ));
    }
    fn finding(&mut self, _id: FindingId, at: usize, subject: Range<usize>) {
        self.findings.push((at, subject));
    }
}

const DUPLICATE: &str = "a parameter name not used before in this challenge";

fuzz_target!(|data: &[u8]| {
    // The reference is quadratic at worst; long inputs add nothing the short ones miss.
    let data = &data[..data.len().min(2048)];
    let reference = parse(data);
    let mut strict = Recorder::default();
    let result = parse_with(data, Mode::Strict, &mut strict);
    match (&reference, &result) {
        (Verdict::Ambiguous(a, b), _) => panic!("ambiguous grammar: {a:?} / {b:?}"),
        (Verdict::Valid(events), Ok(())) => assert_eq!(&strict.events, events),
        (Verdict::Duplicate(at), Err(e)) => assert_eq!((e.offset, e.expected), (*at, DUPLICATE)),
        (Verdict::Invalid(at), Err(e)) if e.expected == DUPLICATE => assert!(e.offset < *at),
        (Verdict::Invalid(at), Err(e)) => assert_eq!(e.offset, *at, "{e}"),
        (verdict, result) => panic!("reference {verdict:?}, parser {result:?}"),
    }
    assert!(strict.findings.is_empty());

    let mut lenient = Recorder::default();
    assert!(parse_with(data, Mode::Lenient, &mut lenient).is_ok());
    if result.is_ok() {
        assert_eq!(lenient.events, strict.events);
        assert!(lenient.findings.is_empty());
    } else {
        assert!(!lenient.findings.is_empty());
    }
    assert!(lenient.findings.len() <= authlens_core::MAX_FINDINGS);
    for (at, subject) in &lenient.findings {
        assert!(*at <= data.len() && subject.start <= subject.end && subject.end <= data.len());
    }
    for event in &lenient.events {
        let (Event::Challenge(s, e) | Event::Token68(s, e) | Event::Param(_, (s, e), _)) = *event;
        assert!(s <= e && e <= data.len());
    }

    if let Ok(text) = std::str::from_utf8(data) {
        let owned = parse_challenges(text);
        assert_eq!(owned.is_ok(), result.is_ok());
        if let Ok(challenges) = owned {
            let mut params = challenges.iter().flat_map(|c| &c.params);
            for event in &strict.events {
                if let Event::Param((ns, ne), (vs, ve), quoted) = *event {
                    let param = params.next().expect("a param per event");
                    assert_eq!(param.name, text[ns..ne].to_ascii_lowercase());
                    let raw = &data[vs..ve];
                    let value = if quoted { unescape(raw) } else { raw.to_vec() };
                    assert_eq!(param.value.as_bytes(), value);
                }
            }
            assert!(params.next().is_none());
        }
        let (lenient_challenges, _) = parse_challenges_lenient(&[text, text]);
        if let Ok(challenges) = parse_challenges(text) {
            assert_eq!(lenient_challenges.len(), 2 * challenges.len());
        }
    }
});

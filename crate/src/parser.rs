//! The challenge list parser: `WWW-Authenticate` (RFC 9110 §11.6.1) and `Proxy-Authenticate`
//! (§11.7.1) field values.
//!
//! ```text
//! WWW-Authenticate = #challenge                            ; §11.6.1
//! challenge   = auth-scheme [ 1*SP ( token68 / #auth-param ) ]   ; §11.3
//! auth-scheme = token                                      ; §11.1
//! auth-param  = token BWS "=" BWS ( token / quoted-string ) ; §11.2
//! token68     = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
//! #element    = [ element ] *( OWS "," OWS [ element ] )   ; §5.6.1.2, recipient form
//! ```
//!
//! One deterministic pass, no backtracking: the grammar is ambiguous only where a comma may
//! close a challenge or separate its parameters, and a look at what follows the next token
//! (`=` or not) decides. Every byte is looked at a bounded number of times, so time is linear
//! in the input; memory is the output plus the names of the current challenge's parameters.
//!
//! The low-level API ([`parse_with`]) reports byte ranges to a [`Sink`] and allocates only the
//! parameter-name index; the owned API ([`parse_challenges`], [`parse_challenge_lines`],
//! [`parse_challenges_lenient`]) is a [`Sink`] that builds [`Challenge`]s.
//!
//! # Judgement calls and deviations (strict mode)
//! - **Empty field value**: `""` and `", ,"` are valid and hold no challenge: the `#` list rule
//!   allows zero elements. (A 401 without a challenge breaks §11.6.1, but that is a rule for
//!   the response, not for the field's syntax; the recovering mode reports
//!   [`FindingId::NoChallenge`].)
//! - **Duplicate parameters** are an error: §11.2 says "each parameter name MUST only occur
//!   once per challenge", names compared case-insensitively.
//! - **obs-fold** (`[CR] LF 1*( SP / HTAB )`, RFC 9112 §5.2) counts as SP wherever whitespace
//!   may appear, because a recipient must replace it with SP before interpreting the value; a
//!   whitespace run that contains one counts as spaces only (inside a quoted-string: below).
//!   A lone CR or LF is an error.
//! - **Leading and trailing whitespace** of the value is allowed (§5.5: it is not part of the
//!   field value, so callers need not trim).
//! - **Bytes >= 0x80** are `obs-text`: allowed in quoted-strings only, kept as they are (UTF-8
//!   text passes through unchanged).
//! - **Scheme-specific rules** (Basic needs a realm, realm should be quoted, ...) are not
//!   syntax: strict mode accepts `Basic` alone and `realm=foo`; the recovering mode reports
//!   them as findings.
//! - **`name=` alone** (`Basic realm=`, `Digest qop=`) is a token68, which the grammar derives
//!   (letters then `=` padding), while an auth-param needs a value. Followed by more
//!   parameters it is an error.
//! - **obs-fold inside a quoted-string** is an error, where RFC 9112 §5.2 would have it
//!   replaced by SP: values are reported as ranges of the input, which a fold would break, and
//!   neither browsers' nor clients' test material folds inside a value.
//! - **Error offset**: the first byte at which the input stops being the start of any valid
//!   field value (the input length if it ends too early), so an error points at the culprit.
//!
//! # Recovering mode
//! Where strict mode fails, [`Mode::Lenient`] reports a [`FindingId`] and reads on the way
//! Chromium and Firefox read broken servers: an unquoted value runs to the next comma (or to
//! a word that starts a parameter: `realm=My Site, x=1`); an unterminated quoted-string runs to
//! the end of its line; a parameter or challenge without the comma before it is taken as if
//! the comma were there; a parameter where a challenge must start joins the challenge before
//! (`Basic, realm="x"`); a tab after the scheme counts as a space; a repeated parameter is
//! kept (the first one counts, as in Firefox; Chromium takes the last); text that fits
//! nowhere is skipped to the next comma; a line break that is not an obs-fold separates two
//! field lines (Firefox joins a header's lines with one). Single quotes are not quotes (`'` is
//! a `tchar`; Firefox and Chromium agree, Python's urllib does not). A token68 is kept as sent
//! (Chromium drops `=` padding beyond a multiple of four), and `name=` alone is a token68, as
//! the grammar derives it (Chromium drops it as a parameter without a value).
// Never panic on any input (architecture rule): no indexing, unwrap or panic outside tests.
#![deny(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::ops::Range;

use crate::challenge::{Challenge, Finding, FindingId, Param, ParseError};
use crate::scheme;
use crate::table::{is_qdtext, is_quotable, is_tchar, is_token68};

/// How [`parse_with`] treats input the grammar cannot derive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Exactly RFC 9110 (see the module docs for the judgement calls): the first violation is
    /// a [`ParseError`].
    Strict,
    /// Recover the way browsers read broken servers, report each violation through
    /// [`Sink::finding`], never fail. On input strict mode accepts, it delivers the same events
    /// and no finding.
    Lenient,
}

/// Receives what [`parse_with`] finds, as byte ranges into its input, in input order.
///
/// Events: [`Sink::challenge`] opens a challenge; [`Sink::token68`] or any number of
/// [`Sink::param`] belong to the challenge opened last. In lenient mode a parameter can come
/// before any challenge (a stray parameter at the very start, announced by a finding first):
/// a sink drops it or keeps it as it sees fit. In strict mode, events delivered before an
/// error describe only a prefix of the input: discard them.
pub trait Sink {
    /// A challenge starts; `scheme` is its auth-scheme as sent.
    fn challenge(&mut self, scheme: Range<usize>);
    /// The challenge's token68, `=` padding included.
    fn token68(&mut self, token68: Range<usize>);
    /// An auth-param. `value` excludes the quotes of a quoted-string (`quoted`); `escaped`
    /// says it holds quoted-pairs whose backslashes must be removed ([`unescape`]).
    fn param(&mut self, name: Range<usize>, value: Range<usize>, quoted: bool, escaped: bool);
    /// Lenient mode only: a violation at byte `at`; `subject` is the text it concerns (a
    /// parameter name, the scheme, the skipped text; may be empty). At most
    /// [`MAX_FINDINGS`] per parse.
    fn finding(&mut self, id: FindingId, at: usize, subject: Range<usize>) {
        let _ = (id, at, subject);
    }
}

/// The most findings one [`parse_with`] call reports, so that hostile input cannot make the
/// finding list grow with its length.
pub const MAX_FINDINGS: usize = 32;

/// Parses one field value, reporting byte ranges to `sink`.
///
/// For the JavaScript boundary: pass a string whose code units are all below 256 as one byte
/// per code unit (a "byte string") and the ranges are string indices.
///
/// ```
/// use authlens_core::{Mode, Offsets, parse_with};
/// let mut out = Offsets::default();
/// parse_with(br#"Basic realm="x""#, Mode::Strict, &mut out).unwrap();
/// assert_eq!(out.0, [Offsets::CHALLENGE, 0, 5, Offsets::PARAM + Offsets::QUOTED, 6, 11, 13, 14]);
/// ```
pub fn parse_with<S: Sink>(input: &[u8], mode: Mode, sink: &mut S) -> Result<(), ParseError> {
    Parser {
        s: input,
        i: 0,
        mode,
        sink,
        names: Names::default(),
        findings: 0,
    }
    .list()
}

/// A [`Sink`] that writes the events as one flat `u32` list, for the JavaScript boundary to
/// build objects from the original string (ranges are half-open):
///
/// | event     | words                                                                  |
/// |-----------|------------------------------------------------------------------------|
/// | challenge | [`Offsets::CHALLENGE`], scheme start, end                              |
/// | token68   | [`Offsets::TOKEN68`], start, end                                       |
/// | param     | [`Offsets::PARAM`] (+ [`Offsets::QUOTED`], + [`Offsets::ESCAPED`]), name start, end, value start, end |
/// | finding   | [`Offsets::FINDING`], index in [`FindingId::ALL`], at, subject start, end |
#[derive(Debug, Default)]
pub struct Offsets(pub Vec<u32>);

impl Offsets {
    /// Tag of a challenge record.
    pub const CHALLENGE: u32 = 0;
    /// Tag of a token68 record.
    pub const TOKEN68: u32 = 1;
    /// Tag of a parameter record.
    pub const PARAM: u32 = 2;
    /// Added to [`Offsets::PARAM`]: the value was a quoted-string.
    pub const QUOTED: u32 = 4;
    /// Added to [`Offsets::PARAM`]: the value holds quoted-pairs to unescape.
    pub const ESCAPED: u32 = 8;
    /// Tag of a finding record (lenient mode).
    pub const FINDING: u32 = 3;

    fn push(&mut self, words: &[usize]) {
        // wasm32 inputs are far below 4 GiB; saturate rather than wrap on anything else.
        self.0
            .extend(words.iter().map(|&w| u32::try_from(w).unwrap_or(u32::MAX)));
    }
}

impl Sink for Offsets {
    fn challenge(&mut self, scheme: Range<usize>) {
        self.push(&[Offsets::CHALLENGE as usize, scheme.start, scheme.end]);
    }

    fn token68(&mut self, token68: Range<usize>) {
        self.push(&[Offsets::TOKEN68 as usize, token68.start, token68.end]);
    }

    fn param(&mut self, name: Range<usize>, value: Range<usize>, quoted: bool, escaped: bool) {
        let tag = Offsets::PARAM
            + if quoted { Offsets::QUOTED } else { 0 }
            + if escaped { Offsets::ESCAPED } else { 0 };
        self.push(&[tag as usize, name.start, name.end, value.start, value.end]);
    }

    fn finding(&mut self, id: FindingId, at: usize, subject: Range<usize>) {
        let index = FindingId::ALL
            .iter()
            .position(|&i| i == id)
            .unwrap_or(usize::MAX);
        self.push(&[
            Offsets::FINDING as usize,
            index,
            at,
            subject.start,
            subject.end,
        ]);
    }
}

/// Parses one field value into its challenges; strict RFC 9110 grammar.
///
/// ```
/// let c = authlens_core::parse_challenges(r#"Newauth realm="apps", type=1, Basic realm="simple""#).unwrap();
/// assert_eq!(c[1].realm(), Some("simple"));
/// ```
pub fn parse_challenges(value: &str) -> Result<Vec<Challenge>, ParseError> {
    let mut builder = Builder {
        line: value,
        ..Builder::default()
    };
    parse_with(value.as_bytes(), Mode::Strict, &mut builder)?;
    Ok(builder.challenges)
}

/// Parses several field lines of the same header: RFC 9110 §5.3 makes them one value, the
/// lines joined with `", "`, and [`ParseError::offset`] is an offset into that joined value.
/// No line at all means no challenge.
pub fn parse_challenge_lines(lines: &[&str]) -> Result<Vec<Challenge>, ParseError> {
    match lines {
        [line] => parse_challenges(line),
        _ => parse_challenges(&lines.join(", ")),
    }
}

/// Parses what real servers send, the way browsers read it, and reports each grammar
/// violation and each semantic problem (missing realm, unknown error code, ...) as a
/// [`Finding`] whose offset is in the lines joined with `", "`. Never fails.
///
/// Each line is parsed on its own, as browsers do, so that a broken line (an unterminated
/// quote) cannot swallow the next one; a line that starts with parameters continues the
/// challenge before it, reported as [`FindingId::StrayParam`]. A line break inside a value
/// that is not an obs-fold (`CR LF` or `LF` then a non-blank) separates lines too, without a
/// finding: Firefox joins a response's `WWW-Authenticate` and `Proxy-Authenticate` lines with
/// `LF` (nsHttpHeaderArray), and its `webRequest` hands the joined value over. Findings come in
/// this order: what the parser met, in input order; then the semantic findings, challenge by
/// challenge; then [`FindingId::NoChallenge`].
pub fn parse_challenges_lenient(lines: &[&str]) -> (Vec<Challenge>, Vec<Finding>) {
    let mut builder = Builder::default();
    let mut base = 0;
    for line in lines {
        for (start, piece) in joined_lines(line) {
            builder.line = piece;
            builder.base = base + start;
            // Lenient mode reports violations as findings and has no error to return.
            parse_with(piece.as_bytes(), Mode::Lenient, &mut builder).ok();
        }
        base += line.len() + ", ".len();
    }
    let Builder {
        challenges,
        starts,
        mut findings,
        ..
    } = builder;
    for (challenge, start) in challenges.iter().zip(starts) {
        scheme::check(challenge, start, &mut findings);
    }
    if challenges.is_empty() && !lines.is_empty() {
        findings.push(Finding {
            id: FindingId::NoChallenge,
            offset: None,
            args: Vec::new(),
        });
    }
    (challenges, findings)
}

/// The lines joined into `value` by a line break that is not an obs-fold (RFC 9112 §5.2: a
/// fold is a line break followed by SP or HTAB), each with its offset; a `CR` before the `LF`
/// belongs to neither line.
pub(crate) fn joined_lines(value: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = value.as_bytes();
    let mut start = 0;
    let mut breaks = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' && !matches!(bytes.get(i + 1), Some(b' ' | b'\t')));
    std::iter::from_fn(move || {
        let from = start;
        if from > bytes.len() {
            return None;
        }
        let (end, next) = match breaks.next() {
            Some((lf, _)) => (
                if lf > from && bytes.get(lf - 1) == Some(&b'\r') {
                    lf - 1
                } else {
                    lf
                },
                lf + 1,
            ),
            None => (bytes.len(), bytes.len() + 1),
        };
        start = next;
        // Both ends are at ASCII bytes (CR, LF or the end), so on character boundaries.
        Some((from, value.get(from..end).unwrap_or_default()))
    })
}

/// Removes the backslash of each quoted-pair (RFC 9110 §5.6.4). A lone backslash at the end
/// (an unterminated string in lenient mode) is dropped.
pub fn unescape(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut bytes = raw.iter();
    while let Some(&b) = bytes.next() {
        if b != b'\\' {
            out.push(b);
        } else if let Some(&escaped) = bytes.next() {
            out.push(escaped);
        }
    }
    out
}

// What the grammar expects, for ParseError::expected.
const EXPECT_SCHEME: &str = "an auth-scheme";
const EXPECT_AFTER_SCHEME: &str =
    "a space, ',' or the end of the field value after the auth-scheme";
const EXPECT_SPACE: &str =
    "',' or the end of the field value (only SP may separate an auth-scheme from its data)";
const EXPECT_DATA: &str = "a token68 or an auth-param";
const EXPECT_EQUALS: &str = "'=', ',' or the end of the field value";
const EXPECT_VALUE: &str = "a token or a quoted-string";
const EXPECT_END: &str = "',' or the end of the field value";
const EXPECT_ELEMENT: &str = "an auth-param or an auth-scheme";
const EXPECT_NOT_PARAM: &str = "an auth-scheme (a parameter must follow its scheme and a space)";
const EXPECT_NEW_NAME: &str = "a parameter name not used before in this challenge";
const EXPECT_QDTEXT: &str = "a quoted-string character";
const EXPECT_QUOTABLE: &str = "a character to escape after '\\'";
const EXPECT_CLOSING_QUOTE: &str = "'\"' closing the quoted-string";

/// A whitespace run: OWS, BWS or the 1*SP after a scheme. An obs-fold turns the whole run
/// into spaces.
struct Whitespace {
    empty: bool,
    /// The run counts as spaces only (no HTAB, or an obs-fold).
    spaces: bool,
    /// The run starts with a space (or counts as spaces): after a scheme, that space may be
    /// the `1*SP` before an #auth-param list whose first element is empty.
    leading_space: bool,
}

struct Parser<'a, S> {
    s: &'a [u8],
    i: usize,
    mode: Mode,
    sink: &'a mut S,
    names: Names<'a>,
    findings: usize,
}

impl<S: Sink> Parser<'_, S> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn byte_at(&self, at: usize) -> Option<u8> {
        self.s.get(at).copied()
    }

    /// In strict mode, the error; in lenient mode, reports the finding and goes on.
    fn violation(
        &mut self,
        at: usize,
        expected: &'static str,
        id: FindingId,
        subject: Range<usize>,
    ) -> Result<(), ParseError> {
        match self.mode {
            Mode::Strict => Err(ParseError {
                offset: at,
                expected,
            }),
            Mode::Lenient => {
                if self.findings < MAX_FINDINGS {
                    self.findings += 1;
                    self.sink.finding(id, at, subject);
                }
                Ok(())
            }
        }
    }

    /// The end of the `tchar` run starting at `from`.
    fn token_end(&self, from: usize) -> usize {
        let mut end = from;
        while self.byte_at(end).is_some_and(is_tchar) {
            end += 1;
        }
        end
    }

    /// Consumes a token (possibly empty) and returns its range.
    fn token(&mut self) -> Range<usize> {
        let start = self.i;
        self.i = self.token_end(start);
        start..self.i
    }

    /// Consumes OWS, where obs-fold (RFC 9112 §5.2) counts as SP.
    fn whitespace(&mut self) -> Whitespace {
        let start = self.i;
        let leading_space = self.peek() == Some(b' ');
        let (mut tab, mut fold) = (false, false);
        loop {
            match self.peek() {
                Some(b' ') => self.i += 1,
                Some(b'\t') => {
                    tab = true;
                    self.i += 1;
                }
                Some(b'\r')
                    if self.byte_at(self.i + 1) == Some(b'\n') && self.folds(self.i + 2) =>
                {
                    fold = true;
                    self.i += 2;
                }
                Some(b'\n') if self.folds(self.i + 1) => {
                    fold = true;
                    self.i += 1;
                }
                _ => break,
            }
        }
        let spaces = fold || !tab;
        Whitespace {
            empty: self.i == start,
            spaces,
            leading_space: leading_space || fold,
        }
    }

    /// Whether a line break ending just before `at` is an obs-fold: SP or HTAB follows.
    fn folds(&self, at: usize) -> bool {
        matches!(self.byte_at(at), Some(b' ' | b'\t'))
    }

    /// Consumes OWS and commas: the separators and empty elements of a list.
    fn separators(&mut self) {
        loop {
            self.whitespace();
            if self.peek() != Some(b',') {
                return;
            }
            self.i += 1;
        }
    }

    /// Whether a token then BWS then `=` starts at `i`: the start of an auth-param.
    fn at_param(&mut self) -> bool {
        let start = self.i;
        let name_end = self.token_end(start);
        self.i = name_end;
        self.whitespace();
        let found = name_end > start && self.peek() == Some(b'=');
        self.i = start;
        found
    }

    /// `#challenge`: the whole field value.
    fn list(&mut self) -> Result<(), ParseError> {
        let mut next = None;
        loop {
            let scheme = match next.take() {
                Some(scheme) => scheme,
                None => {
                    self.separators();
                    match self.peek() {
                        None => return Ok(()),
                        Some(b) if is_tchar(b) => self.token(),
                        Some(_) => {
                            self.skip(EXPECT_SCHEME)?;
                            continue;
                        }
                    }
                }
            };
            next = self.challenge(scheme)?;
        }
    }

    /// The rest of a challenge whose scheme was just read. Returns the scheme of the next
    /// challenge when it was read already (after a comma, a token not followed by `=`).
    fn challenge(&mut self, scheme: Range<usize>) -> Result<Option<Range<usize>>, ParseError> {
        let ws = self.whitespace();
        if self.peek() == Some(b'=') {
            // `token BWS "="` where a challenge must start: a parameter after a comma that
            // closed a challenge without parameters (`Basic, realm="x"`), or one at the very
            // start. Lenient: it belongs to the challenge before. Deliberately unlike the
            // browsers, which lose it (Firefox drops the parameter; Chromium, which splits the
            // scheme at whitespace, sees a scheme `basic,`): the realm is worth showing.
            self.violation(
                self.i,
                EXPECT_NOT_PARAM,
                FindingId::StrayParam,
                scheme.clone(),
            )?;
            self.i += 1;
            self.whitespace();
            self.param_value(scheme)?;
            return self.more_params();
        }
        self.sink.challenge(scheme.clone());
        self.names.clear();
        match self.peek() {
            None => Ok(None),
            // `Scheme SP ,` starts an #auth-param list with an empty first element, whose next
            // element may be a parameter; `Scheme ,` (or `Scheme HTAB ,`) ends the challenge.
            Some(b',') if ws.leading_space => self.more_params(),
            Some(b',') => Ok(None),
            Some(_) if ws.empty => {
                self.skip(EXPECT_AFTER_SCHEME)?;
                Ok(None)
            }
            Some(_) => {
                if !ws.spaces {
                    self.violation(self.i, EXPECT_SPACE, FindingId::TabAfterScheme, scheme)?;
                }
                self.challenge_data()
            }
        }
    }

    /// The token68 or the first auth-param after `scheme 1*SP`.
    fn challenge_data(&mut self) -> Result<Option<Range<usize>>, ParseError> {
        let start = self.i;
        let name_end = self.token_end(start);
        // Try `token BWS "=" BWS ( token / quoted-string )`.
        self.i = name_end;
        self.whitespace();
        let equals = name_end > start && self.peek() == Some(b'=');
        if equals {
            self.i += 1;
            self.whitespace();
            if self.peek().is_some_and(|b| b == b'"' || is_tchar(b)) {
                self.param_value(start..name_end)?;
                return self.more_params();
            }
        }
        let param_stop = if name_end > start { self.i } else { start };
        let value_at = self.i;
        // Try `token68 OWS` then "," or the end.
        self.i = start;
        while self.peek().is_some_and(is_token68) {
            self.i += 1;
        }
        let token68_stop = if self.i > start {
            while self.peek() == Some(b'=') {
                self.i += 1;
            }
            let token68 = start..self.i;
            self.whitespace();
            if matches!(self.peek(), None | Some(b',')) {
                self.sink.token68(token68);
                return Ok(None);
            }
            Some((token68, self.i))
        } else {
            None
        };
        // Neither: the error is where the path that got further stopped.
        let stop68 = token68_stop.as_ref().map_or(start, |(_, at)| *at);
        let (at, expected) = match param_stop.cmp(&stop68) {
            std::cmp::Ordering::Greater if equals => (param_stop, EXPECT_VALUE),
            std::cmp::Ordering::Greater => (param_stop, EXPECT_EQUALS),
            std::cmp::Ordering::Less => (stop68, EXPECT_END),
            std::cmp::Ordering::Equal if stop68 == start => (start, EXPECT_DATA),
            std::cmp::Ordering::Equal => (stop68, EXPECT_EQUALS),
        };
        if self.mode == Mode::Strict {
            return Err(ParseError {
                offset: at,
                expected,
            });
        }
        if equals {
            // `name=` followed by what no token holds: a lenient value.
            self.i = value_at;
            self.param_value(start..name_end)?;
            return self.more_params();
        }
        match token68_stop {
            Some((token68, at)) => {
                self.sink.token68(token68);
                self.i = at;
                self.skip(EXPECT_END)?;
                Ok(None)
            }
            None => {
                self.i = start;
                self.skip(EXPECT_DATA)?;
                self.more_params()
            }
        }
    }

    /// After an auth-param: more of them, until the challenge ends.
    fn more_params(&mut self) -> Result<Option<Range<usize>>, ParseError> {
        loop {
            let ws = self.whitespace();
            match self.peek() {
                None => return Ok(None),
                Some(b',') => {}
                Some(b) => {
                    let param = self.at_param();
                    if !param && (!is_tchar(b) || ws.empty) {
                        // Neither a parameter nor a challenge: text to skip, one finding.
                        self.skip(EXPECT_END)?;
                        continue;
                    }
                    self.violation(
                        self.i,
                        EXPECT_END,
                        FindingId::MissingComma,
                        self.i..self.token_end(self.i),
                    )?;
                    // Lenient: a parameter or a challenge without the comma before it.
                    if param {
                        self.param()?;
                        continue;
                    }
                    return Ok(Some(self.token()));
                }
            }
            self.separators();
            match self.peek() {
                None => return Ok(None),
                Some(b) if is_tchar(b) => {
                    let name = self.token();
                    self.whitespace();
                    if self.peek() != Some(b'=') {
                        // Not a parameter: the next challenge's scheme.
                        self.i = name.end;
                        return Ok(Some(name));
                    }
                    self.i += 1;
                    self.whitespace();
                    self.param_value(name)?;
                }
                Some(_) => self.skip(EXPECT_ELEMENT)?,
            }
        }
    }

    /// `token BWS "=" BWS value` at `i` (lenient only: after a missing comma).
    fn param(&mut self) -> Result<(), ParseError> {
        let name = self.token();
        self.whitespace();
        self.i += 1;
        self.whitespace();
        self.param_value(name)
    }

    /// The value of parameter `name`, at `i` (after `=` and BWS).
    fn param_value(&mut self, name: Range<usize>) -> Result<(), ParseError> {
        let start = self.i;
        let (value, quoted, escaped) = match self.peek() {
            Some(b'"') => {
                let (value, escaped) = self.quoted(&name)?;
                (value, true, escaped)
            }
            Some(b) if is_tchar(b) => {
                let token = self.token();
                if self.mode == Mode::Lenient && self.unquoted_goes_on() {
                    self.violation(
                        start,
                        EXPECT_END,
                        FindingId::InvalidUnquotedValue,
                        name.clone(),
                    )?;
                    (self.lenient_value(start), false, false)
                } else {
                    (token, false, false)
                }
            }
            None | Some(b',') => {
                self.violation(
                    start,
                    EXPECT_VALUE,
                    FindingId::MissingParamValue,
                    name.clone(),
                )?;
                (start..start, false, false)
            }
            Some(_) => {
                self.violation(
                    start,
                    EXPECT_VALUE,
                    FindingId::InvalidUnquotedValue,
                    name.clone(),
                )?;
                (self.lenient_value(start), false, false)
            }
        };
        let name_bytes = self.s.get(name.clone()).unwrap_or_default();
        if self.names.insert(name_bytes) {
            self.violation(
                name.start,
                EXPECT_NEW_NAME,
                FindingId::DuplicateParam,
                name.clone(),
            )?;
        }
        self.sink.param(name, value, quoted, escaped);
        Ok(())
    }

    /// Lenient: whether an unquoted value goes on past its token, as browsers read it: a
    /// byte no token holds, or a word after whitespace that starts neither a parameter nor
    /// the next list element.
    fn unquoted_goes_on(&mut self) -> bool {
        match self.peek() {
            None | Some(b',') => false,
            Some(b' ' | b'\t' | b'\r' | b'\n') => {
                let end = self.i;
                self.lenient_whitespace();
                let goes_on = !matches!(self.peek(), None | Some(b',')) && !self.at_param();
                self.i = end;
                goes_on
            }
            Some(_) => true,
        }
    }

    /// Lenient: any whitespace, line breaks included.
    fn lenient_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.i += 1;
        }
    }

    /// Lenient: an unquoted value starting at `start` runs to the next comma, or to the
    /// whitespace before a word that starts a parameter; trailing whitespace is not part of it.
    fn lenient_value(&mut self, start: usize) -> Range<usize> {
        self.i = start;
        loop {
            while self
                .peek()
                .is_some_and(|b| !matches!(b, b',' | b' ' | b'\t' | b'\r' | b'\n'))
            {
                self.i += 1;
            }
            let end = self.i;
            self.lenient_whitespace();
            if matches!(self.peek(), None | Some(b',')) || self.at_param() {
                self.i = end;
                return start..end;
            }
        }
    }

    /// A quoted-string at `i`; returns the range between the quotes and whether it holds
    /// quoted-pairs. `name` is the parameter it belongs to, for findings.
    fn quoted(&mut self, name: &Range<usize>) -> Result<(Range<usize>, bool), ParseError> {
        let open = self.i;
        self.i += 1;
        let mut escaped = false;
        let mut reported = false;
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.i += 1;
                    return Ok((open + 1..self.i - 1, escaped));
                }
                Some(b'\\') => {
                    escaped = true;
                    match self.byte_at(self.i + 1) {
                        Some(b) if is_quotable(b) => self.i += 2,
                        Some(_) => {
                            if !reported {
                                reported = true;
                                let at = self.i + 1;
                                self.violation(
                                    at,
                                    EXPECT_QUOTABLE,
                                    FindingId::InvalidQuotedChar,
                                    name.clone(),
                                )?;
                            }
                            self.i += 2;
                        }
                        None => {
                            self.i += 1;
                            self.violation(
                                self.i,
                                EXPECT_QUOTABLE,
                                FindingId::UnterminatedQuotedString,
                                name.clone(),
                            )?;
                            return Ok((open + 1..self.i, escaped));
                        }
                    }
                }
                Some(b) if is_qdtext(b) => self.i += 1,
                Some(_) => {
                    if !reported {
                        reported = true;
                        self.violation(
                            self.i,
                            EXPECT_QDTEXT,
                            FindingId::InvalidQuotedChar,
                            name.clone(),
                        )?;
                    }
                    self.i += 1;
                }
                None => {
                    self.violation(
                        self.i,
                        EXPECT_CLOSING_QUOTE,
                        FindingId::UnterminatedQuotedString,
                        name.clone(),
                    )?;
                    return Ok((open + 1..self.i, escaped));
                }
            }
        }
    }

    /// In strict mode the error at `i`; in lenient mode skips to the next comma outside a
    /// quoted-string (or the end) and reports the skipped text.
    fn skip(&mut self, expected: &'static str) -> Result<(), ParseError> {
        let start = self.i;
        if self.mode == Mode::Strict {
            return Err(ParseError {
                offset: start,
                expected,
            });
        }
        let mut quoted = false;
        while let Some(b) = self.peek() {
            match b {
                b',' if !quoted => break,
                b'"' => quoted = !quoted,
                b'\\' if quoted => self.i += 1,
                _ => {}
            }
            self.i += 1;
        }
        self.i = self.i.min(self.s.len());
        let mut end = self.i;
        while end > start && matches!(self.byte_at(end - 1), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            end -= 1;
        }
        self.violation(start, expected, FindingId::SkippedText, start..end)
    }
}

/// How many parameter names of a challenge are compared one by one before a [`Trie`] takes
/// over: a typical challenge has two to five, and comparing them cost less than the trie's
/// allocation and walks (npm run bench).
const FEW: usize = 8;

/// The parameter names of one challenge, to find a repeated one (RFC 9110 §11.2) in time
/// linear in the names' length whatever the input: the first [`FEW`] compared one by one
/// (at most `FEW` comparisons each), the rest in a [`Trie`].
#[derive(Default)]
struct Names<'a> {
    few: [&'a [u8]; FEW],
    count: usize,
    trie: Trie,
}

impl<'a> Names<'a> {
    fn clear(&mut self) {
        self.count = 0;
        self.trie.clear();
    }

    /// Adds `name`; whether it was there already (ASCII case-insensitively).
    fn insert(&mut self, name: &'a [u8]) -> bool {
        if let Some(slot) = self.few.get_mut(self.count) {
            *slot = name;
            self.count += 1;
            let earlier = self.few.get(..self.count - 1).unwrap_or_default();
            return earlier.iter().any(|n| n.eq_ignore_ascii_case(name));
        }
        if self.count == FEW {
            for n in self.few {
                self.trie.insert(n);
            }
            self.count += 1;
        }
        self.trie.insert(name)
    }
}

/// Names in a trie of lower-cased bytes whose node children form a linked list (at most one
/// node per distinct byte, so a bounded walk).
#[derive(Default)]
struct Trie {
    nodes: Vec<NameNode>,
}

#[derive(Default)]
struct NameNode {
    byte: u8,
    /// A name ends here.
    end: bool,
    /// First child; 0 is none (node 0 is the root, never a child).
    child: usize,
    /// Next sibling; 0 is none.
    next: usize,
}

impl Trie {
    fn clear(&mut self) {
        self.nodes.clear();
    }

    /// Adds `name`; whether it was there already (ASCII case-insensitively).
    fn insert(&mut self, name: &[u8]) -> bool {
        if self.nodes.is_empty() {
            // Room for a typical challenge's names at once: growing from empty took a tenth of
            // a parse (npm run bench).
            self.nodes.reserve(64);
            self.nodes.push(NameNode::default());
        }
        let mut node = 0;
        for &b in name {
            let b = b.to_ascii_lowercase();
            let mut child = self.nodes.get(node).map_or(0, |n| n.child);
            while let Some(n) = self.nodes.get(child).filter(|n| child != 0 && n.byte != b) {
                child = n.next;
            }
            node = if child != 0 {
                child
            } else {
                let new = self.nodes.len();
                let parent = self.nodes.get_mut(node);
                let next = parent.map_or(0, |p| std::mem::replace(&mut p.child, new));
                self.nodes.push(NameNode {
                    byte: b,
                    end: false,
                    child: 0,
                    next,
                });
                new
            };
        }
        self.nodes
            .get_mut(node)
            .is_some_and(|n| std::mem::replace(&mut n.end, true))
    }
}

/// The [`Sink`] behind the owned API: builds [`Challenge`]s from one line at a time.
#[derive(Default)]
struct Builder<'a> {
    /// The line being parsed.
    line: &'a str,
    /// Offset of `line` in the lines joined with `", "`.
    base: usize,
    challenges: Vec<Challenge>,
    /// Offset of each challenge's scheme, in the joined lines.
    starts: Vec<usize>,
    findings: Vec<Finding>,
}

/// Longest argument a finding quotes from the input, in bytes.
const MAX_ARG: usize = 64;

impl Builder<'_> {
    fn text(&self, range: Range<usize>) -> String {
        String::from_utf8_lossy(self.line.as_bytes().get(range).unwrap_or_default()).into_owned()
    }
}

impl Sink for Builder<'_> {
    fn challenge(&mut self, scheme: Range<usize>) {
        self.starts.push(self.base + scheme.start);
        self.challenges.push(Challenge {
            scheme: self.text(scheme),
            token68: None,
            params: Vec::new(),
        });
    }

    fn token68(&mut self, token68: Range<usize>) {
        let token68 = self.text(token68);
        if let Some(c) = self.challenges.last_mut() {
            c.token68 = Some(token68);
        }
    }

    fn param(&mut self, name: Range<usize>, value: Range<usize>, quoted: bool, escaped: bool) {
        let at = self.base + name.start;
        let name = self.text(name).to_ascii_lowercase();
        let value = if escaped {
            let raw = self.line.as_bytes().get(value).unwrap_or_default();
            String::from_utf8_lossy(&unescape(raw)).into_owned()
        } else {
            self.text(value)
        };
        let Some(c) = self.challenges.last_mut() else {
            return;
        };
        // RFC 9110 §11.5: senders generate realm as a quoted-string only.
        if name == "realm" && !quoted {
            self.findings.push(Finding {
                id: FindingId::UnquotedRealm,
                offset: Some(at),
                args: vec![c.scheme.clone()],
            });
        }
        c.params.push(Param { name, value });
    }

    fn finding(&mut self, id: FindingId, at: usize, subject: Range<usize>) {
        let mut arg = self.text(subject);
        if arg.len() > MAX_ARG {
            let cut = (0..=MAX_ARG)
                .rev()
                .find(|&i| arg.is_char_boundary(i))
                .unwrap_or(0);
            arg.truncate(cut);
            arg.push('…');
        }
        let args = if arg.is_empty() {
            Vec::new()
        } else {
            vec![arg]
        };
        self.findings.push(Finding {
            id,
            offset: Some(self.base + at),
            args,
        });
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::panic)]
mod tests;

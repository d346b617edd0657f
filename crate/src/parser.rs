//! Challenge list parser (RFC 9110 §11.6.1, §11.7.1): first version, strict only.

use crate::challenge::{Challenge, Finding, Param, ParseError};

/// Parses one field value into its challenges; strict RFC 9110 grammar.
pub fn parse_challenges(value: &str) -> Result<Vec<Challenge>, ParseError> {
    Parser { s: value.as_bytes(), i: 0 }.list()
}

/// Parses several field lines of the same header, combined as RFC 9110 §5.3 says.
pub fn parse_challenge_lines(lines: &[&str]) -> Result<Vec<Challenge>, ParseError> {
    parse_challenges(&lines.join(", "))
}

/// Parses what real servers send, recovering from grammar violations.
pub fn parse_challenges_lenient(lines: &[&str]) -> (Vec<Challenge>, Vec<Finding>) {
    match parse_challenge_lines(lines) {
        Ok(c) => (c, Vec::new()),
        Err(e) => (
            Vec::new(),
            vec![Finding { id: "challenge-syntax".into(), offset: Some(e.offset), args: vec![e.expected.into()] }],
        ),
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

impl Parser<'_> {
    fn err(&self, expected: &'static str) -> ParseError {
        ParseError { offset: self.i, expected }
    }
    fn ows(&mut self) {
        while matches!(self.s.get(self.i), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }
    fn token(&mut self) -> Option<String> {
        let start = self.i;
        while self.s.get(self.i).is_some_and(|&b| is_tchar(b)) {
            self.i += 1;
        }
        (self.i > start).then(|| String::from_utf8_lossy(&self.s[start..self.i]).into_owned())
    }
    fn list(mut self) -> Result<Vec<Challenge>, ParseError> {
        let mut out: Vec<Challenge> = Vec::new();
        loop {
            self.ows();
            match self.s.get(self.i) {
                None => break,
                Some(b',') => {
                    self.i += 1;
                    continue;
                }
                _ => {}
            }
            let scheme = self.token().ok_or(self.err("an auth-scheme"))?;
            let mut ch = Challenge { scheme, token68: None, params: Vec::new() };
            self.ows();
            if let Some(t) = self.try_token68() {
                ch.token68 = Some(t);
            } else {
                self.params(&mut ch)?;
            }
            out.push(ch);
        }
        if out.is_empty() {
            return Err(self.err("an auth-scheme"));
        }
        Ok(out)
    }
    fn try_token68(&mut self) -> Option<String> {
        let start = self.i;
        while self.s.get(self.i).is_some_and(|&b| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b)) {
            self.i += 1;
        }
        if self.i == start {
            return None;
        }
        while self.s.get(self.i) == Some(&b'=') {
            self.i += 1;
        }
        let end = self.i;
        self.ows();
        if matches!(self.s.get(self.i), None | Some(b',')) {
            return Some(String::from_utf8_lossy(&self.s[start..end]).into_owned());
        }
        self.i = start;
        None
    }
    fn params(&mut self, ch: &mut Challenge) -> Result<(), ParseError> {
        loop {
            let save = self.i;
            let Some(name) = self.token().map(|n| n.to_ascii_lowercase()) else {
                self.i = save;
                return Ok(());
            };
            self.ows();
            if self.s.get(self.i) != Some(&b'=') {
                // A token not followed by "=" starts the next challenge.
                self.i = save;
                return Ok(());
            }
            self.i += 1;
            self.ows();
            let value = if self.s.get(self.i) == Some(&b'"') {
                self.quoted()?
            } else {
                self.token().ok_or(self.err("a token or quoted-string"))?
            };
            ch.params.push(Param { name, value });
            self.ows();
            match self.s.get(self.i) {
                None => return Ok(()),
                Some(b',') => {
                    while matches!(self.s.get(self.i), Some(b',' | b' ' | b'\t')) {
                        self.i += 1;
                    }
                }
                _ => return Err(self.err("\",\" or the end of the field")),
            }
        }
    }
    fn quoted(&mut self) -> Result<String, ParseError> {
        self.i += 1;
        let mut v = Vec::new();
        loop {
            match self.s.get(self.i) {
                None => return Err(self.err("a closing '\"'")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(String::from_utf8_lossy(&v).into_owned());
                }
                Some(b'\\') => {
                    let &c = self.s.get(self.i + 1).ok_or_else(|| self.err("an escaped character"))?;
                    v.push(c);
                    self.i += 2;
                }
                Some(&c) => {
                    v.push(c);
                    self.i += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_realm() {
        let c = parse_challenges(r#"Basic realm="AuthLens lab""#).unwrap();
        assert_eq!(c[0].scheme, "Basic");
        assert_eq!(c[0].realm(), Some("AuthLens lab"));
    }

    #[test]
    fn two_challenges_and_token68() {
        let c = parse_challenges(r#"Negotiate abc==, Basic realm="x", charset=UTF-8"#).unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].token68.as_deref(), Some("abc=="));
        assert_eq!(c[1].param("charset"), Some("UTF-8"));
    }

    #[test]
    fn unterminated_quote_is_an_error() {
        let e = parse_challenges(r#"Basic realm="x"#).unwrap_err();
        assert_eq!(e.offset, 14);
    }
}

//! Reads the time claims of a JWT access token (RFC 7519 §4.1.4–4.1.6) so the classifier can
//! tell an expired token from a clock that is off. The signature is not checked (the server
//! did that) and nothing of the token is kept: only three numbers come out.
//!
//! For the developer who sent it (the DevTools panel, the HAR page), [`decode`] also lays a
//! token's header and claims open, as names and values: never its signature, and never the
//! value of a claim that is a secret itself (an ID token's `nonce`). What it shows is for the
//! screen only: nothing stores it or puts it in a report.

/// The time claims of a JWT, in seconds since the Unix epoch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Claims {
    /// `exp`: not valid at or after this time.
    pub exp: Option<i64>,
    /// `nbf`: not valid before this time.
    pub nbf: Option<i64>,
    /// `iat`: when it was issued.
    pub iat: Option<i64>,
}

/// Why a token's claims could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unreadable {
    /// Not three dot-separated parts: an opaque token (or a JWE), whose expiry only the issuer knows.
    Opaque,
    /// Shaped like a JWT, but the payload is not base64url JSON, or is too large to be one.
    Malformed,
}

/// A payload larger than this is not an access token; refusing it bounds the work.
const MAX_PAYLOAD: usize = 16 * 1024;

/// The time claims of `token` (a compact JWS: `header.payload.signature`, RFC 7515 §7.1).
#[inline(never)]
pub(crate) fn claims(token: &str) -> Result<Claims, Unreadable> {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Unreadable::Opaque);
    };
    if header.is_empty() || payload.len() > MAX_PAYLOAD {
        return Err(if header.is_empty() {
            Unreadable::Opaque
        } else {
            Unreadable::Malformed
        });
    }
    let json = crate::base64::decode(payload).ok_or(Unreadable::Malformed)?;
    let mut claims = Claims::default();
    let found = top_level_members(&json, |key, value| {
        let slot = match key {
            b"exp" => &mut claims.exp,
            b"nbf" => &mut claims.nbf,
            b"iat" => &mut claims.iat,
            _ => return,
        };
        *slot = seconds(value);
    });
    found.map(|()| claims).ok_or(Unreadable::Malformed)
}

#[cfg(any(test, feature = "inspector"))]
/// A token's header and claims, in the order the token has them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Decoded {
    /// The JOSE header's members (`alg`, `typ`, `kid`…).
    pub header: Vec<Member>,
    /// The claims.
    pub claims: Vec<Member>,
    /// The time claims, read as [`claims`] reads them.
    pub times: Claims,
}

#[cfg(any(test, feature = "inspector"))]
/// One member of a JSON object: a string value unescaped, any other value as its JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Member {
    /// The member's name.
    pub name: String,
    /// Its value as a person reads it.
    pub value: String,
}

#[cfg(any(test, feature = "inspector"))]
/// Claims whose value is a secret of the sign-in: an ID token's `nonce` is the value the app
/// keeps to match the answer to its request (OpenID Connect Core §3.1.2.1), as `state` is.
const SECRET_CLAIMS: &[&str] = &["nonce"];

#[cfg(any(test, feature = "inspector"))]
/// What stands in for a secret claim's value.
pub(crate) const HIDDEN: &str = "…";

#[cfg(any(test, feature = "inspector"))]
/// The header and claims of `token` (a compact JWS), for the developer's eyes only.
pub(crate) fn decode(token: &str) -> Result<Decoded, Unreadable> {
    let times = claims(token)?;
    let mut parts = token.split('.');
    let (Some(header), Some(payload)) = (parts.next(), parts.next()) else {
        return Err(Unreadable::Opaque);
    };
    if header.len() > MAX_PAYLOAD {
        return Err(Unreadable::Malformed);
    }
    let members = |part: &str| -> Result<Vec<Member>, Unreadable> {
        let json = crate::base64::decode(part).ok_or(Unreadable::Malformed)?;
        let mut out = Vec::new();
        top_level_members(&json, |name, value| {
            let name = unescaped(name);
            let value = if SECRET_CLAIMS.contains(&name.as_str()) {
                HIDDEN.to_owned()
            } else if value.first() == Some(&b'"') && value.len() >= 2 {
                unescaped(&value[1..value.len() - 1])
            } else {
                String::from_utf8_lossy(value).into_owned()
            };
            out.push(Member { name, value });
        })
        .ok_or(Unreadable::Malformed)?;
        Ok(out)
    };
    Ok(Decoded {
        header: members(header)?,
        claims: members(payload)?,
        times,
    })
}

#[cfg(any(test, feature = "inspector"))]
/// The text of a JSON string's inside (RFC 8259 §7): escapes resolved, a lone surrogate or a
/// broken escape shown as U+FFFD.
fn unescaped(raw: &[u8]) -> String {
    let raw = String::from_utf8_lossy(raw);
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    let hex4 = |chars: &mut std::str::Chars| -> Option<u32> {
        let digits: String = chars.by_ref().take(4).collect();
        (digits.len() == 4)
            .then(|| u32::from_str_radix(&digits, 16).ok())
            .flatten()
    };
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let decoded = match chars.next() {
            Some('n') => Some('\n'),
            Some('t') => Some('\t'),
            Some('r') => Some('\r'),
            Some('b') => Some('\u{8}'),
            Some('f') => Some('\u{c}'),
            Some('u') => match hex4(&mut chars) {
                Some(high @ 0xD800..=0xDBFF) => {
                    let mut rest = chars.clone();
                    let low = (rest.next() == Some('\\') && rest.next() == Some('u'))
                        .then(|| hex4(&mut rest))
                        .flatten()
                        .filter(|low| (0xDC00..=0xDFFF).contains(low));
                    low.and_then(|low| {
                        chars = rest;
                        char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                    })
                }
                Some(code) => char::from_u32(code),
                None => None,
            },
            Some(other) => Some(other),
            None => None,
        };
        out.push(decoded.unwrap_or(char::REPLACEMENT_CHARACTER));
    }
    out
}

/// NumericDate (RFC 7519 §2): a JSON number of seconds, possibly with a fraction or an
/// exponent. Whole seconds are enough; negative or absurd values (beyond year 5000) are
/// ignored. Read by hand: a float parser would double the code this module needs.
fn seconds(raw: &[u8]) -> Option<i64> {
    let (mantissa, exponent) = match raw.iter().position(|&b| b == b'e' || b == b'E') {
        Some(i) => (&raw[..i], exponent(&raw[i + 1..])?),
        None => (raw, 0),
    };
    let (whole, fraction) = match mantissa.iter().position(|&b| b == b'.') {
        Some(i) => (&mantissa[..i], &mantissa[i + 1..]),
        None => (mantissa, &[][..]),
    };
    if whole.is_empty() || !whole.iter().chain(fraction).all(u8::is_ascii_digit) {
        return None;
    }
    // The digits before the decimal point once the exponent has moved it.
    let point = (whole.len() as i64 + exponent).max(0) as usize;
    let mut value: i64 = 0;
    for &d in whole
        .iter()
        .chain(fraction)
        .chain(std::iter::repeat(&b'0'))
        .take(point)
    {
        value = value.checked_mul(10)?.checked_add(i64::from(d - b'0'))?;
    }
    (value < 100_000_000_000).then_some(value)
}

/// A JSON exponent: an optional sign and at most three digits.
fn exponent(raw: &[u8]) -> Option<i64> {
    let (sign, digits) = match raw.first() {
        Some(b'-') => (-1, &raw[1..]),
        Some(b'+') => (1, &raw[1..]),
        _ => (1, raw),
    };
    if digits.is_empty() || digits.len() > 3 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(sign * digits.iter().fold(0, |n, &d| n * 10 + i64::from(d - b'0')))
}

/// Calls `visit(key, raw_value)` for each member of the top-level JSON object: the key's
/// inside (escapes unresolved) and the value's JSON text (a string with its quotes). `None` if
/// `json` is not an object. One pass over the bytes that tracks strings and nesting depth (no
/// recursion, constant stack): a string at depth 1 followed by `:` is a key, and its value runs
/// to the next `,` or `}` at depth 1. Deliberately lenient: it does not validate the JSON
/// beyond that.
#[inline(never)]
fn top_level_members(json: &[u8], mut visit: impl FnMut(&[u8], &[u8])) -> Option<()> {
    let is_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let skip_space = |mut i: usize| {
        while json.get(i).is_some_and(is_space) {
            i += 1;
        }
        i
    };
    if json.get(skip_space(0)) != Some(&b'{')
        || json.iter().rev().find(|b| !is_space(b)) != Some(&b'}')
    {
        return None;
    }
    // The member being read: its key's inside and where its value starts.
    let mut member: Option<(usize, usize, usize)> = None;
    let mut finish = |member: &mut Option<(usize, usize, usize)>, end: usize| {
        if let Some((key_start, key_end, value_start)) = member.take() {
            let value = json.get(value_start..end).unwrap_or_default();
            let len = value.len() - value.iter().rev().take_while(|b| is_space(b)).count();
            visit(&json[key_start..key_end], &value[..len]);
        }
    };
    let (mut depth, mut i) = (0usize, 0);
    while i < json.len() {
        match json[i] {
            b'"' => {
                let start = i + 1;
                i = start;
                while *json.get(i)? != b'"' {
                    i += if json[i] == b'\\' { 2 } else { 1 };
                }
                let after = skip_space(i + 1);
                if depth == 1 && member.is_none() && json.get(after) == Some(&b':') {
                    member = Some((start, i, skip_space(after + 1)));
                    i = after;
                }
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                if depth == 1 {
                    finish(&mut member, i);
                }
                depth = depth.checked_sub(1)?;
            }
            b',' if depth == 1 => finish(&mut member, i),
            _ => {}
        }
        i += 1;
    }
    (depth == 0).then_some(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An unsigned test token with the given JSON payload (the signature part is a dummy).
    pub(crate) fn token(payload: &str) -> String {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let encode = |bytes: &[u8]| {
            let mut out = String::new();
            for chunk in bytes.chunks(3) {
                let n = chunk.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b))
                    << (8 * (3 - chunk.len()));
                for i in 0..=chunk.len() {
                    out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
                }
            }
            out
        };
        format!(
            "{}.{}.c2lnbmF0dXJl",
            encode(br#"{"alg":"RS256","typ":"JWT"}"#),
            encode(payload.as_bytes())
        )
    }

    #[test]
    fn reads_time_claims() {
        let cases: &[(&str, Result<Claims, Unreadable>)] = &[
            (
                r#"{"sub":"u","exp":1700000000,"iat":1699996400}"#,
                Ok(Claims {
                    exp: Some(1_700_000_000),
                    nbf: None,
                    iat: Some(1_699_996_400),
                }),
            ),
            (
                r#"{"nbf": 1.5e9, "exp": 1600000000.75}"#,
                Ok(Claims {
                    exp: Some(1_600_000_000),
                    nbf: Some(1_500_000_000),
                    iat: None,
                }),
            ),
            (
                r#"{"act":{"exp":1},"aud":["a","b"],"s":"}\"{","exp":5}"#,
                Ok(Claims {
                    exp: Some(5),
                    nbf: None,
                    iat: None,
                }),
            ),
            (r#"{"exp":"soon"}"#, Ok(Claims::default())),
            (r#"{"exp":-5,"iat":1e300}"#, Ok(Claims::default())),
            (
                r#"{"exp":1.7e9,"nbf":17e-1,"iat":123456789012345678901234567890}"#,
                Ok(Claims {
                    exp: Some(1_700_000_000),
                    nbf: Some(1),
                    iat: None,
                }),
            ),
            ("{}", Ok(Claims::default())),
            ("[1,2]", Err(Unreadable::Malformed)),
            ("not json", Err(Unreadable::Malformed)),
            (r#"{"exp":1"#, Err(Unreadable::Malformed)),
        ];
        for (payload, want) in cases {
            assert_eq!(claims(&token(payload)), *want, "{payload}");
        }
    }

    #[test]
    fn decodes_header_and_claims_for_the_developer() {
        let t = token(
            r#"{ "iss":"https://login.example.com/","aud":["api://orders","spa"],"exp":1700000000,
                "name":"Zo\u00eb \"Z\" \ud83d\ude00","nonce":"NONCE-SECRET-123","act":{"sub":"svc"},"ok":true }"#,
        );
        let d = decode(&t).unwrap();
        let pairs = |members: &[Member]| {
            members
                .iter()
                .map(|m| (m.name.clone(), m.value.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            pairs(&d.header),
            [("alg".into(), "RS256".into()), ("typ".into(), "JWT".into())]
        );
        assert_eq!(
            pairs(&d.claims),
            [
                ("iss".into(), "https://login.example.com/".into()),
                ("aud".into(), r#"["api://orders","spa"]"#.into()),
                ("exp".into(), "1700000000".into()),
                ("name".into(), "Zoë \"Z\" 😀".into()),
                ("nonce".into(), HIDDEN.into()),
                ("act".into(), r#"{"sub":"svc"}"#.into()),
                ("ok".into(), "true".into()),
            ]
        );
        assert_eq!(d.times.exp, Some(1_700_000_000));
        let shown = format!("{d:?}");
        assert!(
            !shown.contains("NONCE-SECRET") && !shown.contains("c2lnbmF0dXJl"),
            "{shown}"
        );
    }

    #[test]
    fn broken_escapes_show_as_replacement_characters() {
        assert_eq!(unescaped(br#"a\ud800b\u12"#), "a\u{fffd}b\u{fffd}");
        assert_eq!(unescaped(br#"\/\\\t"#), "/\\\t");
    }

    #[test]
    fn decoding_refuses_what_claims_refuses() {
        assert_eq!(decode("ya29.a0AfH6SMopaque"), Err(Unreadable::Opaque));
        assert_eq!(decode(&token("[1]")), Err(Unreadable::Malformed));
        let bad_header = format!("!!!.{}", token("{}").split('.').nth(1).unwrap());
        assert_eq!(
            decode(&format!("{bad_header}.x")),
            Err(Unreadable::Malformed)
        );
    }

    #[test]
    fn refuses_what_is_not_a_readable_jwt() {
        let cases: &[(&str, Unreadable)] = &[
            ("ya29.a0AfH6SMopaque", Unreadable::Opaque),
            (
                "gho_16C7e42F292c6912E7710c838347Ae178B4a",
                Unreadable::Opaque,
            ),
            ("a.b.c.d.e", Unreadable::Opaque),
            (".e30.x", Unreadable::Opaque),
            ("eyJhbGciOiJub25lIn0.!!!.x", Unreadable::Malformed),
            ("eyJhbGciOiJub25lIn0.e30x.x", Unreadable::Malformed),
        ];
        for (t, want) in cases {
            assert_eq!(claims(t), Err(*want), "{t}");
        }
    }

    #[test]
    fn hostile_payloads_cost_linear_time() {
        let deep = format!(
            r#"{{"a":{}{},"exp":7}}"#,
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert!(
            claims(&token(&deep)).is_err(),
            "too large to be an access token"
        );
        let nested = format!(
            r#"{{"a":{}{},"exp":7}}"#,
            "[".repeat(4000),
            "]".repeat(4000)
        );
        assert_eq!(claims(&token(&nested)).unwrap().exp, Some(7));
        let wide = format!("{{{}\"exp\":9}}", "\"k\":0,".repeat(2000));
        assert_eq!(claims(&token(&wide)).unwrap().exp, Some(9));
        let unterminated = format!("{{\"a\":\"{}", "\\\"".repeat(3000));
        assert_eq!(claims(&token(&unterminated)), Err(Unreadable::Malformed));
    }
}

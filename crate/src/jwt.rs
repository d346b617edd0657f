//! Reads the time claims of a JWT access token (RFC 7519 §4.1.4–4.1.6) so the classifier can
//! tell an expired token from a clock that is off. The signature is not checked (the server
//! did that) and nothing of the token is kept: only three numbers come out.

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

/// Calls `visit(key, raw_value)` for each member of the top-level JSON object whose value is a
/// number. `None` if `json` is not an object. One pass over the bytes that tracks strings and
/// nesting depth (no recursion, constant stack): a string at depth 1 followed by `:` is a key.
/// Deliberately lenient: it does not validate the JSON beyond that.
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
                if depth == 1 && json.get(after) == Some(&b':') {
                    let value = skip_space(after + 1);
                    let end = value
                        + json[value..]
                            .iter()
                            .take_while(|b| b.is_ascii_digit() || b"+-.eE".contains(b))
                            .count();
                    if end > value {
                        visit(&json[start..i], &json[value..end]);
                    }
                }
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.checked_sub(1)?,
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

//! Base64 decoding (RFC 4648), for the few encoded things the core reads: JWT payloads and
//! SAML messages.

/// Decodes base64 in either alphabet, padded or not: base64url (RFC 4648 §5) as JWTs carry it,
/// and the standard alphabet (§4) of SAML's bindings, which some JWT issuers emit by mistake.
/// `None` for any other character (whitespace included) or a dangling final character.
#[inline(never)]
pub(crate) fn decode(input: &str) -> Option<Vec<u8>> {
    let input = input.as_bytes();
    let input = &input[..input.iter().rposition(|&b| b != b'=').map_or(0, |i| i + 1)];
    let mut out = Vec::with_capacity(input.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in input {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    (bits < 6).then_some(out)
}

/// Base64 (RFC 4648 §4), for tests and fuzz targets that write what servers and browsers send.
#[cfg(any(test, feature = "fuzzing"))]
pub fn encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= chunk.len() {
                ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_alphabets_padded_or_not() {
        let cases: &[(&str, Option<&[u8]>)] = &[
            ("PHNhbWw+", Some(b"<saml>")),
            ("PHNhbWw-", Some(b"<saml>")),
            ("Pz8_", Some(b"???")),
            ("Pz8/", Some(b"???")),
            ("YQ==", Some(b"a")),
            ("YQ", Some(b"a")),
            ("", Some(b"")),
            ("Y", None),
            ("YQ =", None),
            ("Y\nQ", None),
            ("YQ!", None),
        ];
        for (input, want) in cases {
            assert_eq!(decode(input).as_deref(), *want, "{input}");
        }
    }
}

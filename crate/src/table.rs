//! The character classes of RFC 9110 §5.6 as one lookup table, indexed by byte.
// Never panic on any input (architecture rule): no indexing, unwrap or panic outside tests.
#![deny(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

/// `tchar` (RFC 9110 §5.6.2): the bytes of a `token`.
const TCHAR: u8 = 1;
/// The bytes of a `token68` (RFC 9110 §11.2) before its trailing `=` padding.
const TOKEN68: u8 = 2;
/// `qdtext` (RFC 9110 §5.6.4): a byte that stands for itself inside a quoted-string.
const QDTEXT: u8 = 4;
/// The byte after the backslash of a `quoted-pair` (RFC 9110 §5.6.4).
const QUOTABLE: u8 = 8;

static CLASSES: [u8; 256] = classes();

/// Builds the table from the ABNF; bytes >= 0x80 are `obs-text` (RFC 9110 §5.5).
const fn classes() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        // `i < 256`, so the cast is exact.
        #[allow(clippy::cast_possible_truncation)]
        let b = i as u8;
        let mut class = 0;
        // tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`"
        //         / "|" / "~" / DIGIT / ALPHA
        if b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.'
            )
            || matches!(b, b'^' | b'_' | b'`' | b'|' | b'~')
        {
            class |= TCHAR;
        }
        // token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/') {
            class |= TOKEN68;
        }
        // qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
        if b == b'\t'
            || b == b' '
            || b == 0x21
            || (b >= 0x23 && b <= 0x5B)
            || (b >= 0x5D && b != 0x7F)
        {
            class |= QDTEXT;
        }
        // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
        if b == b'\t' || (b >= 0x20 && b != 0x7F) {
            class |= QUOTABLE;
        }
        #[allow(clippy::indexing_slicing)] // `i < 256`: in bounds.
        {
            table[i] = class;
        }
        i += 1;
    }
    table
}

fn class(b: u8) -> u8 {
    #[allow(clippy::indexing_slicing)] // A `u8` index into 256 entries is always in bounds.
    CLASSES[usize::from(b)]
}

/// Whether `b` may appear in a `token` (auth-scheme, parameter name, unquoted value).
pub fn is_tchar(b: u8) -> bool {
    class(b) & TCHAR != 0
}

/// Whether `b` may appear in a `token68` before its `=` padding.
pub fn is_token68(b: u8) -> bool {
    class(b) & TOKEN68 != 0
}

/// Whether `b` stands for itself inside a quoted-string.
pub fn is_qdtext(b: u8) -> bool {
    class(b) & QDTEXT != 0
}

/// Whether `b` may follow the backslash of a quoted-pair.
pub fn is_quotable(b: u8) -> bool {
    class(b) & QUOTABLE != 0
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    /// The table against the ABNF read the obvious way, for every byte.
    #[test]
    fn matches_the_abnf() {
        for b in 0..=255u8 {
            let tchar = b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
            let token68 = b.is_ascii_alphanumeric() || b"-._~+/".contains(&b);
            let vchar = (0x21..=0x7E).contains(&b);
            let obs_text = b >= 0x80;
            let qdtext = b == b'\t' || b == b' ' || (vchar && b != b'"' && b != b'\\') || obs_text;
            let quotable = b == b'\t' || b == b' ' || vchar || obs_text;
            assert_eq!(is_tchar(b), tchar, "tchar {b:#x}");
            assert_eq!(is_token68(b), token68, "token68 {b:#x}");
            assert_eq!(is_qdtext(b), qdtext, "qdtext {b:#x}");
            assert_eq!(is_quotable(b), quotable, "quotable {b:#x}");
        }
    }
}

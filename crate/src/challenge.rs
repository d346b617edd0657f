//! The parsed form of a `WWW-Authenticate` / `Proxy-Authenticate` challenge, and the findings
//! the recovering parser reports about it.
// Never panic on any input (architecture rule): no indexing, unwrap or panic outside tests.
#![deny(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use serde::{Deserialize, Serialize};

use crate::scheme::{SchemeInfo, lookup_scheme};

/// One challenge: `auth-scheme [ 1*SP ( token68 / #auth-param ) ]` (RFC 9110 §11.3).
///
/// Example: `Digest realm="api", nonce="7ypf", qop="auth", stale=TRUE` has the scheme
/// `Digest` and four parameters; `Negotiate YIIBhg==` has the token68 `YIIBhg==`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    /// The scheme exactly as the server sent it (compare with [`Challenge::is`]).
    pub scheme: String,
    /// The token68 form of the challenge data, if the challenge used it.
    pub token68: Option<String>,
    /// The auth-params in order, names lower-cased, quoted values unescaped.
    pub params: Vec<Param>,
}

/// One `auth-param` (RFC 9110 §11.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Param {
    /// Lower-cased parameter name.
    pub name: String,
    /// Value with quoted-pairs unescaped.
    pub value: String,
}

impl Challenge {
    /// Whether the scheme is `name`, compared case-insensitively (RFC 9110 §11.1).
    pub fn is(&self, name: &str) -> bool {
        self.scheme.eq_ignore_ascii_case(name)
    }

    /// What AuthLens knows about this challenge's scheme, if anything.
    pub fn info(&self) -> Option<&'static SchemeInfo> {
        lookup_scheme(&self.scheme)
    }

    /// The first value of parameter `name`, compared case-insensitively (RFC 9110 §11.2).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .map(|p| p.value.as_str())
    }

    /// The protection space name (RFC 9110 §11.5).
    pub fn realm(&self) -> Option<&str> {
        self.param("realm")
    }

    /// `charset`: the only value Basic (RFC 7617 §2.1) and Digest (RFC 7616 §3.3) allow is
    /// `UTF-8`, compared case-insensitively.
    pub fn charset(&self) -> Option<&str> {
        self.param("charset")
    }

    /// Bearer / DPoP `error` code, e.g. `invalid_token` (RFC 6750 §3.1, RFC 9449 §7.1).
    pub fn error(&self) -> Option<&str> {
        self.param("error")
    }

    /// Bearer / DPoP `error_description`: text for developers (RFC 6750 §3).
    pub fn error_description(&self) -> Option<&str> {
        self.param("error_description")
    }

    /// Bearer / DPoP `error_uri`: a page about the error (RFC 6750 §3).
    pub fn error_uri(&self) -> Option<&str> {
        self.param("error_uri")
    }

    /// Bearer / DPoP `scope`: the space-delimited scopes the resource needs (RFC 6750 §3).
    pub fn scope(&self) -> Option<&str> {
        self.param("scope")
    }

    /// Digest `stale`: the nonce expired but the credentials were right, so the client may
    /// retry without asking the user (RFC 7616 §3.3). The value is compared case-insensitively.
    pub fn stale(&self) -> bool {
        self.param("stale")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    /// Digest `algorithm`, e.g. `SHA-256` (RFC 7616 §3.3); absent means MD5.
    pub fn algorithm(&self) -> Option<&str> {
        self.param("algorithm")
    }

    /// Digest `qop` as sent, e.g. `auth, auth-int` (RFC 7616 §3.3).
    pub fn qop(&self) -> Option<&str> {
        self.param("qop")
    }

    /// The Digest `qop` options, one by one: `qop` is a comma-separated list.
    pub fn qop_options(&self) -> impl Iterator<Item = &str> {
        self.qop()
            .into_iter()
            .flat_map(|q| q.split(','))
            .map(str::trim)
            .filter(|o| !o.is_empty())
    }

    /// Whether the challenge carries a Digest `nonce` (RFC 7616 §3.3 requires one).
    pub fn has_nonce(&self) -> bool {
        self.param("nonce").is_some()
    }

    /// The DPoP `algs`: JWS algorithms the server accepts for DPoP proofs (RFC 9449 §7.1),
    /// a space-delimited list.
    pub fn dpop_algs(&self) -> impl Iterator<Item = &str> {
        self.param("algs")
            .into_iter()
            .flat_map(str::split_ascii_whitespace)
    }
}

/// Why a field value is not a valid challenge list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParseError {
    /// Byte offset in the input of the first byte that no valid field value can have there;
    /// the input length when the value ends too early. With [`crate::parse_challenge_lines`]
    /// it is an offset into the lines joined with `", "`.
    pub offset: usize,
    /// What the grammar allows there.
    pub expected: &'static str,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "invalid challenge at offset {}: expected {}",
            self.offset, self.expected
        )
    }
}

impl std::error::Error for ParseError {}

/// A violation the recovering parser tolerated, or a semantic problem with a challenge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// What was found; its text is `finding_<id>` in the extension's locales.
    pub id: FindingId,
    /// Byte offset in the field value (lines joined with `", "`) where the problem is.
    pub offset: Option<usize>,
    /// Arguments for the finding's text (`$1`, `$2`, ...), e.g. a parameter name.
    pub args: Vec<String>,
}

/// The kinds of [`Finding`]. Serialized in kebab-case ([`FindingId::as_str`]), e.g.
/// `missing-realm`; the locale key is `finding_` followed by the id with `-` replaced by `_`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FindingId {
    /// A parameter where a new challenge must start, e.g. `Basic, realm="x"` (no space after
    /// the scheme). Recovered by attaching it to the challenge before. Args: the name.
    StrayParam,
    /// A tab (or other whitespace than spaces) between a scheme and its data. Args: the scheme.
    TabAfterScheme,
    /// An unquoted value with characters a token cannot hold, e.g. `realm=https://x/`.
    /// Recovered by taking the text up to the next comma. Args: the parameter name.
    InvalidUnquotedValue,
    /// `name=` without a value. Recovered as an empty value. Args: the parameter name.
    MissingParamValue,
    /// A quoted-string without its closing quote. Recovered by taking the rest of the field
    /// line. Args: the parameter name.
    UnterminatedQuotedString,
    /// A control character inside a quoted-string. Kept as is. Args: the parameter name.
    InvalidQuotedChar,
    /// Two parameters or challenges without a comma between them. Args: what follows.
    MissingComma,
    /// A parameter given twice in one challenge; RFC 9110 §11.2 forbids it. The first one
    /// counts. Args: the parameter name.
    DuplicateParam,
    /// Text that fits nowhere in the grammar was skipped. Args: the text (shortened).
    SkippedText,
    /// The field lines hold no challenge at all (RFC 9110 §11.6.1 requires one).
    NoChallenge,
    /// The scheme requires a `realm` and the challenge has none. Args: the scheme.
    MissingRealm,
    /// `realm` sent as a token; RFC 9110 §11.5 says senders use a quoted-string. Args: the scheme.
    UnquotedRealm,
    /// A Digest challenge without `nonce` (RFC 7616 §3.3). Args: the scheme.
    MissingNonce,
    /// Another parameter the scheme requires is missing. Args: the scheme, the parameter.
    MissingParam,
    /// An `error` code the scheme does not define. Args: the scheme, the code.
    UnknownErrorCode,
    /// A value the scheme does not allow for that parameter. Args: scheme, parameter, value.
    InvalidParamValue,
    /// A token68 on a scheme that takes parameters. Args: the scheme.
    UnexpectedToken68,
    /// Parameters on a scheme that takes only a token68. Args: the scheme.
    UnexpectedParams,
}

impl FindingId {
    /// Every finding id, for completeness checks (locales, docs).
    pub const ALL: [FindingId; 18] = [
        FindingId::StrayParam,
        FindingId::TabAfterScheme,
        FindingId::InvalidUnquotedValue,
        FindingId::MissingParamValue,
        FindingId::UnterminatedQuotedString,
        FindingId::InvalidQuotedChar,
        FindingId::MissingComma,
        FindingId::DuplicateParam,
        FindingId::SkippedText,
        FindingId::NoChallenge,
        FindingId::MissingRealm,
        FindingId::UnquotedRealm,
        FindingId::MissingNonce,
        FindingId::MissingParam,
        FindingId::UnknownErrorCode,
        FindingId::InvalidParamValue,
        FindingId::UnexpectedToken68,
        FindingId::UnexpectedParams,
    ];

    /// The id as serialized, e.g. `missing-realm`.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingId::StrayParam => "stray-param",
            FindingId::TabAfterScheme => "tab-after-scheme",
            FindingId::InvalidUnquotedValue => "invalid-unquoted-value",
            FindingId::MissingParamValue => "missing-param-value",
            FindingId::UnterminatedQuotedString => "unterminated-quoted-string",
            FindingId::InvalidQuotedChar => "invalid-quoted-char",
            FindingId::MissingComma => "missing-comma",
            FindingId::DuplicateParam => "duplicate-param",
            FindingId::SkippedText => "skipped-text",
            FindingId::NoChallenge => "no-challenge",
            FindingId::MissingRealm => "missing-realm",
            FindingId::UnquotedRealm => "unquoted-realm",
            FindingId::MissingNonce => "missing-nonce",
            FindingId::MissingParam => "missing-param",
            FindingId::UnknownErrorCode => "unknown-error-code",
            FindingId::InvalidParamValue => "invalid-param-value",
            FindingId::UnexpectedToken68 => "unexpected-token68",
            FindingId::UnexpectedParams => "unexpected-params",
        }
    }

    /// The id called `name` (as serialized).
    pub fn from_name(name: &str) -> Option<FindingId> {
        FindingId::ALL.into_iter().find(|id| id.as_str() == name)
    }

    /// Whether this is a grammar violation (as opposed to a problem with the meaning).
    pub fn is_syntax(self) -> bool {
        matches!(
            self,
            FindingId::StrayParam
                | FindingId::TabAfterScheme
                | FindingId::InvalidUnquotedValue
                | FindingId::MissingParamValue
                | FindingId::UnterminatedQuotedString
                | FindingId::InvalidQuotedChar
                | FindingId::MissingComma
                | FindingId::DuplicateParam
                | FindingId::SkippedText
        )
    }
}

// By hand rather than derived: `as_str` is then the one list of names, and the wasm build
// does not carry a second one.
impl Serialize for FindingId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for FindingId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = std::borrow::Cow::<str>::deserialize(deserializer)?;
        FindingId::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown finding id `{name}`")))
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::parse_challenges;

    fn first(value: &str) -> Challenge {
        parse_challenges(value).unwrap().remove(0)
    }

    #[test]
    fn finding_ids_serialize_as_their_str() {
        for id in FindingId::ALL {
            let json = serde_json::to_string(&id).unwrap();
            assert_eq!(json, format!("\"{}\"", id.as_str()));
            assert_eq!(serde_json::from_str::<FindingId>(&json).unwrap(), id);
        }
        assert!(serde_json::from_str::<FindingId>("\"no-such-finding\"").is_err());
    }

    #[test]
    fn finding_round_trips_through_json() {
        let f = Finding {
            id: FindingId::MissingRealm,
            offset: Some(3),
            args: vec!["Basic".into()],
        };
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(
            json,
            r#"{"id":"missing-realm","offset":3,"args":["Basic"]}"#
        );
        assert_eq!(serde_json::from_str::<Finding>(&json).unwrap(), f);
    }

    #[test]
    fn parse_error_display() {
        let e = ParseError {
            offset: 14,
            expected: "'\"'",
        };
        assert_eq!(
            e.to_string(),
            "invalid challenge at offset 14: expected '\"'"
        );
    }

    #[test]
    fn accessors() {
        let d = first(
            r#"DIGEST Realm="r", NONCE=n, qop="auth, auth-int", stale=TRUE, algorithm=SHA-256"#,
        );
        assert!(d.is("digest"));
        assert_eq!(d.realm(), Some("r"));
        assert!(d.has_nonce());
        assert!(d.stale());
        assert_eq!(d.algorithm(), Some("SHA-256"));
        assert_eq!(d.qop_options().collect::<Vec<_>>(), ["auth", "auth-int"]);
        assert_eq!(d.param("NONCE"), Some("n"));
        assert_eq!(d.info().map(|i| i.name), Some("Digest"));

        let b = first(
            r#"Bearer error="insufficient_scope", error_description="x", error_uri="u", scope="a b""#,
        );
        assert_eq!(b.error(), Some("insufficient_scope"));
        assert_eq!(b.error_description(), Some("x"));
        assert_eq!(b.error_uri(), Some("u"));
        assert_eq!(b.scope(), Some("a b"));
        assert!(!b.stale());
        assert!(!b.has_nonce());

        let p = first(r#"DPoP algs="ES256  PS256""#);
        assert_eq!(p.dpop_algs().collect::<Vec<_>>(), ["ES256", "PS256"]);
        assert_eq!(
            first(r#"Basic realm="x", charset="UTF-8""#).charset(),
            Some("UTF-8")
        );
        assert!(!first("Digest stale=false").stale());
        assert!(first("Newauth").info().is_none());
    }
}

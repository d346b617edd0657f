//! The parsed form of a `WWW-Authenticate` / `Proxy-Authenticate` challenge.

use serde::{Deserialize, Serialize};

/// One challenge: `auth-scheme [ 1*SP ( token68 / #auth-param ) ]` (RFC 9110 §11.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    /// The scheme exactly as the server sent it (compare case-insensitively).
    pub scheme: String,
    /// The token68 form of the credentials data, if the challenge used it.
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

    /// The first value of parameter `name` (lower-case).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|p| p.name == name).map(|p| p.value.as_str())
    }

    /// The protection space name (RFC 9110 §11.5).
    pub fn realm(&self) -> Option<&str> {
        self.param("realm")
    }
}

/// Why a field value is not a valid challenge list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParseError {
    /// Offset in the input (characters of the byte string) where parsing stopped.
    pub offset: usize,
    /// What the grammar expected there.
    pub expected: &'static str,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid challenge at offset {}: expected {}", self.offset, self.expected)
    }
}

impl std::error::Error for ParseError {}

/// A violation the recovering parser tolerated, or a semantic problem with a challenge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable id, e.g. `missing-realm` (its text lives in the extension's locales).
    pub id: String,
    /// Offset in the input where the problem is, when it has one.
    pub offset: Option<usize>,
    /// Arguments for the finding's text.
    pub args: Vec<String>,
}

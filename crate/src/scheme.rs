//! What AuthLens knows about authentication schemes: every scheme of the IANA "HTTP
//! Authentication Scheme Registry" plus the common unregistered ones, with their reference,
//! kind, parameters, and the semantic checks the recovering parser runs on challenges.
//!
//! Texts are not here: a scheme's description is the locale key `scheme_<key>`, a parameter's
//! meaning `param_<key>_<param>` (or `param_any_<param>` for `realm` and `charset`, which mean
//! the same in every scheme), in `extension/_locales/<lang>/challenge.json`.
//!
//! Not listed: `Kerberos` (negotiated inside `Negotiate`; servers do not send it as a scheme).
// Never panic on any input (architecture rule): no indexing, unwrap or panic outside tests.
#![deny(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use serde::Serialize;

use crate::challenge::{Challenge, Finding, FindingId};

/// One authentication scheme.
#[derive(Debug, Serialize)]
pub struct SchemeInfo {
    /// The name as registered (schemes compare case-insensitively).
    pub name: &'static str,
    /// Where it is specified.
    pub reference: Reference,
    /// What the client proves.
    pub kind: SchemeKind,
    /// In the IANA registry.
    pub registered: bool,
    /// Browsers answer it themselves (a password prompt, or the OS's single sign-on);
    /// `webRequest.onAuthRequired` fires for it.
    pub browser_prompt: bool,
    /// What follows the scheme in a challenge.
    pub syntax: Syntax,
    /// The challenge parameters the scheme defines.
    pub params: &'static [ParamInfo],
}

/// Where a scheme is specified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reference {
    /// An RFC, by number.
    Rfc(u16),
    /// Another document: its name and a link to it.
    Other(&'static str, &'static str),
}

impl Reference {
    /// A short name, e.g. `RFC 7617`.
    pub fn name(self) -> String {
        match self {
            Reference::Rfc(number) => format!("RFC {number}"),
            Reference::Other(name, _) => name.to_string(),
        }
    }

    /// A link to the document.
    pub fn url(self) -> String {
        match self {
            Reference::Rfc(number) => format!("https://www.rfc-editor.org/rfc/rfc{number}"),
            Reference::Other(_, url) => url.to_string(),
        }
    }
}

/// What the client proves with a scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SchemeKind {
    /// A user name and password (sent, hashed, or used in a challenge-response).
    Password,
    /// A token obtained elsewhere (OAuth access token, Privacy Pass token).
    Token,
    /// An operating-system handshake (Kerberos, NTLM) over several round trips.
    Negotiation,
    /// A signature with a key the client holds.
    Signature,
}

/// The data a scheme's challenges carry after the scheme name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Syntax {
    /// `#auth-param`.
    Params,
    /// An optional token68 (the handshake blob of Negotiate and NTLM).
    Token68,
}

/// One challenge parameter of a scheme.
#[derive(Debug, Serialize)]
pub struct ParamInfo {
    /// Lower-case name.
    pub name: &'static str,
    /// The scheme's specification requires it in challenges.
    pub required: bool,
    /// Means the same in every scheme: its locale key is `param_any_<name>`.
    pub shared: bool,
    /// The values the specification allows, compared case-insensitively; empty: any.
    pub values: &'static [&'static str],
    /// The separator when the value is a list whose items are checked one by one.
    pub list: Option<char>,
}

impl ParamInfo {
    const fn new(name: &'static str) -> Self {
        ParamInfo {
            name,
            required: false,
            shared: false,
            values: &[],
            list: None,
        }
    }

    const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    const fn shared(mut self) -> Self {
        self.shared = true;
        self
    }

    const fn values(mut self, values: &'static [&'static str]) -> Self {
        self.values = values;
        self
    }

    const fn list(mut self, separator: char) -> Self {
        self.list = Some(separator);
        self
    }
}

impl SchemeInfo {
    /// The parameter `name` (case-insensitive), if the scheme defines it.
    pub fn param(&self, name: &str) -> Option<&'static ParamInfo> {
        self.params
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// The name as locale keys spell it: lower-case, other than letters and digits as `_`.
    pub fn key(&self) -> String {
        self.name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect()
    }

    /// The locale key of the scheme's one-line description.
    pub fn locale_key(&self) -> String {
        format!("scheme_{}", self.key())
    }

    /// The locale key of the meaning of `param`.
    pub fn param_locale_key(&self, param: &ParamInfo) -> String {
        let name = param
            .name
            .replace(|c: char| !c.is_ascii_alphanumeric(), "_");
        if param.shared {
            format!("param_any_{name}")
        } else {
            format!("param_{}_{name}", self.key())
        }
    }
}

/// The scheme called `name` (case-insensitive).
pub fn lookup_scheme(name: &str) -> Option<&'static SchemeInfo> {
    SCHEMES.iter().find(|s| s.name.eq_ignore_ascii_case(name))
}

const REALM: ParamInfo = ParamInfo::new("realm").shared();
const CHARSET: ParamInfo = ParamInfo::new("charset").shared().values(&["UTF-8"]);
const BOOLEAN: &[&str] = &["true", "false"];
/// RFC 6750 §3.1, plus `insufficient_user_authentication` (RFC 9470 §3).
const BEARER_ERRORS: &[&str] = &[
    "invalid_request",
    "invalid_token",
    "insufficient_scope",
    "insufficient_user_authentication",
];
/// RFC 9449 §7.1 and §9: the Bearer codes plus the DPoP ones.
const DPOP_ERRORS: &[&str] = &[
    "invalid_request",
    "invalid_token",
    "insufficient_scope",
    "insufficient_user_authentication",
    "invalid_dpop_proof",
    "use_dpop_nonce",
];
const SCRAM_PARAMS: &[ParamInfo] = &[REALM, ParamInfo::new("sid"), ParamInfo::new("data")];

/// The schemes, registry first (alphabetical, as IANA lists them), then unregistered ones.
pub static SCHEMES: &[SchemeInfo] = &[
    SchemeInfo {
        name: "Basic",
        reference: Reference::Rfc(7617),
        kind: SchemeKind::Password,
        registered: true,
        browser_prompt: true,
        syntax: Syntax::Params,
        params: &[REALM.required(), CHARSET],
    },
    SchemeInfo {
        name: "Bearer",
        reference: Reference::Rfc(6750),
        kind: SchemeKind::Token,
        registered: true,
        browser_prompt: false,
        syntax: Syntax::Params,
        params: &[
            REALM,
            ParamInfo::new("scope"),
            ParamInfo::new("error").values(BEARER_ERRORS),
            ParamInfo::new("error_description"),
            ParamInfo::new("error_uri"),
            // RFC 9470 §3 (step-up authentication).
            ParamInfo::new("acr_values"),
            ParamInfo::new("max_age"),
            // RFC 9728 §5.1 (protected resource metadata).
            ParamInfo::new("resource_metadata"),
        ],
    },
    SchemeInfo {
        name: "Concealed",
        reference: Reference::Rfc(9729),
        kind: SchemeKind::Signature,
        registered: true,
        browser_prompt: false,
        syntax: Syntax::Params,
        params: &[REALM],
    },
    SchemeInfo {
        name: "Digest",
        reference: Reference::Rfc(7616),
        kind: SchemeKind::Password,
        registered: true,
        browser_prompt: true,
        syntax: Syntax::Params,
        params: &[
            REALM.required(),
            ParamInfo::new("domain"),
            ParamInfo::new("nonce").required(),
            ParamInfo::new("opaque"),
            ParamInfo::new("stale").values(BOOLEAN),
            ParamInfo::new("algorithm").values(&[
                "MD5",
                "MD5-sess",
                "SHA-256",
                "SHA-256-sess",
                "SHA-512-256",
                "SHA-512-256-sess",
            ]),
            // RFC 7616 §3.3: "This parameter MUST be used by all implementations".
            ParamInfo::new("qop")
                .required()
                .values(&["auth", "auth-int"])
                .list(','),
            CHARSET,
            ParamInfo::new("userhash").values(BOOLEAN),
        ],
    },
    SchemeInfo {
        name: "DPoP",
        reference: Reference::Rfc(9449),
        kind: SchemeKind::Token,
        registered: true,
        browser_prompt: false,
        syntax: Syntax::Params,
        params: &[
            REALM,
            ParamInfo::new("scope"),
            ParamInfo::new("error").values(DPOP_ERRORS),
            ParamInfo::new("error_description"),
            ParamInfo::new("error_uri"),
            ParamInfo::new("algs"),
        ],
    },
    SchemeInfo {
        name: "GNAP",
        reference: Reference::Rfc(9635),
        kind: SchemeKind::Token,
        registered: true,
        browser_prompt: false,
        syntax: Syntax::Params,
        params: &[
            ParamInfo::new("as_uri"),
            ParamInfo::new("access"),
            ParamInfo::new("referrer"),
        ],
    },
    SchemeInfo {
        name: "HOBA",
        reference: Reference::Rfc(7486),
        kind: SchemeKind::Signature,
        registered: true,
        browser_prompt: false,
        syntax: Syntax::Params,
        params: &[
            REALM,
            ParamInfo::new("challenge").required(),
            ParamInfo::new("max-age").required(),
        ],
    },
    SchemeInfo {
        name: "Mutual",
        reference: Reference::Rfc(8120),
        kind: SchemeKind::Password,
        registered: true,
        browser_prompt: false,
        syntax: Syntax::Params,
        params: &[
            REALM,
            ParamInfo::new("reason"),
            ParamInfo::new("algorithm"),
            ParamInfo::new("validation"),
            ParamInfo::new("auth-scope"),
            ParamInfo::new("sid"),
        ],
    },
    SchemeInfo {
        name: "Negotiate",
        reference: Reference::Rfc(4559),
        kind: SchemeKind::Negotiation,
        registered: true,
        browser_prompt: true,
        syntax: Syntax::Token68,
        params: &[],
    },
    SchemeInfo {
        name: "OAuth",
        reference: Reference::Rfc(5849),
        kind: SchemeKind::Signature,
        registered: true,
        browser_prompt: false,
        syntax: Syntax::Params,
        params: &[REALM],
    },
    SchemeInfo {
        name: "PrivateToken",
        reference: Reference::Rfc(9577),
        kind: SchemeKind::Token,
        registered: true,
        browser_prompt: false,
        syntax: Syntax::Params,
        params: &[
            REALM,
            ParamInfo::new("challenge").required(),
            ParamInfo::new("token-key"),
            ParamInfo::new("max-age"),
        ],
    },
    SchemeInfo {
        name: "SCRAM-SHA-1",
        reference: Reference::Rfc(7804),
        kind: SchemeKind::Password,
        registered: true,
        browser_prompt: false,
        syntax: Syntax::Params,
        params: SCRAM_PARAMS,
    },
    SchemeInfo {
        name: "SCRAM-SHA-256",
        reference: Reference::Rfc(7804),
        kind: SchemeKind::Password,
        registered: true,
        browser_prompt: false,
        syntax: Syntax::Params,
        params: SCRAM_PARAMS,
    },
    SchemeInfo {
        name: "vapid",
        reference: Reference::Rfc(8292),
        kind: SchemeKind::Signature,
        registered: true,
        browser_prompt: false,
        syntax: Syntax::Params,
        params: &[],
    },
    SchemeInfo {
        name: "NTLM",
        reference: Reference::Other(
            "MS-NTHT",
            "https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-ntht/",
        ),
        kind: SchemeKind::Negotiation,
        registered: false,
        browser_prompt: true,
        syntax: Syntax::Token68,
        params: &[],
    },
    SchemeInfo {
        name: "AWS4-HMAC-SHA256",
        reference: Reference::Other(
            "AWS Signature Version 4",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html",
        ),
        kind: SchemeKind::Signature,
        registered: false,
        browser_prompt: false,
        syntax: Syntax::Params,
        params: &[],
    },
    SchemeInfo {
        name: "AWS4-ECDSA-P256-SHA256",
        reference: Reference::Other(
            "AWS Signature Version 4a",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html",
        ),
        kind: SchemeKind::Signature,
        registered: false,
        browser_prompt: false,
        syntax: Syntax::Params,
        params: &[],
    },
    SchemeInfo {
        name: "Hawk",
        reference: Reference::Other("Hawk", "https://github.com/mozilla/hawk/blob/main/API.md"),
        kind: SchemeKind::Signature,
        registered: false,
        browser_prompt: false,
        syntax: Syntax::Params,
        params: &[
            ParamInfo::new("ts"),
            ParamInfo::new("tsm"),
            ParamInfo::new("error"),
        ],
    },
    SchemeInfo {
        name: "Signature",
        reference: Reference::Other(
            "draft-cavage-http-signatures",
            "https://datatracker.ietf.org/doc/html/draft-cavage-http-signatures-12",
        ),
        kind: SchemeKind::Signature,
        registered: false,
        browser_prompt: false,
        syntax: Syntax::Params,
        params: &[REALM, ParamInfo::new("headers")],
    },
];

/// Longest value a finding quotes, in characters.
const MAX_VALUE: usize = 64;

/// Appends the semantic findings about `challenge` (whose scheme is at byte `at`) to `out`:
/// what its scheme's specification requires or forbids. Unknown schemes get none.
pub(crate) fn check(challenge: &Challenge, at: usize, out: &mut Vec<Finding>) {
    let Some(info) = challenge.info() else { return };
    let scheme = challenge.scheme.as_str();
    let mut push = |id, args: &[&str]| {
        let args = args
            .iter()
            .map(|a| a.chars().take(MAX_VALUE).collect())
            .collect();
        out.push(Finding {
            id,
            offset: Some(at),
            args,
        });
    };
    match info.syntax {
        Syntax::Token68 if !challenge.params.is_empty() => {
            push(FindingId::UnexpectedParams, &[scheme])
        }
        Syntax::Params if challenge.token68.is_some() => {
            push(FindingId::UnexpectedToken68, &[scheme])
        }
        _ => {}
    }
    for param in info.params {
        match challenge.param(param.name) {
            None if param.required => match param.name {
                "realm" => push(FindingId::MissingRealm, &[scheme]),
                "nonce" => push(FindingId::MissingNonce, &[scheme]),
                name => push(FindingId::MissingParam, &[scheme, name]),
            },
            Some(value) if !param.values.is_empty() => {
                let mut items = match param.list {
                    Some(separator) => value.split(separator).map(str::trim).collect(),
                    None => vec![value],
                };
                items.retain(|item| !param.values.iter().any(|v| v.eq_ignore_ascii_case(item)));
                if items.is_empty() {
                    continue;
                }
                if param.name == "error" {
                    push(FindingId::UnknownErrorCode, &[scheme, value]);
                } else {
                    push(FindingId::InvalidParamValue, &[scheme, param.name, value]);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::parse_challenges_lenient;

    /// The locale fragments this module's keys live in.
    const LOCALES: [(&str, &str); 2] = [
        (
            "en",
            include_str!("../../extension/_locales/en/challenge.json"),
        ),
        (
            "ru",
            include_str!("../../extension/_locales/ru/challenge.json"),
        ),
    ];

    /// Every key this crate produces for the challenge fragment.
    fn keys() -> Vec<String> {
        let mut keys = Vec::new();
        for scheme in SCHEMES {
            keys.push(scheme.locale_key());
            keys.extend(scheme.params.iter().map(|p| scheme.param_locale_key(p)));
        }
        keys.extend(
            FindingId::ALL
                .iter()
                .map(|id| format!("finding_{}", id.as_str().replace('-', "_"))),
        );
        keys.sort();
        keys.dedup();
        keys
    }

    #[test]
    fn every_key_in_every_locale_and_no_other() {
        let expected = keys();
        for (lang, text) in LOCALES {
            let json: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(text).unwrap();
            let mut found: Vec<String> = json.keys().cloned().collect();
            found.sort();
            assert_eq!(found, expected, "{lang}: keys differ");
            for (key, entry) in &json {
                let message = entry["message"].as_str().unwrap_or_default();
                assert!(!message.trim().is_empty(), "{lang}: {key} has no message");
            }
        }
    }

    #[test]
    fn finding_texts_use_the_args_they_get() {
        // Each finding's text may use $1..$n where n is its argument count.
        let arg_counts = [
            (FindingId::StrayParam, 1),
            (FindingId::TabAfterScheme, 1),
            (FindingId::InvalidUnquotedValue, 1),
            (FindingId::MissingParamValue, 1),
            (FindingId::UnterminatedQuotedString, 1),
            (FindingId::InvalidQuotedChar, 1),
            (FindingId::MissingComma, 1),
            (FindingId::DuplicateParam, 1),
            (FindingId::SkippedText, 1),
            (FindingId::NoChallenge, 0),
            (FindingId::MissingRealm, 1),
            (FindingId::UnquotedRealm, 1),
            (FindingId::MissingNonce, 1),
            (FindingId::MissingParam, 2),
            (FindingId::UnknownErrorCode, 2),
            (FindingId::InvalidParamValue, 3),
            (FindingId::UnexpectedToken68, 1),
            (FindingId::UnexpectedParams, 1),
        ];
        assert_eq!(arg_counts.len(), FindingId::ALL.len());
        for (lang, text) in LOCALES {
            let json: serde_json::Value = serde_json::from_str(text).unwrap();
            for (id, count) in arg_counts {
                let key = format!("finding_{}", id.as_str().replace('-', "_"));
                let message = json[&key]["message"].as_str().unwrap_or_default();
                for n in count + 1..=9 {
                    assert!(
                        !message.contains(&format!("${n}")),
                        "{lang}: {key} uses ${n}"
                    );
                }
            }
        }
    }

    #[test]
    fn names_and_references() {
        assert_eq!(
            lookup_scheme("scram-sha-256").map(|s| s.key()),
            Some("scram_sha_256".into())
        );
        assert_eq!(Reference::Rfc(7617).name(), "RFC 7617");
        assert_eq!(
            Reference::Rfc(7617).url(),
            "https://www.rfc-editor.org/rfc/rfc7617"
        );
        for scheme in SCHEMES {
            assert!(lookup_scheme(&scheme.name.to_ascii_uppercase()).is_some());
            assert!(scheme.reference.url().starts_with("https://"));
            for p in scheme.params {
                assert_eq!(p.name, p.name.to_ascii_lowercase(), "{}", scheme.name);
            }
        }
    }

    #[test]
    fn registry_is_complete() {
        let registry = [
            "Basic",
            "Bearer",
            "Concealed",
            "Digest",
            "DPoP",
            "GNAP",
            "HOBA",
            "Mutual",
            "Negotiate",
            "OAuth",
            "PrivateToken",
            "SCRAM-SHA-1",
            "SCRAM-SHA-256",
            "vapid",
        ];
        for name in registry {
            assert!(lookup_scheme(name).is_some_and(|s| s.registered), "{name}");
        }
        assert_eq!(
            SCHEMES.iter().filter(|s| s.registered).count(),
            registry.len()
        );
        let prompts: Vec<_> = SCHEMES
            .iter()
            .filter(|s| s.browser_prompt)
            .map(|s| s.name)
            .collect();
        assert_eq!(prompts, ["Basic", "Digest", "Negotiate", "NTLM"]);
    }

    fn ids(line: &str) -> Vec<(FindingId, Vec<String>)> {
        let (_, findings) = parse_challenges_lenient(&[line]);
        findings.into_iter().map(|f| (f.id, f.args)).collect()
    }

    macro_rules! semantic {
        ($($name:ident: $line:expr => [$(($id:ident $(, $arg:expr)*)),*];)*) => {$(
            #[test]
            fn $name() {
                let expected: Vec<(FindingId, Vec<String>)> =
                    vec![$((FindingId::$id, vec![$($arg.to_string()),*])),*];
                assert_eq!(ids($line), expected);
            }
        )*};
    }

    semantic! {
        basic_ok: r#"Basic realm="x", charset="utf-8""# => [];
        basic_without_realm: "Basic" => [(MissingRealm, "Basic")];
        basic_unquoted_realm: "basic realm=x" => [(UnquotedRealm, "basic")];
        basic_bad_charset: r#"Basic realm="x", charset="ISO-8859-1""# => [(InvalidParamValue, "Basic", "charset", "ISO-8859-1")];
        basic_token68: "Basic abc=" => [(UnexpectedToken68, "Basic"), (MissingRealm, "Basic")];
        digest_ok: r#"Digest realm="r", nonce="n", qop="auth,auth-int", algorithm=SHA-256, stale=FALSE"# => [];
        digest_without_nonce: r#"Digest realm="r", qop="auth""# => [(MissingNonce, "Digest")];
        digest_rfc2069: r#"Digest realm="r", nonce="n""# => [(MissingParam, "Digest", "qop")];
        digest_bad_values: r#"Digest realm="r", nonce="n", qop="auth,bogus", stale=maybe, algorithm=SHA-1"# =>
            [(InvalidParamValue, "Digest", "stale", "maybe"), (InvalidParamValue, "Digest", "algorithm", "SHA-1"),
             (InvalidParamValue, "Digest", "qop", "auth,bogus")];
        bearer_ok: r#"Bearer realm="api", error="invalid_token""# => [];
        bearer_unknown_error: r#"Bearer error="token_expired""# => [(UnknownErrorCode, "Bearer", "token_expired")];
        bearer_step_up: r#"Bearer error="insufficient_user_authentication", acr_values="myACR""# => [];
        dpop_nonce: r#"DPoP error="use_dpop_nonce", algs="ES256""# => [];
        dpop_code_on_bearer: r#"Bearer error="use_dpop_nonce""# => [(UnknownErrorCode, "Bearer", "use_dpop_nonce")];
        negotiate_token: "Negotiate YIIBhg==" => [];
        negotiate_params: "Negotiate realm=\"x\"" => [(UnexpectedParams, "Negotiate")];
        hoba_missing: "HOBA realm=\"x\"" => [(MissingParam, "HOBA", "challenge"), (MissingParam, "HOBA", "max-age")];
        private_token: "PrivateToken challenge=\"abc=\", token-key=\"def=\"" => [];
        unknown_scheme: "Newauth" => [];
        empty_value: "" => [(NoChallenge)];
    }

    #[test]
    fn no_lines_means_no_finding() {
        assert_eq!(parse_challenges_lenient(&[]), (Vec::new(), Vec::new()));
    }
}

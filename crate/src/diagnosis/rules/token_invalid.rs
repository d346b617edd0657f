//! `invalid_token` (RFC 6750 §3.1) for reasons other than time: revoked, signed by another
//! key, meant for another audience or issuer, or never issued by this server. Keycloak
//! "Token verification failed", Django REST "Invalid token.", simplejwt `token_not_valid`,
//! AWS "The security token included in the request is invalid", Google "Request had invalid
//! authentication credentials", Microsoft Graph `InvalidAuthenticationToken`; Esri's status
//! 498 (and `"code":498` in a 200 body) means an invalid or expired token. A 401 to a token in
//! a header of the service's own (OpenStack `X-Auth-Token`, GitLab `PRIVATE-TOKEN`) refused it,
//! whatever its challenge offers other clients.

use super::credentials_rejected;
use super::prelude::*;
use super::windows_auth::WINDOWS;

pub(super) const MARKERS: &[&str] = &[
    "Invalid token",
    "Token is invalid",
    "token_not_valid",
    "Given token not valid",
    "invalid signature",
    "Signature verification failed",
    "jwt malformed",
    "Invalid JWT",
    "Token verification failed",
    "The security token included in the request is invalid",
    "InvalidClientTokenId",
    "UnrecognizedClientException",
    "InvalidAuthenticationToken",
    "Request had invalid authentication credentials",
    "Invalid bearer token",
    "Invalid access token",
    "Could not validate credentials",
    "Not enough segments",
    "Token Signature could not be verified",
    "\"code\":498",
];

/// RFC 6749 §5.2: a token endpoint refusing the grant it was sent (an authorization code used
/// or expired, a refresh token expired or revoked) answers 400 with this in its JSON, and no
/// challenge: Keycloak "Code not valid", Auth0 "Unknown or invalid refresh token.", Okta "The
/// refresh token is invalid or expired."; only a new sign-in brings a new grant.
const INVALID_GRANT: &[&str] = &[
    "\"error\":\"invalid_grant\"",
    "\"error\": \"invalid_grant\"",
];

/// A token named near what was wrong with it: "Invalid OAuth access token", "The access token
/// was revoked", "Error validating access token", "token is malformed"; not an anti-forgery
/// token (`csrf_expired`), not an expiry (`token_expired`).
const REFUSED: Phrase = Phrase {
    subjects: &["token", "jwt"],
    predicates: &[
        "invalid",
        "revoked",
        "not valid",
        "malformed",
        "could not be verified",
        "verification failed",
        "error validating",
        "unrecognized",
        "not recognized",
    ],
    unless: &["csrf", "xsrf", "nonce", "expired"],
};

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    let bearer_sent = f.sent.is_some_and(|s| same(s.scheme, "bearer"));
    // A token in a header of the service's own (`X-Auth-Token`, GitLab `PRIVATE-TOKEN`,
    // `X-Vault-Token`): the server's challenge, if any, is for other clients.
    let header_token = f.sent.filter(|s| s.custom.is_some() && s.is_token());
    let mut notes = Notes::default();
    notes.add(f.token_note());
    let mut confidence: f64 = 0.0;
    match f.bearer_error() {
        Some("invalid_token") => {
            // From a challenge the grammar cannot read, the code alone is no stronger than the
            // breakage (`challenge_malformed`); the token's claims make it so.
            confidence = if matches!(f.timing, Timing::Valid { .. }) {
                0.88
            } else if f.syntax_error.is_some() {
                0.7
            } else {
                0.75
            };
            notes.push(note1(EvidenceId::BearerError, Arg::Known("invalid_token")));
            notes.add(
                f.bearer_description()
                    .map(|d| note1(EvidenceId::ErrorDescription, Arg::Text(d))),
            );
        }
        // A code outside RFC 6750's registry: the server's own way of refusing the token.
        // DPoP's own codes (RFC 9449 §7.1, §9) are about the proof, not the token.
        Some(code)
            if !matches!(
                code,
                "insufficient_scope" | "invalid_request" | "use_dpop_nonce" | "invalid_dpop_proof"
            ) =>
        {
            confidence = 0.6;
            notes.push(note1(EvidenceId::BearerError, Arg::Text(code)));
        }
        _ => {}
    }
    if let Some(said) = f.says(MARKERS).map(says).or_else(|| {
        f.says_phrase(&REFUSED)
            .map(|p| note1(EvidenceId::ServerSays, Arg::Text(p)))
    }) {
        confidence = confidence.max(0.85);
        notes.push(said);
    } else if let Some(m) = f
        .says(credentials_rejected::TOKEN_REFUSED_AS_CREDENTIALS)
        .filter(|_| f.jwt_sent())
    {
        confidence = confidence.max(0.85);
        notes.push(says(m));
    } else if let Some(m) = f
        .says(&["Unauthenticated."])
        .filter(|_| bearer_sent || header_token.is_some())
    {
        // Laravel says only this, whatever is wrong with the token.
        confidence = confidence.max(0.8);
        notes.push(says(m));
    }
    if matches!(f.status, 400 | 401) && f.says(INVALID_GRANT).is_some() {
        confidence = confidence.max(0.8);
        notes.push(note1(
            EvidenceId::OauthErrorCode,
            Arg::Known("invalid_grant"),
        ));
    }
    // SharePoint and other Microsoft services explain a refused token in `x-ms-diagnostics`.
    if let Some(d) = f.response("x-ms-diagnostics").filter(|_| bearer_sent) {
        confidence = confidence.max(0.85);
        notes.push(note1(EvidenceId::ErrorDescription, Arg::Text(d)));
    }
    if f.status == 498 {
        confidence = confidence.max(0.8);
        notes.push(f.status_note());
    }
    if f.status == 401 && ((bearer_sent && !f.has_challenge()) || header_token.is_some()) {
        confidence = confidence.max(0.72);
        notes.push(f.sent_note());
    }
    // A Bearer token refused under another scheme's challenge (Kubernetes' Basic realm on every
    // 401) by the API itself, not the web server's Basic module: it read the token and refused
    // it (see `scheme_mismatch`).
    let other_scheme = !f.bearer_offered()
        && f.syntax_error.is_none()
        && !f.web_server_page()
        && f.challenges
            .iter()
            .all(|c| !WINDOWS.iter().any(|w| same(&c.scheme, w)));
    if f.status == 401 && bearer_sent && f.has_challenge() && other_scheme {
        confidence = confidence.max(0.75);
        notes.push(f.sent_note());
        notes.extend(f.challenge_notes());
    }
    if confidence > 0.0 {
        out.add(CauseId::TokenInvalid, confidence, notes);
    }
}

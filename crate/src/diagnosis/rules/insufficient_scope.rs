//! RFC 6750 §3.1 `insufficient_scope` (usually 403): the token is valid but lacks a
//! permission; the `scope` parameter may name the one needed. APIs say the same in their
//! bodies: Google `ACCESS_TOKEN_SCOPE_INSUFFICIENT`, GitHub "Resource not accessible by
//! integration", Microsoft Entra `AADSTS65001` (consent missing), Docker registries
//! "requested access to the resource is denied", Microsoft Graph `Authorization_RequestDenied`
//! "Insufficient privileges to complete the operation.", Google's older `insufficientPermissions`,
//! Azure Storage `AuthorizationPermissionMismatch` (also in `x-ms-error-code`).
//!
//! GitHub says as much in headers: `X-GitHub-SSO: required; url=…` on a 403 refuses a token not
//! yet authorised for the organisation's SAML single sign-on, whatever the body; and it names
//! the fine-grained permissions an endpoint needs in `X-Accepted-GitHub-Permissions` on every
//! answer to GitHub Apps and fine-grained tokens, so a 403 to such a token most likely lacks one
//! (the same 403 also covers other refusals, hence only while the body is unread).

use super::prelude::*;

const MARKERS: &[&str] = &[
    "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
    "insufficient authentication scopes",
    "insufficient_scope",
    "Resource not accessible by",
    "AADSTS65001",
    "requested access to the resource is denied",
    "missing required scope",
    "does not have the required scope",
    "Insufficient privileges to complete the operation",
    "insufficientPermissions",
    "AuthorizationPermissionMismatch",
    "protected by organization SAML enforcement",
    // Stripe's restricted keys; Dropbox's `missing_scope`.
    "does not have the required permission",
    "would allow this request to continue",
    "missing_scope",
];

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    let mut notes = Notes::default();
    let mut confidence: f64 = 0.0;
    if f.bearer_error() == Some("insufficient_scope") {
        // Read from a challenge the grammar cannot derive, the code is a guess (`challenge_malformed`).
        confidence = if f.syntax_error.is_some() { 0.7 } else { 0.95 };
        notes.push(note1(
            EvidenceId::BearerError,
            Arg::Known("insufficient_scope"),
        ));
        notes.add(
            f.bearer()
                .and_then(|c| c.param("scope"))
                .map(|s| note1(EvidenceId::RequiredScope, Arg::Text(s))),
        );
    }
    if let Some(m) = f.says(MARKERS) {
        confidence = confidence.max(0.9);
        notes.push(says(m));
    }
    if f.status == 403 && f.response_starts("x-github-sso", "required") {
        confidence = confidence.max(0.9);
        notes.push(says("X-GitHub-SSO: required"));
    }
    let permissions = f
        .response("x-accepted-github-permissions")
        .filter(|p| !p.trim().is_empty());
    if let Some(p) = permissions.filter(|_| f.status == 403 && !f.body_read && f.credentials_sent())
    {
        confidence = confidence.max(0.7);
        notes.push(note1(EvidenceId::RequiredScope, Arg::Text(p)));
    }
    if confidence > 0.0 {
        notes.push(f.status_note());
        out.add(CauseId::InsufficientScope, confidence, notes);
    }
}

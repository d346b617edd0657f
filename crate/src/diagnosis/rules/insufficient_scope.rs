//! RFC 6750 §3.1 `insufficient_scope` (usually 403): the token is valid but lacks a
//! permission; the `scope` parameter may name the one needed. APIs say the same in their
//! bodies: Google `ACCESS_TOKEN_SCOPE_INSUFFICIENT`, GitHub "Resource not accessible by
//! integration", Microsoft Entra `AADSTS65001` (consent missing), Docker registries
//! "requested access to the resource is denied".

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
];

pub(super) fn rule(f: &Facts, out: &mut Proposals) {
    let mut evidence = Vec::new();
    let mut confidence: f64 = 0.0;
    if f.bearer_error() == Some("insufficient_scope") {
        confidence = 0.95;
        evidence.push(ev(EvidenceId::BearerError, ["insufficient_scope".into()]));
        evidence.extend(f.bearer().and_then(|c| c.param("scope")).map(|s| ev(EvidenceId::RequiredScope, [f.text(s)])));
    }
    if let Some(m) = f.says(MARKERS) {
        confidence = confidence.max(0.9);
        evidence.push(says(m));
    }
    if confidence > 0.0 {
        evidence.push(f.status_evidence());
        out.add(CauseId::InsufficientScope, confidence, evidence);
    }
}

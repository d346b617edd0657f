//! RFC 9110 §15.5.4: 403 Forbidden means the server understood and refuses; signing in again
//! will not help unless as someone with more rights. Apache "You don't have permission to
//! access this resource", Django REST "You do not have permission to perform this action.",
//! Laravel "This action is unauthorized.", WordPress `rest_forbidden`, AWS `AccessDenied`,
//! Azure `AuthorizationFailed`, Google `PERMISSION_DENIED`.

use super::prelude::*;

const MARKERS: &[&str] = &[
    "You don't have permission to access",
    "You do not have permission to perform this action",
    "This action is unauthorized",
    "rest_forbidden",
    "AccessDenied",
    "AuthorizationFailed",
    "does not have authorization to perform action",
    "PERMISSION_DENIED",
    "Must have admin rights",
    "Directory listing denied",
];

pub(super) fn rule(f: &Facts, out: &mut Proposals) {
    if f.status != 403 {
        return;
    }
    let mut evidence = vec![f.status_evidence()];
    let confidence = match f.says(MARKERS) {
        Some(m) => {
            evidence.push(says(m));
            0.75
        }
        None => 0.55,
    };
    if f.credentials_sent() {
        evidence.push(f.sent_evidence());
    }
    out.add(CauseId::Forbidden, confidence, evidence);
}

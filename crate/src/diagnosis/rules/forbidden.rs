//! RFC 9110 §15.5.4: 403 Forbidden means the server understood and refuses; signing in again
//! will not help unless as someone with more rights. Apache "You don't have permission to
//! access this resource", Django REST "You do not have permission to perform this action.",
//! Laravel "This action is unauthorized.", WordPress `rest_forbidden`, AWS `AccessDenied`,
//! Azure `AuthorizationFailed`, Google `PERMISSION_DENIED`, Amazon API Gateway's authorizer
//! "User is not authorized to access this resource (with an explicit deny)", Envoy's (and
//! Istio's) "RBAC: access denied".

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
    "User is not authorized to access this resource",
    // Envoy's RBAC filter, which Istio's AuthorizationPolicy configures.
    "RBAC: access denied",
];

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    // Some services refuse a permission with 400 (AWS's JSON APIs: `AccessDeniedException`):
    // their words count at any client error, the bare status only as a 403.
    let marker = f.says(MARKERS).filter(|_| (400..500).contains(&f.status));
    if f.status != 403 && marker.is_none() {
        return;
    }
    let mut notes = Notes::of(&[f.status_note()]);
    notes.add(marker.map(says));
    if f.credentials_sent() {
        notes.push(f.sent_note());
    }
    out.add(
        CauseId::Forbidden,
        if marker.is_some() { 0.75 } else { 0.55 },
        notes,
    );
}

//! Anti-forgery tokens are tied to the session and expire with it; a form left open too long
//! then fails on submit. Laravel answers 419 "Page Expired" (JSON: "CSRF token mismatch."),
//! WordPress REST 403 `rest_cookie_invalid_nonce`, Django 403 "CSRF verification failed",
//! Django REST "CSRF Failed", Spring Security "Invalid CSRF token", Rails
//! `InvalidAuthenticityToken`. Reloading the page fetches a fresh token.

use super::prelude::*;

const MARKERS: &[&str] = &[
    "CSRF token mismatch",
    "rest_cookie_invalid_nonce",
    "CSRF verification failed",
    "CSRF Failed",
    "Invalid CSRF token",
    "Could not verify the provided CSRF token",
    "CSRF token missing",
    "The CSRF token is invalid",
    "InvalidAuthenticityToken",
    "Page Expired",
];

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    let marker = f.says(MARKERS);
    let mut notes = Notes::of(&[f.status_note()]);
    notes.add(marker.map(says));
    match (f.status, marker) {
        (419, _) => out.add(CauseId::CsrfExpired, 0.95, notes),
        (_, Some(_)) => out.add(CauseId::CsrfExpired, 0.9, notes),
        _ => {}
    }
}

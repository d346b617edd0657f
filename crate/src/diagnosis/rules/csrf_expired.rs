//! Anti-forgery tokens are tied to the session and expire with it; a form left open too long
//! then fails on submit. Laravel answers 419 "Page Expired" (JSON: "CSRF token mismatch."),
//! WordPress REST 403 `rest_cookie_invalid_nonce`, Django 403 "CSRF verification failed",
//! Django REST "CSRF Failed", Spring Security "Invalid CSRF token", Rails
//! `InvalidAuthenticityToken`. WordPress's admin-ajax.php answers a stale nonce with 403 and
//! the body `-1` (`check_ajax_referer` → `wp_die(-1, 403)`). Reloading the page fetches a
//! fresh token.

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
    let ajax_nonce = f.status == 403
        && f.url.is_some_and(|u| u.path.ends_with("/wp-admin/admin-ajax.php"))
        && f.event.body_text.as_deref().is_some_and(|b| b.trim() == "-1");
    let marker = f.says(MARKERS).or(ajax_nonce.then_some("-1"));
    let mut notes = Notes::of(&[f.status_note()]);
    notes.add(marker.map(says));
    match (f.status, marker) {
        (419, _) => out.add(CauseId::CsrfExpired, 0.95, notes),
        (_, Some(_)) => out.add(CauseId::CsrfExpired, 0.9, notes),
        _ => {}
    }
}

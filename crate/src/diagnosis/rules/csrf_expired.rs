//! Anti-forgery tokens are tied to the session and expire with it; a form left open too long
//! then fails on submit. Laravel answers 419 "Page Expired" (JSON: "CSRF token mismatch."),
//! WordPress REST 403 `rest_cookie_invalid_nonce`, Django 403 "CSRF verification failed",
//! Django REST "CSRF Failed", Spring Security "Invalid CSRF token", Rails
//! `InvalidAuthenticityToken`, Jenkins "No valid crumb was included in the request". WordPress's
//! admin-ajax.php answers a stale nonce with 403 and the body `-1` (`check_ajax_referer` →
//! `wp_die(-1, 403)`). Reloading the page fetches a fresh token.
//!
//! Without the body, the request still shows the token at stake. WordPress REST checks the
//! `X-WP-Nonce` (or `_wpnonce`) of cookie-authenticated calls and, when it passes, sends a
//! fresh one back in `X-WP-Nonce` (`rest_cookie_check_errors`): a 403 without one refused the
//! nonce. A 403 from admin-ajax.php to a signed-in admin is its nonce check. A 403 to an unsafe
//! request that carried a framework's anti-forgery cookie (Django `csrftoken`, Spring
//! Security's and Laravel's `XSRF-TOKEN`) most likely failed that check: likely, not proven,
//! since the same 403 also refuses permissions, hence only while the body is unread.

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
    // Jenkins's CrumbFilter: the crumb is tied to the session it was issued in.
    "No valid crumb was included in the request",
];

/// Anti-forgery cookies that script echoes in a header (Django `X-CSRFToken`, `X-XSRF-TOKEN`).
const COOKIES: &[&str] = &["csrftoken", "XSRF-TOKEN"];

/// The headers that echo them: a request that carried one passed the check or failed it on a
/// stale value, and a 403 to it is as likely a plain refusal.
const ECHOES: &[&str] = &["x-csrftoken", "x-xsrf-token", "x-csrf-token"];

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    let ajax = f.status == 403
        && f.url
            .is_some_and(|u| u.path.ends_with("/wp-admin/admin-ajax.php"));
    let ajax_nonce = ajax
        && f.event
            .body_text
            .as_deref()
            .is_some_and(|b| b.trim() == "-1");
    let marker = f.says(MARKERS).or(ajax_nonce.then_some("-1"));
    let mut notes = Notes::of(&[f.status_note()]);
    notes.add(marker.map(says));
    match (f.status, marker) {
        (419, _) => {
            out.add(CauseId::CsrfExpired, 0.95, notes);
            return;
        }
        (_, Some(_)) => {
            out.add(CauseId::CsrfExpired, 0.9, notes);
            return;
        }
        _ if f.status != 403 => return,
        _ => {}
    }
    let safe = ["GET", "HEAD", "OPTIONS"]
        .iter()
        .any(|m| same(&f.event.method, m));
    let (confidence, token) =
        if f.wordpress_rest() && f.wordpress_nonce_sent() && f.response("x-wp-nonce").is_none() {
            (0.8, Some("X-WP-Nonce"))
        } else if f.body_read {
            return;
        } else if ajax && f.wordpress_login_cookie {
            (0.7, None)
        } else if let Some(cookie) = f
            .sent_cookie(COOKIES)
            .filter(|_| !safe && !ECHOES.iter().any(|h| f.request_has(h)))
        {
            (0.6, Some(cookie))
        } else {
            return;
        };
    notes.add(token.map(|t| note1(EvidenceId::AntiForgeryToken, Arg::Known(t))));
    if f.wordpress() {
        notes.push(note(EvidenceId::WordpressSite));
    }
    out.add(CauseId::CsrfExpired, confidence, notes);
}

//! Anti-forgery tokens are tied to the session and expire with it; a form left open too long
//! then fails on submit, and reloading the page fetches a fresh token. Every framework has its
//! own words: Laravel 419 "Page Expired" (JSON: "CSRF token mismatch."), Django 403 "CSRF
//! verification failed", Django REST "CSRF Failed", Spring Security "Invalid CSRF Token",
//! Symfony "The CSRF token is invalid", Flask-WTF 400 "The CSRF token has expired", Express's
//! csurf "invalid csrf token", gorilla/csrf "CSRF token invalid", Tornado "'_xsrf' argument
//! missing", Plug "invalid CSRF (Cross Site Request Forgery) token", CakePHP "CSRF token …
//! did not match", Drupal "X-CSRF-Token request header is missing", WordPress
//! `rest_cookie_invalid_nonce`, WooCommerce "Nonce is invalid", Jenkins "No valid crumb"; so
//! the token's name near what went wrong with it ([`FAILED`]) is read, not each sentence. Some
//! say it without naming the token: Yii (and Craft CMS) "Unable to verify your data
//! submission.", CodeIgniter "The action you requested is not allowed.", Joomla "…invalid
//! security token", Rails's production 422 page "The change you wanted was rejected" (its
//! InvalidAuthenticityToken), and WordPress's admin-ajax.php `-1` (`check_ajax_referer` →
//! `wp_die(-1, 403)`).
//!
//! Without words, the request still shows the token at stake. WordPress REST checks the nonce
//! of cookie-authenticated calls (`X-WP-Nonce`, `_wpnonce`; WooCommerce's Store API its
//! `Nonce` header) and, when it passes, sends a fresh one back in `X-WP-Nonce`: a 403 without one
//! refused the nonce. A 403 from admin-ajax.php to a signed-in admin is its nonce check. An
//! unsafe request refused with 400, 403 or 422 that carried an anti-forgery cookie (Django
//! `csrftoken`, `XSRF-TOKEN`, csurf `_csrf`, ASP.NET Core's `.AspNetCore.Antiforgery.…`, whose
//! failure is an empty 400) but did not echo it in a header most likely failed that check:
//! likely, not proven, since the same status also refuses permissions, hence only when the body
//! is unread or says next to nothing.

use super::prelude::*;

/// Whole sentences of frameworks that do not name the token.
const MARKERS: &[&str] = &[
    "rest_cookie_invalid_nonce",
    "InvalidAuthenticityToken",
    "Page Expired",
    "Unable to verify your data submission",
    "The action you requested is not allowed",
    "denied because it had an invalid security token",
    // Jenkins's CrumbFilter: the crumb is tied to the session it was issued in.
    "No valid crumb was included in the request",
];

/// An anti-forgery token named near what went wrong with it.
const FAILED: Phrase = Phrase {
    subjects: &[
        "csrf",
        "xsrf",
        "anti-forgery",
        "antiforgery",
        "authenticity token",
        "crumb",
        "nonce",
    ],
    predicates: &[
        "missing",
        "invalid",
        "mismatch",
        "expired",
        "incorrect",
        "not set",
        "failed",
        "not match",
        "did not match",
        "not found",
        "not valid",
        "not verify",
        "not present",
        "verification",
    ],
    // RFC 9449's DPoP nonce is the proof's, not a form's.
    unless: &["dpop"],
};

/// Rails's generic 422 page, which its InvalidAuthenticityToken shows in production.
const RAILS_422: &[&str] = &["The change you wanted was rejected"];

/// The headers that echo an anti-forgery cookie: a request that carried one passed the check or
/// failed it on a stale value, and a 403 to it is as likely a plain refusal (a 400 or 422 is
/// not how frameworks refuse a permission).
const ECHOES: &[&str] = &[
    "x-csrftoken",
    "x-xsrf-token",
    "x-csrf-token",
    "requestverificationtoken",
];

/// A refusal this short that says only its status ("Forbidden", Spring Boot's JSON of status
/// and path, Rails's `{"status":422,"error":"Unprocessable Entity"}`), or nothing, says
/// nothing against an anti-forgery failure; a validation error names its fields instead.
const TERSE: usize = 160;

/// The status words such a refusal says.
const STATUS_WORDS: &[&str] = &["forbidden", "bad request", "unprocessable"];

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    let safe = ["GET", "HEAD", "OPTIONS"]
        .iter()
        .any(|m| same(&f.event.method, m));
    let ajax = f.status == 403
        && f.url
            .is_some_and(|u| u.path.ends_with("/wp-admin/admin-ajax.php"));
    let ajax_nonce = ajax
        && f.event
            .body_text
            .as_deref()
            .is_some_and(|b| b.trim() == "-1");
    let rails = f.says(RAILS_422).filter(|_| f.status == 422 && !safe);
    let marker = f
        .says(MARKERS)
        .or(rails)
        .or(ajax_nonce.then_some("-1"))
        .map(says)
        .or_else(|| {
            f.says_phrase(&FAILED)
                .map(|p| note1(EvidenceId::ServerSays, Arg::Text(p)))
        });
    let mut notes = Notes::of(&[f.status_note()]);
    notes.add(marker);
    match (f.status, marker) {
        (419, _) => {
            out.add(CauseId::CsrfExpired, 0.95, notes);
            return;
        }
        (_, Some(_)) => {
            out.add(
                CauseId::CsrfExpired,
                if rails.is_some() { 0.85 } else { 0.9 },
                notes,
            );
            return;
        }
        _ if !matches!(f.status, 400 | 403 | 422) => return,
        _ => {}
    }
    let terse = !f.body_read
        || f.body.len() <= 2
        || f.body.len() <= TERSE && STATUS_WORDS.iter().any(|w| has(&f.body, w));
    let echoed = f.event.request_headers.as_deref().and_then(|headers| {
        headers
            .iter()
            .find(|h| ECHOES.iter().any(|e| same(&h.name, e)))
            .map(|h| h.name.as_str())
    });
    let nonce = f
        .nonce_header()
        .or_else(|| f.wordpress_nonce_sent().then_some("_wpnonce"))
        .filter(|_| f.wordpress_rest() && f.status == 403);
    let (confidence, token) =
        if let Some(header) = nonce.filter(|_| f.response("x-wp-nonce").is_none()) {
            (0.8, Some(header))
        } else if !terse {
            return;
        } else if ajax && f.wordpress_login_cookie {
            (0.7, None)
        } else if let Some(token) = f
            .anti_forgery_cookie()
            .filter(|_| !safe && (f.status != 403 || echoed.is_none()))
            // Rails keeps its token in the session and has script echo it: a 400 or 422 to an
            // echo is the check failing on a stale value.
            .or(echoed.filter(|_| !safe && f.status != 403))
        {
            (0.6, Some(token))
        } else {
            return;
        };
    notes.add(token.map(|t| note1(EvidenceId::AntiForgeryToken, Arg::Text(t))));
    if f.wordpress() {
        notes.push(note(EvidenceId::WordpressSite));
    }
    out.add(CauseId::CsrfExpired, confidence, notes);
}

#[cfg(test)]
mod tests {
    use crate::diagnosis::fixtures::load;
    use crate::diagnosis::{CauseId, diagnose};

    /// Rails's 422 form post with `body` instead of its page.
    fn rails_with(body: &str) -> CauseId {
        let mut e = load("rails-422-invalid-authenticity-token");
        e.status_code = 403;
        e.body_text = Some(body.into());
        diagnose(&e).unwrap().cause.id
    }

    #[test]
    fn the_token_is_read_with_what_went_wrong_in_the_same_clause_only() {
        assert_eq!(
            rails_with("<p>Your CSRF token is missing.</p>"),
            CauseId::CsrfExpired
        );
        assert_eq!(
            rails_with(r#"{"error":"XSRF token mismatch"}"#),
            CauseId::CsrfExpired
        );
        // A layout's meta tag beside an unrelated refusal.
        let page = r#"<meta name="csrf-token" content="Zk3mQ8vR2tN5"><p>You don't have permission to access this resource. Access is invalid for your role.</p>"#;
        assert_eq!(rails_with(page), CauseId::Forbidden);
        // The token and a failure in different sentences.
        assert_eq!(
            rails_with(
                "<p>A CSRF token was issued. Your role is invalid here and this request failed.</p>"
            ),
            CauseId::Forbidden
        );
        // RFC 9449's DPoP nonce is no form's.
        assert_ne!(rails_with("DPoP nonce is invalid"), CauseId::CsrfExpired);
    }

    #[test]
    fn rails_echoing_its_session_token_is_refused_with_a_terse_422() {
        let mut e = load("rails-422-invalid-authenticity-token");
        e.body_text = Some(r#"{"status":422,"error":"Unprocessable Entity"}"#.into());
        assert_eq!(diagnose(&e).unwrap().cause.id, CauseId::RequestMalformed);
        e.request_headers
            .get_or_insert_default()
            .push(crate::event::Header::new(
                "X-CSRF-Token",
                "Zk3mQ8vR2tN5wB7yL1pH4dF6",
            ));
        assert_eq!(diagnose(&e).unwrap().cause.id, CauseId::CsrfExpired);
        // A validation error names its fields: no anti-forgery failure.
        e.body_text = Some(
            r#"{"errors":{"email":["has already been taken"],"name":["can't be blank"],"password":["is too short (minimum is 12 characters)"],"terms":["must be accepted"]}}"#
                .into(),
        );
        assert_eq!(diagnose(&e).unwrap().cause.id, CauseId::RequestMalformed);
    }

    #[test]
    fn an_echoed_token_excuses_a_403_but_not_an_empty_400() {
        let e = load("aspnetcore-antiforgery-fetch-400");
        assert_eq!(diagnose(&e).unwrap().cause.id, CauseId::CsrfExpired);
        let mut forbidden = e.clone();
        forbidden.status_code = 403;
        assert_eq!(diagnose(&forbidden).unwrap().cause.id, CauseId::Forbidden);
        // A safe request is never an anti-forgery check's.
        let mut get = e;
        get.method = "GET".into();
        assert_ne!(diagnose(&get).unwrap().cause.id, CauseId::CsrfExpired);
    }
}

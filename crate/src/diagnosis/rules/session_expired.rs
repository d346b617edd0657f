//! Cookie sessions. Sites with their own login forms send no standard challenge; when the
//! browser sends the site's cookies and still gets 401, the session behind the cookie has
//! ended (timeout, server restart, sign-out elsewhere), and the stale cookie often keeps even
//! the login page failing until it is removed. Microsoft's 440 Login Time-out (Exchange / OWA)
//! says it outright; frameworks say "session expired"; WordPress answers `rest_not_logged_in`
//! despite its `wordpress_logged_in_*` cookie and a nonce (without the nonce it never looks at
//! the cookie: that is a request sent without credentials); Laravel "Unauthenticated." despite
//! cookies. Words about a session to a request that carried a token are about the token
//! (`token_expired`). Django's `sessionid`, sent to Django REST framework's answer that no
//! credentials came ("Authentication credentials were not provided."), is a session that has
//! ended; so is any session cookie (`PHPSESSID`, `JSESSIONID`, `ghost-admin-api-session`…)
//! sent to an answer that nobody is signed in (Symfony "Full authentication is required", Ghost
//! "Unable to determine the authenticated user", "not logged in"), 401 or 403 alike. Sign-in
//! gateways in front of a site have their own sessions (`sign_in_gateway`).

use super::credentials_missing::{ANONYMOUS, NOT_SIGNED_IN};
use super::prelude::*;

/// Words that say a session ended with time (`token_expired` reads them for a token that a
/// service calls a session).
pub(super) const EXPIRED: &[&str] = &[
    "session expired",
    "session has expired",
    "session timed out",
    "session timeout",
    "login timeout",
    "session_expired",
    "AADSTS50133",
];

/// Words that say a session is no longer good, whatever ended it.
pub(super) const INVALID: &[&str] = &[
    "Session not active",
    "Session is invalid",
    "invalid session",
    // Ory Kratos's whoami.
    "No valid session",
];

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    let cookies = f.cookies.unwrap_or(0);
    // Django's session cookie (`SESSION_COOKIE_NAME`'s default) comes with signing in (and
    // with apps that keep data for visitors); Django REST framework's words for a request it
    // took for nobody's, despite it: that session has ended.
    if let Some(cookie) = f.sent_cookie(&["sessionid"]).filter(|_| f.sent.is_none())
        && let Some(m) = f.says(&["Authentication credentials were not provided"])
    {
        out.add(
            CauseId::SessionExpired,
            0.88,
            Notes::of(&[
                says(m),
                note1(EvidenceId::SignInCookieSent, Arg::Known(cookie)),
            ]),
        );
    }
    if f.status == 440 {
        out.add(
            CauseId::SessionExpired,
            0.92,
            Notes::of(&[f.status_note(), f.cookie_note()]),
        );
    }
    if let Some(m) = f.says(EXPIRED).or_else(|| f.says(INVALID)) {
        out.add(
            CauseId::SessionExpired,
            if f.token_sent() { 0.5 } else { 0.85 },
            Notes::of(&[says(m), f.cookie_note()]),
        );
    }
    if let Some(m) = f
        .says(&["rest_not_logged_in"])
        .filter(|_| f.wordpress_login_cookie && f.wordpress_nonce_sent())
    {
        out.add(
            CauseId::SessionExpired,
            0.87,
            Notes::of(&[says(m), f.cookie_note()]),
        );
    }
    if let Some(m) = f
        .says(ANONYMOUS)
        .or_else(|| f.says(NOT_SIGNED_IN))
        .filter(|_| f.sent.is_none() && matches!(f.status, 401 | 403))
        && let Some(cookie) = f.session_cookie()
    {
        out.add(
            CauseId::SessionExpired,
            0.85,
            Notes::of(&[
                says(m),
                note1(EvidenceId::SessionCookieSent, Arg::Text(cookie)),
            ]),
        );
    }
    if f.status != 401 || f.sent.is_some() {
        return;
    }
    if let Some(m) = f.says(&["Unauthenticated."]).filter(|_| cookies > 0) {
        out.add(
            CauseId::SessionExpired,
            0.85,
            Notes::of(&[says(m), f.cookie_note()]),
        );
    } else if !f.has_challenge() && cookies > 0 {
        out.add(
            CauseId::SessionExpired,
            0.78,
            Notes::of(&[f.cookie_note(), note(EvidenceId::NoChallenge)]),
        );
    } else if !f.has_challenge() && f.cookies.is_none() {
        out.add(CauseId::SessionExpired, 0.4, Notes::of(&[f.cookie_note()]));
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnosis::fixtures::load;
    use crate::diagnosis::{CauseId, EvidenceId, diagnose};
    use crate::event::Header;

    /// DRF's answer that nobody is signed in, to a request with `cookie`.
    fn drf_with(cookie: &str) -> crate::diagnosis::Diagnosis {
        let mut e = load("django-rest-session-credentials-not-provided");
        let headers = e.request_headers.get_or_insert_with(Vec::new);
        headers.retain(|h| !h.name.eq_ignore_ascii_case("cookie"));
        headers.push(Header::new("Cookie", cookie));
        diagnose(&e).unwrap()
    }

    #[test]
    fn a_sign_in_cookie_to_an_answer_that_nobody_is_signed_in_is_a_session_that_ended() {
        let d = drf_with("csrftoken=Xq1cT7mB9vK2pL4sN6dR8fG0; sessionid=k3v9q2x7w1m5n8b4c6z0");
        assert_eq!(d.cause.id, CauseId::SessionExpired, "{d:?}");
        assert_eq!(
            d.cause.args_of(EvidenceId::SignInCookieSent),
            Some(&["sessionid".to_owned()][..])
        );
        let json = serde_json::to_string(&d).unwrap();
        assert!(!json.contains("k3v9q2x7w1m5n8b4c6z0"), "{json}");
    }

    #[test]
    fn cookies_every_visitor_gets_say_nobody_signed_in() {
        for cookie in [
            "csrftoken=Xq1cT7mB9vK2pL4sN6dR8fG0",
            "csrftoken=Xq1cT7mB9vK2pL4sN6dR8fG0; sessionid_hint=1",
            "PHPSESSID=k3v9q2x7w1m5n8b4c6z0",
        ] {
            assert_eq!(
                drf_with(cookie).cause.id,
                CauseId::CredentialsMissing,
                "{cookie}"
            );
        }
    }
}

//! Cookie sessions. Sites with their own login forms send no standard challenge; when the
//! browser sends the site's cookies and still gets 401, the session behind the cookie has
//! ended (timeout, server restart, sign-out elsewhere), and the stale cookie often keeps even
//! the login page failing until it is removed. Microsoft's 440 Login Time-out (Exchange / OWA)
//! says it outright; frameworks say "session expired"; WordPress answers `rest_not_logged_in`
//! despite its `wordpress_logged_in_*` cookie and a nonce (without the nonce it never looks at
//! the cookie: that is a request sent without credentials); Laravel "Unauthenticated." despite
//! cookies. Words about a session to a request that carried a token and no cookie are about the
//! token (`token_expired`).

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
];

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    let cookies = f.cookies.unwrap_or(0);
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
            if f.token_only() { 0.5 } else { 0.85 },
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

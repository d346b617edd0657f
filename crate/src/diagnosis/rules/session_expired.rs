//! Cookie sessions. Sites with their own login forms send no standard challenge; when the
//! browser sends the site's cookies and still gets 401, the session behind the cookie has
//! ended (timeout, server restart, sign-out elsewhere), and the stale cookie often keeps even
//! the login page failing until it is removed. Microsoft's 440 Login Time-out (Exchange / OWA)
//! says it outright; frameworks say "session expired"; WordPress answers `rest_not_logged_in`
//! despite its `wordpress_logged_in_*` cookie; Laravel "Unauthenticated." despite cookies.

use super::prelude::*;

const MARKERS: &[&str] = &[
    "session expired",
    "session has expired",
    "session timed out",
    "session timeout",
    "Session not active",
    "login timeout",
    "session_expired",
    "AADSTS50133",
    "Session is invalid",
    "invalid session",
];

pub(super) fn rule(f: &Facts, out: &mut Proposals) {
    let cookies = f.cookies.unwrap_or(0);
    let cookie_evidence = || match f.cookies {
        Some(0) => ev(EvidenceId::NoCookiesSent, []),
        Some(n) => ev(EvidenceId::CookiesSent, [n.to_string()]),
        None => ev(EvidenceId::RequestHeadersHidden, []),
    };
    if f.status == 440 {
        out.add(CauseId::SessionExpired, 0.92, vec![f.status_evidence(), cookie_evidence()]);
    }
    if let Some(m) = f.says(MARKERS) {
        out.add(CauseId::SessionExpired, 0.85, vec![says(m), cookie_evidence()]);
    }
    let wordpress_login = f.cookie_names.iter().any(|n| n.starts_with("wordpress_logged_in"));
    if let Some(m) = f.says(&["rest_not_logged_in"]).filter(|_| wordpress_login) {
        out.add(CauseId::SessionExpired, 0.87, vec![says(m), cookie_evidence()]);
    }
    if f.status != 401 || f.sent.is_some() {
        return;
    }
    if let Some(m) = f.says(&["Unauthenticated."]).filter(|_| cookies > 0) {
        out.add(CauseId::SessionExpired, 0.85, vec![says(m), cookie_evidence()]);
    } else if !f.has_challenge() && cookies > 0 {
        out.add(CauseId::SessionExpired, 0.78, vec![cookie_evidence(), ev(EvidenceId::NoChallenge, [])]);
    } else if !f.has_challenge() && f.cookies.is_none() {
        out.add(CauseId::SessionExpired, 0.4, vec![cookie_evidence()]);
    }
}

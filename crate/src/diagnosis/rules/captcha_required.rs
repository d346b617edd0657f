//! Jira and Confluence (their Seraph login layer) ask for a CAPTCHA after too many failed
//! logins, and from then on refuse every login that does not answer it without checking the
//! password: `X-Seraph-LoginReason: AUTHENTICATION_DENIED` with `X-Authentication-Denied-Reason:
//! CAPTCHA_CHALLENGE; login-url=…` (Atlassian's REST API authentication tutorial). A script
//! cannot answer a CAPTCHA: someone signs in once on the site's own login page (the
//! `login-url`) and answers it there, or an administrator resets the failed login count.

use super::prelude::*;

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    if f.response_starts("x-authentication-denied-reason", "CAPTCHA_CHALLENGE") {
        out.add(
            CauseId::CaptchaRequired,
            0.9,
            Notes::of(&[
                says("X-Authentication-Denied-Reason: CAPTCHA_CHALLENGE"),
                f.status_note(),
            ]),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnosis::fixtures::load;
    use crate::diagnosis::{CauseId, FixId, diagnose};

    #[test]
    fn a_captcha_lock_is_lifted_on_the_sites_own_page_any_other_denial_is_the_owners() {
        let mut e = load("jira-captcha-challenge");
        let d = diagnose(&e).unwrap();
        assert_eq!(
            (d.cause.id, d.fixes[0].id),
            (CauseId::CaptchaRequired, FixId::SignInOnSite)
        );
        e.response_headers.retain(|h| {
            !h.name
                .eq_ignore_ascii_case("x-authentication-denied-reason")
        });
        let d = diagnose(&e).unwrap();
        assert_eq!(
            (d.cause.id, d.fixes[0].id),
            (CauseId::AccountDisabled, FixId::ContactSiteOwner)
        );
    }
}

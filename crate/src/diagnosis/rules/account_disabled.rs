//! The account exists but may not sign in: disabled, locked after failed attempts, suspended.
//! Many servers say so only in the body (Keycloak "Account disabled", Django REST "User
//! inactive or deleted.", Devise "Your account is locked.", Entra `AADSTS50057` disabled /
//! `AADSTS50053` locked); others just answer 401, which is why the guides tell a visitor whose
//! correct password fails to ask the site's administrator. Jira refuses a locked login unchecked,
//! saying so in `X-Seraph-LoginReason: AUTHENTICATION_DENIED` (a CAPTCHA lock, which the
//! visitor can lift, is `captcha_required`'s); Firebase Auth answers `USER_DISABLED`; GitLab's
//! API "403 Forbidden - Your account has been blocked." (or deactivated).

use super::prelude::*;

const MARKERS: &[&str] = &[
    "Account disabled",
    "account is disabled",
    "account has been disabled",
    "Account is not fully set up",
    "account is locked",
    "account has been locked",
    "User inactive or deleted",
    "user is disabled",
    "account has been suspended",
    // GitLab (lib/gitlab/auth/user_access_denied_reason.rb), for a token's owner too.
    "account has been blocked",
    "account has been deactivated",
    "account was suspended",
    "AADSTS50057",
    "AADSTS50053",
    "USER_DISABLED",
];

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    if let Some(m) = f.says(MARKERS) {
        out.add(
            CauseId::AccountDisabled,
            0.88,
            Notes::of(&[says(m), f.status_note()]),
        );
    } else if f
        .login_reason()
        .is_some_and(|r| same(r, "AUTHENTICATION_DENIED"))
    {
        out.add(
            CauseId::AccountDisabled,
            0.88,
            Notes::of(&[
                says("X-Seraph-LoginReason: AUTHENTICATION_DENIED"),
                f.status_note(),
            ]),
        );
    } else if f.retried && f.status == 401 {
        out.add(
            CauseId::AccountDisabled,
            0.2,
            Notes::of(&[note(EvidenceId::BrowserRetried)]),
        );
    }
}

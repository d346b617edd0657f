//! What to do about each cause, as data: the fixes in order (the first is the single best
//! step), who can take each fix, and which one-click action applies it.
//!
//! Every cause and fix the common 401 guides give is reachable here: wrong URL or outdated
//! link (`wrong-url` → `check-url`), outdated cache and cookies (`stale-browser-data` →
//! `clear-site-data`, `clear-site-cookies`), flushing DNS (`dns-stale` → `flush-dns`),
//! WordPress and security plugins (`firewall-blocked` → `disable-plugins`), checking the
//! `WWW-Authenticate` header (`challenge-missing` / `challenge-malformed` → `send-challenge`),
//! logging out and in (`sign-in-again`), wrong or changed password (`check-credentials`,
//! `reset-password`), blocked account (`account-disabled`), bans (`ip-blocked`), proxies, VPNs
//! and provider restrictions (`check-proxy-vpn`), IIS sub-statuses (`iis-*`), server
//! configuration and logs (`fix-server-config`, `check-server-logs`), https
//! (`insecure-transport` → `use-https`), CORS (`cors-preflight` → `allow-preflight`),
//! permissions (`insufficient-scope`, `forbidden`), expired sessions and tokens, maintenance
//! (`retry`), and telling the webmaster (`contact-site-owner`).

use super::Audience;
use super::ids::{ActionId, CauseId, FixId};

/// The fixes for `cause`, best first.
pub(crate) const fn fixes(cause: CauseId) -> &'static [FixId] {
    use FixId::*;
    match cause {
        CauseId::CaptivePortal => &[CaptivePortalLogin, Reload],
        CauseId::ProxyAuth => &[CheckProxyVpn, CheckCredentials],
        CauseId::CorsPreflight => &[AllowPreflight, ContactSiteOwner, FixServerConfig],
        CauseId::RedirectUriMismatch => &[RegisterRedirectUri, ContactSiteOwner, CopyReport],
        CauseId::StateMismatch => &[RestartSignIn, ClearSiteCookies, FixCookieAttributes],
        CauseId::SamlError => &[RestartSignIn, ContactSiteOwner, CheckServerLogs],
        CauseId::OauthError => &[RestartSignIn, ContactSiteOwner, CheckServerLogs],
        CauseId::ThirdPartyCookiesBlocked => {
            &[AllowThirdPartyCookies, SignInOnSite, FixCookieAttributes]
        }
        CauseId::CookieRejected => &[FixCookieAttributes, ContactSiteOwner, CopyReport],
        CauseId::LoginLoop => &[ClearSiteCookies, RestartSignIn, FixServerConfig, CopyReport],
        CauseId::NonceStale => &[Retry, FixServerConfig],
        // Logons also fail for the server's own reasons (a Kerberos ticket for an unregistered
        // SPN, an account the pool cannot check): the administrator's fixes go along.
        CauseId::IisLogonFailed => &[
            CheckCredentials,
            ResetPassword,
            ContactSiteOwner,
            CheckServerLogs,
            FixServerConfig,
        ],
        // IIS shows sub-statuses only to requests from the server itself (detailed errors are
        // local-only by default): whoever sees one is its administrator.
        CauseId::IisConfig => &[FixServerConfig, CheckServerLogs, CopyReport],
        CauseId::IisAcl => &[FixServerConfig, CheckServerLogs, CopyReport],
        CauseId::IisFilter => &[DisablePlugins, FixServerConfig, CheckServerLogs, CopyReport],
        CauseId::IisApp => &[CheckServerLogs, FixServerConfig, CopyReport],
        CauseId::RateLimited => &[WaitAndRetry, CheckProxyVpn, ContactSiteOwner],
        CauseId::IpBlocked => &[CheckProxyVpn, ContactSiteOwner, FixServerConfig],
        CauseId::FirewallBlocked => &[
            CheckProxyVpn,
            ContactSiteOwner,
            DisablePlugins,
            CheckServerLogs,
        ],
        CauseId::LoggedOutBySite => &[SignInAgain],
        CauseId::CsrfExpired => &[Reload, SignInAgain, ClearSiteCookies],
        CauseId::InsufficientScope => &[RequestScope, SignInAgain, ContactSiteOwner],
        CauseId::TokenExpired => &[RefreshToken, SignInAgain],
        CauseId::ClockSkew => &[SyncClock, RefreshToken],
        CauseId::RequestMalformed => &[FixAuthorizationHeader, ContactSiteOwner],
        CauseId::CookiesTooLarge => &[ClearSiteCookies, FixServerConfig],
        CauseId::AuthorizationStripped => {
            &[FixServerConfig, FixAuthorizationHeader, ContactSiteOwner]
        }
        CauseId::SchemeMismatch => &[FixAuthorizationHeader, ContactSiteOwner],
        CauseId::SecondFactorRequired => &[
            EnterOneTimeCode,
            SignInOnSite,
            SendOneTimeCode,
            UseAutomationToken,
        ],
        // Answering the CAPTCHA once in a browser clears the lock; a service still sending an
        // old password is what usually set it off (Atlassian KB "repeated CAPTCHA prompts").
        CauseId::CaptchaRequired => &[SignInOnSite, CheckCredentials, ContactSiteOwner],
        CauseId::AccountDisabled => &[ContactSiteOwner, ResetPassword],
        CauseId::TokenInvalid => &[SignInAgain, RefreshToken, FixAuthorizationHeader],
        CauseId::WindowsAuth => &[UseWorkAccount, CheckCredentials, ContactSiteOwner],
        CauseId::InsecureTransport => &[UseHttps, FixServerConfig],
        CauseId::SessionExpired => &[ClearSiteCookies, SignInAgain],
        CauseId::CredentialsRejected => &[
            CheckCredentials,
            ResetPassword,
            ClearSiteCookies,
            ContactSiteOwner,
        ],
        CauseId::ChallengeMalformed => &[SendChallenge, ContactSiteOwner, FixServerConfig],
        CauseId::CredentialsMissing => &[SignInAgain, FixAuthorizationHeader],
        CauseId::ChallengeMissing => &[
            SendChallenge,
            SignInAgain,
            ContactSiteOwner,
            FixServerConfig,
        ],
        CauseId::ThirdPartyAuth => &[SignInAgain, ContactSiteOwner],
        CauseId::Forbidden => &[ContactSiteOwner, SignInAgain, FixServerConfig],
        CauseId::WrongUrl => &[CheckUrl],
        CauseId::StaleBrowserData => &[ClearSiteData, ClearSiteCookies],
        CauseId::DnsStale => &[FlushDns],
    }
}

/// Fixes no cause lists, which a rule puts first when its evidence calls for them (an OAuth
/// `consent_required`, Entra's AADSTS65001: only an administrator can approve the app).
#[cfg(test)]
pub(crate) const LEAD_ONLY: &[FixId] = &[FixId::AskAdminConsent];

/// Who can take `fix`.
pub(crate) const fn audience(fix: FixId) -> Audience {
    use FixId::*;
    match fix {
        FixAuthorizationHeader
        | FixCookieAttributes
        | RegisterRedirectUri
        | SendOneTimeCode
        | UseAutomationToken
        | AllowPreflight
        | SendChallenge
        | FixServerConfig
        | CheckServerLogs
        | DisablePlugins
        | CopyReport => Audience::Owner,
        _ => Audience::Visitor,
    }
}

/// The one-click action that applies `fix`, when the shell has one.
pub(crate) const fn action(fix: FixId) -> Option<ActionId> {
    match fix {
        FixId::ClearSiteCookies => Some(ActionId::ClearSiteCookies),
        FixId::ClearSiteData => Some(ActionId::ClearSiteData),
        FixId::Reload | FixId::Retry => Some(ActionId::Reload),
        FixId::FlushDns => Some(ActionId::FlushDns),
        FixId::RestartSignIn => Some(ActionId::RestartSignIn),
        FixId::AllowThirdPartyCookies => Some(ActionId::CookieSettings),
        FixId::ContactSiteOwner | FixId::CopyReport => Some(ActionId::CopyReport),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fix_is_reachable_from_some_cause() {
        for &fix in FixId::ALL {
            assert!(
                LEAD_ONLY.contains(&fix) || CauseId::ALL.iter().any(|&c| fixes(c).contains(&fix)),
                "{fix} is unreachable"
            );
        }
    }

    /// Every cause the server's configuration brings about (its modules, filters, challenges,
    /// headers, ACLs) lists the owner's `fix-server-config`.
    const SERVER_SIDE: &[CauseId] = &[
        CauseId::IisLogonFailed,
        CauseId::IisConfig,
        CauseId::IisAcl,
        CauseId::IisFilter,
        CauseId::IisApp,
        CauseId::AuthorizationStripped,
        CauseId::ChallengeMissing,
        CauseId::ChallengeMalformed,
        CauseId::CorsPreflight,
        CauseId::CookiesTooLarge,
        CauseId::NonceStale,
        CauseId::InsecureTransport,
    ];

    #[test]
    fn causes_on_the_servers_side_carry_the_owners_fix() {
        for &c in SERVER_SIDE {
            assert!(
                fixes(c).contains(&FixId::FixServerConfig),
                "{c} lacks fix-server-config"
            );
        }
    }

    #[test]
    fn every_action_is_offered_by_some_fix() {
        for &a in ActionId::ALL {
            assert!(
                FixId::ALL.iter().any(|&f| action(f) == Some(a)),
                "{a} is never offered"
            );
        }
    }

    #[test]
    fn every_cause_has_fixes_without_repeats() {
        for &c in CauseId::ALL {
            let list = fixes(c);
            assert!(!list.is_empty(), "{c} has no fix");
            for (i, f) in list.iter().enumerate() {
                assert!(!list[..i].contains(f), "{c} lists {f} twice");
            }
        }
    }
}

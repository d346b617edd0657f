//! The guides people read today (the 401 troubleshooting articles in `/work/shared/guides`,
//! English and Russian) as a checklist: every cause and fix they give, quoted in a few words,
//! with the cause, fix or evidence id that covers it. The test proves each id is reachable:
//! some real-server fixture is diagnosed with that cause (first or as an alternative), offers
//! that fix, or shows that evidence.
//!
//! Left out on purpose: advice that is no cause or fix of a failure ("perform a full backup
//! of your application" before changes, "implement an error management tool", "educate
//! users").

use std::collections::BTreeSet;

use super::fixtures;
use super::ids::{CauseId, EvidenceId, FixId};
use super::*;

/// What covers a guide's item.
#[derive(Debug, Clone, Copy)]
enum Covered {
    Cause(CauseId),
    Fix(FixId),
    Evidence(EvidenceId),
}

use Covered::{Cause as C, Evidence as E, Fix as F};

/// One line per guide item: the article, a short quote, what covers it.
const ITEMS: &[(&str, &str, Covered)] = &[
    // Codeless, "HTTP 401" (English).
    (
        "codeless",
        "Missing or Invalid Credentials",
        C(CauseId::CredentialsMissing),
    ),
    (
        "codeless",
        "Missing or Invalid Credentials",
        C(CauseId::CredentialsRejected),
    ),
    (
        "codeless",
        "Expired Session Tokens",
        C(CauseId::TokenExpired),
    ),
    (
        "codeless",
        "Expired Session Tokens",
        C(CauseId::SessionExpired),
    ),
    (
        "codeless",
        "Improper Configuration",
        F(FixId::FixServerConfig),
    ),
    (
        "codeless",
        "Third-party Integration Issues",
        C(CauseId::ThirdPartyAuth),
    ),
    ("codeless", "Check Credentials", F(FixId::CheckCredentials)),
    ("codeless", "Session Logs", F(FixId::CheckServerLogs)),
    (
        "codeless",
        "Test with Multiple Accounts",
        F(FixId::CheckCredentials),
    ),
    (
        "codeless",
        "Session Management ... renewal processes",
        F(FixId::RefreshToken),
    ),
    (
        "codeless",
        "double-check the API key or token",
        C(CauseId::TokenInvalid),
    ),
    (
        "codeless",
        "the necessary permissions",
        C(CauseId::Forbidden),
    ),
    (
        "codeless",
        "Authorization header is correctly set",
        F(FixId::FixAuthorizationHeader),
    ),
    (
        "codeless",
        "a Bearer token ... Basic Auth",
        C(CauseId::SchemeMismatch),
    ),
    (
        "codeless",
        "Secure Connection ... https://",
        C(CauseId::InsecureTransport),
    ),
    (
        "codeless",
        "Secure Connection ... https://",
        F(FixId::UseHttps),
    ),
    (
        "codeless",
        "Try logging out and logging back in",
        F(FixId::SignInAgain),
    ),
    (
        "codeless",
        "Cross-Origin Resource Sharing (CORS)",
        C(CauseId::CorsPreflight),
    ),
    (
        "codeless",
        "Cross-Origin Resource Sharing (CORS)",
        F(FixId::AllowPreflight),
    ),
    (
        "codeless",
        "Endpoint-specific Permissions",
        C(CauseId::InsufficientScope),
    ),
    (
        "codeless",
        "Endpoint-specific Permissions",
        F(FixId::RequestScope),
    ),
    (
        "codeless",
        "the .htaccess file or server configuration files",
        F(FixId::FixServerConfig),
    ),
    (
        "codeless",
        "Read any error messages returned",
        E(EvidenceId::ServerSays),
    ),
    (
        "codeless",
        "stale or corrupt cookies",
        C(CauseId::StaleBrowserData),
    ),
    (
        "codeless",
        "Clear your browser's cookies and cache",
        F(FixId::ClearSiteData),
    ),
    (
        "codeless",
        "disble WordPress plugins",
        F(FixId::DisablePlugins),
    ),
    ("codeless", "Proxy & VPN", F(FixId::CheckProxyVpn)),
    ("codeless", "HTTP 403: Forbidden", C(CauseId::Forbidden)),
    (
        "codeless",
        "HTTP 400: Bad Request",
        C(CauseId::RequestMalformed),
    ),
    ("codeless", "HTTP 404: Not Found", C(CauseId::WrongUrl)),
    // Kinsta, "How to Fix the 401 Error" (English, and its Russian translation).
    (
        "kinsta",
        "Outdated Browser Cache and Cookies",
        C(CauseId::StaleBrowserData),
    ),
    (
        "kinsta",
        "Plugin Incompatibility",
        C(CauseId::FirewallBlocked),
    ),
    (
        "kinsta",
        "a firewall or security plugin can mistake your login attempt",
        F(FixId::DisablePlugins),
    ),
    (
        "kinsta",
        "Incorrect URL or Outdated Link",
        C(CauseId::WrongUrl),
    ),
    ("kinsta", "Look for Errors in the URL", F(FixId::CheckUrl)),
    (
        "kinsta",
        "Clear Your Browser's Cache",
        F(FixId::ClearSiteData),
    ),
    ("kinsta", "Flush Your DNS", C(CauseId::DnsStale)),
    (
        "kinsta",
        "ipconfig/flushdns ... killall -HUP mDNSResponder",
        F(FixId::FlushDns),
    ),
    (
        "kinsta",
        "Deactivate Your WordPress Plugins",
        F(FixId::DisablePlugins),
    ),
    (
        "kinsta",
        "Check the WWW-Authenticate Header Response",
        C(CauseId::ChallengeMissing),
    ),
    (
        "kinsta",
        "MUST send a WWW-Authenticate header field",
        F(FixId::SendChallenge),
    ),
    (
        "kinsta",
        "what authentication scheme was used",
        E(EvidenceId::Challenge),
    ),
    (
        "kinsta-ru",
        "Устаревшие Cookie и кэш браузера",
        C(CauseId::StaleBrowserData),
    ),
    (
        "kinsta-ru",
        "Несовместимые плагины",
        C(CauseId::FirewallBlocked),
    ),
    (
        "kinsta-ru",
        "Неверный URL или устаревшая ссылка",
        F(FixId::CheckUrl),
    ),
    (
        "kinsta-ru",
        "Почистите кэш браузера",
        F(FixId::ClearSiteData),
    ),
    ("kinsta-ru", "Очистка DNS", F(FixId::FlushDns)),
    (
        "kinsta-ru",
        "Деактивируйте ваши плагины",
        F(FixId::DisablePlugins),
    ),
    (
        "kinsta-ru",
        "Проверьте заголовок WWW-Authenticate",
        F(FixId::SendChallenge),
    ),
    // GeeksforGeeks, "401 Unauthorized Error" (English).
    (
        "gfg",
        "does not provide the proper authentication credentials",
        C(CauseId::CredentialsMissing),
    ),
    (
        "gfg",
        "rejects the request ... even though the client provides proper",
        F(FixId::FixServerConfig),
    ),
    ("gfg", "the client is banned", C(CauseId::IpBlocked)),
    ("gfg", "Check The URL", F(FixId::CheckUrl)),
    ("gfg", "Flush the DNS", F(FixId::FlushDns)),
    ("gfg", "Clear Browser Cookie", F(FixId::ClearSiteCookies)),
    (
        "gfg",
        "Logging out and Logging in again",
        F(FixId::SignInAgain),
    ),
    (
        "gfg",
        "contact the webmaster of that website",
        F(FixId::ContactSiteOwner),
    ),
    (
        "gfg",
        "during the maintenance time of the websites",
        C(CauseId::RateLimited),
    ),
    (
        "gfg",
        "401.1: ... the login has failed",
        C(CauseId::IisLogonFailed),
    ),
    (
        "gfg",
        "401.2: ... due to server configuration",
        C(CauseId::IisConfig),
    ),
    ("gfg", "401.3: ... ACL", C(CauseId::IisAcl)),
    (
        "gfg",
        "authorization has been failed by the filter",
        C(CauseId::IisFilter),
    ),
    (
        "gfg",
        "401.501: ... maximum request limit",
        C(CauseId::RateLimited),
    ),
    (
        "gfg",
        "401.502: ... Concurrent request rate limit",
        C(CauseId::RateLimited),
    ),
    (
        "gfg",
        "401.503: ... IP address ... in the deny list",
        C(CauseId::IpBlocked),
    ),
    (
        "gfg",
        "401.504: ... Hostname ... in the deny list",
        C(CauseId::IpBlocked),
    ),
    // A Russian hosting provider's article.
    (
        "ru-hosting",
        "ввел неправильный пароль и логин",
        C(CauseId::CredentialsRejected),
    ),
    (
        "ru-hosting",
        "сменил пароль, но пытается ввести старый",
        F(FixId::CheckCredentials),
    ),
    (
        "ru-hosting",
        "воспользуйтесь опцией его восстановления",
        F(FixId::ResetPassword),
    ),
    (
        "ru-hosting",
        "заполнить предложенные поля для логина и пароля заново",
        F(FixId::SignInAgain),
    ),
    (
        "ru-hosting",
        "обратитесь к администратору ресурса",
        F(FixId::ContactSiteOwner),
    ),
    (
        "ru-hosting",
        "учетная запись ... заблокирована или деактивирована",
        C(CauseId::AccountDisabled),
    ),
    (
        "ru-hosting",
        "ограничил ваш провайдер ... воспользоваться любым сервисом VPN",
        F(FixId::CheckProxyVpn),
    ),
    (
        "ru-hosting",
        "обращаться в службу технической поддержки хостинг-провайдера",
        F(FixId::CheckServerLogs),
    ),
    (
        "ru-hosting",
        "желательно отправить скриншот с ошибкой",
        F(FixId::CopyReport),
    ),
    (
        "ru-hosting",
        "некорректны данные в заголовке",
        C(CauseId::RequestMalformed),
    ),
    (
        "ru-hosting",
        "некорректной работе сервера",
        F(FixId::FixServerConfig),
    ),
    // Airbrake, "401 Unauthorized Error: What It Is and How to Fix It" (English).
    (
        "airbrake",
        "the server rejected the credentials",
        C(CauseId::CredentialsRejected),
    ),
    (
        "airbrake",
        "failed to provide any authentication credentials",
        C(CauseId::CredentialsMissing),
    ),
    (
        "airbrake",
        "restrict access requests from specific IP addresses",
        C(CauseId::IpBlocked),
    ),
    ("airbrake", "Check the Requested URL", F(FixId::CheckUrl)),
    (
        "airbrake",
        "Clear Relevant Cookies",
        F(FixId::ClearSiteCookies),
    ),
    ("airbrake", "Clear the Cache", F(FixId::ClearSiteData)),
    ("airbrake", "Log Out and Log In", F(FixId::SignInAgain)),
    (
        "airbrake",
        "doesn't recognize the session token",
        C(CauseId::SessionExpired),
    ),
    (
        "airbrake",
        "Rollback Recent Upgrades",
        F(FixId::DisablePlugins),
    ),
    (
        "airbrake",
        "Uninstall New Extensions, Modules, or Plugins",
        F(FixId::DisablePlugins),
    ),
    (
        "airbrake",
        "Check for Unexpected Database Changes",
        F(FixId::DisablePlugins),
    ),
    (
        "airbrake",
        "must also include the WWW-Authenticate response header",
        C(CauseId::ChallengeMissing),
    ),
    (
        "airbrake",
        "a valid WWW-Authenticate response header",
        C(CauseId::ChallengeMalformed),
    ),
    (
        "airbrake",
        "Check Your Web Server Configuration",
        F(FixId::FixServerConfig),
    ),
    (
        "airbrake",
        "Look Through the Logs",
        F(FixId::CheckServerLogs),
    ),
    (
        "airbrake",
        "Debug Your Application Code or Scripts",
        F(FixId::CheckServerLogs),
    ),
];

/// The causes, fixes and evidence the real-server fixtures reach.
struct Reached {
    causes: BTreeSet<CauseId>,
    fixes: BTreeSet<FixId>,
    evidence: BTreeSet<EvidenceId>,
}

fn reached() -> Reached {
    let mut r = Reached {
        causes: BTreeSet::new(),
        fixes: BTreeSet::new(),
        evidence: BTreeSet::new(),
    };
    for (name, ..) in fixtures::cases() {
        let d = diagnose(&fixtures::load(name)).unwrap();
        for cause in std::iter::once(&d.cause).chain(&d.alternatives) {
            r.causes.insert(cause.id);
            r.evidence.extend(cause.evidence.iter().map(|e| e.id));
        }
        r.fixes.extend(d.fixes.iter().map(|f| f.id));
    }
    r
}

#[test]
fn every_guide_item_is_covered_by_a_reachable_id() {
    let r = reached();
    for &(guide, quote, covered) in ITEMS {
        let ok = match covered {
            Covered::Cause(c) => r.causes.contains(&c) && !catalogue::fixes(c).is_empty(),
            Covered::Fix(f) => r.fixes.contains(&f),
            Covered::Evidence(e) => r.evidence.contains(&e),
        };
        assert!(
            ok,
            "{guide}: “{quote}” → {covered:?} is never reached by a fixture"
        );
    }
}

#[test]
fn every_fix_of_the_catalogue_is_in_the_guides_or_beyond_them() {
    // The guides are the floor, not the ceiling: fixes they do not name are the ones only a
    // protocol signal finds. Listing them keeps this table honest when a fix is added.
    const BEYOND_THE_GUIDES: &[FixId] = &[
        FixId::UseWorkAccount,
        FixId::Reload,
        FixId::Retry,
        FixId::SyncClock,
        FixId::CaptivePortalLogin,
        FixId::WaitAndRetry,
        FixId::EnterOneTimeCode,
        FixId::SignInOnSite,
        FixId::SendOneTimeCode,
        FixId::UseAutomationToken,
        // Sign-in flows (OAuth, SAML, cookies the browser refused): the guides stop at 401.
        FixId::RestartSignIn,
        FixId::AllowThirdPartyCookies,
        FixId::AskAdminConsent,
        FixId::FixCookieAttributes,
        FixId::RegisterRedirectUri,
    ];
    for &fix in FixId::ALL {
        let in_guides = ITEMS
            .iter()
            .any(|&(.., c)| matches!(c, Covered::Fix(f) if f == fix));
        assert!(
            in_guides != BEYOND_THE_GUIDES.contains(&fix),
            "{fix}: in the guides {in_guides}; listed as beyond them {}",
            !in_guides
        );
    }
}

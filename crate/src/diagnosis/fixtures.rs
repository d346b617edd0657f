//! Real failures as data: each `fixtures/*.http` file holds one exchange as a real server sent
//! it (status line, headers, body), the request that caused it, and where it comes from.
//!
//! Format: `#` lines are notes (the first says what it is, a `Source:` line where it comes
//! from); `#!` lines set event fields (`type`, `initiator`, `timeStamp` as an HTTP-date,
//! `retried`, `authPrompted`, `requestHeaders: hidden`). Then the request line (`METHOD URL`)
//! and its headers, a blank line, the status line and headers, a blank line, and the body.
//! Without `timeStamp` the local clock is taken to agree with the response's `Date`.

use super::ids::{CauseId, FixId};
use super::*;
use crate::date::parse_http_date;
use crate::event::Header;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/diagnosis/fixtures");

/// One line per case: fixture, expected cause, expected first fix.
const CASES: &[(&str, CauseId, FixId)] = {
    use CauseId::*;
    use FixId as F;
    &[
        ("akamai-access-denied", FirewallBlocked, F::CheckProxyVpn),
        ("apache-403-forbidden", Forbidden, F::ContactSiteOwner),
        (
            "apache-basic-wrong-password",
            CredentialsRejected,
            F::CheckCredentials,
        ),
        ("apache-digest-stale-nonce", NonceStale, F::Retry),
        (
            "apache-digest-wrong-password",
            CredentialsRejected,
            F::CheckCredentials,
        ),
        ("aspnet-token-expired", TokenExpired, F::RefreshToken),
        ("aspnet-token-not-yet-valid", ClockSkew, F::SyncClock),
        (
            "aws-api-gateway-cognito-expired",
            TokenExpired,
            F::RefreshToken,
        ),
        (
            "aws-api-gateway-cognito-missing",
            CredentialsMissing,
            F::SignInAgain,
        ),
        (
            "aws-api-gateway-explicit-deny",
            Forbidden,
            F::ContactSiteOwner,
        ),
        (
            "aws-api-gateway-iam-signature",
            CredentialsRejected,
            F::CheckCredentials,
        ),
        ("aws-api-gateway-unknown-route", WrongUrl, F::CheckUrl),
        ("aws-s3-request-time-too-skewed", ClockSkew, F::SyncClock),
        (
            "aws-s3-signature-mismatch",
            CredentialsRejected,
            F::CheckCredentials,
        ),
        ("aws-sts-expired-token", TokenExpired, F::RefreshToken),
        (
            "azure-ad-refresh-token-expired",
            TokenExpired,
            F::RefreshToken,
        ),
        ("azure-arm-expired-token", TokenExpired, F::RefreshToken),
        (
            "azure-easy-auth-no-commas",
            CredentialsMissing,
            F::SignInAgain,
        ),
        (
            "azure-storage-request-date-too-old",
            ClockSkew,
            F::SyncClock,
        ),
        (
            "azure-storage-auth-failed",
            CredentialsRejected,
            F::CheckCredentials,
        ),
        (
            "bearer-error-without-token",
            CredentialsMissing,
            F::SignInAgain,
        ),
        ("bearer-jwt-local-clock-ahead", ClockSkew, F::SyncClock),
        ("bearer-jwt-local-clock-behind", ClockSkew, F::SyncClock),
        ("captive-portal-511", CaptivePortal, F::CaptivePortalLogin),
        ("clear-site-data-logout", LoggedOutBySite, F::SignInAgain),
        ("cloudflare-1006-ip-banned", IpBlocked, F::CheckProxyVpn),
        ("cloudflare-1015-rate-limited", RateLimited, F::WaitAndRetry),
        (
            "cloudflare-1020-firewall-rule",
            FirewallBlocked,
            F::CheckProxyVpn,
        ),
        (
            "cloudflare-1020-plain-text",
            FirewallBlocked,
            F::CheckProxyVpn,
        ),
        (
            "cloudflare-managed-challenge",
            FirewallBlocked,
            F::CheckProxyVpn,
        ),
        ("cors-preflight-401", CorsPreflight, F::AllowPreflight),
        (
            "devise-session-timeout",
            SessionExpired,
            F::ClearSiteCookies,
        ),
        ("digest-without-nonce", ChallengeMalformed, F::SendChallenge),
        ("django-csrf-403", CsrfExpired, F::Reload),
        (
            "django-rest-authorization-stripped",
            AuthorizationStripped,
            F::FixServerConfig,
        ),
        ("django-rest-invalid-token", TokenInvalid, F::SignInAgain),
        (
            "django-rest-permission-denied",
            Forbidden,
            F::ContactSiteOwner,
        ),
        (
            "docker-registry-anonymous-pull",
            CredentialsMissing,
            F::SignInAgain,
        ),
        (
            "docker-registry-push-denied",
            InsufficientScope,
            F::RequestScope,
        ),
        (
            "dpop-invalid-proof",
            RequestMalformed,
            F::FixAuthorizationHeader,
        ),
        ("dpop-use-nonce", NonceStale, F::Retry),
        (
            "elasticsearch-missing-credentials",
            CredentialsMissing,
            F::SignInAgain,
        ),
        (
            "entra-mfa-required",
            SecondFactorRequired,
            F::EnterOneTimeCode,
        ),
        (
            "entra-token-expired-headers-hidden",
            TokenExpired,
            F::RefreshToken,
        ),
        ("esri-498-invalid-token", TokenInvalid, F::SignInAgain),
        (
            "esri-499-token-required",
            CredentialsMissing,
            F::SignInAgain,
        ),
        (
            "express-session-expired",
            SessionExpired,
            F::ClearSiteCookies,
        ),
        ("fastapi-could-not-validate", TokenInvalid, F::SignInAgain),
        (
            "firebase-invalid-login-credentials",
            CredentialsRejected,
            F::CheckCredentials,
        ),
        (
            "github-bad-credentials",
            CredentialsRejected,
            F::CheckCredentials,
        ),
        (
            "github-otp-required",
            SecondFactorRequired,
            F::EnterOneTimeCode,
        ),
        ("github-rate-limit", RateLimited, F::WaitAndRetry),
        (
            "github-requires-authentication",
            CredentialsMissing,
            F::SignInAgain,
        ),
        (
            "github-resource-not-accessible",
            InsufficientScope,
            F::RequestScope,
        ),
        (
            "github-saml-sso-required",
            InsufficientScope,
            F::RequestScope,
        ),
        ("gitlab-token-expired", TokenExpired, F::RefreshToken),
        ("gitlab-token-unknown", TokenInvalid, F::SignInAgain),
        (
            "google-api-key-invalid",
            CredentialsRejected,
            F::CheckCredentials,
        ),
        (
            "google-credentials-missing",
            CredentialsMissing,
            F::SignInAgain,
        ),
        (
            "google-insufficient-scope",
            InsufficientScope,
            F::RequestScope,
        ),
        ("google-invalid-credentials", TokenInvalid, F::SignInAgain),
        ("haproxy-403-denied", FirewallBlocked, F::CheckProxyVpn),
        (
            "haproxy-basic-wrong-password",
            CredentialsRejected,
            F::CheckCredentials,
        ),
        ("http-basic-plain-http", InsecureTransport, F::UseHttps),
        (
            "iis-401-1-logon-failed",
            IisLogonFailed,
            F::CheckCredentials,
        ),
        ("iis-401-2-config", IisConfig, F::FixServerConfig),
        ("iis-401-3-acl", IisAcl, F::FixServerConfig),
        ("iis-401-4-filter", IisFilter, F::DisablePlugins),
        ("iis-401-5-isapi", IisApp, F::CheckServerLogs),
        ("iis-401-501-dynamic-ip", RateLimited, F::WaitAndRetry),
        ("iis-401-503-ip-denied", IpBlocked, F::CheckProxyVpn),
        ("iis-403-4-ssl-required", InsecureTransport, F::UseHttps),
        ("iis-403-6-ip-rejected", IpBlocked, F::CheckProxyVpn),
        ("iis-negotiate-ntlm", WindowsAuth, F::UseWorkAccount),
        ("iis-negotiate-only", WindowsAuth, F::UseWorkAccount),
        (
            "iis-ntlm-credentials-refused",
            IisLogonFailed,
            F::CheckCredentials,
        ),
        ("jenkins-anonymous-403", CredentialsMissing, F::SignInAgain),
        (
            "jetty-digest-stale-false-retried",
            CredentialsRejected,
            F::CheckCredentials,
        ),
        ("jetty-digest-stale-true", NonceStale, F::Retry),
        (
            "jira-authenticated-failed",
            CredentialsRejected,
            F::CheckCredentials,
        ),
        ("jira-captcha-challenge", CaptchaRequired, F::SignInOnSite),
        (
            "keycloak-account-disabled",
            AccountDisabled,
            F::ContactSiteOwner,
        ),
        (
            "keycloak-invalid-user-credentials",
            CredentialsRejected,
            F::CheckCredentials,
        ),
        (
            "keycloak-token-verification-failed",
            TokenInvalid,
            F::SignInAgain,
        ),
        ("keystone-token-rejected", TokenInvalid, F::SignInAgain),
        (
            "kubernetes-anonymous-forbidden",
            CredentialsMissing,
            F::SignInAgain,
        ),
        (
            "kubernetes-token-unauthorized",
            TokenInvalid,
            F::SignInAgain,
        ),
        ("laravel-419-page-expired", CsrfExpired, F::Reload),
        ("laravel-csrf-token-mismatch", CsrfExpired, F::Reload),
        (
            "laravel-unauthenticated-session",
            SessionExpired,
            F::ClearSiteCookies,
        ),
        (
            "microsoft-graph-insufficient-privileges",
            InsufficientScope,
            F::RequestScope,
        ),
        (
            "microsoft-graph-token-expired",
            TokenExpired,
            F::RefreshToken,
        ),
        (
            "microsoft-graph-token-unparsable",
            TokenInvalid,
            F::SignInAgain,
        ),
        (
            "minio-invalid-access-key",
            CredentialsRejected,
            F::CheckCredentials,
        ),
        (
            "multiple-challenges-first-visit",
            CredentialsMissing,
            F::SignInAgain,
        ),
        (
            "nextcloud-webdav-wrong-password",
            CredentialsRejected,
            F::CheckCredentials,
        ),
        (
            "nginx-401-without-challenge",
            ChallengeMissing,
            F::SendChallenge,
        ),
        ("nginx-403-forbidden", Forbidden, F::ContactSiteOwner),
        (
            "nginx-503-maintenance-retry-after",
            RateLimited,
            F::WaitAndRetry,
        ),
        (
            "nginx-basic-first-visit",
            CredentialsMissing,
            F::SignInAgain,
        ),
        (
            "nginx-cookie-too-large",
            CookiesTooLarge,
            F::ClearSiteCookies,
        ),
        (
            "npm-publish-otp-required",
            SecondFactorRequired,
            F::EnterOneTimeCode,
        ),
        (
            "openai-incorrect-api-key",
            CredentialsRejected,
            F::CheckCredentials,
        ),
        ("owa-440-login-timeout", SessionExpired, F::ClearSiteCookies),
        (
            "passport-bearer-invalid-token",
            TokenInvalid,
            F::SignInAgain,
        ),
        (
            "passport-bearer-stripped",
            AuthorizationStripped,
            F::FixServerConfig,
        ),
        ("postgrest-jwt-expired", TokenExpired, F::RefreshToken),
        ("rate-limit-429-retry-after", RateLimited, F::WaitAndRetry),
        (
            "salesforce-invalid-session-id",
            TokenExpired,
            F::RefreshToken,
        ),
        (
            "shopify-invalid-access-token",
            CredentialsRejected,
            F::CheckCredentials,
        ),
        (
            "spring-basic-sent-to-bearer",
            SchemeMismatch,
            F::FixAuthorizationHeader,
        ),
        ("spring-jwt-expired", TokenExpired, F::RefreshToken),
        (
            "spring-multiple-bearer-tokens",
            RequestMalformed,
            F::FixAuthorizationHeader,
        ),
        (
            "spring-query-token-ignored",
            RequestMalformed,
            F::FixAuthorizationHeader,
        ),
        ("squid-407-proxy-auth", ProxyAuth, F::CheckProxyVpn),
        (
            "stripe-invalid-api-key",
            CredentialsRejected,
            F::CheckCredentials,
        ),
        ("third-party-frame-basic", ThirdPartyAuth, F::SignInAgain),
        (
            "tomcat-manager-wrong-password",
            CredentialsRejected,
            F::CheckCredentials,
        ),
        (
            "unterminated-realm-quote",
            ChallengeMalformed,
            F::SendChallenge,
        ),
        ("vault-invalid-token", TokenInvalid, F::SignInAgain),
        ("wordfence-503-blocked", FirewallBlocked, F::CheckProxyVpn),
        ("wordpress-admin-ajax-nonce", CsrfExpired, F::Reload),
        (
            "wordpress-rest-cookie-invalid-nonce",
            CsrfExpired,
            F::Reload,
        ),
        (
            "wordpress-rest-not-logged-in",
            CredentialsMissing,
            F::SignInAgain,
        ),
        ("wordpress-rest-route-nonce-refused", CsrfExpired, F::Reload),
        (
            "aws-api-gateway-lambda-authorizer-refused",
            TokenInvalid,
            F::SignInAgain,
        ),
        (
            "aws-s3-presigned-url-expired",
            TokenExpired,
            F::RefreshToken,
        ),
        ("azure-storage-sas-expired", TokenExpired, F::RefreshToken),
        (
            "django-rest-session-credentials-not-provided",
            CredentialsMissing,
            F::SignInAgain,
        ),
        ("envoy-jwt-expired", TokenExpired, F::RefreshToken),
        ("envoy-jwt-missing", CredentialsMissing, F::SignInAgain),
        (
            "fastapi-not-authenticated",
            CredentialsMissing,
            F::SignInAgain,
        ),
        ("istio-rbac-access-denied", Forbidden, F::ContactSiteOwner),
        ("jenkins-crumb-stale-session", CsrfExpired, F::Reload),
        (
            "kong-key-auth-invalid-key",
            CredentialsRejected,
            F::CheckCredentials,
        ),
        ("kong-key-auth-no-key", CredentialsMissing, F::SignInAgain),
        ("simplejwt-token-expired", TokenExpired, F::RefreshToken),
    ]
};

/// One line per fixture: the cause when the body goes unread, as Chrome leaves it for a page's
/// fetch/XHR. Lines with a note differ from [`CASES`]: the headers do not carry the signal, and
/// the cause stays a generic one.
const WITHOUT_BODY: &[(&str, CauseId)] = {
    use CauseId::*;
    &[
        ("akamai-access-denied", FirewallBlocked),
        ("apache-403-forbidden", Forbidden),
        ("apache-basic-wrong-password", CredentialsRejected),
        ("apache-digest-stale-nonce", NonceStale),
        ("apache-digest-wrong-password", CredentialsRejected),
        ("aspnet-token-expired", TokenExpired),
        ("aspnet-token-not-yet-valid", ClockSkew),
        ("aws-api-gateway-cognito-expired", TokenExpired),
        ("aws-api-gateway-cognito-missing", CredentialsMissing),
        ("aws-api-gateway-explicit-deny", Forbidden),
        ("aws-api-gateway-iam-signature", CredentialsRejected),
        ("aws-api-gateway-unknown-route", WrongUrl),
        ("aws-s3-request-time-too-skewed", ClockSkew),
        ("aws-s3-signature-mismatch", Forbidden), // S3 names its error in the XML body only
        ("aws-sts-expired-token", Forbidden), // STS (query API) names its error in the body only
        ("azure-ad-refresh-token-expired", RequestMalformed), // AADSTS codes live in the body
        ("azure-arm-expired-token", TokenExpired),
        ("azure-easy-auth-no-commas", CredentialsMissing),
        ("azure-storage-auth-failed", CredentialsRejected),
        ("azure-storage-request-date-too-old", ClockSkew),
        ("bearer-error-without-token", CredentialsMissing),
        ("bearer-jwt-local-clock-ahead", ClockSkew),
        ("bearer-jwt-local-clock-behind", ClockSkew),
        ("captive-portal-511", CaptivePortal),
        ("clear-site-data-logout", LoggedOutBySite),
        ("cloudflare-1006-ip-banned", Forbidden), // `Server: cloudflare` is on the origin's refusals too
        ("cloudflare-1015-rate-limited", RateLimited),
        ("cloudflare-1020-firewall-rule", Forbidden), // likewise; firewall-blocked follows
        ("cloudflare-1020-plain-text", Forbidden),    // likewise
        ("cloudflare-managed-challenge", FirewallBlocked),
        ("cors-preflight-401", CorsPreflight),
        ("devise-session-timeout", SessionExpired),
        ("digest-without-nonce", ChallengeMalformed),
        ("django-csrf-403", CsrfExpired),
        ("django-rest-authorization-stripped", AuthorizationStripped),
        ("django-rest-invalid-token", CredentialsRejected), // a refused `Token` scheme, read generically
        ("django-rest-permission-denied", Forbidden),
        ("docker-registry-anonymous-pull", CredentialsMissing),
        ("docker-registry-push-denied", InsufficientScope),
        ("dpop-invalid-proof", RequestMalformed),
        ("dpop-use-nonce", NonceStale),
        ("elasticsearch-missing-credentials", CredentialsMissing),
        ("entra-mfa-required", RequestMalformed), // AADSTS codes live in the body
        ("entra-token-expired-headers-hidden", TokenExpired),
        ("esri-498-invalid-token", TokenInvalid),
        ("esri-499-token-required", CredentialsMissing),
        ("express-session-expired", SessionExpired),
        ("fastapi-could-not-validate", AuthorizationStripped), // a bare Bearer challenge, at lower confidence
        ("firebase-invalid-login-credentials", RequestMalformed), // Identity Toolkit names the refusal in the body only
        ("github-bad-credentials", TokenInvalid), // a refused token, read generically
        ("github-otp-required", SecondFactorRequired),
        ("github-rate-limit", RateLimited),
        ("github-requires-authentication", ThirdPartyAuth), // another site's API that wants its own sign-in
        ("github-resource-not-accessible", InsufficientScope),
        ("github-saml-sso-required", InsufficientScope),
        ("gitlab-token-expired", TokenExpired),
        ("gitlab-token-unknown", TokenInvalid),
        ("google-api-key-invalid", RequestMalformed), // Google names the bad key in the body only
        ("google-credentials-missing", CredentialsMissing),
        ("google-insufficient-scope", InsufficientScope),
        ("google-invalid-credentials", TokenInvalid),
        ("haproxy-403-denied", Forbidden), // HAProxy's deny page names it; its headers do not
        ("haproxy-basic-wrong-password", CredentialsRejected),
        ("http-basic-plain-http", InsecureTransport),
        ("iis-401-1-logon-failed", IisLogonFailed),
        ("iis-401-2-config", ChallengeMissing), // IIS sub-statuses show on the page only
        ("iis-401-3-acl", ChallengeMissing),
        ("iis-401-4-filter", ChallengeMissing),
        ("iis-401-5-isapi", ChallengeMissing),
        ("iis-401-501-dynamic-ip", ChallengeMissing),
        ("iis-401-503-ip-denied", ChallengeMissing),
        ("iis-403-4-ssl-required", Forbidden),
        ("iis-403-6-ip-rejected", Forbidden),
        ("iis-negotiate-ntlm", WindowsAuth),
        ("iis-negotiate-only", WindowsAuth),
        ("iis-ntlm-credentials-refused", IisLogonFailed),
        ("jenkins-anonymous-403", CredentialsMissing),
        ("jetty-digest-stale-false-retried", CredentialsRejected),
        ("jetty-digest-stale-true", NonceStale),
        ("jira-authenticated-failed", CredentialsRejected),
        ("jira-captcha-challenge", CaptchaRequired),
        ("keycloak-account-disabled", RequestMalformed), // a token endpoint's 400 names its error in the body
        ("keycloak-invalid-user-credentials", CredentialsRejected),
        ("keycloak-token-verification-failed", TokenInvalid),
        ("keystone-token-rejected", TokenInvalid),
        ("kubernetes-anonymous-forbidden", Forbidden), // the anonymous user is named in the body only
        ("kubernetes-token-unauthorized", TokenInvalid),
        ("laravel-419-page-expired", CsrfExpired),
        ("laravel-csrf-token-mismatch", CsrfExpired),
        ("laravel-unauthenticated-session", SessionExpired),
        ("microsoft-graph-insufficient-privileges", Forbidden), // Graph names the refusal in the body only
        ("microsoft-graph-token-expired", TokenExpired),
        ("microsoft-graph-token-unparsable", AuthorizationStripped), // a bare Bearer challenge, at lower confidence
        ("minio-invalid-access-key", Forbidden), // S3-style errors live in the XML body
        ("multiple-challenges-first-visit", CredentialsMissing),
        ("nextcloud-webdav-wrong-password", CredentialsRejected),
        ("nginx-401-without-challenge", ChallengeMissing),
        ("nginx-403-forbidden", Forbidden),
        ("nginx-503-maintenance-retry-after", RateLimited),
        ("nginx-basic-first-visit", CredentialsMissing),
        ("nginx-cookie-too-large", RequestMalformed), // nginx says why in the page only
        ("npm-publish-otp-required", SecondFactorRequired),
        ("openai-incorrect-api-key", AuthorizationStripped), // a bare Bearer challenge, at lower confidence
        ("owa-440-login-timeout", SessionExpired),
        ("passport-bearer-invalid-token", TokenInvalid),
        ("passport-bearer-stripped", AuthorizationStripped),
        ("postgrest-jwt-expired", TokenExpired),
        ("rate-limit-429-retry-after", RateLimited),
        ("salesforce-invalid-session-id", SchemeMismatch), // challenges `Token`, takes Bearer: only the body tells
        ("shopify-invalid-access-token", TokenInvalid), // a refused token header, read generically
        ("spring-basic-sent-to-bearer", SchemeMismatch),
        ("spring-jwt-expired", TokenExpired),
        ("spring-multiple-bearer-tokens", RequestMalformed),
        ("spring-query-token-ignored", RequestMalformed),
        ("squid-407-proxy-auth", ProxyAuth),
        ("stripe-invalid-api-key", SchemeMismatch), // challenges Basic, takes Bearer: only the body tells
        ("third-party-frame-basic", ThirdPartyAuth),
        ("tomcat-manager-wrong-password", CredentialsRejected),
        ("unterminated-realm-quote", ChallengeMalformed),
        ("vault-invalid-token", Forbidden), // Vault answers 403 to bad tokens and missing policies alike
        ("wordfence-503-blocked", FirewallBlocked),
        ("wordpress-admin-ajax-nonce", CsrfExpired),
        ("wordpress-rest-cookie-invalid-nonce", CsrfExpired),
        ("wordpress-rest-not-logged-in", CredentialsMissing),
        ("wordpress-rest-route-nonce-refused", CsrfExpired),
        ("aws-api-gateway-lambda-authorizer-refused", TokenInvalid),
        ("aws-s3-presigned-url-expired", TokenExpired),
        ("azure-storage-sas-expired", TokenExpired),
        ("django-rest-session-credentials-not-provided", Forbidden), // session auth's 403 says who in the body only
        ("envoy-jwt-expired", TokenExpired),
        ("envoy-jwt-missing", CredentialsMissing),
        ("fastapi-not-authenticated", CredentialsMissing),
        ("istio-rbac-access-denied", Forbidden),
        ("jenkins-crumb-stale-session", Forbidden), // the crumb is named in the page only
        ("kong-key-auth-invalid-key", CredentialsRejected),
        ("kong-key-auth-no-key", CredentialsMissing),
        ("simplejwt-token-expired", TokenExpired),
    ]
};

/// The table, for other tests.
pub(crate) fn cases() -> &'static [(&'static str, CauseId, FixId)] {
    CASES
}

/// Causes that are, by design, only ever alternatives: nothing in a response proves them.
const ALTERNATIVE_ONLY: &[CauseId] = &[CauseId::StaleBrowserData, CauseId::DnsStale];

/// Reads `fixtures/<name>.http` into an event.
pub(crate) fn load(name: &str) -> Event {
    let path = format!("{DIR}/{name}.http");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// One `.http` exchange (also a hop of a `.flow` fixture).
pub(crate) fn parse(text: &str) -> Result<Event, String> {
    let mut event = Event {
        request_headers: Some(Vec::new()),
        ..Event::default()
    };
    let mut lines = text.split_inclusive('\n');
    let mut local: Option<i64> = None;
    let request_line = loop {
        let line = lines.next().ok_or("no request line")?.trim_end();
        if let Some(setting) = line.strip_prefix("#!") {
            let (key, value) = setting.split_once(':').ok_or("`#!` needs `key: value`")?;
            let value = value.trim();
            match key.trim() {
                "type" => event.resource_type = Some(value.into()),
                "initiator" => event.initiator = Some(value.into()),
                "retried" => event.retried = Some(value == "true"),
                "authPrompted" => event.auth_prompted = Some(value == "true"),
                "timeStamp" => local = Some(parse_http_date(value).ok_or("bad timeStamp")?),
                "requestHeaders" if value == "hidden" => event.request_headers = None,
                other => return Err(format!("unknown setting {other}")),
            }
        } else if !line.starts_with('#') && !line.is_empty() {
            break line;
        }
    };
    let (method, url) = request_line
        .split_once(' ')
        .ok_or("request line is `METHOD URL`")?;
    (event.method, event.url) = (method.into(), url.into());
    for line in lines
        .by_ref()
        .map(str::trim_end)
        .take_while(|l| !l.is_empty())
    {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| format!("bad request header {line}"))?;
        event
            .request_headers
            .get_or_insert_with(Vec::new)
            .push(Header::new(name, value.trim()));
    }
    let status_line = lines.next().ok_or("no status line")?.trim_end();
    let status = status_line.split(' ').nth(1).ok_or("bad status line")?;
    event.status_code = status.parse().map_err(|_| format!("bad status {status}"))?;
    for line in lines
        .by_ref()
        .map(str::trim_end)
        .take_while(|l| !l.is_empty())
    {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| format!("bad response header {line}"))?;
        event.response_headers.push(Header::new(name, value.trim()));
    }
    // Read, even when empty: the WITHOUT_BODY table is where bodies go unread.
    event.body_text = Some(lines.collect());
    let date = event
        .response_header_values("date")
        .next()
        .and_then(parse_http_date);
    event.time_stamp = local.or(date).map(|s| s as f64 * 1000.0 + 250.0);
    Ok(event)
}

fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(DIR)
        .expect("fixtures directory")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".http").map(String::from))
        .collect();
    names.sort();
    names
}

#[test]
fn every_fixture_gives_its_cause_and_first_fix() {
    let mut failures = Vec::new();
    for &(name, cause, fix) in CASES {
        let d = diagnose(&load(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        if d.cause.id != cause || d.fixes.first().map(|f| f.id) != Some(fix) {
            let alternatives: Vec<String> = d
                .alternatives
                .iter()
                .map(|c| format!("{} {}", c.id, c.confidence))
                .collect();
            failures.push(format!(
                "{name}: got {} ({}) first fix {:?}, want {cause} / {fix}; alternatives {alternatives:?}",
                d.cause.id,
                d.cause.confidence,
                d.fixes.first().map(|f| f.id.as_str())
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_fixture_is_in_the_table_and_says_where_it_comes_from() {
    for name in fixture_names() {
        assert!(
            CASES.iter().any(|(n, ..)| *n == name),
            "{name}.http has no case"
        );
        let text = std::fs::read_to_string(format!("{DIR}/{name}.http")).unwrap();
        assert!(
            text.lines().any(|l| l.starts_with("# Source: ")),
            "{name}.http does not say where it comes from"
        );
    }
    for (name, ..) in CASES {
        assert!(
            fixture_names().iter().any(|n| n == name),
            "no fixture {name}.http"
        );
    }
}

#[test]
fn every_cause_is_proven_by_a_fixture() {
    for &cause in CauseId::ALL {
        // Flow causes are proven by the flow fixtures (flow/fixtures.rs).
        if ALTERNATIVE_ONLY.contains(&cause) || super::flow::CAUSES.contains(&cause) {
            continue;
        }
        assert!(
            CASES.iter().any(|&(_, c, _)| c == cause),
            "no fixture diagnoses {cause}"
        );
    }
}

#[test]
fn alternative_only_causes_and_their_fixes_are_offered_on_a_plain_refusal() {
    let d = diagnose(&load("nginx-basic-first-visit")).unwrap();
    for cause in ALTERNATIVE_ONLY.iter().chain(&[CauseId::WrongUrl]) {
        assert!(
            d.alternatives.iter().any(|c| c.id == *cause),
            "{cause} missing from {:?}",
            d.alternatives
        );
        let best = catalogue::fixes(*cause)[0];
        assert!(d.fixes.iter().any(|f| f.id == best), "{best} missing");
    }
}

#[test]
fn evidence_carries_the_arguments_its_text_expects() {
    for &(name, ..) in CASES {
        let d = diagnose(&load(name)).unwrap();
        for cause in std::iter::once(&d.cause).chain(&d.alternatives) {
            for e in &cause.evidence {
                assert_eq!(
                    e.args.len(),
                    e.id.arity(),
                    "{name}: {} has {:?}",
                    e.id,
                    e.args
                );
            }
        }
    }
}

#[test]
fn stored_diagnoses_read_back_unchanged() {
    for &(name, ..) in CASES {
        let d = diagnose(&load(name)).unwrap();
        let json = serde_json::to_string(&d).unwrap();
        let back: Diagnosis = serde_json::from_str(&json).unwrap();
        assert_eq!(back, d, "{name}");
    }
}

#[test]
fn every_fixture_gives_its_cause_without_its_body() {
    let names = fixture_names();
    let mut failures = Vec::new();
    for (name, _) in WITHOUT_BODY
        .iter()
        .filter(|(n, _)| !names.iter().any(|f| f == n))
    {
        failures.push(format!("{name}: no fixture {name}.http"));
    }
    for name in &names {
        let Some(&(_, want)) = WITHOUT_BODY.iter().find(|(n, _)| n == name) else {
            failures.push(format!("{name}: not in WITHOUT_BODY"));
            continue;
        };
        let mut event = load(name);
        let read = diagnose(&event).unwrap();
        event.body_text = None;
        let d = diagnose(&event).unwrap_or_else(|e| panic!("{name}: {e}"));
        let alternatives: Vec<String> = d
            .alternatives
            .iter()
            .map(|c| format!("{} {}", c.id, c.confidence))
            .collect();
        if d.cause.id != want {
            failures.push(format!(
                "{name}: got {} ({}), want {want}; alternatives {alternatives:?}",
                d.cause.id, d.cause.confidence
            ));
        }
        if !d
            .cause
            .evidence
            .iter()
            .any(|e| e.id == EvidenceId::BodyUnread)
        {
            failures.push(format!("{name}: does not say the body went unread"));
        }
        // Headers never make the classifier surer than the server's own words did.
        if d.cause.id == read.cause.id && d.cause.confidence > read.cause.confidence {
            failures.push(format!(
                "{name}: {} surer without the body ({} > {})",
                d.cause.id, d.cause.confidence, read.cause.confidence
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

//! Real failures as data: each `fixtures/*.http` file holds one exchange as a real server sent
//! it (status line, headers, body), the request that caused it, and where it comes from.
//!
//! Format: `#` lines are notes (the first says what it is, a `Source:` line where it comes
//! from, a `Family:` line which kind of software sent it, one of [`FAMILIES`]); `#!` lines set
//! event fields (`type`, `initiator`, `timeStamp` as an HTTP-date, `retried`, `authPrompted`,
//! `requestHeaders: hidden`). Then the request line (`METHOD URL`) and its headers, a blank
//! line, the status line and headers, a blank line, and the body. Without `timeStamp` the local
//! clock is taken to agree with the response's `Date`.
//!
//! The family is a note, not an event field: it says where a fixture comes from, as `Source:`
//! does, and the event a browser reports carries nothing like it. [`CASES`] says what each
//! fixture must be diagnosed as; the README's table of fixtures per cause and per family is
//! generated from both ([`readme_table`]), and a test fails when the README's copy is stale
//! (`AUTHLENS_BLESS=1 cargo test readme` rewrites it).

use super::ids::{CauseId, FixId};
use super::*;
use crate::date::parse_http_date;
use crate::event::Header;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/diagnosis/fixtures");

/// One line per fixture: its name, the cause and first fix the diagnosis must give, and the
/// cause when the body goes unread, as Chrome leaves it for a page's fetch/XHR. A note at the end
/// of a line says why the headers alone give a generic cause: they do not carry the signal.
#[rustfmt::skip]
const CASES: &[(&str, CauseId, FixId, CauseId)] = {
    use CauseId::*;
    use FixId::*;
    &[
        ("adyen-api-key-invalid", CredentialsRejected, CheckCredentials, CredentialsRejected),
        ("akamai-access-denied", FirewallBlocked, CheckProxyVpn, FirewallBlocked),
        ("anthropic-invalid-x-api-key", CredentialsRejected, CheckCredentials, CredentialsRejected),
        ("apache-403-forbidden", Forbidden, ContactSiteOwner, Forbidden),
        ("apache-basic-first-visit", CredentialsMissing, SignInAgain, CredentialsMissing),
        ("apache-basic-wrong-password", CredentialsRejected, CheckCredentials, CredentialsRejected),
        ("apache-digest-stale-nonce", NonceStale, Retry, NonceStale),
        ("apache-digest-wrong-password", CredentialsRejected, CheckCredentials, CredentialsRejected),
        ("apigee-access-token-expired", TokenExpired, RefreshToken, TokenInvalid), // Apigee names the expiry in its fault body only
        ("apigee-invalid-api-key", CredentialsRejected, CheckCredentials, CredentialsRejected),
        ("artifactory-bad-credentials", CredentialsRejected, CheckCredentials, TokenInvalid), // a refused token, read generically
        ("aspnet-token-expired", TokenExpired, RefreshToken, TokenExpired),
        ("aspnet-token-not-yet-valid", ClockSkew, SyncClock, ClockSkew),
        ("aspnetcore-403-policy", Forbidden, ContactSiteOwner, Forbidden),
        ("aspnetcore-antiforgery-400", CsrfExpired, Reload, CsrfExpired),
        ("aspnetcore-antiforgery-fetch-400", CsrfExpired, Reload, CsrfExpired),
        ("aspnetcore-cookie-session-401", SessionExpired, ClearSiteCookies, SessionExpired),
        ("aspnetcore-jwt-invalid-audience", TokenInvalid, SignInAgain, TokenInvalid),
        ("aspnetcore-jwt-invalid-signature", TokenInvalid, SignInAgain, TokenInvalid),
        ("auth0-express-jwt-exp-check-failed", TokenExpired, RefreshToken, TokenExpired),
        ("auth0-refresh-token-invalid", TokenInvalid, SignInAgain, RequestMalformed), // the token endpoint names the refusal in its body only
        ("auth0-wrong-email-or-password", CredentialsRejected, CheckCredentials, ThirdPartyAuth), // the provider's sign-in API on another site names the refusal in its body only
        ("authelia-xhr-unauthorized", SessionExpired, SignInAgain, SessionExpired),
        ("aws-alb-oidc-session-deny", SessionExpired, SignInAgain, SessionExpired),
        ("aws-api-gateway-cognito-expired", TokenExpired, RefreshToken, TokenExpired),
        ("aws-api-gateway-cognito-missing", CredentialsMissing, SignInAgain, CredentialsMissing),
        ("aws-api-gateway-explicit-deny", Forbidden, ContactSiteOwner, Forbidden),
        ("aws-api-gateway-iam-signature", CredentialsRejected, CheckCredentials, CredentialsRejected),
        ("aws-api-gateway-invalid-api-key", CredentialsRejected, CheckCredentials, CredentialsRejected),
        ("aws-api-gateway-lambda-authorizer-refused", TokenInvalid, SignInAgain, TokenInvalid),
        ("aws-api-gateway-preflight-missing-token", CorsPreflight, AllowPreflight, CorsPreflight),
        ("aws-api-gateway-unknown-route", WrongUrl, CheckUrl, WrongUrl),
        ("aws-kms-not-authorized", Forbidden, ContactSiteOwner, Forbidden),
        ("aws-s3-access-denied", Forbidden, ContactSiteOwner, Forbidden),
        ("aws-s3-presigned-url-expired", TokenExpired, RefreshToken, TokenExpired),
        ("aws-s3-request-time-too-skewed", ClockSkew, SyncClock, ClockSkew),
        ("aws-s3-signature-mismatch", CredentialsRejected, CheckCredentials, Forbidden), // S3 names its error in the XML body only
        ("aws-sigv4-signature-expired", ClockSkew, SyncClock, ClockSkew),
        ("aws-sts-expired-token", TokenExpired, RefreshToken, Forbidden), // STS (query API) names its error in the body only
        ("aws-waf-cloudfront-blocked", FirewallBlocked, CheckProxyVpn, Forbidden), // CloudFront names the block in its page only
        ("azure-ad-refresh-token-expired", TokenExpired, RefreshToken, RequestMalformed), // AADSTS codes live in the body
        ("azure-apim-invalid-subscription-key", CredentialsRejected, CheckCredentials, CredentialsRejected),
        ("azure-apim-missing-subscription-key", CredentialsMissing, SignInAgain, CredentialsMissing),
        ("azure-arm-authorization-failed", Forbidden, ContactSiteOwner, Forbidden),
        ("azure-arm-expired-token", TokenExpired, RefreshToken, TokenExpired),
        ("azure-easy-auth-no-commas", SessionExpired, SignInAgain, SessionExpired),
        ("azure-easy-auth-session-expired", SessionExpired, SignInAgain, SessionExpired),
        ("azure-front-door-waf-blocked", FirewallBlocked, CheckProxyVpn, Forbidden), // Front Door names the block in its page only
        ("azure-keyvault-token-missing", CredentialsMissing, SignInAgain, CredentialsMissing),
        ("azure-storage-auth-failed", CredentialsRejected, CheckCredentials, CredentialsRejected),
        ("azure-storage-permission-mismatch", InsufficientScope, RequestScope, InsufficientScope),
        ("azure-storage-request-date-too-old", ClockSkew, SyncClock, ClockSkew),
        ("azure-storage-sas-expired", TokenExpired, RefreshToken, TokenExpired),
        ("bearer-error-without-token", CredentialsMissing, SignInAgain, CredentialsMissing),
        ("bearer-jwt-local-clock-ahead", ClockSkew, SyncClock, ClockSkew),
        ("bearer-jwt-local-clock-behind", ClockSkew, SyncClock, ClockSkew),
        ("box-invalid-access-token", TokenInvalid, SignInAgain, TokenInvalid),
        ("caddy-basicauth-wrong-password", CredentialsRejected, CheckCredentials, CredentialsRejected),
        ("cakephp-csrf-token-mismatch", CsrfExpired, Reload, CsrfExpired),
        ("captive-portal-511", CaptivePortal, CaptivePortalLogin, CaptivePortal),
        ("clear-site-data-logout", LoggedOutBySite, SignInAgain, LoggedOutBySite),
        ("cloudflare-1006-ip-banned", IpBlocked, CheckProxyVpn, Forbidden), // `Server: cloudflare` is on the origin's refusals too
        ("cloudflare-1009-country-banned", IpBlocked, CheckProxyVpn, Forbidden), // Cloudflare names the ban in its body only
        ("cloudflare-1015-rate-limited", RateLimited, WaitAndRetry, RateLimited),
        ("cloudflare-1020-firewall-rule", FirewallBlocked, CheckProxyVpn, Forbidden), // likewise; firewall-blocked follows
        ("cloudflare-1020-plain-text", FirewallBlocked, CheckProxyVpn, Forbidden),
        ("cloudflare-access-ajax-expired", SessionExpired, SignInAgain, SessionExpired),
        ("cloudflare-managed-challenge", FirewallBlocked, CheckProxyVpn, FirewallBlocked),
        ("codeigniter-csrf-disallowed-action", CsrfExpired, Reload, CsrfExpired),
        ("cognito-access-token-expired", TokenExpired, RefreshToken, TokenExpired),
        ("cognito-incorrect-password", CredentialsRejected, CheckCredentials, RequestMalformed), // Cognito names the refusal in its message only
        ("cors-preflight-401", CorsPreflight, AllowPreflight, CorsPreflight),
        ("craft-cms-unable-to-verify-submission", CsrfExpired, Reload, CsrfExpired),
        ("devise-account-locked", AccountDisabled, ContactSiteOwner, SessionExpired), // Devise names the lock in its body only
        ("devise-invalid-email-or-password", CredentialsRejected, CheckCredentials, SessionExpired), // Devise names the refusal in its body only: a 401 to a cookie without a challenge reads as a session that ended
        ("devise-session-timeout", SessionExpired, ClearSiteCookies, SessionExpired),
        ("digest-without-nonce", ChallengeMalformed, SendChallenge, ChallengeMalformed),
        ("directus-token-expired", TokenExpired, RefreshToken, TokenInvalid), // Directus names the expiry in its body only
        ("discord-bot-token-invalid", CredentialsRejected, CheckCredentials, CredentialsRejected),
        ("discourse-api-key-invalid", CredentialsRejected, CheckCredentials, CredentialsRejected),
        ("django-csrf-403", CsrfExpired, Reload, CsrfExpired),
        ("django-csrf-cookie-not-set-debug", CsrfExpired, Reload, Forbidden), // the missing cookie is named in the page only
        ("django-rest-authorization-stripped", AuthorizationStripped, FixServerConfig, AuthorizationStripped),
        ("django-rest-csrf-failed", CsrfExpired, Reload, CsrfExpired),
        ("django-rest-invalid-token", TokenInvalid, SignInAgain, CredentialsRejected), // a refused `Token` scheme, read generically
        ("django-rest-permission-denied", Forbidden, ContactSiteOwner, Forbidden),
        ("django-rest-session-credentials-not-provided", CredentialsMissing, SignInAgain, Forbidden), // session auth's 403 says who in the body only
        ("django-rest-user-inactive", AccountDisabled, ContactSiteOwner, CredentialsRejected), // DRF names the account in its body only
        ("docker-hub-pull-rate-limit", RateLimited, WaitAndRetry, RateLimited),
        ("docker-registry-anonymous-pull", CredentialsMissing, SignInAgain, CredentialsMissing),
        ("docker-registry-push-denied", InsufficientScope, RequestScope, InsufficientScope),
        ("doorkeeper-access-token-expired", TokenExpired, RefreshToken, TokenExpired),
        ("dpop-invalid-proof", RequestMalformed, FixAuthorizationHeader, RequestMalformed),
        ("dpop-use-nonce", NonceStale, Retry, NonceStale),
        ("dropbox-expired-access-token", TokenExpired, RefreshToken, TokenInvalid), // Dropbox names the expiry in its body only
        ("drupal-access-denied", Forbidden, ContactSiteOwner, Forbidden),
        ("drupal-rest-csrf-header-missing", CsrfExpired, Reload, Forbidden), // the missing header is named in the body only
        ("echo-jwt-invalid-or-expired", TokenExpired, RefreshToken, TokenExpired),
        ("elasticsearch-missing-credentials", CredentialsMissing, SignInAgain, CredentialsMissing),
        ("entra-account-disabled", AccountDisabled, ContactSiteOwner, RequestMalformed), // a token endpoint's 400 names its error in the body
        ("entra-mfa-required", SecondFactorRequired, EnterOneTimeCode, RequestMalformed), // AADSTS codes live in the body
        ("entra-token-expired-headers-hidden", TokenExpired, RefreshToken, TokenExpired),
        ("envoy-jwt-expired", TokenExpired, RefreshToken, TokenExpired),
        ("envoy-jwt-missing", CredentialsMissing, SignInAgain, CredentialsMissing),
        ("esri-498-invalid-token", TokenInvalid, SignInAgain, TokenInvalid),
        ("esri-499-token-required", CredentialsMissing, SignInAgain, CredentialsMissing),
        ("express-csurf-invalid-token", CsrfExpired, Reload, CsrfExpired),
        ("express-session-expired", SessionExpired, ClearSiteCookies, SessionExpired),
        ("f5-asm-request-rejected", FirewallBlocked, CheckProxyVpn, Forbidden), // F5 names itself in its page only
        ("facebook-graph-session-expired", TokenExpired, RefreshToken, TokenExpired),
        ("facebook-graph-session-invalidated", TokenInvalid, SignInAgain, TokenInvalid),
        ("fastapi-could-not-validate", TokenInvalid, SignInAgain, AuthorizationStripped), // a bare Bearer challenge, at lower confidence
        ("fastapi-not-authenticated", CredentialsMissing, SignInAgain, CredentialsMissing),
        ("fastify-jwt-no-authorization-stripped", AuthorizationStripped, FixServerConfig, TokenInvalid), // the plugin says no header came in its body only
        ("fastify-jwt-token-expired", TokenExpired, RefreshToken, TokenExpired),
        ("firebase-invalid-login-credentials", CredentialsRejected, CheckCredentials, RequestMalformed), // Identity Toolkit names the refusal in the body only
        ("firebase-rtdb-auth-token-expired", TokenExpired, RefreshToken, CredentialsRejected), // the database names the expiry in its body only
        ("flask-jwt-extended-header-stripped", AuthorizationStripped, FixServerConfig, TokenInvalid), // the app says the header never came in its body only
        ("flask-login-unauthorized", SessionExpired, ClearSiteCookies, SessionExpired),
        ("flask-wtf-csrf-expired", CsrfExpired, Reload, RequestMalformed), // Flask-WTF keeps its token in the session: only the page names it
        ("gcs-anonymous-caller", CredentialsMissing, SignInAgain, Forbidden), // the anonymous caller is named in the body only
        ("gcs-signed-url-expired", TokenExpired, RefreshToken, TokenExpired),
        ("ghost-admin-session-ended", SessionExpired, ClearSiteCookies, Forbidden), // Ghost names the session in its body only
        ("gin-basicauth-wrong-password", CredentialsRejected, CheckCredentials, CredentialsRejected),
        ("github-bad-credentials", CredentialsRejected, CheckCredentials, TokenInvalid), // a refused token, read generically
        ("github-fine-grained-token-permission", InsufficientScope, RequestScope, InsufficientScope),
        ("github-otp-required", SecondFactorRequired, EnterOneTimeCode, SecondFactorRequired),
        ("github-rate-limit", RateLimited, WaitAndRetry, RateLimited),
        ("github-requires-authentication", CredentialsMissing, SignInAgain, ThirdPartyAuth), // another site's API that wants its own sign-in
        ("github-resource-not-accessible", InsufficientScope, RequestScope, InsufficientScope),
        ("github-saml-sso-required", InsufficientScope, RequestScope, InsufficientScope),
        ("gitlab-account-blocked", AccountDisabled, ContactSiteOwner, Forbidden), // GitLab names the block in its body only
        ("gitlab-insufficient-scope", InsufficientScope, RequestScope, InsufficientScope),
        ("gitlab-session-expired", SessionExpired, ClearSiteCookies, SessionExpired),
        ("gitlab-token-expired", TokenExpired, RefreshToken, TokenExpired),
        ("gitlab-token-unknown", TokenInvalid, SignInAgain, TokenInvalid),
        ("google-api-key-invalid", CredentialsRejected, CheckCredentials, RequestMalformed), // Google names the bad key in the body only
        ("google-cloud-permission-denied", Forbidden, ContactSiteOwner, Forbidden),
        ("google-credentials-missing", CredentialsMissing, SignInAgain, CredentialsMissing),
        ("google-iap-ajax-expired", SessionExpired, SignInAgain, SessionExpired),
        ("google-iap-programmatic-wrong-audience", TokenInvalid, SignInAgain, TokenInvalid),
        ("google-insufficient-scope", InsufficientScope, RequestScope, InsufficientScope),
        ("google-invalid-credentials", TokenInvalid, SignInAgain, TokenInvalid),
        ("gorilla-csrf-token-invalid", CsrfExpired, Reload, CsrfExpired),
        ("grafana-session-token-rotate", SessionExpired, ClearSiteCookies, SessionExpired),
        ("haproxy-403-denied", FirewallBlocked, CheckProxyVpn, Forbidden), // HAProxy's deny page names it; its headers do not
        ("haproxy-basic-wrong-password", CredentialsRejected, CheckCredentials, CredentialsRejected),
        ("home-assistant-unauthorized", TokenInvalid, SignInAgain, TokenInvalid),
        ("http-basic-plain-http", InsecureTransport, UseHttps, InsecureTransport),
        ("hubspot-expired-authentication", TokenExpired, RefreshToken, TokenInvalid), // HubSpot names the expiry in its body only
        ("identityserver-invalid-client", CredentialsRejected, CheckCredentials, RequestMalformed), // the token endpoint names the refusal in its body only
        ("iis-400-request-header-too-long", CookiesTooLarge, ClearSiteCookies, RequestMalformed), // HTTP.sys names the size in its page only
        ("iis-401-1-kerberos-refused", IisLogonFailed, FixServerConfig, IisLogonFailed),
        ("iis-401-1-logon-failed", IisLogonFailed, CheckCredentials, IisLogonFailed),
        ("iis-401-2-config", IisConfig, FixServerConfig, ChallengeMissing), // IIS sub-statuses show on the page only
        ("iis-401-3-acl", IisAcl, FixServerConfig, ChallengeMissing),
        ("iis-401-4-filter", IisFilter, DisablePlugins, ChallengeMissing),
        ("iis-401-5-isapi", IisApp, CheckServerLogs, ChallengeMissing),
        ("iis-401-501-dynamic-ip", RateLimited, WaitAndRetry, ChallengeMissing),
        ("iis-401-503-ip-denied", IpBlocked, CheckProxyVpn, ChallengeMissing),
        ("iis-403-14-directory-listing-denied", Forbidden, ContactSiteOwner, Forbidden),
        ("iis-403-4-ssl-required", InsecureTransport, UseHttps, Forbidden),
        ("iis-403-6-ip-rejected", IpBlocked, CheckProxyVpn, Forbidden),
        ("iis-negotiate-ntlm", WindowsAuth, UseWorkAccount, WindowsAuth),
        ("iis-negotiate-only", WindowsAuth, UseWorkAccount, WindowsAuth),
        ("iis-ntlm-credentials-refused", IisLogonFailed, CheckCredentials, IisLogonFailed),
        ("imperva-incapsula-blocked", FirewallBlocked, CheckProxyVpn, FirewallBlocked),
        ("istio-rbac-access-denied", Forbidden, ContactSiteOwner, Forbidden),
        ("jenkins-anonymous-403", CredentialsMissing, SignInAgain, CredentialsMissing),
        ("jenkins-crumb-stale-session", CsrfExpired, Reload, Forbidden), // the crumb is named in the page only
        ("jenkins-missing-permission", Forbidden, ContactSiteOwner, Forbidden),
        ("jetty-digest-stale-false-retried", CredentialsRejected, CheckCredentials, CredentialsRejected),
        ("jetty-digest-stale-true", NonceStale, Retry, NonceStale),
        ("jira-authenticated-failed", CredentialsRejected, CheckCredentials, CredentialsRejected),
        ("jira-captcha-challenge", CaptchaRequired, SignInOnSite, CaptchaRequired),
        ("joomla-invalid-token", CsrfExpired, Reload, Forbidden), // Joomla keeps its token in the session: only the page says it
        ("jupyter-xsrf-missing", CsrfExpired, Reload, CsrfExpired),
        ("keycloak-account-disabled", AccountDisabled, ContactSiteOwner, RequestMalformed), // a token endpoint's 400 names its error in the body
        ("keycloak-code-not-valid", TokenInvalid, SignInAgain, RequestMalformed), // the token endpoint names the refusal in its body only
        ("keycloak-invalid-user-credentials", CredentialsRejected, CheckCredentials, CredentialsRejected),
        ("keycloak-token-verification-failed", TokenInvalid, SignInAgain, TokenInvalid),
        ("keystone-token-rejected", TokenInvalid, SignInAgain, TokenInvalid),
        ("kong-jwt-token-expired", TokenExpired, RefreshToken, TokenExpired),
        ("kong-key-auth-invalid-key", CredentialsRejected, CheckCredentials, CredentialsRejected),
        ("kong-key-auth-no-key", CredentialsMissing, SignInAgain, CredentialsMissing),
        ("kubernetes-anonymous-forbidden", CredentialsMissing, SignInAgain, Forbidden), // the anonymous user is named in the body only
        ("kubernetes-bearer-refused-basic-realm", TokenInvalid, SignInAgain, TokenInvalid),
        ("kubernetes-rbac-forbidden-user", Forbidden, ContactSiteOwner, Forbidden),
        ("kubernetes-token-unauthorized", TokenInvalid, SignInAgain, TokenInvalid),
        ("laravel-419-page-expired", CsrfExpired, Reload, CsrfExpired),
        ("laravel-action-unauthorized", Forbidden, ContactSiteOwner, Forbidden),
        ("laravel-csrf-token-mismatch", CsrfExpired, Reload, CsrfExpired),
        ("laravel-login-throttled", RateLimited, WaitAndRetry, RateLimited),
        ("laravel-sanctum-token-unauthenticated", TokenInvalid, SignInAgain, TokenInvalid),
        ("laravel-unauthenticated-session", SessionExpired, ClearSiteCookies, SessionExpired),
        ("lexik-expired-jwt", TokenExpired, RefreshToken, TokenExpired),
        ("lexik-jwt-token-not-found-stripped", AuthorizationStripped, FixServerConfig, TokenInvalid), // the bundle says no token came in its body only
        ("lighttpd-basic-first-visit", InsecureTransport, UseHttps, InsecureTransport),
        ("mailchimp-api-key-invalid", CredentialsRejected, CheckCredentials, CredentialsRejected),
        ("mastodon-access-token-invalid", TokenInvalid, SignInAgain, TokenInvalid),
        ("microsoft-graph-insufficient-privileges", InsufficientScope, RequestScope, Forbidden), // Graph names the refusal in the body only
        ("microsoft-graph-lifetime-validation-failed", TokenExpired, RefreshToken, AuthorizationStripped), // a bare Bearer challenge, at lower confidence
        ("microsoft-graph-token-expired", TokenExpired, RefreshToken, TokenExpired),
        ("microsoft-graph-token-unparsable", TokenInvalid, SignInAgain, AuthorizationStripped), // a bare Bearer challenge, at lower confidence
        ("minio-invalid-access-key", CredentialsRejected, CheckCredentials, Forbidden), // S3-style errors live in the XML body
        ("multiple-challenges-first-visit", CredentialsMissing, SignInAgain, CredentialsMissing),
        ("nestjs-jwt-unauthorized", TokenInvalid, SignInAgain, TokenInvalid),
        ("nextcloud-ocs-not-logged-in", SessionExpired, ClearSiteCookies, SessionExpired),
        ("nextcloud-webdav-wrong-password", CredentialsRejected, CheckCredentials, CredentialsRejected),
        ("nginx-401-without-challenge", ChallengeMissing, SendChallenge, ChallengeMissing),
        ("nginx-403-forbidden", Forbidden, ContactSiteOwner, Forbidden),
        ("nginx-503-maintenance-retry-after", RateLimited, WaitAndRetry, RateLimited),
        ("nginx-basic-first-visit", CredentialsMissing, SignInAgain, CredentialsMissing),
        ("nginx-basic-wrong-password", CredentialsRejected, CheckCredentials, CredentialsRejected),
        ("nginx-cookie-too-large", CookiesTooLarge, ClearSiteCookies, RequestMalformed), // nginx says why in the page only
        ("node-431-headers-too-large", CookiesTooLarge, ClearSiteCookies, CookiesTooLarge),
        ("npm-publish-otp-required", SecondFactorRequired, EnterOneTimeCode, SecondFactorRequired),
        ("oauth2-proxy-ajax-session-expired", SessionExpired, SignInAgain, SessionExpired),
        ("oauth2-proxy-sign-in-page", SessionExpired, SignInAgain, Forbidden), // only the sign-in page names the proxy
        ("okta-api-token-expired", TokenExpired, RefreshToken, TokenExpired),
        ("okta-authn-failed", CredentialsRejected, CheckCredentials, ThirdPartyAuth), // the provider's sign-in API on another site names the refusal in its body only
        ("openai-incorrect-api-key", CredentialsRejected, CheckCredentials, AuthorizationStripped), // a bare Bearer challenge, at lower confidence
        ("openai-rate-limit", RateLimited, WaitAndRetry, RateLimited),
        ("openweathermap-invalid-api-key", CredentialsRejected, CheckCredentials, CredentialsRejected),
        ("ory-kratos-session-ended", SessionExpired, SignInAgain, SessionExpired),
        ("owa-440-login-timeout", SessionExpired, ClearSiteCookies, SessionExpired),
        ("passport-bearer-invalid-token", TokenInvalid, SignInAgain, TokenInvalid),
        ("passport-bearer-stripped", AuthorizationStripped, FixServerConfig, AuthorizationStripped),
        ("paypal-token-signature-failed", TokenInvalid, SignInAgain, TokenInvalid),
        ("phoenix-invalid-csrf-token", CsrfExpired, Reload, Forbidden), // Plug keeps its token in the session: only the page names it
        ("pomerium-json-unauthenticated", SessionExpired, SignInAgain, SessionExpired),
        ("portainer-invalid-jwt", TokenInvalid, SignInAgain, TokenInvalid),
        ("postgrest-jwt-expired", TokenExpired, RefreshToken, TokenExpired),
        ("proxmox-no-ticket", SessionExpired, ClearSiteCookies, SessionExpired),
        ("quarkus-bearer-missing", CredentialsMissing, SignInAgain, CredentialsMissing),
        ("rails-422-invalid-authenticity-token", CsrfExpired, Reload, RequestMalformed), // Rails keeps its token in the session: only its 422 page tells
        ("rails-http-basic-access-denied", CredentialsRejected, CheckCredentials, CredentialsRejected),
        ("rails-http-token-access-denied", TokenInvalid, SignInAgain, TokenInvalid),
        ("rate-limit-429-retry-after", RateLimited, WaitAndRetry, RateLimited),
        ("salesforce-invalid-session-id", TokenExpired, RefreshToken, TokenInvalid), // challenges `Token`, refuses the Bearer token it read: only the body says it expired
        ("sendgrid-authorization-grant-invalid", TokenInvalid, SignInAgain, TokenInvalid),
        ("shopify-api-rate-limited", RateLimited, WaitAndRetry, RateLimited),
        ("shopify-invalid-access-token", CredentialsRejected, CheckCredentials, TokenInvalid), // a refused token header, read generically
        ("simplejwt-token-expired", TokenExpired, RefreshToken, TokenExpired),
        ("spotify-access-token-expired", TokenExpired, RefreshToken, TokenExpired),
        ("spring-basic-sent-to-bearer", SchemeMismatch, FixAuthorizationHeader, SchemeMismatch),
        ("spring-boot-403-role-missing", InsufficientScope, RequestScope, InsufficientScope),
        ("spring-boot-spa-csrf-403", CsrfExpired, Reload, CsrfExpired),
        ("spring-jwt-expired", TokenExpired, RefreshToken, TokenExpired),
        ("spring-multiple-bearer-tokens", RequestMalformed, FixAuthorizationHeader, RequestMalformed),
        ("spring-query-token-ignored", RequestMalformed, FixAuthorizationHeader, RequestMalformed),
        ("spring-security-invalid-csrf-token", CsrfExpired, Reload, Forbidden), // Spring keeps its token in the session: only the page names it
        ("spring-security-preflight-401", CorsPreflight, AllowPreflight, CorsPreflight),
        ("square-access-token-expired", TokenExpired, RefreshToken, TokenInvalid), // Square names the expiry in its body only
        ("squid-403-access-denied", FirewallBlocked, CheckProxyVpn, FirewallBlocked),
        ("squid-407-ntlm-corporate", ProxyAuth, CheckProxyVpn, ProxyAuth),
        ("squid-407-proxy-auth", ProxyAuth, CheckProxyVpn, ProxyAuth),
        ("strapi-missing-or-invalid-credentials", TokenInvalid, SignInAgain, TokenInvalid),
        ("stripe-invalid-api-key", CredentialsRejected, CheckCredentials, TokenInvalid), // challenges Basic, refuses the Bearer key it read: only the body says it is a key
        ("stripe-restricted-key-permission", InsufficientScope, RequestScope, Forbidden), // the missing permission is named in the body only
        ("sucuri-firewall-blocked", FirewallBlocked, CheckProxyVpn, FirewallBlocked),
        ("supabase-jwt-expired", TokenExpired, RefreshToken, TokenExpired),
        ("symfony-form-csrf-invalid", CsrfExpired, Reload, RequestMalformed), // Symfony keeps its token in the session: only the form says it
        ("symfony-full-authentication-required", SessionExpired, ClearSiteCookies, SessionExpired),
        ("third-party-frame-basic", ThirdPartyAuth, SignInAgain, ThirdPartyAuth),
        ("tomcat-basic-first-visit", CredentialsMissing, SignInAgain, CredentialsMissing),
        ("tomcat-manager-wrong-password", CredentialsRejected, CheckCredentials, CredentialsRejected),
        ("traefik-basicauth-first-visit", CredentialsMissing, SignInAgain, CredentialsMissing),
        ("twilio-authenticate-20003", CredentialsRejected, CheckCredentials, CredentialsRejected),
        ("twitter-v2-unauthorized", TokenInvalid, SignInAgain, TokenInvalid),
        ("unterminated-realm-quote", ChallengeMalformed, SendChallenge, ChallengeMalformed),
        ("vault-invalid-token", TokenInvalid, SignInAgain, Forbidden), // Vault answers 403 to bad tokens and missing policies alike
        ("vouch-proxy-nginx-401", SessionExpired, SignInAgain, SessionExpired),
        ("woocommerce-store-api-invalid-nonce", CsrfExpired, Reload, CsrfExpired),
        ("wordfence-403-limited", FirewallBlocked, CheckProxyVpn, Forbidden), // Wordfence names itself in its page only
        ("wordfence-503-blocked", FirewallBlocked, CheckProxyVpn, FirewallBlocked),
        ("wordpress-admin-ajax-nonce", CsrfExpired, Reload, CsrfExpired),
        ("wordpress-application-password-stripped", AuthorizationStripped, FixServerConfig, CredentialsRejected), // WordPress refuses a wrong application password with 401 too: only its code tells them apart
        ("wordpress-jwt-auth-no-auth-header", AuthorizationStripped, FixServerConfig, TokenExpired), // the plugin says no header came in its body only
        ("wordpress-rest-cannot-create-stripped", AuthorizationStripped, FixServerConfig, CredentialsRejected), // WordPress refuses a wrong application password with 401 too: only its code tells them apart
        ("wordpress-rest-cookie-invalid-nonce", CsrfExpired, Reload, CsrfExpired),
        ("wordpress-rest-forbidden-logged-in", Forbidden, ContactSiteOwner, Forbidden),
        ("wordpress-rest-not-logged-in", CredentialsMissing, SignInAgain, CredentialsMissing),
        ("wordpress-rest-route-nonce-refused", CsrfExpired, Reload, CsrfExpired),
        ("zoom-access-token-expired", TokenExpired, RefreshToken, TokenInvalid), // Zoom names the expiry in its body only
    ]
};

/// The table as (fixture, cause, first fix), for other tests.
pub(crate) fn cases() -> impl Iterator<Item = (&'static str, CauseId, FixId)> {
    CASES
        .iter()
        .map(|&(name, cause, fix, _)| (name, cause, fix))
}

/// Causes that are, by design, only ever alternatives: nothing in a response proves them.
const ALTERNATIVE_ONLY: &[CauseId] = &[CauseId::StaleBrowserData, CauseId::DnsStale];

/// Reads `fixtures/<name>.http` into an event.
pub(crate) fn load(name: &str) -> Event {
    let path = format!("{DIR}/{name}.http");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `fixtures/<name>.http` with its `WWW-Authenticate` replaced by `challenge`: what a hostile
/// server could send in the place the tools show.
pub(crate) fn load_with_challenge(name: &str, challenge: &str) -> Event {
    let mut event = load(name);
    event
        .response_headers
        .retain(|h| !h.name.eq_ignore_ascii_case("www-authenticate"));
    event
        .response_headers
        .push(crate::Header::new("WWW-Authenticate", challenge));
    event
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
    // Read, even when empty: `CASES`' last column is where bodies go unread.
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

/// The kinds of software the fixtures come from: id (as in `# Family:`), and what it covers.
const FAMILIES: &[(&str, &str)] = &[
    (
        "web-server",
        "web servers and reverse proxies (Apache, nginx, IIS, HAProxy, Tomcat, Jetty, Caddy, Traefik, lighttpd, Envoy, Istio, Squid)",
    ),
    (
        "cdn-waf",
        "CDNs and web application firewalls (Cloudflare, Akamai, AWS WAF on CloudFront, Azure Front Door, Imperva, Sucuri, F5)",
    ),
    (
        "api-gateway",
        "API gateways (Amazon API Gateway, Kong, Azure API Management, Apigee)",
    ),
    (
        "sign-in-gateway",
        "sign-in gateways in front of apps (Cloudflare Access, Google IAP, oauth2-proxy, Pomerium, Authelia, Vouch, App Service authentication, AWS load balancers)",
    ),
    (
        "identity",
        "identity providers (Entra ID, Keycloak, Okta, Auth0, Cognito, Firebase, Supabase, Ory, IdentityServer)",
    ),
    (
        "php",
        "PHP frameworks (Laravel, Symfony, CodeIgniter, CakePHP)",
    ),
    (
        "python",
        "Python frameworks (Django, Django REST framework, FastAPI, Flask, Tornado)",
    ),
    ("ruby", "Ruby frameworks (Rails, Devise, Doorkeeper)"),
    (
        "java",
        "Java frameworks (Spring Security, Spring Boot, Quarkus)",
    ),
    ("dotnet", ".NET (ASP.NET Core)"),
    (
        "node",
        "Node (Express, Passport, NestJS, Fastify, Auth0's JWT middleware, Node's HTTP server)",
    ),
    (
        "go",
        "Go frameworks and libraries (gorilla/csrf, Echo, Gin)",
    ),
    ("elixir", "Elixir (Phoenix, Plug)"),
    (
        "cloud",
        "cloud provider APIs (AWS, Azure, Google Cloud, Microsoft Graph, OpenStack)",
    ),
    (
        "dev-platform",
        "developer platforms (GitHub, GitLab, npm, Docker registries, Artifactory)",
    ),
    (
        "saas-api",
        "SaaS APIs: payments (Stripe, Square, PayPal, Adyen), messaging (Twilio, SendGrid, Mailchimp, Discord), social (Facebook, X, Mastodon, Discourse), AI (OpenAI, Anthropic), business (Shopify, Salesforce, HubSpot), files and media (Dropbox, Box, Zoom, Spotify), maps (Esri, OpenWeatherMap)",
    ),
    (
        "cms",
        "CMSs and their plugins (WordPress, WooCommerce, Wordfence, Drupal, Joomla, Craft CMS, Ghost, Strapi, Directus)",
    ),
    (
        "self-hosted",
        "self-hosted apps (Jenkins, Jira, Grafana, Elasticsearch, Vault, Kubernetes, MinIO, Nextcloud, Exchange, PostgREST, Proxmox, Portainer, Home Assistant)",
    ),
    (
        "protocol",
        "protocol cases built from the RFCs and browser behaviour (captive portals, preflights, Digest, DPoP, clocks)",
    ),
];

/// The family a fixture names in its `# Family:` line.
fn family(name: &str) -> Result<&'static str, String> {
    let text = std::fs::read_to_string(format!("{DIR}/{name}.http")).map_err(|e| e.to_string())?;
    let mut named = text.lines().filter_map(|l| l.strip_prefix("# Family:"));
    let id = named.next().ok_or("no `# Family:` line")?.trim();
    if named.next().is_some() {
        return Err("more than one `# Family:` line".into());
    }
    FAMILIES
        .iter()
        .find(|(f, _)| *f == id)
        .map(|(f, _)| *f)
        .ok_or_else(|| format!("unknown family {id}"))
}

/// The README's table of fixtures: per family, then per cause, each with the other's counts.
fn readme_table() -> String {
    let count = |pairs: &[(&str, &str)], key: &str| -> Vec<(String, usize)> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for (_, other) in pairs.iter().filter(|(k, _)| *k == key) {
            match counts.iter_mut().find(|(o, _)| o == other) {
                Some((_, n)) => *n += 1,
                None => counts.push(((*other).to_owned(), 1)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        counts
    };
    let listed = |counts: &[(String, usize)]| -> String {
        counts
            .iter()
            .map(|(o, n)| format!("{o} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let rows: Vec<(&str, &str)> = CASES
        .iter()
        .map(|&(name, cause, ..)| (family(name).unwrap_or("?"), cause.as_str()))
        .collect();
    let flipped: Vec<(&str, &str)> = rows.iter().map(|&(f, c)| (c, f)).collect();
    let mut out = format!(
        "{} fixtures, {} families, {} causes.\n\n| family | fixtures | causes |\n| --- | ---: | --- |\n",
        CASES.len(),
        FAMILIES.len(),
        CauseId::ALL
            .iter()
            .filter(|c| rows.iter().any(|(_, r)| *r == c.as_str()))
            .count()
    );
    for (id, covers) in FAMILIES {
        let causes = count(&rows, id);
        let n: usize = causes.iter().map(|(_, n)| n).sum();
        out += &format!("| `{id}`: {covers} | {n} | {} |\n", listed(&causes));
    }
    out += "\n| cause | fixtures | families |\n| --- | ---: | --- |\n";
    for cause in CauseId::ALL {
        let families = count(&flipped, cause.as_str());
        let n: usize = families.iter().map(|(_, n)| n).sum();
        if n > 0 {
            out += &format!("| `{cause}` | {n} | {} |\n", listed(&families));
        }
    }
    out
}

#[test]
fn every_fixture_gives_its_cause_and_first_fix() {
    let mut failures = Vec::new();
    for (name, cause, fix) in cases() {
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
fn every_fixture_is_in_the_table_once_and_says_where_it_comes_from() {
    let names = fixture_names();
    let mut failures = Vec::new();
    for name in &names {
        if CASES.iter().filter(|(n, ..)| n == name).count() != 1 {
            failures.push(format!("{name}.http has not exactly one case"));
        }
        let text = std::fs::read_to_string(format!("{DIR}/{name}.http")).unwrap();
        if !text.lines().any(|l| l.starts_with("# Source: ")) {
            failures.push(format!("{name}.http does not say where it comes from"));
        }
        if let Err(e) = family(name) {
            failures.push(format!("{name}.http: {e}"));
        }
    }
    for (name, ..) in CASES {
        if !names.iter().any(|n| n == name) {
            failures.push(format!("no fixture {name}.http"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_family_has_fixtures() {
    for (id, _) in FAMILIES {
        assert!(
            CASES
                .iter()
                .any(|(name, ..)| family(name).as_deref() == Ok(*id)),
            "no fixture of family {id}"
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
            CASES.iter().any(|&(_, c, ..)| c == cause),
            "no fixture diagnoses {cause}"
        );
    }
}

#[test]
fn readme_table_of_fixtures_is_generated_from_them() {
    const BEGIN: &str =
        "<!-- fixtures table: generated by `AUTHLENS_BLESS=1 cargo test readme` -->\n";
    const END: &str = "<!-- end of fixtures table -->";
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md");
    let readme = std::fs::read_to_string(path).expect("README.md");
    let (Some(b), Some(e)) = (readme.find(BEGIN), readme.find(END)) else {
        panic!("README.md lacks the fixtures table markers:\n{BEGIN}{END}");
    };
    let table = readme_table();
    if readme[b + BEGIN.len()..e] == table {
        return;
    }
    if std::env::var_os("AUTHLENS_BLESS").is_some() {
        let updated = format!("{}{table}{}", &readme[..b + BEGIN.len()], &readme[e..]);
        std::fs::write(path, updated).expect("README.md written");
    } else {
        panic!("README.md's fixtures table is stale: run `AUTHLENS_BLESS=1 cargo test readme`");
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
    let mut failures = Vec::new();
    for &(name, _, _, want) in CASES {
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

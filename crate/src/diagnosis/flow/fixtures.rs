//! Real sign-in flows as data: each `fixtures/*.flow` file holds one tab's trail as a browser
//! saw it, hop by hop, and says where it comes from. A table says what each must give: the
//! cause and first fix of its first failure, or nothing at all for a sign-in that worked.
//!
//! Format: `#` lines before the first hop are notes (a `# Source:` line is required); `#!`
//! lines there set flow fields (`thirdPartyCookiesBlocked`). Each hop starts with a line
//! `=== hop` and is an exchange in the `.http` format of `diagnosis/fixtures.rs`, with these
//! `#!` settings besides its own: `frameId`, `parentFrameId`, `form: a=1&b=2` (the POSTed
//! form, urlencoded), `redirectUrl` (without it, a 3xx's `Location` resolved against the URL),
//! `error`, `storedCookies: name:samesite, …`. Hops without a `timeStamp` setting are 250 ms
//! after their `Date`, plus 10 ms per hop, so that they stay in order.

use super::super::fixtures::parse as parse_exchange;
use super::super::ids::{CauseId, FixId};
use super::{FlowDiagnosis, diagnose_flow, first_fix};
use crate::flow::{Flow, Hop, StoredCookie};
use crate::url::{decode, form_fields, resolve};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/diagnosis/flow/fixtures");

/// One line per fixture: what its first failure must be, or `None` for a healthy flow.
const CASES: &[(&str, Option<(CauseId, FixId)>)] = {
    use CauseId::*;
    use FixId as F;
    &[
        // Healthy sign-ins and sign-outs: nothing to say.
        ("auth0-implicit-fragment", None),
        ("back-to-sign-in-by-hand", None),
        ("entra-form-post", None),
        ("google-code-flow", None),
        ("keycloak-logout-round-trip", None),
        ("keycloak-saml-redirect-binding", None),
        ("keycloak-wrong-password-then-right", None),
        ("okta-prompt-none-then-interactive", None),
        ("saml-ispassive-nopassive-then-interactive", None),
        ("saml-local-clock-behind-accepted", None),
        ("saml-logout-round-trip", None),
        ("saml-simplesamlphp-post-success", None),
        (
            "silent-renew-blocked-browser-holds-no-provider-cookie",
            None,
        ),
        ("silent-renew-not-signed-in", None),
        ("spring-security-slow-provider", None),
        ("adfs-oauth-forms-sign-in", None),
        ("apple-form-post-first-sign-in", None),
        ("auth0-brokering-google", None),
        ("cognito-hosted-ui-sign-in-and-out", None),
        ("discord-consent-then-callback", None),
        ("entra-b2c-forgot-password", None),
        ("entra-password-mfa-stay-signed-in", None),
        ("entra-prompt-login-reauthentication", None),
        ("entra-sign-out", None),
        ("github-oauth-app-consent", None),
        ("google-select-account-pkce", None),
        ("identityserver-hybrid-fragment", None),
        ("keycloak-brokering-google", None),
        ("keycloak-consent-screen", None),
        ("keycloak-par-iss", None),
        ("keycloak-two-apps-one-session", None),
        ("msal-silent-renew-every-five-minutes", None),
        ("okta-idp-initiated-sign-in", None),
        ("okta-identity-engine-mfa", None),
        ("keycloak-js-each-page-through-the-provider", None),
        ("saml-keycloak-sign-in-out-and-in-again", None),
        ("keycloak-http-legacy-twin-cookies", None),
        ("wordpress-refused-plugin-cookie-sign-in-and-out", None),
        ("captive-portal-takes-over-an-http-xhr", None),
        // Cookies as browsers judge them, and sign-in pages reached on purpose.
        ("azure-app-service-sign-in-over-http", None),
        ("azure-easy-auth-form-post-done-page", None),
        ("cookie-kept-despite-clock-ahead", None),
        ("form-post-within-two-minutes-samesite-unset", None),
        ("grafana-anonymous-root-redirects-to-login", None),
        ("laravel-public-page-probes-api-user", None),
        ("partitioned-chat-widget-third-party-blocked", None),
        ("public-page-probes-api-me-with-analytics-cookies", None),
        ("silent-renew-every-five-minutes-for-an-hour", None),
        ("spa-polls-api-with-session-cookie", None),
        ("tracker-cookies-refused-site-works", None),
        ("wordpress-logout-deletes-cookies", None),
        ("wordpress-wrong-password-twice-then-right", None),
        // Failures.
        (
            "api-call-answered-by-sign-in-page",
            Some((SessionExpired, F::ClearSiteCookies)),
        ),
        (
            "aspnet-correlation-failed-samesite-lax",
            Some((StateMismatch, F::RestartSignIn)),
        ),
        (
            "aspnet-correlation-failed-samesite-none-insecure",
            Some((StateMismatch, F::RestartSignIn)),
        ),
        (
            "spring-saml2-session-lost-after-slow-mfa",
            Some((StateMismatch, F::RestartSignIn)),
        ),
        ("cookie-expired-on-arrival", Some((ClockSkew, F::SyncClock))),
        (
            "fetch-to-api-origin-without-credentials",
            Some((CredentialsMissing, F::FixAuthorizationHeader)),
        ),
        (
            "xhr-sent-to-saml-identity-provider",
            Some((SessionExpired, F::ClearSiteCookies)),
        ),
        (
            "callback-on-http-after-https-start",
            Some((StateMismatch, F::RestartSignIn)),
        ),
        (
            "keycloak-24-over-http-cookie-not-found",
            Some((CookieRejected, F::UseHttps)),
        ),
        (
            "oauth2-proxy-csrf-cookie-strict",
            Some((StateMismatch, F::RestartSignIn)),
        ),
        (
            "google-org-internal-app",
            Some((OauthError, F::ContactSiteOwner)),
        ),
        (
            "entra-admin-consent-required",
            Some((OauthError, F::AskAdminConsent)),
        ),
        (
            "github-redirect-uri-mismatch",
            Some((RedirectUriMismatch, F::RegisterRedirectUri)),
        ),
        ("google-access-denied", Some((OauthError, F::RestartSignIn))),
        (
            "google-redirect-uri-mismatch",
            Some((RedirectUriMismatch, F::RegisterRedirectUri)),
        ),
        (
            "keycloak-invalid-redirect-uri",
            Some((RedirectUriMismatch, F::RegisterRedirectUri)),
        ),
        (
            "loop-host-prefix-with-domain",
            Some((CookieRejected, F::FixCookieAttributes)),
        ),
        (
            "loop-samesite-none-without-secure",
            Some((CookieRejected, F::FixCookieAttributes)),
        ),
        (
            "loop-session-not-kept-by-the-app",
            Some((LoginLoop, F::ClearSiteCookies)),
        ),
        (
            "saml-assertion-expired-idp-clock",
            Some((ClockSkew, F::FixServerConfig)),
        ),
        (
            "shibboleth-encrypted-assertion-message-expired",
            Some((ClockSkew, F::FixServerConfig)),
        ),
        (
            "saml-keycloak-authnfailed",
            Some((SamlError, F::RestartSignIn)),
        ),
        (
            "saml-keycloak-consent-denied",
            Some((SamlError, F::RestartSignIn)),
        ),
        (
            "saml-shibboleth-noauthncontext",
            Some((SamlError, F::FixServerConfig)),
        ),
        (
            "silent-renew-third-party-blocked",
            Some((ThirdPartyCookiesBlocked, F::AllowThirdPartyCookies)),
        ),
        (
            "silent-renew-setting-blocks-third-party-cookies",
            Some((ThirdPartyCookiesBlocked, F::AllowThirdPartyCookies)),
        ),
        // A return address the provider does not know: its own page, or its answer, says so.
        (
            "auth0-callback-url-mismatch",
            Some((RedirectUriMismatch, F::RegisterRedirectUri)),
        ),
        (
            "auth0-custom-error-page-callback-mismatch",
            Some((RedirectUriMismatch, F::RegisterRedirectUri)),
        ),
        (
            "cognito-redirect-mismatch",
            Some((RedirectUriMismatch, F::RegisterRedirectUri)),
        ),
        (
            "entra-aadsts50011-reply-url",
            Some((RedirectUriMismatch, F::RegisterRedirectUri)),
        ),
        (
            "facebook-url-blocked",
            Some((RedirectUriMismatch, F::RegisterRedirectUri)),
        ),
        (
            "gitlab-redirect-uri-invalid",
            Some((RedirectUriMismatch, F::RegisterRedirectUri)),
        ),
        (
            "microsoft-account-redirect-uri-invalid",
            Some((RedirectUriMismatch, F::RegisterRedirectUri)),
        ),
        (
            "okta-redirect-uri-not-registered",
            Some((RedirectUriMismatch, F::RegisterRedirectUri)),
        ),
        (
            "salesforce-redirect-uri-mismatch",
            Some((RedirectUriMismatch, F::RegisterRedirectUri)),
        ),
        (
            "slack-redirect-uri-not-configured",
            Some((RedirectUriMismatch, F::RegisterRedirectUri)),
        ),
        // The provider refused the app or the visitor, on its page or in its answer.
        (
            "entra-aadsts50105-user-not-assigned",
            Some((OauthError, F::AskAdminConsent)),
        ),
        (
            "entra-aadsts50020-guest-not-in-tenant",
            Some((OauthError, F::AskAdminConsent)),
        ),
        (
            "entra-aadsts700016-unknown-app",
            Some((OauthError, F::ContactSiteOwner)),
        ),
        ("github-user-cancels", Some((OauthError, F::RestartSignIn))),
        ("apple-user-cancelled", Some((OauthError, F::RestartSignIn))),
        (
            "google-access-blocked-unverified-app",
            Some((OauthError, F::ContactSiteOwner)),
        ),
        (
            "google-invalid-client",
            Some((OauthError, F::ContactSiteOwner)),
        ),
        (
            "keycloak-client-not-found",
            Some((OauthError, F::ContactSiteOwner)),
        ),
        (
            "keycloak-login-page-left-open",
            Some((OauthError, F::RestartSignIn)),
        ),
        (
            "okta-invalid-scope",
            Some((OauthError, F::ContactSiteOwner)),
        ),
        (
            "okta-user-not-assigned",
            Some((OauthError, F::AskAdminConsent)),
        ),
        (
            "okta-unsupported-response-type",
            Some((OauthError, F::ContactSiteOwner)),
        ),
        // The app refused the provider's answer.
        (
            "authjs-apple-state-cookie-lax",
            Some((StateMismatch, F::RestartSignIn)),
        ),
        (
            "flask-authlib-callback-on-other-host",
            Some((StateMismatch, F::RestartSignIn)),
        ),
        (
            "oauth2-proxy-csrf-cookie-expired",
            Some((StateMismatch, F::RestartSignIn)),
        ),
        (
            "owin-nonce-cookie-other-host",
            Some((StateMismatch, F::RestartSignIn)),
        ),
        (
            "passport-state-lost-after-restart",
            Some((StateMismatch, F::RestartSignIn)),
        ),
        (
            "spring-authorization-request-not-found",
            Some((StateMismatch, F::RestartSignIn)),
        ),
        // Cookies refused or kept back, sessions that ended.
        (
            "aspnetcore-fetch-redirected-to-account-login",
            Some((SessionExpired, F::ClearSiteCookies)),
        ),
        (
            "cloudflare-access-samesite-strict-loop",
            Some((LoginLoop, F::FixCookieAttributes)),
        ),
        (
            "cookie-domain-other-domain",
            Some((CookieRejected, F::FixCookieAttributes)),
        ),
        (
            "cookie-domain-public-suffix",
            Some((CookieRejected, F::FixCookieAttributes)),
        ),
        (
            "cookie-expires-computed-at-startup",
            Some((CookieRejected, F::FixCookieAttributes)),
        ),
        (
            "devise-fetch-redirected-to-sign-in",
            Some((SessionExpired, F::ClearSiteCookies)),
        ),
        (
            "django-session-cookie-secure-on-http",
            Some((CookieRejected, F::UseHttps)),
        ),
        (
            "form-post-after-two-minutes-samesite-unset",
            Some((StateMismatch, F::RestartSignIn)),
        ),
        (
            "grafana-embedded-third-party-cookies-blocked",
            Some((ThirdPartyCookiesBlocked, F::AllowThirdPartyCookies)),
        ),
        (
            "laravel-fetch-redirected-to-login",
            Some((SessionExpired, F::ClearSiteCookies)),
        ),
        (
            "nextjs-secure-cookie-over-plain-http",
            Some((CookieRejected, F::UseHttps)),
        ),
        (
            "oauth2-proxy-session-cookie-over-4kb",
            Some((CookieRejected, F::FixCookieAttributes)),
        ),
        (
            "silent-check-sso-third-party-cookies-blocked",
            Some((ThirdPartyCookiesBlocked, F::AllowThirdPartyCookies)),
        ),
        (
            "silent-renew-provider-cookie-set-earlier",
            Some((ThirdPartyCookiesBlocked, F::AllowThirdPartyCookies)),
        ),
        (
            "spring-fetch-redirected-to-login",
            Some((SessionExpired, F::ClearSiteCookies)),
        ),
        (
            "ui-on-127-api-on-localhost",
            Some((CookieRejected, F::FixCookieAttributes)),
        ),
        (
            "wordpress-login-redirects-to-itself-behind-proxy",
            Some((LoginLoop, F::FixServerConfig)),
        ),
    ]
};

/// What a failing flow gives when no page's words can be read (Chrome shows the extension no
/// body of a script's request, nor of a page that is not an error): its first failure's cause,
/// or `None` when nothing else in the trail shows it. A healthy flow stays healthy either way.
const WITHOUT_BODY: &[(&str, Option<CauseId>)] = {
    use CauseId::*;
    &[
        ("api-call-answered-by-sign-in-page", Some(SessionExpired)),
        (
            "aspnet-correlation-failed-samesite-lax",
            Some(StateMismatch),
        ),
        (
            "aspnet-correlation-failed-samesite-none-insecure",
            Some(StateMismatch),
        ),
        (
            "spring-saml2-session-lost-after-slow-mfa",
            Some(StateMismatch),
        ),
        ("auth0-callback-url-mismatch", Some(RedirectUriMismatch)),
        (
            "auth0-custom-error-page-callback-mismatch",
            Some(RedirectUriMismatch),
        ),
        ("authjs-apple-state-cookie-lax", Some(StateMismatch)),
        ("cognito-redirect-mismatch", Some(RedirectUriMismatch)),
        ("cookie-expired-on-arrival", Some(ClockSkew)),
        ("entra-aadsts50011-reply-url", None),
        ("entra-aadsts50105-user-not-assigned", None),
        ("entra-aadsts50020-guest-not-in-tenant", None),
        // Encrypted: only the service provider's words say it was the time.
        ("shibboleth-encrypted-assertion-message-expired", None),
        ("entra-aadsts700016-unknown-app", None),
        ("entra-admin-consent-required", Some(OauthError)),
        ("facebook-url-blocked", None),
        ("flask-authlib-callback-on-other-host", Some(StateMismatch)),
        ("github-redirect-uri-mismatch", Some(RedirectUriMismatch)),
        ("github-user-cancels", Some(OauthError)),
        ("apple-user-cancelled", Some(OauthError)),
        ("gitlab-redirect-uri-invalid", Some(RedirectUriMismatch)),
        ("google-access-blocked-unverified-app", Some(OauthError)),
        ("google-access-denied", Some(OauthError)),
        ("google-invalid-client", Some(OauthError)),
        ("google-redirect-uri-mismatch", Some(RedirectUriMismatch)),
        // Unread, Keycloak's 400 reads as the likeliest cause of one, a return address.
        ("keycloak-client-not-found", Some(RedirectUriMismatch)),
        ("keycloak-invalid-redirect-uri", Some(RedirectUriMismatch)),
        ("keycloak-login-page-left-open", Some(OauthError)),
        ("loop-host-prefix-with-domain", Some(CookieRejected)),
        ("loop-samesite-none-without-secure", Some(CookieRejected)),
        ("loop-session-not-kept-by-the-app", Some(LoginLoop)),
        (
            "microsoft-account-redirect-uri-invalid",
            Some(RedirectUriMismatch),
        ),
        ("oauth2-proxy-csrf-cookie-expired", None),
        ("okta-invalid-scope", Some(OauthError)),
        (
            "okta-redirect-uri-not-registered",
            Some(RedirectUriMismatch),
        ),
        ("okta-user-not-assigned", Some(OauthError)),
        ("okta-unsupported-response-type", Some(OauthError)),
        ("owin-nonce-cookie-other-host", Some(StateMismatch)),
        ("passport-state-lost-after-restart", None),
        (
            "salesforce-redirect-uri-mismatch",
            Some(RedirectUriMismatch),
        ),
        // Auth0's web_message answer is in its page's script.
        ("silent-renew-third-party-blocked", None),
        ("slack-redirect-uri-not-configured", None),
        ("spring-authorization-request-not-found", None),
    ]
};

/// Reads `fixtures/<name>.flow`.
pub(crate) fn load(name: &str) -> Flow {
    let path = format!("{DIR}/{name}.flow");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Reads a flow written in the fixture format.
pub(crate) fn parse(text: &str) -> Result<Flow, String> {
    let mut parts = text.split("\n=== hop\n");
    let head = parts.next().unwrap_or_default();
    let mut flow = Flow::default();
    for line in head.lines() {
        if let Some((key, value)) = setting(line) {
            match key {
                "thirdPartyCookiesBlocked" => {
                    flow.third_party_cookies_blocked = Some(value == "true")
                }
                other => return Err(format!("unknown flow setting {other}")),
            }
        }
    }
    for (i, part) in parts.enumerate() {
        flow.hops
            .push(hop(part, i).map_err(|e| format!("hop {i}: {e}"))?);
    }
    if flow.hops.is_empty() {
        return Err("no `=== hop`".into());
    }
    Ok(flow)
}

/// `#! key: value`.
fn setting(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.strip_prefix("#!")?.split_once(':')?;
    Some((key.trim(), value.trim()))
}

fn hop(text: &str, index: usize) -> Result<Hop, String> {
    let mut hop = Hop::default();
    // The hop's own settings are taken out; the exchange's go on to its parser.
    let mut exchange = String::new();
    for line in text.split_inclusive('\n') {
        let Some((key, value)) = setting(line) else {
            exchange.push_str(line);
            continue;
        };
        match key {
            "frameId" => hop.frame_id = Some(value.parse().map_err(|_| "bad frameId")?),
            "parentFrameId" => {
                hop.parent_frame_id = Some(value.parse().map_err(|_| "bad parentFrameId")?)
            }
            "redirectUrl" => hop.redirect_url = Some(value.into()),
            "error" => hop.error = Some(value.into()),
            "form" => hop.form_data = Some(form_fields(value)),
            "storedCookies" => {
                hop.stored_cookies = Some(
                    value
                        .split(',')
                        .filter(|c| !c.trim().is_empty())
                        .map(|c| {
                            let (name, same_site) = c.trim().split_once(':').unwrap_or((c, ""));
                            StoredCookie {
                                name: name.trim().into(),
                                same_site: Some(same_site.trim().to_owned())
                                    .filter(|s| !s.is_empty()),
                            }
                        })
                        .collect(),
                )
            }
            _ => exchange.push_str(line),
        }
    }
    let timed = exchange
        .lines()
        .any(|l| setting(l).is_some_and(|(k, _)| k == "timeStamp"));
    hop.event = parse_exchange(&exchange)?;
    if !timed {
        hop.event.time_stamp = hop.event.time_stamp.map(|t| t + 10.0 * index as f64);
    }
    if hop.redirect_url.is_none() && (300..400).contains(&hop.event.status_code) {
        hop.redirect_url = hop
            .event
            .response_header_values("location")
            .next()
            .map(|l| resolve(&hop.event.url, l));
    }
    Ok(hop)
}

/// Every fixture's name.
pub(crate) fn names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(DIR)
        .map(|dir| {
            dir.map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .filter_map(|n| n.strip_suffix(".flow").map(String::from))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn judged(name: &str) -> FlowDiagnosis {
    diagnose_flow(&load(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn every_flow_gives_its_verdict() {
    let mut wrong = Vec::new();
    for &(name, want) in CASES {
        let d = judged(name);
        let got = d.failures.first().map(|f| (f.cause, first_fix(&d)));
        let ok = match want {
            Some((cause, fix)) => got == Some((cause, Some(fix))),
            None => got.is_none(),
        };
        if !ok {
            let all: Vec<String> = d
                .failures
                .iter()
                .map(|f| format!("{} {} {:?}", f.cause, f.confidence, f.hops))
                .collect();
            wrong.push(format!("{name}: want {want:?}, got {all:?}"));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn every_flow_without_the_words_of_its_pages() {
    let mut wrong = Vec::new();
    for (name, _) in WITHOUT_BODY {
        if !CASES.iter().any(|(n, _)| n == name) {
            wrong.push(format!("{name}: no such case"));
        }
    }
    for &(name, want) in CASES {
        let mut flow = load(name);
        let read = diagnose_flow(&flow).unwrap();
        for hop in &mut flow.hops {
            hop.event.body_text = None;
        }
        let d = diagnose_flow(&flow).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = d.failures.first();
        if want.is_none() && got.is_some() {
            wrong.push(format!(
                "{name}: healthy, but without its pages' words {got:?}"
            ));
        }
        if let Some(&(_, unread)) = WITHOUT_BODY.iter().find(|(n, _)| *n == name)
            && got.map(|f| f.cause) != unread
        {
            wrong.push(format!("{name}: want {unread:?} unread, got {got:?}"));
        }
        // Without the words, never surer of the same cause.
        if let (Some(g), Some(r)) = (got, read.failures.first())
            && g.cause == r.cause
            && g.confidence > r.confidence
        {
            wrong.push(format!(
                "{name}: surer unread ({} > {})",
                g.confidence, r.confidence
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

/// Query, fragment and form values the extension keeps in a hop (docs/flows.md, "In the
/// extension"); every other value goes before the core sees the hop.
const KEPT: &[&str] = &[
    "error",
    "error_description",
    "error_uri",
    "SAMLResponse",
    "SAMLRequest",
    "client_id",
    "redirect_uri",
    "response_type",
    "response_mode",
    "prompt",
    "scope",
];

/// `flow` as the extension keeps it: values of other parameters removed, cookie values gone
/// (`Set-Cookie` keeps the value's length as filler).
fn as_kept(mut flow: Flow) -> Flow {
    fn url(u: &str) -> String {
        let mut out = String::new();
        let mut rest = u;
        while let Some(at) = rest.find(['?', '#']) {
            out.push_str(&rest[..=at]);
            rest = &rest[at + 1..];
            let end = rest.find('#').unwrap_or(rest.len());
            let pairs: Vec<String> = rest[..end]
                .split('&')
                .map(|p| match p.split_once('=') {
                    Some((n, v)) if KEPT.contains(&n) => format!("{n}={v}"),
                    Some((n, _)) => format!("{n}="),
                    None => p.to_owned(),
                })
                .collect();
            out.push_str(&pairs.join("&"));
            rest = &rest[end..];
        }
        out + rest
    }
    for hop in &mut flow.hops {
        hop.event.url = url(&hop.event.url);
        hop.redirect_url = hop.redirect_url.as_deref().map(url);
        for (name, values) in hop.form_data.iter_mut().flatten() {
            if !KEPT.contains(&name.as_str()) {
                values.iter_mut().for_each(String::clear);
            }
        }
        for h in hop.event.request_headers.iter_mut().flatten() {
            if h.name.eq_ignore_ascii_case("cookie") {
                let names: Vec<String> = h
                    .value
                    .as_deref()
                    .unwrap_or_default()
                    .split(';')
                    .filter(|c| !c.trim().is_empty())
                    .map(|c| format!("{}=", c.split('=').next().unwrap_or_default().trim()))
                    .collect();
                h.value = Some(names.join("; "));
            }
        }
        for h in &mut hop.event.response_headers {
            if h.name.eq_ignore_ascii_case("set-cookie") {
                let line = h.value.as_deref().unwrap_or_default();
                let (pair, attributes) = line.split_once(';').unwrap_or((line, ""));
                let (name, value) = pair.split_once('=').unwrap_or(("", pair));
                let filler = "x".repeat(value.trim().len());
                let rest = if attributes.is_empty() {
                    String::new()
                } else {
                    format!(";{attributes}")
                };
                h.value = Some(format!("{name}={filler}{rest}"));
            }
        }
    }
    flow
}

#[test]
fn every_flow_gives_its_verdict_as_the_extension_keeps_it() {
    let mut wrong = Vec::new();
    for &(name, want) in CASES {
        let d = diagnose_flow(&as_kept(load(name))).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = d.failures.first().map(|f| (f.cause, first_fix(&d)));
        let ok = match want {
            Some((cause, fix)) => got == Some((cause, Some(fix))),
            None => got.is_none(),
        };
        if !ok {
            wrong.push(format!("{name}: want {want:?}, got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn every_flow_is_in_the_table_and_says_where_it_comes_from() {
    for name in names() {
        assert!(
            CASES.iter().any(|(n, _)| *n == name),
            "{name}.flow has no case"
        );
        let text = std::fs::read_to_string(format!("{DIR}/{name}.flow")).unwrap();
        assert!(
            text.lines().any(|l| l.starts_with("# Source: ")),
            "{name}.flow does not say where it comes from"
        );
    }
    for (name, _) in CASES {
        assert!(names().iter().any(|n| n == name), "no fixture {name}.flow");
    }
}

#[test]
fn every_flow_cause_is_proven_and_healthy_flows_outnumber_none() {
    for &cause in super::CAUSES {
        assert!(
            CASES
                .iter()
                .any(|(_, w)| w.is_some_and(|(c, _)| c == cause)),
            "no flow fixture gives {cause}"
        );
    }
    let healthy = CASES.iter().filter(|(_, w)| w.is_none()).count();
    assert!(healthy >= 8, "only {healthy} healthy flows");
}

/// Query and form fields that are public by design: what the app asks for, and the
/// provider's error; every other value is treated as a secret.
const PUBLIC: &[&str] = &[
    "client_id",
    "redirect_uri",
    "response_type",
    "response_mode",
    "scope",
    "prompt",
    "error",
    "error_description",
    "error_uri",
    // Shibboleth SP's errorURL: the identity provider's status, for the error page to show.
    "errorType",
    "errorText",
    "statusCode",
    "statusCode2",
    "statusMessage",
    "post_logout_redirect_uri",
    "logout_uri",
    "returnUrl",
    "ReturnUrl",
    "redirect_to",
    "next",
    "iss",
    "authuser",
    "expired",
];

/// What each hop carried that must never come out: cookie values (sent and set), query and
/// fragment values, form values, credentials.
fn planted(flow: &Flow) -> Vec<String> {
    let mut secrets: Vec<String> = Vec::new();
    let values = |secrets: &mut Vec<String>, text: &str, separators: &[char]| {
        for pair in text.split(separators) {
            if let Some((name, v)) = pair.split_once('=')
                && !PUBLIC.contains(&name.trim())
            {
                secrets.push(decode(v.trim(), true));
            }
        }
    };
    for hop in &flow.hops {
        for url in std::iter::once(&hop.event.url).chain(&hop.redirect_url) {
            if let Some((_, rest)) = url.split_once(['?', '#']) {
                values(&mut secrets, rest, &['&', '#', '?']);
            }
        }
        for h in hop.event.request_headers.iter().flatten() {
            let value = h.value.as_deref().unwrap_or_default();
            match h.name.to_ascii_lowercase().as_str() {
                "cookie" => values(&mut secrets, value, &[';']),
                "authorization" => secrets.extend(value.split(' ').nth(1).map(String::from)),
                _ => {}
            }
        }
        for value in hop.event.response_header_values("set-cookie") {
            values(
                &mut secrets,
                value.split(';').next().unwrap_or_default(),
                &[';'],
            );
        }
        for (name, vs) in hop.form_data.iter().flatten() {
            if !PUBLIC.contains(&name.as_str()) {
                secrets.extend(vs.iter().cloned());
            }
        }
    }
    // Protocol words and codes a diagnosis names on purpose are not secrets, nor is the address
    // of a site the browser went to (SimpleSAMLphp's RelayState is the page to return to,
    // Shibboleth's errorURL names the identity provider's entityID).
    secrets.retain(|s| s.len() >= 8 && !s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
    secrets.retain(|s| {
        !flow
            .hops
            .iter()
            .any(|h| h.event.url.starts_with(s.as_str()))
    });
    secrets
}

#[test]
fn no_flow_diagnosis_holds_a_secret_of_its_hops() {
    for &(name, _) in CASES {
        let flow = load(name);
        let json = serde_json::to_string(&judged(name)).unwrap();
        for secret in planted(&flow) {
            assert!(!json.contains(&secret), "{name}: {secret:?} in {json}");
        }
    }
}

#[test]
fn the_format_reads_settings_forms_and_locations() {
    let flow = parse(
        "# A flow\n# Source: test\n#! thirdPartyCookiesBlocked: true\n=== hop\n#! type: main_frame\nGET https://app.example/start\n\nHTTP/1.1 302 Found\nLocation: /callback?code=abc\nDate: Mon, 26 Feb 2024 10:00:00 GMT\n\n=== hop\n#! type: sub_frame\n#! frameId: 3\n#! form: SAMLResponse=PHg%2B&RelayState=a+b\n#! storedCookies: sid:no_restriction, pref:lax\nPOST https://sp.example/acs\n\nHTTP/1.1 200 OK\nDate: Mon, 26 Feb 2024 10:00:00 GMT\n\nbody\n",
    )
    .unwrap();
    assert_eq!(flow.third_party_cookies_blocked, Some(true));
    assert_eq!(
        flow.hops[0].redirect_url.as_deref(),
        Some("https://app.example/callback?code=abc")
    );
    let second = &flow.hops[1];
    assert_eq!(second.frame_id, Some(3));
    assert_eq!(
        second.form_data.as_deref(),
        Some(
            &[
                ("SAMLResponse".to_owned(), vec!["PHg+".to_owned()]),
                ("RelayState".to_owned(), vec!["a b".to_owned()]),
            ][..]
        )
    );
    assert_eq!(second.stored_cookies.as_ref().map(Vec::len), Some(2));
    assert!(second.event.time_stamp > flow.hops[0].event.time_stamp);
    assert_eq!(
        flow.hops[0].redirect_url.as_deref(),
        Some("https://app.example/callback?code=abc")
    );
}

#[test]
fn no_flow_asks_the_visitor_to_refresh_a_token() {
    for &(name, _) in CASES {
        for f in judged(name).failures {
            assert!(
                f.fixes.iter().all(|x| x.id != FixId::RefreshToken),
                "{name}: {} offers refresh-token",
                f.cause
            );
        }
    }
}

#[test]
fn a_redirect_known_only_by_its_location_header_is_judged_the_same() {
    for &(name, _) in CASES {
        let mut flow = load(name);
        let want = verdict(&diagnose_flow(&flow).unwrap());
        for hop in &mut flow.hops {
            if hop
                .event
                .response_header_values("location")
                .next()
                .is_some()
            {
                hop.redirect_url = None;
            }
        }
        assert_eq!(verdict(&diagnose_flow(&flow).unwrap()), want, "{name}");
    }
}

/// The first failure's cause and first fix.
fn verdict(d: &FlowDiagnosis) -> Option<(CauseId, Option<FixId>)> {
    d.failures.first().map(|f| (f.cause, first_fix(d)))
}

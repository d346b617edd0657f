//! Sign-in gateways stand in front of applications and keep a sign-in session of their own
//! (identity-aware proxies and SSO gateways: Cloudflare Access, Google IAP, oauth2-proxy,
//! Pomerium, Authelia, Vouch, Azure App Service authentication, AWS load balancers with OIDC,
//! and sign-in services such as Ory whose session the app checks). When that session is missing
//! or over, a browser's page is redirected to sign in, but a script's request cannot follow
//! (CORS, the provider's pages), so the gateway answers it itself: 401 (IAP, Access with
//! `X-Requested-With`, oauth2-proxy for JSON, Pomerium, Authelia with the portal in
//! `Location`, App Service authentication, the load balancer with `deny`) or its sign-in page
//! with 403 (oauth2-proxy). Signing in again renews it; the visitor's password is not at issue.
//!
//! The gateway is known by what it sends or keeps: its cookie, its header, its page, its
//! server, its challenge. A gateway's cookie alone is weaker: the app behind may refuse a
//! signed-in visitor for its own reasons, hence only on a 401 and below a specific cause.

use super::prelude::*;

/// Cookie name (its start, as some gateways split large cookies into `…_0`, `…-1`) → gateway.
const COOKIES: &[(&str, &str)] = &[
    ("_oauth2_proxy", "oauth2-proxy"),
    ("_pomerium", "Pomerium"),
    ("authelia_session", "Authelia"),
    ("VouchCookie", "Vouch Proxy"),
    ("CF_Authorization", "Cloudflare Access"),
    ("GCP_IAP_UID", "Google IAP"),
    ("__Host-GCP_IAP_AUTH_TOKEN", "Google IAP"),
    ("AppServiceAuthSession", "App Service authentication"),
    (
        "AWSELBAuthSessionCookie",
        "AWS load balancer authentication",
    ),
    ("authentik_proxy", "authentik"),
    ("_forward_auth", "traefik-forward-auth"),
    ("ory_kratos_session", "Ory"),
    ("ory_session_", "Ory"),
];

/// Response header → gateway, on the answers the gateway makes itself.
const HEADERS: &[(&str, &str)] = &[
    ("x-goog-iap-generated-response", "Google IAP"),
    ("x-vouch-error", "Vouch Proxy"),
];

/// Words of a gateway's own page → gateway.
const PAGES: &[(&str, &str)] = &[
    (
        "Secured with <a href=\"https://github.com/oauth2-proxy",
        "oauth2-proxy",
    ),
    ("Invalid IAP credentials", "Google IAP"),
];

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    // A token sent by a program (IAP's programmatic access, an API client) is what the gateway
    // judged: the token rules explain its refusal.
    if !matches!(f.status, 401 | 403) || f.token_sent() {
        return;
    }
    let cookie = COOKIES.iter().find_map(|&(prefix, gateway)| {
        f.cookie_names
            .iter()
            .any(|n| {
                n.get(..prefix.len())
                    .is_some_and(|start| same(start, prefix))
            })
            .then_some(gateway)
    });
    // IAP's own 403 refuses a signed-in account IAM does not allow: a permission, not a session.
    let header = HEADERS
        .iter()
        .find(|(h, _)| f.status == 401 && f.response(h).is_some())
        .map(|&(_, g)| g);
    let page = PAGES
        .iter()
        .find(|(m, _)| f.says(&[*m]).is_some())
        .map(|&(_, g)| g);
    let own = header
        .or(page)
        .or_else(|| load_balancer(f))
        .or_else(|| app_service(f));
    let location = sign_in_location(f);
    let (confidence, gateway) = match (own.or(cookie), location) {
        (Some(g), _) if own.is_some() => (0.9, Some(g)),
        (_, Some(_)) => (0.88, cookie),
        (Some(g), None) if f.status == 401 => (0.8, Some(g)),
        _ => return,
    };
    let mut notes = Notes::default();
    notes.add(gateway.map(|g| note1(EvidenceId::SignInGateway, Arg::Known(g))));
    notes.add(location.map(|l| note1(EvidenceId::SignInLocation, Arg::Text(l))));
    notes.push(f.status_note());
    notes.push(f.cookie_note());
    out.add(CauseId::SessionExpired, confidence, notes)
        .lead(FixId::SignInAgain);
}

/// An Application Load Balancer answers 401 only for its own OIDC/Cognito authentication
/// (`OnUnauthenticatedRequest: deny`); every other 401 comes from the targets behind it.
fn load_balancer(f: &Facts) -> Option<&'static str> {
    (f.status == 401 && f.server_is("awselb")).then_some("AWS load balancer authentication")
}

/// App Service authentication challenges with the app's own host as its realm and the tenant's
/// sign-in endpoint as `authorization_uri`; an API of Microsoft's own names another realm.
fn app_service(f: &Facts) -> Option<&'static str> {
    let bearer = f.bearer()?;
    let host = f.url?.host;
    (bearer.realm().is_some_and(|r| same(r, host)) && bearer.param("authorization_uri").is_some())
        .then_some("App Service authentication")
}

/// A 401 that tells where to sign in, in `Location` (Authelia to a script's request), without
/// the query: it holds the address to return to.
fn sign_in_location<'f>(f: &'f Facts) -> Option<&'f str> {
    let location = f.response("location").filter(|_| f.status == 401)?.trim();
    let bare = location.split(['?', '#']).next().unwrap_or_default();
    (bare.starts_with("https://") || bare.starts_with("http://")).then_some(bare)
}

#[cfg(test)]
mod tests {
    use crate::diagnosis::fixtures::load;
    use crate::diagnosis::{CauseId, EvidenceId, FixId, diagnose};
    use crate::event::Header;

    #[test]
    fn a_gateways_cookie_alone_does_not_make_the_apps_own_refusals_a_session() {
        // oauth2-proxy let the signed-in visitor through; the app behind refused a permission.
        let mut e = load("oauth2-proxy-ajax-session-expired");
        e.status_code = 403;
        e.body_text =
            Some(r#"{"detail":"You do not have permission to perform this action."}"#.into());
        assert_eq!(diagnose(&e).unwrap().cause.id, CauseId::Forbidden);
        // The same cookie on a 401 is the gateway's session, second to what the app says.
        e.status_code = 401;
        e.body_text = Some("{}".into());
        let d = diagnose(&e).unwrap();
        assert_eq!(
            (d.cause.id, d.fixes[0].id),
            (CauseId::SessionExpired, FixId::SignInAgain)
        );
        assert_eq!(
            d.cause.args_of(EvidenceId::SignInGateway),
            Some(&["oauth2-proxy".to_owned()][..])
        );
    }

    #[test]
    fn iap_refusing_a_signed_in_account_is_a_permission_and_a_programs_token_is_a_token() {
        let mut e = load("google-iap-ajax-expired");
        e.status_code = 403;
        e.body_text = Some("You don't have access".into());
        assert_eq!(diagnose(&e).unwrap().cause.id, CauseId::Forbidden);
        let d = diagnose(&load("google-iap-programmatic-wrong-audience")).unwrap();
        assert_eq!(d.cause.id, CauseId::TokenInvalid);
        assert!(
            !d.alternatives
                .iter()
                .any(|c| c.id == CauseId::SessionExpired),
            "{d:?}"
        );
    }

    #[test]
    fn a_401_naming_where_to_sign_in_keeps_no_query_and_a_relative_one_says_nothing() {
        let e = load("authelia-xhr-unauthorized");
        let d = diagnose(&e).unwrap();
        assert_eq!(
            d.cause.args_of(EvidenceId::SignInLocation),
            Some(&["https://auth.home.example.org/".to_owned()][..])
        );
        let mut relative = e.clone();
        relative.request_headers = Some(Vec::new());
        relative
            .response_headers
            .retain(|h| !h.name.eq_ignore_ascii_case("location"));
        relative
            .response_headers
            .push(Header::new("Location", "/login?rd=%2Fapi"));
        let d = diagnose(&relative).unwrap();
        assert!(
            d.cause.args_of(EvidenceId::SignInLocation).is_none(),
            "{d:?}"
        );
        assert_ne!(d.fixes[0].id, FixId::SignInAgain, "{d:?}");
    }
}

//! A script's request answered by the sign-in page: a fetch or XHR was redirected to the
//! sign-in page (or straight to the identity provider, OAuth or SAML) instead of getting its
//! data. The page's script then fails in ways that say nothing about signing in (a JSON parse
//! error, a CORS error for a provider on another site).
//!
//! What the request carried says why. With the site's sign-in cookie, the session behind it
//! has ended (`session-expired`). Many frameworks give every visitor a session cookie (PHP,
//! Java, Rails, Laravel, Express): one of those says someone signed in only when the trail
//! shows them signing in on that site; without it, it is an alternative at most. Without the
//! sign-in cookie the browser was seen keeping for it, the request went without credentials
//! (`credentials-missing`): a browser rule kept it back (`SameSite`, third-party blocking), or
//! the script sent the request without cookies (a `fetch` to another origin without
//! `credentials: 'include'`), also when the site answered 401 instead of redirecting. A
//! visitor without any such cookie is simply not signed in: no failure.
//!
//! A plain-http request sent to another site's sign-in page, outside any sign-in protocol, is a
//! network's captive portal taking over the connection (it cannot over https), not the site.

use super::prelude::*;
use crate::diagnosis::CookieReason;
use crate::diagnosis::flow::trail::{issued_to_anyone, session_cookie, sign_in_path};
use crate::url::registrable_domain;

#[inline(never)]
pub(super) fn rule<'t>(t: &'t Trail, out: &mut Proposals<'t>) {
    // The sites the visitor signed in to so far along the trail.
    let mut signed_in: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for h in &t.hops {
        if h.completes_sign_in() {
            signed_in.extend(h.host().map(registrable_domain));
        }
        if h.frame != Frame::Script {
            continue;
        }
        let Some(names) = h.sent_cookies() else {
            continue;
        };
        let sent_to_sign_in = h.redirect.filter(|_| h.is_redirect()).filter(|&target| {
            let protocol = crate::oauth::authorization_request(&target).is_some()
                || target.query_value("SAMLRequest").is_some();
            let page = t.hops.get(h.index + 1).is_some_and(|n| {
                n.kind == StepKind::SignInPage && n.url.is_some_and(|u| u.path == target.path)
            }) || sign_in_path(target.path);
            let captive = h.url.is_some_and(|u| {
                u.scheme.eq_ignore_ascii_case("http") && !crate::url::same_site(u.host, target.host)
            });
            protocol || page && !captive
        });
        let shown = sent_to_sign_in.map(|_| shown(h));
        let mut hops = vec![h.index];
        hops.extend(
            sent_to_sign_in
                .and_then(|target| {
                    t.hops.get(h.index + 1).filter(|n| {
                        n.frame == Frame::Script && n.url.is_some_and(|u| u.path == target.path)
                    })
                })
                .map(|n| n.index),
        );
        let sign_in_only = names
            .iter()
            .copied()
            .find(|n| session_cookie(n) && !issued_to_anyone(n));
        let carried = sign_in_only.or_else(|| names.iter().copied().find(|n| session_cookie(n)));
        match (shown, carried) {
            (Some(shown), Some(cookie)) => {
                let seen_signing_in = h
                    .host()
                    .is_some_and(|host| signed_in.contains(registrable_domain(host)));
                let confidence = if sign_in_only.is_some() || seen_signing_in {
                    0.85
                } else {
                    0.45
                };
                out.add(
                    CauseId::SessionExpired,
                    confidence,
                    Notes::of(&[
                        note1(EvidenceId::ScriptRedirectedToSignIn, Arg::Text(shown)),
                        note1(EvidenceId::SignInCookieSent, Arg::Text(cookie)),
                    ]),
                )
                .at(&hops);
            }
            // A request that carried credentials of another kind (a bearer token, which the
            // challenge's error code speaks of) was refused for them, not for the cookie.
            (_, None)
                if (shown.is_some() || h.facts.status == 401)
                    && !h.facts.credentials_sent()
                    && h.facts.bearer_error().is_none() =>
            {
                went_without(t, h, shown, &hops, out);
            }
            _ => {}
        }
    }
}

/// A script's request sent to sign in (`shown`: where) or answered 401 that went without the
/// sign-in cookie the trail saw the browser keep for it: why the browser or the script left it
/// out.
fn went_without<'t>(
    t: &'t Trail,
    h: &'t HopFacts,
    shown: Option<&'t str>,
    hops: &[usize],
    out: &mut Proposals<'t>,
) {
    let Some(w) = t
        .withheld
        .iter()
        .find(|w| w.at == h.index && session_cookie(w.name))
    else {
        return;
    };
    let mut notes = Notes::default();
    notes.add(shown.map(|s| note1(EvidenceId::ScriptRedirectedToSignIn, Arg::Text(s))));
    if shown.is_none() {
        notes.push(h.facts.status_note());
    }
    let (cause, lead) = match w.reason {
        Some(CookieReason::ThirdPartyBlocked) => (CauseId::ThirdPartyCookiesBlocked, None),
        Some(_) => (
            CauseId::CredentialsMissing,
            Some(FixId::FixCookieAttributes),
        ),
        None => (
            CauseId::CredentialsMissing,
            Some(FixId::FixAuthorizationHeader),
        ),
    };
    notes.push(match w.reason {
        Some(reason) => note2(
            EvidenceId::CookieWithheld,
            Arg::Text(w.name),
            Arg::Known(reason.as_str()),
        ),
        None => note1(EvidenceId::SignInCookieNotSent, Arg::Text(w.name)),
    });
    let mut at = vec![w.set_at];
    at.extend_from_slice(hops);
    let p = out.add(cause, 0.8, notes).at(&at);
    if let Some(fix) = lead {
        p.lead(fix);
    }
}

/// Where the script was sent, without its query: the raw target stops at `?`.
fn shown<'t>(h: &'t HopFacts) -> &'t str {
    let target = h.hop.redirect_url.as_deref().unwrap_or_default();
    target.split(['?', '#']).next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::super::fixtures::load;
    use super::super::super::{FlowDiagnosis, diagnose_flow, first_fix};
    use crate::diagnosis::ids::{CauseId, EvidenceId, FixId};
    use crate::event::Header;
    use crate::flow::Flow;

    fn judged(flow: &Flow) -> FlowDiagnosis {
        diagnose_flow(flow).unwrap()
    }

    fn evidence(d: &FlowDiagnosis) -> Vec<(EvidenceId, Vec<String>)> {
        d.failures[0]
            .evidence
            .iter()
            .map(|e| (e.id, e.args.clone()))
            .collect()
    }

    #[test]
    fn a_script_that_left_out_the_sign_in_cookie_sent_no_credentials() {
        let mut flow = load("fetch-to-api-origin-without-credentials");
        let d = judged(&flow);
        assert_eq!(d.failures[0].cause, CauseId::CredentialsMissing);
        assert_eq!(first_fix(&d), Some(FixId::FixAuthorizationHeader));
        assert!(evidence(&d).contains(&(
            EvidenceId::SignInCookieNotSent,
            vec!["books_session".into()]
        )));
        // Answered 401 rather than sent to the sign-in page: the same.
        let api = &mut flow.hops[2];
        api.event.status_code = 401;
        api.redirect_url = None;
        api.event.response_headers = vec![Header::new("WWW-Authenticate", "Bearer realm=\"api\"")];
        flow.hops.truncate(3);
        assert_eq!(judged(&flow).failures[0].cause, CauseId::CredentialsMissing);
        // A bearer token sent, or refused by name, is what the API judged: not the cookie.
        let mut bearer = flow.clone();
        bearer.hops[2].event.request_headers = Some(vec![Header::new(
            "Authorization",
            "Bearer eyJhbGciOiJub25lIn0.e30.",
        )]);
        assert!(judged(&bearer).failures.is_empty());
        let api = &mut flow.hops[2];
        api.event.response_headers = vec![Header::new(
            "WWW-Authenticate",
            "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The access token expired\"",
        )];
        assert!(judged(&flow).failures.is_empty());
        // With the cookie carried, the session behind it ended.
        let mut flow = load("fetch-to-api-origin-without-credentials");
        flow.hops[2].event.request_headers = Some(vec![Header::new(
            "Cookie",
            "books_session=BooksSess-Secret-01",
        )]);
        assert_eq!(judged(&flow).failures[0].cause, CauseId::SessionExpired);
        // Without any sign-in in the trail, a visitor without the cookie is not signed in.
        let mut flow = load("fetch-to-api-origin-without-credentials");
        flow.hops.remove(0);
        assert!(judged(&flow).failures.is_empty());
    }

    #[test]
    fn a_script_sent_to_a_saml_identity_provider_was_sent_to_sign_in() {
        let d = judged(&load("xhr-sent-to-saml-identity-provider"));
        assert_eq!(d.failures[0].cause, CauseId::SessionExpired);
        assert!(
            evidence(&d)
                .iter()
                .any(|(id, args)| *id == EvidenceId::ScriptRedirectedToSignIn
                    && args[0].ends_with("/idp/profile/SAML2/Redirect/SSO"))
        );
    }

    #[test]
    fn a_captive_portal_takes_over_plain_http_only() {
        let mut flow = load("captive-portal-takes-over-an-http-xhr");
        assert!(judged(&flow).failures.is_empty());
        // The same redirect of an https request to another site's sign-in page is a gateway's
        // (Cloudflare Access's team domain): the site's session ended.
        for hop in &mut flow.hops {
            hop.event.url = hop.event.url.replace("http://intranet", "https://intranet");
        }
        assert_eq!(judged(&flow).failures[0].cause, CauseId::SessionExpired);
    }
}

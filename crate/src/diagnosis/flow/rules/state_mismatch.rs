//! The app refused the provider's answer because the cookie (or server session) that ties the
//! answer to the sign-in it started did not come back. Most often a `SameSite=Lax` or
//! `Strict` cookie and a provider that posts its answer from another site
//! (`response_mode=form_post`, the SAML POST binding): browsers keep such cookies from a
//! cross-site POST. Or the answer went to another host than the one the sign-in started on
//! (`www.` and the bare domain, `localhost` and `127.0.0.1`), whose cookies do not go there; or
//! the sign-in was started in another tab, or so long ago that the cookie expired, or the
//! server lost the session it kept the state in. Frameworks say it in their own words, on the
//! callback's page or the page it redirects to; without them, a cookie missing from a callback
//! that the app then refused says it, and so does an answer sent to another host that the app
//! refused. Words an app puts in the address it redirects to (Microsoft's OWIN sample sends
//! `/?errormessage=` + the exception) never reach the core: the extension keeps only the names
//! of such parameters, and a name that starts with `error` is the refusal it shows.

use super::prelude::*;
use crate::diagnosis::CookieReason;
use crate::diagnosis::flow::trail::{LOOK_BACK, refused, tracker, work};
use crate::{cookie, oauth};

/// What apps say when the answer does not match a sign-in they started, where the browser can
/// see it (words that only reach a server's log, like Auth.js's "state cookie was missing",
/// are not here).
const MARKERS: &[&str] = &[
    // ASP.NET Core RemoteAuthenticationHandler, the OAuth handler's state check, and the OpenID
    // Connect handler's (developer exception page).
    "Correlation failed",
    "The oauth state was missing or invalid",
    "Unable to unprotect the message.State",
    // ASP.NET (OWIN) OpenID Connect: the nonce cookie did not come back (IdentityModel
    // IDX21323; IDX10311 in older versions).
    "IDX21323",
    "IDX10311",
    // Spring Security OAuth2LoginAuthenticationFilter: "[authorization_request_not_found] ",
    // shown by the default login page at /login?error.
    "authorization_request_not_found",
    // Spring Security's SAML 2.0 login (OpenSaml4AuthenticationProvider, `invalid_in_response_to`,
    // shown by the default login page at /login?error): the AuthnRequest kept in the session is
    // gone, or another one.
    "but no saved authentication request was found",
    "does not match the ID of the authentication request",
    // OneLogin's SAML toolkits (python3-saml, php-saml, ruby-saml, java-saml), in an app's error
    // page: WRONG_INRESPONSETO.
    "does not match the ID of the AuthNRequest sent by the SP",
    // Shibboleth SP (OpenSAML C++ MessageFlowRule): a response to a request it has no record of.
    "Rejecting non-correlated response to request ID",
    "Unsolicited response rejected by policy",
    // passport-oauth2's session state store (failureMessage / flash).
    "Unable to verify authorization request state",
    "Invalid authorization request state",
    // openid-client 5 (express-openid-connect): no state kept, or another one.
    "checks.state argument is missing",
    "state mismatch, expected",
    // oauth2-proxy's 403 page.
    "Unable to find a valid CSRF token",
    // mozilla-django-oidc (Django's technical 400 page in DEBUG).
    "OIDC callback state not found in session",
    // Authlib MismatchingStateError.
    "mismatching_state",
];

#[inline(never)]
pub(super) fn rule<'t>(t: &'t Trail, out: &mut Proposals<'t>) {
    let first_start = t
        .hops
        .iter()
        .position(|p| p.authorization.is_some() || p.kind == StepKind::SamlRequest);
    for h in &t.hops {
        let callback = h.response.is_some() || h.kind == StepKind::SamlResponse;
        if !callback {
            continue;
        }
        let Some(app) = h.host() else { continue };
        // Its answer, or the page it redirected to (an error page of the app's).
        let next = t
            .hops
            .get(h.index + 1)
            .filter(|n| h.is_redirect() && n.on_site(app));
        let marker = h
            .facts
            .says(MARKERS)
            .or_else(|| next.and_then(|n| n.facts.says(MARKERS)));
        // A page that starts a sign-in after the answer, unless a sign-in cookie the answer set
        // came back with the next request: the app took the answer, whatever that page's address
        // says (App Service's /.auth/login/done). Not where the page was refused or the address
        // names an error: Java and PHP apps give every visitor a session cookie, and Spring
        // starts a new one for /login?error.
        let failed = refused(h)
            || h.facts.status == 400
            || next.is_some_and(|n| {
                refused(n) || n.starts_sign_in() && t.sign_in_held(h.index) != Some(true)
            })
            || h.redirect.and_then(|r| r.query).is_some_and(|q| {
                oauth::pairs(q)
                    .any(|(n, _)| n.get(..5).is_some_and(|n| n.eq_ignore_ascii_case("error")))
            });
        // An analytics or bot-defence cookie held back ties no answer to its sign-in.
        let missing = t
            .withheld
            .iter()
            .find(|w| w.at == h.index && t.hops[w.set_at].on_site(app) && !tracker(w.name));
        // A cookie the browser refused outright never comes back: its reason, not the
        // cross-site post, is why it is missing.
        let refused_cookie = missing
            .is_none()
            .then(|| refused_before(t, h, app))
            .flatten();
        let started_at = started_elsewhere(t, h);
        let started_here = first_start.is_some_and(|i| i < h.index);
        let confidence = match (marker, missing, started_at, failed) {
            (Some(_), ..) => 0.9,
            (None, Some(_), _, true) => 0.85,
            (None, None, _, true) if refused_cookie.is_some() => 0.85,
            (None, None, Some(_), true) => 0.8,
            _ => continue,
        };
        let mut notes = Notes::default();
        notes.add(marker.map(|m| note1(EvidenceId::ServerSays, Arg::Known(m))));
        // The status that refused it: the callback's, or its error page's.
        let status = next
            .filter(|n| n.facts.status >= 400)
            .map_or(h.facts.status, |n| n.facts.status);
        notes.push(note2(
            EvidenceId::CallbackRefused,
            Arg::Text(app),
            Arg::Number(i64::from(status)),
        ));
        if let Some(w) = missing {
            let reason = w.reason.unwrap_or(CookieReason::SameSiteCrossSite);
            notes.push(note2(
                EvidenceId::CookieWithheld,
                Arg::Text(w.name),
                Arg::Known(reason.as_str()),
            ));
        }
        if let Some((_, name, reason)) = refused_cookie {
            notes.push(note2(
                EvidenceId::CookieRefused,
                Arg::Text(name),
                Arg::Known(reason.as_str()),
            ));
        }
        if let Some(start) = started_at {
            // The same host on another scheme: the origins say where they differ.
            let same_host = start.host().is_some_and(|s| s.eq_ignore_ascii_case(app));
            let place = |h: &'t HopFacts| match h.url {
                Some(u) if same_host => origin(&h.hop.event.url, u),
                _ => h.host().unwrap_or_default(),
            };
            notes.push(note2(
                EvidenceId::CallbackOnOtherHost,
                Arg::Text(place(start)),
                Arg::Text(place(h)),
            ));
        }
        let posted = h.hop.event.method.eq_ignore_ascii_case("POST") && h.cross_site;
        if posted && started_at.is_none() && refused_cookie.is_none() {
            notes.push(note(EvidenceId::CrossSitePost));
        }
        if !started_here {
            notes.push(note(EvidenceId::FlowStartedElsewhere));
        }
        let mut hops: Vec<usize> = missing
            .map(|w| w.set_at)
            .or(refused_cookie.map(|(p, ..)| p.index))
            .into_iter()
            .collect();
        hops.extend(started_at.map(|s| s.index));
        hops.push(h.index);
        hops.extend(next.map(|n| n.index));
        out.add(CauseId::StateMismatch, confidence, notes).at(&hops);
    }
}

/// The latest cookie of the app's site, set before the answer at `h` and applying to it, that
/// the browser refused and the answer went without (not a tracker's, not a third-party block):
/// the hop that set it, its name and why.
fn refused_before<'t>(
    t: &'t Trail,
    h: &HopFacts,
    app: &str,
) -> Option<(&'t HopFacts<'t>, &'t str, CookieReason)> {
    let to = h.url?;
    t.hops[..h.index]
        .iter()
        .rev()
        .take(LOOK_BACK)
        .inspect(|_| work(1))
        .filter(|p| p.on_site(app))
        .find_map(|p| {
            let at = p.url?;
            p.set_cookies.iter().find_map(|c| {
                let reason = c
                    .refused
                    .filter(|r| *r != CookieReason::ThirdPartyBlocked)?;
                let name = c.cookie.name;
                (!c.deletion
                    && !tracker(name)
                    && !h.sent(name)
                    && cookie::applies(&c.cookie, &at, &to))
                .then_some((p, name, reason))
            })
        })
}

/// `scheme://host[:port]` of `raw`, whose parts `u` are.
fn origin<'t>(raw: &'t str, u: crate::url::Url<'t>) -> &'t str {
    let end = u.scheme.len() + 3 + u.host.len() + u.port.map_or(0, |p| p.len() + 1);
    raw.get(..end).unwrap_or(u.host)
}

/// The hop that started the sign-in answered at `h`, when it was on another host than `h` and
/// set cookies there: the redirect that sent the browser to the provider.
fn started_elsewhere<'t>(t: &'t Trail, h: &HopFacts) -> Option<&'t HopFacts<'t>> {
    let request = t.request_for(h)?;
    let start = t.hops[..request.index]
        .iter()
        .rev()
        .take(LOOK_BACK)
        .inspect(|_| work(1))
        .find(|p| p.frame == request.frame)
        .filter(|p| p.is_redirect() && p.redirect.map(|r| r.host) == request.host())?;
    // Another host, or plain http after https: the start's `Secure` cookies do not go there.
    let other = match (start.url, h.url) {
        (Some(a), Some(b)) => {
            !a.host.eq_ignore_ascii_case(b.host)
                || a.scheme.eq_ignore_ascii_case("https") && b.scheme.eq_ignore_ascii_case("http")
        }
        _ => false,
    };
    (other
        && start
            .set_cookies
            .iter()
            .any(|c| !c.deletion && c.refused.is_none()))
    .then_some(start)
}

#[cfg(test)]
mod tests {
    use super::super::super::{FlowDiagnosis, diagnose_flow, fixtures::load};
    use crate::diagnosis::Evidence;
    use crate::diagnosis::ids::{CauseId, EvidenceId};
    use crate::flow::Flow;

    /// The start and the answer that `flow`'s state mismatch names as on other hosts, if it
    /// names them; `flow` must fail with a state mismatch.
    fn other_host(flow: &Flow) -> Option<Vec<String>> {
        let d = diagnose_flow(flow).unwrap();
        assert_eq!(d.failures[0].cause, CauseId::StateMismatch);
        d.failures[0]
            .evidence
            .iter()
            .find(|e| e.id == EvidenceId::CallbackOnOtherHost)
            .map(|e| e.args.clone())
    }

    /// The evidence `id` of `d`'s first failure, if it has it.
    fn evidence(d: &FlowDiagnosis, id: EvidenceId) -> Option<&Evidence> {
        d.failures[0].evidence.iter().find(|e| e.id == id)
    }

    /// `flow` as the extension records it when it reads no response bodies.
    fn unread(flow: &mut Flow) {
        for hop in &mut flow.hops {
            hop.event.body_text = None;
        }
    }

    #[test]
    fn an_answer_whose_sign_in_cookie_came_back_was_taken_whatever_page_follows() {
        let mut flow = load("azure-easy-auth-form-post-done-page");
        assert!(diagnose_flow(&flow).unwrap().failures.is_empty());
        // The done page reached without the session cookie: the sign-in did not hold, and the
        // affinity cookie kept back from the cross-site post is named.
        let done = &mut flow.hops[4].event;
        done.request_headers = Some(vec![crate::event::Header::new(
            "Cookie",
            "ARRAffinitySameSite=5b1e",
        )]);
        let d = diagnose_flow(&flow).unwrap();
        assert_eq!(d.failures[0].cause, CauseId::StateMismatch);
    }

    #[test]
    fn springs_saml_words_say_it_even_where_no_cookie_is_shown() {
        let mut flow = load("spring-saml2-session-lost-after-slow-mfa");
        let d = diagnose_flow(&flow).unwrap();
        assert_eq!(d.failures[0].cause, CauseId::StateMismatch);
        assert!(
            evidence(&d, EvidenceId::CookieWithheld).is_some_and(|e| e.args[0] == "JSESSIONID")
        );
        // A HAR saved without cookies (Chrome's default "sanitized" export): the page's words.
        for hop in &mut flow.hops {
            hop.event.request_headers = None;
            hop.event
                .response_headers
                .retain(|h| !h.name.eq_ignore_ascii_case("set-cookie"));
        }
        let d = diagnose_flow(&flow).unwrap();
        assert_eq!(d.failures[0].cause, CauseId::StateMismatch);
        assert!(evidence(&d, EvidenceId::ServerSays).is_some());
        // The words of OneLogin's toolkits (python3-saml and its kin) for the same refusal.
        let page = flow.hops[4].event.body_text.as_mut().unwrap();
        *page = page.replace(
            "The response contained an InResponseTo attribute [ARQ4f1c2e3d-5b6a-4978-8c9d-0e1f2a3b4c5d] but no saved authentication request was found",
            "The InResponseTo of the Response: ARQ4f1c2e3d, does not match the ID of the AuthNRequest sent by the SP: ONELOGIN_7f3e",
        );
        assert!(page.contains("sent by the SP"));
        let d = diagnose_flow(&flow).unwrap();
        assert_eq!(d.failures[0].cause, CauseId::StateMismatch);
    }

    #[test]
    fn a_state_cookie_refused_outright_is_named_not_the_cross_site_post() {
        let mut flow = load("aspnet-correlation-failed-samesite-none-insecure");
        for words in [true, false] {
            if !words {
                unread(&mut flow);
            }
            let d = diagnose_flow(&flow).unwrap();
            let f = &d.failures[0];
            assert_eq!(f.cause, CauseId::StateMismatch);
            let refused =
                evidence(&d, EvidenceId::CookieRefused).expect("the refused cookie is named");
            // The nonce cookie, the first of the two refused (its name's tail is the state's, so
            // it is cut).
            assert!(refused.args[0].starts_with(".AspNetCore."));
            assert_eq!(refused.args[1], "samesite-none-insecure");
            assert!(evidence(&d, EvidenceId::CrossSitePost).is_none());
            assert!(f.hops.contains(&0), "the hop that set it");
        }
        // The same cookies with Secure (and SameSite=Lax): the cross-site post is the reason.
        let lax = diagnose_flow(&load("aspnet-correlation-failed-samesite-lax")).unwrap();
        assert!(evidence(&lax, EvidenceId::CrossSitePost).is_some());
        assert!(evidence(&lax, EvidenceId::CookieRefused).is_none());
    }

    #[test]
    fn an_answer_sent_to_another_host_than_the_start_is_named_even_unread() {
        let mut flow = load("flask-authlib-callback-on-other-host");
        unread(&mut flow);
        assert_eq!(
            other_host(&flow),
            Some(vec!["127.0.0.1".into(), "localhost".into()])
        );
    }

    #[test]
    fn a_missing_cookie_matters_only_when_the_app_refused_the_answer() {
        // Auth.js's Lax state cookie kept from Apple's cross-site post, and the app going on to
        // an ordinary page whose address merely mentions errors: no refusal, no failure.
        let mut flow = load("authjs-apple-state-cookie-lax");
        let fine = "https://boards.example.com/boards?view=errors";
        flow.hops[2].redirect_url = Some(fine.into());
        flow.hops[3].event.url = fine.into();
        flow.hops[3].event.status_code = 200;
        assert!(diagnose_flow(&flow).unwrap().failures.is_empty());
    }

    #[test]
    fn an_error_named_parameter_in_the_callbacks_redirect_is_a_refusal_without_its_value() {
        // OWIN's sample redirects to /?errormessage=IDX21323…; the extension keeps the name.
        let mut flow = load("owin-nonce-cookie-other-host");
        let to = "https://contoso.com/?errormessage=";
        flow.hops[2].redirect_url = Some(to.into());
        flow.hops[3].event.url = to.into();
        unread(&mut flow);
        assert_eq!(
            other_host(&flow),
            Some(vec!["www.contoso.com".into(), "contoso.com".into()])
        );
        // A redirect to a page whose parameters say nothing of an error is no refusal.
        let fine = "https://contoso.com/?returnUrl=%2F";
        flow.hops[2].redirect_url = Some(fine.into());
        flow.hops[3].event.url = fine.into();
        assert!(diagnose_flow(&flow).unwrap().failures.is_empty());
    }

    #[test]
    fn an_answer_sent_to_plain_http_misses_the_starts_secure_cookie() {
        let flow = load("callback-on-http-after-https-start");
        assert_eq!(
            other_host(&flow),
            Some(vec![
                "https://reports.example-mfg.com".into(),
                "http://reports.example-mfg.com".into()
            ])
        );
        // The answer sent to https, as registered there: no other origin to speak of (the
        // refusal is the cookie's that did not come back).
        let mut flow = load("callback-on-http-after-https-start");
        for hop in &mut flow.hops {
            hop.event.url = hop.event.url.replace("http://reports", "https://reports");
            hop.redirect_url = hop
                .redirect_url
                .as_ref()
                .map(|r| r.replace("http://reports", "https://reports"));
        }
        assert_eq!(other_host(&flow), None);
    }

    #[test]
    fn a_tracker_held_back_from_a_refused_answer_ties_nothing() {
        // oauth2-proxy with its CSRF cookie Strict: the callback goes without it, refused.
        let mut flow = load("oauth2-proxy-csrf-cookie-strict");
        assert_eq!(
            diagnose_flow(&flow).unwrap().failures[0].cause,
            CauseId::StateMismatch
        );
        // The same refusal where only an analytics cookie was held back, the page unread.
        for hop in &mut flow.hops {
            hop.event.body_text = None;
            for h in &mut hop.event.response_headers {
                if let Some(v) = h.value.as_mut() {
                    *v = v.replace("_oauth2_proxy_csrf=", "_ga_session=");
                }
            }
        }
        assert!(diagnose_flow(&flow).unwrap().failures.is_empty());
    }
}

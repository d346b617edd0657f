//! The provider refuses the app's return address: it is not registered for the app. Most
//! providers show a page of their own instead of redirecting (RFC 6749 §4.1.2.1: "the
//! authorization server SHOULD inform the resource owner of the error and MUST NOT
//! automatically redirect"), in their own words, sometimes after a redirect to an error page of
//! theirs (Cognito's `/error?error=redirect_mismatch`). Some answer in an address instead:
//! GitHub redirects to the registered address with `error=redirect_uri_mismatch`, Microsoft
//! accounts put the reason in the fragment of their own error page, Auth0's custom error page
//! gets it in `error_description`. Without the page's words, an authorization request answered
//! with a 400 page is most often this, and only that is said, with less confidence.

use super::prelude::*;
use crate::oauth::ErrorKind;

#[inline(never)]
pub(super) fn rule<'t>(t: &'t Trail, out: &mut Proposals<'t>) {
    for (h, answer) in t.answers() {
        if answer.kind() != Some(ErrorKind::RedirectUri) {
            continue;
        }
        let code = answer.error.as_deref().unwrap_or_default();
        let shown = crate::oauth::registered(code).map_or(Arg::Text(code), Arg::Known);
        let mut notes = Notes::of(&[note1(EvidenceId::OauthErrorCode, shown)]);
        notes.add(
            answer
                .error_description
                .as_deref()
                .map(|d| note1(EvidenceId::ErrorDescription, Arg::Text(d))),
        );
        let request = t.request_for(h);
        let mut hops = vec![h.index];
        if let Some(r) = request {
            hops.push(r.index);
            notes.add(context(r));
            // Answered on the provider's own error page, not at the app.
            if r.host().is_some_and(|p| h.host() == Some(p)) {
                notes.push(note1(
                    EvidenceId::ProviderErrorPage,
                    Arg::Text(r.host().unwrap_or_default()),
                ));
            }
        }
        out.add(CauseId::RedirectUriMismatch, 0.95, notes).at(&hops);
    }
    for request in t.hops.iter().filter(|h| h.authorization.is_some()) {
        let provider = request.host().unwrap_or_default();
        let Some(page) = t.stopped_at_provider(request) else {
            continue;
        };
        let marker = page.return_address_refused();
        // A provider checks the return address before anything else (RFC 6749 §4.1.2.1): a
        // refusal after the visitor posted a step of the sign-in is about something else.
        let untouched = || {
            t.provider_pages(request)
                .take_while(|h| h.index <= page.index)
                .all(|h| h.hop.event.method.eq_ignore_ascii_case("GET"))
        };
        let confidence = match marker {
            Some(Arg::Known(_)) => 0.95,
            Some(_) => 0.9,
            // Unread, a provider's 400 for an authorization request: most often this.
            None if page.facts.status == 400 && !page.facts.body_read && untouched() => 0.6,
            None => continue,
        };
        let mut notes = Notes::of(&[note1(EvidenceId::ProviderErrorPage, Arg::Text(provider))]);
        notes.add(marker.map(|m| note1(EvidenceId::ServerSays, m)));
        if marker.is_none() {
            notes.push(note(EvidenceId::BodyUnread));
        }
        notes.add(context(request));
        out.add(CauseId::RedirectUriMismatch, confidence, notes)
            .at(&[request.index, page.index]);
    }
}

/// The return address the app asked for: what its owner has to register.
fn context<'t>(request: &'t HopFacts) -> Option<Note<'t>> {
    request
        .redirect_uri()
        .map(|r| note1(EvidenceId::RedirectUri, Arg::Text(r)))
}

#[cfg(test)]
mod tests {
    use super::super::super::{diagnose_flow, fixtures::load};
    use crate::diagnosis::ids::{CauseId, EvidenceId};

    fn evidence(name: &str) -> Vec<(EvidenceId, Vec<String>)> {
        let d = diagnose_flow(&load(name)).unwrap();
        let f = &d.failures[0];
        assert_eq!(f.cause, CauseId::RedirectUriMismatch, "{name}");
        f.evidence.iter().map(|e| (e.id, e.args.clone())).collect()
    }

    #[test]
    fn a_description_that_names_the_return_address_is_this_cause_whatever_the_code() {
        // Auth0: unauthorized_client, "Callback URL mismatch. ..." in the address.
        let e = evidence("auth0-custom-error-page-callback-mismatch");
        assert!(e.contains(&(
            EvidenceId::OauthErrorCode,
            vec!["unauthorized_client".into()]
        )));
        assert!(e.contains(&(
            EvidenceId::RedirectUri,
            vec!["http://0.0.0.0:3210/api/auth/callback/auth0".into()]
        )));
        // Microsoft account: invalid_request on its own error page's fragment.
        let e = evidence("microsoft-account-redirect-uri-invalid");
        assert!(e.contains(&(EvidenceId::ProviderErrorPage, vec!["login.live.com".into()])));
    }

    #[test]
    fn words_on_a_provider_page_the_visitor_went_on_from_are_not_the_refusal() {
        // Google's chooser page with the code in its script, and then the answer to the app.
        let mut flow = load("google-select-account-pkce");
        let chooser = flow.hops[2].event.body_text.as_mut().unwrap();
        chooser.push_str("<script>var e={\"redirect_uri_mismatch\":\"Error 400\"}</script>");
        assert!(diagnose_flow(&flow).unwrap().failures.is_empty());
        // The same words where the sign-in stopped.
        flow.hops.truncate(3);
        let d = diagnose_flow(&flow).unwrap();
        assert_eq!(d.failures[0].cause, CauseId::RedirectUriMismatch);
    }

    #[test]
    fn a_provider_wording_it_its_own_way_is_read_as_a_phrase() {
        // Words reported for LinkedIn's and Sign in with Apple's pages, and an invented one:
        // a return address near a word that refuses it.
        for (page, said) in [
            (
                "<h1>Bummer, something went wrong.</h1><p>The redirect_uri does not match the registered value</p>",
                "redirect_uri does not match",
            ),
            (
                "<div>invalid_request</div><div>Invalid web redirect url.</div>",
                "invalid web redirect url",
            ),
            (
                "<p>Sorry: this callback URL isn't whitelisted for the app</p>",
                "callback url isn't whitelisted",
            ),
        ] {
            let mut flow = load("gitlab-redirect-uri-invalid");
            let stop = flow.hops.last_mut().unwrap();
            stop.event.body_text = Some(page.into());
            let d = diagnose_flow(&flow).unwrap();
            let f = &d.failures[0];
            assert_eq!(f.cause, CauseId::RedirectUriMismatch, "{page}");
            assert!(
                f.evidence
                    .iter()
                    .any(|e| e.id == EvidenceId::ServerSays && e.args == [said]),
                "{page}: {:?}",
                f.evidence
            );
        }
        // A return address named beside words that refuse something else: not this cause.
        let mut flow = load("gitlab-redirect-uri-invalid");
        flow.hops.last_mut().unwrap().event.body_text =
            Some("<p>The redirect URI is fine.</p><p>Invalid scope requested.</p>".into());
        let d = diagnose_flow(&flow).unwrap();
        assert_ne!(
            d.failures.first().map(|f| f.cause),
            Some(CauseId::RedirectUriMismatch)
        );
    }

    #[test]
    fn the_providers_words_are_read_where_it_stopped_and_in_cognitos_address() {
        for (name, said) in [
            (
                "facebook-url-blocked",
                "This redirect failed because the redirect URI is not",
            ),
            (
                "slack-redirect-uri-not-configured",
                "redirect_uri did not match any configured URIs",
            ),
            (
                "gitlab-redirect-uri-invalid",
                "The redirect uri included is not valid",
            ),
            ("cognito-redirect-mismatch", "redirect_mismatch"),
            (
                "okta-redirect-uri-not-registered",
                "parameter must be a Login redirect URI",
            ),
        ] {
            let e = evidence(name);
            assert!(
                e.contains(&(EvidenceId::ServerSays, vec![said.into()])),
                "{name}: {e:?}"
            );
        }
    }

    #[test]
    fn an_unread_refusal_after_a_posted_step_is_no_return_address() {
        // Keycloak over http answers the posted password 400 ("Cookie not found"): unread, no
        // guess of a return address, which it would have refused before showing its form.
        let mut flow = load("keycloak-24-over-http-cookie-not-found");
        for hop in &mut flow.hops {
            hop.event.body_text = None;
        }
        let d = diagnose_flow(&flow).unwrap();
        assert!(
            d.failures
                .iter()
                .all(|f| f.cause != CauseId::RedirectUriMismatch),
            "{:?}",
            d.failures
        );
        // Read, it is the refused cookie.
        let d = diagnose_flow(&load("keycloak-24-over-http-cookie-not-found")).unwrap();
        assert_eq!(d.failures[0].cause, CauseId::CookieRejected);
        assert!(
            d.failures[0]
                .evidence
                .iter()
                .any(|e| e.id == EvidenceId::ServerSays && e.args == ["cookie not found"])
        );
    }
}

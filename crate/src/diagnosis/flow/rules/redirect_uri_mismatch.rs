//! The provider refuses the app's return address: it is not registered for the app. Most
//! providers show a page of their own instead of redirecting (RFC 6749 §4.1.2.1: "the
//! authorization server SHOULD inform the resource owner of the error and MUST NOT
//! automatically redirect"), in their own words; GitHub redirects back to the registered
//! address with `error=redirect_uri_mismatch`. Without the page's words, an authorization
//! request answered with a 400 page is most often this, and only that is said.

use super::prelude::*;
use crate::oauth::{ErrorKind, error_kind};

/// What providers' error pages say when the return address is not registered.
const MARKERS: &[&str] = &[
    // Google: "Error 400: redirect_uri_mismatch".
    "redirect_uri_mismatch",
    // Microsoft Entra ID.
    "AADSTS50011",
    // Keycloak (messages_en.properties invalidParameterMessage, "Invalid parameter: {0}").
    "Invalid parameter: redirect_uri",
    // Auth0's hosted error page.
    "Callback URL mismatch",
    // Okta.
    "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings",
    // Facebook Login.
    "URL Blocked: This redirect failed because the redirect URI is not whitelisted",
    // Amazon Cognito redirects to its own /error page with this code.
    "redirect_mismatch",
];

#[inline(never)]
pub(super) fn rule<'t>(t: &'t Trail, out: &mut Proposals<'t>) {
    for (h, answer) in t.answers() {
        if answer
            .error
            .as_deref()
            .is_some_and(|e| error_kind(e) == ErrorKind::RedirectUri)
        {
            let mut notes = Notes::of(&[note1(
                EvidenceId::OauthErrorCode,
                Arg::Known("redirect_uri_mismatch"),
            )]);
            notes.add(
                answer
                    .error_description
                    .as_deref()
                    .map(|d| note1(EvidenceId::ErrorDescription, Arg::Text(d))),
            );
            out.add(CauseId::RedirectUriMismatch, 0.95, notes)
                .at(&[h.index]);
        }
    }
    for h in t.hops.iter().filter(|h| h.authorization.is_some()) {
        let provider = h.host().unwrap_or_default();
        // The provider's own page, or where it sent the browser to show it (Cognito's /error).
        let page = match t.hops.get(h.index + 1) {
            Some(next) if h.is_redirect() && next.on_site(provider) => next,
            _ if h.is_redirect() => continue,
            _ => h,
        };
        let marker = page.facts.says(MARKERS).or_else(|| {
            page.url
                .and_then(|u| u.query_value("error"))
                .filter(|e| *e == "redirect_mismatch")
                .map(|_| "redirect_mismatch")
        });
        let mut notes = Notes::of(&[note1(EvidenceId::ProviderErrorPage, Arg::Text(provider))]);
        notes.add(marker.map(|m| note1(EvidenceId::ServerSays, Arg::Known(m))));
        notes.add(
            h.redirect_uri()
                .map(|r| note1(EvidenceId::RedirectUri, Arg::Text(r))),
        );
        let confidence = match (marker, page.facts.status) {
            (Some(_), _) => 0.95,
            // Unread, a provider's 400 for an authorization request: most often this.
            (None, 400) if !page.facts.body_read => 0.6,
            _ => continue,
        };
        out.add(CauseId::RedirectUriMismatch, confidence, notes)
            .at(&[h.index, page.index]);
    }
}

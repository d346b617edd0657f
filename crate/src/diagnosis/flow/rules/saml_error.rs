//! A SAML response whose status is not `Success` (SAML Core §3.2.2.2): the identity provider
//! refused to sign the visitor in (`Responder`/`AuthnFailed`, `RequestDenied`) or could not
//! serve what the service provider asked for (`Requester`/`InvalidNameIDPolicy`,
//! `NoAuthnContext`). The status is the protocol's own word: confidence is high.
//!
//! Healthy, and quiet: `NoPassive`, the answer to a request that asked for no interaction
//! (`IsPassive`, §3.4.1), after which the service provider asks again interactively (node-saml
//! returns no profile for it, SimpleSAMLphp raises `NoPassive` for the caller to handle); and
//! an error the service provider recovered from by asking again and getting a `Success` it
//! accepted (Keycloak's adapter retries `AuthnFailed` with `authentication_expired` itself).

use super::prelude::*;
use crate::diagnosis::notes::says;

/// What service providers' pages say when they show the identity provider's error.
const SP_WORDS: &[&str] = &[
    // node-saml's SamlStatusError (src/saml.ts), shown by Express's error page.
    "SAML provider returned",
    // Shibboleth SP's FatalProfileException (shibsp/handler/impl/AssertionConsumerService.cpp).
    "SAML response reported an IdP error",
];

/// Second-level codes that name something the two sides' configurations disagree on: the
/// owner fixes it (Core §3.2.2.2).
const CONFIGURATION: &[&str] = &[
    "InvalidNameIDPolicy",
    "NoAuthnContext",
    "RequestUnsupported",
    "UnsupportedBinding",
    "InvalidAttrNameOrValue",
    "NoSupportedIDP",
    "NoAvailableIDP",
    "ProxyCountExceeded",
    "RequestVersionTooHigh",
    "RequestVersionTooLow",
    "RequestVersionDeprecated",
    "ResourceNotRecognized",
];

/// Second-level codes that say the provider will not serve this visitor: access is the
/// owner's to grant.
const ACCESS: &[&str] = &["RequestDenied", "UnknownPrincipal"];

#[inline(never)]
pub(super) fn rule<'t>(t: &'t Trail, out: &mut Proposals<'t>) {
    for h in &t.hops {
        let Some(Ok(m)) = &h.saml else { continue };
        let Some(status) = &m.status else { continue };
        let second = status.second.as_deref();
        if status.top == "Success" || second == Some("NoPassive") || recovered(t, h.index) {
            continue;
        }
        let answer = t.answer(h.index);
        let mut notes = Notes::of(&[note2(
            EvidenceId::SamlStatus,
            Arg::Text(&status.top),
            Arg::Text(second.unwrap_or_default()),
        )]);
        notes.add(
            status
                .message
                .as_deref()
                .map(|m| note1(EvidenceId::ErrorDescription, Arg::Text(m))),
        );
        for &i in &answer.hops {
            notes.add(t.hops[i].facts.says(SP_WORDS).map(says));
        }
        // A failed logout leaves sessions open somewhere, a failed sign-in blocks the way in.
        let confidence = if m.kind == crate::saml::Kind::LogoutResponse {
            0.9
        } else {
            0.95
        };
        let proposal = out.add(CauseId::SamlError, confidence, notes);
        proposal.at(&answer.hops);
        match second {
            Some(c) if CONFIGURATION.contains(&c) => {
                proposal.lead(FixId::FixServerConfig);
            }
            Some(c) if ACCESS.contains(&c) => {
                proposal.lead(FixId::ContactSiteOwner);
            }
            _ => {}
        }
    }
}

/// Whether a later response in the trail succeeded and the service provider accepted it.
fn recovered(t: &Trail, at: usize) -> bool {
    t.hops[at + 1..].iter().any(|h| {
        matches!(&h.saml, Some(Ok(m)) if m.succeeded() == Some(true))
            && !t.answer(h.index).refused
    })
}

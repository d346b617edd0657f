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
use crate::diagnosis::flow::trail::work;
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

/// Second-level codes that say the provider does not know this visitor: an account is the
/// owner's to give. (`RequestDenied` is not one: Keycloak sends it when the visitor declines
/// consent or cancels, and starting again is their way in.)
const ACCESS: &[&str] = &["UnknownPrincipal"];

#[inline(never)]
pub(super) fn rule<'t>(t: &'t Trail, out: &mut Proposals<'t>) {
    let recovered = last_accepted(t);
    for h in &t.hops {
        let Some(Ok(m)) = &h.saml else { continue };
        let Some(status) = &m.status else { continue };
        let second = status.second.as_deref();
        if status.top == "Success"
            || second == Some("NoPassive")
            || recovered.is_some_and(|r| r > h.index)
        {
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

/// The last response in the trail that succeeded and that the service provider accepted: an
/// error before it was recovered from.
fn last_accepted(t: &Trail) -> Option<usize> {
    t.hops
        .iter()
        .rev()
        .inspect(|_| work(1))
        .find(|h| {
            matches!(&h.saml, Some(Ok(m)) if m.succeeded() == Some(true))
                && !t.answer(h.index).refused
        })
        .map(|h| h.index)
}

#[cfg(test)]
mod tests {
    use super::super::super::fixtures::parse;
    use super::super::super::{diagnose_flow, first_fix};
    use super::*;
    use crate::saml::tests::{base64, percent, redirect};

    const P: &str = r#"xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion""#;

    fn response(status: &str, assertion: &str) -> String {
        let code = |c: &str| format!("urn:oasis:names:tc:SAML:2.0:status:{c}");
        let (top, second) = status.split_once('/').unwrap_or((status, ""));
        let inner = if second.is_empty() {
            String::new()
        } else {
            format!(r#"<samlp:StatusCode Value="{}"/>"#, code(second))
        };
        format!(
            r#"<samlp:Response {P} ID="_r" Version="2.0" IssueInstant="2024-02-26T10:00:00Z"><samlp:Status><samlp:StatusCode Value="{}">{inner}</samlp:StatusCode></samlp:Status>{assertion}</samlp:Response>"#,
            code(top)
        )
    }

    /// A POST of `xml` to the SP's ACS, answered with `answer` (a status line and headers).
    fn acs(xml: &str, answer: &str) -> String {
        format!(
            "=== hop\n#! type: main_frame\n#! form: SAMLResponse={}\nPOST https://sp.example.org/acs\n\n{answer}\nDate: Mon, 26 Feb 2024 10:00:01 GMT\n\n",
            percent(&base64(xml.as_bytes()))
        )
    }

    fn judge(hops: &[String]) -> super::super::super::FlowDiagnosis {
        let flow = parse(&format!("# Source: test\n{}", hops.join("\n"))).unwrap();
        diagnose_flow(&flow).unwrap()
    }

    #[test]
    fn a_status_message_loses_what_the_trail_knows_of_the_subject() {
        let signed_in = response(
            "Success",
            r#"<saml:Assertion><saml:Subject><saml:NameID>jvasquez-7731</saml:NameID></saml:Subject><saml:AttributeStatement><saml:Attribute Name="cn"><saml:AttributeValue>Julia Vásquez</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion>"#,
        );
        let logout = format!(
            r#"<samlp:LogoutResponse {P}><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"/><samlp:StatusMessage>No session for jvasquez-7731 (Julia Vásquez, julia@example.org)</samlp:StatusMessage></samlp:Status></samlp:LogoutResponse>"#
        );
        let d = judge(&[
            acs(
                &signed_in,
                "HTTP/1.1 302 Found\nLocation: https://sp.example.org/",
            ),
            format!(
                "=== hop\n#! type: main_frame\nGET https://sp.example.org/slo?SAMLResponse={}\n\nHTTP/1.1 500 Internal Server Error\nDate: Mon, 26 Feb 2024 10:05:00 GMT\n\n",
                redirect(&logout)
            ),
        ]);
        let failure = &d.failures[0];
        assert_eq!(
            (failure.cause, failure.hops.as_slice()),
            (CauseId::SamlError, &[1][..])
        );
        let json = serde_json::to_string(&d).unwrap();
        for personal in ["jvasquez-7731", "Julia Vásquez", "julia@example.org"] {
            assert!(!json.contains(personal), "{personal} in {json}");
        }
        assert!(json.contains(r#""No session for … (…, …)""#), "{json}");
    }

    #[test]
    fn an_error_recovered_by_a_new_sign_in_is_quiet() {
        let failed = response("Responder/AuthnFailed", "");
        let ok = response("Success", "");
        let d = judge(&[
            acs(
                &failed,
                "HTTP/1.1 302 Found\nLocation: https://sso.example.com/saml?SAMLRequest=fZBBa4",
            ),
            acs(&ok, "HTTP/1.1 302 Found\nLocation: https://sp.example.org/"),
        ]);
        assert!(d.failures.is_empty(), "{:?}", d.failures);
        // Without the second response, the same error is the failure.
        let d = judge(&[acs(
            &failed,
            "HTTP/1.1 302 Found\nLocation: https://sp.example.org/",
        )]);
        assert_eq!(d.failures[0].cause, CauseId::SamlError);
        assert_eq!(first_fix(&d), Some(FixId::RestartSignIn));
    }

    #[test]
    fn second_level_codes_choose_the_first_fix() {
        let cases: &[(&str, FixId)] = &[
            ("Requester/InvalidNameIDPolicy", FixId::FixServerConfig),
            ("Responder/UnknownPrincipal", FixId::ContactSiteOwner),
            ("Responder/RequestDenied", FixId::RestartSignIn),
            ("VersionMismatch", FixId::RestartSignIn),
        ];
        for (status, fix) in cases {
            let d = judge(&[acs(&response(status, ""), "HTTP/1.1 403 Forbidden")]);
            assert_eq!(first_fix(&d), Some(*fix), "{status}");
        }
        let d = judge(&[acs(
            &response("Responder/NoPassive", ""),
            "HTTP/1.1 500 Internal Server Error",
        )]);
        assert!(d.failures.is_empty(), "NoPassive is SAML's login_required");
    }

    #[test]
    fn an_unreadable_message_is_no_status() {
        let d = judge(&[String::from(
            "=== hop\n#! type: main_frame\n#! form: SAMLResponse=bm90IHhtbA%3D%3D\nPOST https://sp.example.org/acs\n\nHTTP/1.1 500 Internal Server Error\nDate: Mon, 26 Feb 2024 10:00:01 GMT\n\n",
        )]);
        assert!(d.failures.is_empty(), "{:?}", d.failures);
        assert_eq!(d.timeline[0].kind, crate::diagnosis::StepKind::SamlResponse);
    }
}

//! Messages shaped like real ones (each cites the real message it follows; values are ours),
//! carried the way browsers carry them.

use super::*;
use crate::date::parse_http_date;

/// Base64 (RFC 4648 §4).
pub(crate) use crate::base64::encode as base64;

/// What the POST binding puts in a form field: base64 with a line break every 76 characters,
/// as many identity providers post it (python3-saml's `tests/data/responses/*.base64` are
/// wrapped the same way).
fn post(xml: &str) -> String {
    let b64 = base64(xml.as_bytes());
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(76)
        .map(|l| std::str::from_utf8(l).unwrap())
        .collect();
    lines.join("\r\n")
}

/// What the Redirect binding puts in a query: raw DEFLATE, base64, percent-encoded (§3.4.4.1).
pub(crate) fn redirect(xml: &str) -> String {
    percent(&base64(&miniz_oxide::deflate::compress_to_vec(
        xml.as_bytes(),
        6,
    )))
}

pub(crate) fn percent(b64: &str) -> String {
    b64.replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D")
}

fn at(date: &str) -> Option<i64> {
    parse_http_date(date)
}

/// A SimpleSAMLphp IdP's successful response to a SP-initiated sign-in, as in python3-saml's
/// `tests/data/responses/expired_response.xml.base64` (one assertion, signed, a transient-
/// looking NameID, `uid`/`mail`/`cn` attributes, a 5-minute window, an 8-hour session).
const SUCCESS: &str = r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="pfx1c4e" Version="2.0" IssueInstant="2024-03-05T10:15:49Z" Destination="https://sp.example.org/simplesaml/module.php/saml/sp/saml2-acs.php/default-sp" InResponseTo="_8a1d"><saml:Issuer>https://idp.example.net/saml2/idp/metadata.php</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status><saml:Assertion xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema" ID="pfx7e48" Version="2.0" IssueInstant="2024-03-05T10:15:49Z"><saml:Issuer>https://idp.example.net/saml2/idp/metadata.php</saml:Issuer><saml:Subject><saml:NameID SPNameQualifier="https://sp.example.org/metadata" Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient">_9b2f7d5c0e1a4b3c8d6e</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="2024-03-05T10:20:49Z" Recipient="https://sp.example.org/acs" InResponseTo="_8a1d" Address="203.0.113.77"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="2024-03-05T10:15:19Z" NotOnOrAfter="2024-03-05T10:25:49Z"><saml:AudienceRestriction><saml:Audience>https://sp.example.org/metadata</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="2024-03-05T10:15:40Z" SessionNotOnOrAfter="2024-03-05T18:15:49Z" SessionIndex="_0f4f188dc1bfd3bfea36"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement><saml:Attribute Name="uid" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic"><saml:AttributeValue xsi:type="xs:string">jvasquez</saml:AttributeValue></saml:Attribute><saml:Attribute Name="mail"><saml:AttributeValue xsi:type="xs:string">j.vasquez@example.org</saml:AttributeValue></saml:Attribute><saml:Attribute Name="cn"><saml:AttributeValue xsi:type="xs:string">Julia V&#225;squez</saml:AttributeValue></saml:Attribute><saml:Attribute Name="eduPersonAffiliation"><saml:AttributeValue xsi:type="xs:string">member</saml:AttributeValue><saml:AttributeValue xsi:type="xs:string">staff</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion></samlp:Response>"#;

#[test]
fn a_successful_response_posted() {
    let m = decode(&post(SUCCESS), Binding::Post).unwrap();
    assert_eq!(m.kind, Kind::Response);
    assert_eq!(m.succeeded(), Some(true));
    assert_eq!(
        m.status,
        Some(Status {
            top: "Success".into(),
            second: None,
            message: None
        })
    );
    assert_eq!(m.issue_instant, at("Tue, 05 Mar 2024 10:15:49 GMT"));
    assert_eq!(
        m.destination.as_deref(),
        Some("https://sp.example.org/simplesaml/module.php/saml/sp/saml2-acs.php/default-sp")
    );
    assert!(!m.encrypted && !m.is_passive);
    assert_eq!(
        m.conditions,
        Window {
            not_before: at("Tue, 05 Mar 2024 10:15:19 GMT"),
            not_on_or_after: at("Tue, 05 Mar 2024 10:25:49 GMT"),
        }
    );
    assert_eq!(
        m.confirmation.not_on_or_after,
        at("Tue, 05 Mar 2024 10:20:49 GMT")
    );
    assert_eq!(
        m.window(),
        Window {
            not_before: at("Tue, 05 Mar 2024 10:15:19 GMT"),
            not_on_or_after: at("Tue, 05 Mar 2024 10:20:49 GMT"),
        },
        "the earlier NotOnOrAfter of the two"
    );
    assert_eq!(
        m.personal,
        [
            "_9b2f7d5c0e1a4b3c8d6e",
            "203.0.113.77",
            "_0f4f188dc1bfd3bfea36",
            "jvasquez",
            "j.vasquez@example.org",
            "Julia Vásquez",
            "member",
            "staff",
        ]
    );
}

/// ADFS answering `Responder` with a message, as python3-saml's
/// `tests/data/responses/invalids/status_code_responer_and_msg.xml.base64` shows it: the
/// Issuer in the default namespace, a line break inside the `Destination` value, milliseconds.
const ADFS_RESPONDER: &str = "<samlp:Response\nxmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"\nConsent=\"urn:oasis:names:tc:SAML:2.0:consent:unspecified\" Destination=\"\nhttps://sp.example.com/Consumer/metaAlias/sp\"\nID=\"_a71bbf22\"\nInResponseTo=\"s21203b27\"\nIssueInstant=\"2024-03-05T16:36:30.365Z\" Version=\"2.0\"><Issuer\nxmlns=\"urn:oasis:names:tc:SAML:2.0:assertion\">\nhttp://adfs.example.com/adfs/services/trust</Issuer><samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Responder\"/><samlp:StatusMessage>MSIS7012: An error occurred while processing the request</samlp:StatusMessage></samlp:Status></samlp:Response>";

#[test]
fn an_adfs_responder_error() {
    let m = decode(&post(ADFS_RESPONDER), Binding::Post).unwrap();
    assert_eq!(m.succeeded(), Some(false));
    let s = m.status.clone().unwrap();
    assert_eq!((s.top.as_str(), s.second), ("Responder", None));
    assert_eq!(
        s.message.as_deref(),
        Some("MSIS7012: An error occurred while processing the request")
    );
    assert_eq!(m.issue_instant, at("Tue, 05 Mar 2024 16:36:30 GMT"));
    assert_eq!(
        m.destination.as_deref(),
        Some("https://sp.example.com/Consumer/metaAlias/sp")
    );
    assert!(m.personal.is_empty());
    assert_eq!(m.window(), Window::default());
}

/// Keycloak's errors as its documentation shows them (Securing Applications, "SAML
/// specific errors") and as `SamlProtocol.translateErrorToSAMLStatus` maps them: the
/// second-level code nested in `Responder`.
#[test]
fn keycloak_second_level_codes() {
    let response = |inner: &str| {
        format!(
            r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" Destination="https://app.example.com/saml/acs" ID="ID_1" InResponseTo="ID_2" IssueInstant="2024-03-05T09:00:00.123Z" Version="2.0"><saml:Issuer>https://sso.example.com/realms/corp</saml:Issuer><samlp:Status>{inner}</samlp:Status></samlp:Response>"#
        )
    };
    let cases: &[(&str, &str, Option<&str>, Option<&str>)] = &[
        (
            r#"<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:AuthnFailed"/></samlp:StatusCode><samlp:StatusMessage>authentication_expired</samlp:StatusMessage>"#,
            "Responder",
            Some("AuthnFailed"),
            Some("authentication_expired"),
        ),
        (
            r#"<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:NoPassive"/></samlp:StatusCode>"#,
            "Responder",
            Some("NoPassive"),
            None,
        ),
        (
            r#"<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:RequestDenied"><samlp:StatusCode Value="urn:example:third-level"/></samlp:StatusCode></samlp:StatusCode><samlp:StatusMessage>  denied
   for  ana.lopez@example.com, (maria@corp.example) @x (a@b@)</samlp:StatusMessage><samlp:StatusMessage>second</samlp:StatusMessage>"#,
            "Responder",
            Some("RequestDenied"),
            Some("denied for …, (…) … …"),
        ),
        (
            r#"<samlp:StatusCode Value=" urn:oasis:names:tc:SAML:2.0:status:Requester "></samlp:StatusCode><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:InvalidNameIDPolicy"/>"#,
            "Requester",
            None,
            None,
        ),
        (
            r#"<samlp:StatusCode Value="http://id.elegnamnden.se/status/1.0/cancel"/>"#,
            "cancel",
            None,
            None,
        ),
    ];
    for (inner, top, second, message) in cases {
        let m = decode(&post(&response(inner)), Binding::Post).unwrap();
        let s = m.status.clone().unwrap();
        assert_eq!(
            (s.top.as_str(), s.second.as_deref(), s.message.as_deref()),
            (*top, *second, *message),
            "{inner}"
        );
        if let Some(msg) = message
            && msg.contains('…')
        {
            assert_eq!(
                m.personal,
                ["ana.lopez@example.com", "maria@corp.example", "a@b"]
            );
        }
    }
}

/// python3-saml's `tests/data/logout_requests/logout_request_deflated.xml.base64` and
/// `logout_responses/logout_response_deflated.xml.base64`: a logout round trip on the
/// Redirect binding.
#[test]
fn a_logout_round_trip_on_the_redirect_binding() {
    let request = r#"<?xml version="1.0"?>
<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"
                     xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"
                     ID="ONELOGIN_21584ccd" Version="2.0" IssueInstant="2024-03-05T04:39:31Z"
                     Destination="http://idp.example.com/slo">
    <saml:Issuer>http://sp.example.com/metadata</saml:Issuer>
    <saml:NameID SPNameQualifier="http://sp.example.com/"
                 Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"
                 >ONELOGIN_1e442c129e1f822c8096086a1103c5ee2c7cae1c</saml:NameID>
    <samlp:SessionIndex>_51be37965feb5579d803141076936dc2e9d1d98ebf</samlp:SessionIndex>
</samlp:LogoutRequest>"#;
    let m = decode(&redirect(request), Binding::Redirect).unwrap();
    assert_eq!(m.kind, Kind::LogoutRequest);
    assert_eq!((&m.status, m.succeeded()), (&None, None));
    assert_eq!(
        m.personal,
        ["ONELOGIN_1e442c129e1f822c8096086a1103c5ee2c7cae1c"]
    );
    let response = r#"<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"
                      xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"
                      ID="_f9ee61bd" Version="2.0" IssueInstant="2024-03-05T04:39:32Z"
                      Destination="http://sp.example.com/sls" InResponseTo="ONELOGIN_21584ccd">
    <saml:Issuer>http://idp.example.com/</saml:Issuer>
    <samlp:Status>
        <samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success" />
    </samlp:Status>
</samlp:LogoutResponse>"#;
    let m = decode(&redirect(response), Binding::Redirect).unwrap();
    assert_eq!(m.kind, Kind::LogoutResponse);
    assert_eq!(m.succeeded(), Some(true));
    assert_eq!(m.issue_instant, at("Tue, 05 Mar 2024 04:39:32 GMT"));
}

/// python3-saml's `tests/data/requests/authn_request.xml`, made passive as node-saml sends it
/// with `passive: true`.
#[test]
fn a_passive_authn_request() {
    let request = r#"<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_ONELOGIN1034" Version="2.0" IssueInstant="2024-03-05T11:39:34Z" ForceAuthn="false" IsPassive="true" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" AssertionConsumerServiceURL="http://sp.example.com/acs">
    <saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">http://sp.example.com/metadata</saml:Issuer>
    <samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent" AllowCreate="true" />
</samlp:AuthnRequest>"#;
    let m = decode(&redirect(request), Binding::Redirect).unwrap();
    assert_eq!((m.kind, m.is_passive), (Kind::AuthnRequest, true));
    let active = request.replace("IsPassive=\"true\"", "IsPassive=\"false\"");
    assert!(
        !decode(&redirect(&active), Binding::Redirect)
            .unwrap()
            .is_passive
    );
    let one = request.replace("IsPassive=\"true\"", "IsPassive=\"1\"");
    assert!(
        decode(&redirect(&one), Binding::Redirect)
            .unwrap()
            .is_passive
    );
}

/// python3-saml's `valid_encrypted_assertion.xml.base64`: the assertion is an
/// `EncryptedAssertion`, whose conditions cannot be read.
#[test]
fn an_encrypted_assertion_has_no_known_window() {
    let xml = r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="pfx" Version="2.0" IssueInstant="2024-03-05T10:00:00Z"><saml:Issuer>https://idp.example.com</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status><saml:EncryptedAssertion><xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" Type="http://www.w3.org/2001/04/xmlenc#Element"><xenc:CipherData><xenc:CipherValue>Zm9vYmFy</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData></saml:EncryptedAssertion></samlp:Response>"#;
    let m = decode(&post(xml), Binding::Post).unwrap();
    assert!(m.encrypted);
    assert_eq!(m.window(), Window::default());
    assert_eq!(m.succeeded(), Some(true));
}

/// python3-saml's `response_node_text_attack.xml.base64` splits the NameID with a comment,
/// and `response_with_nested_nameid_values.xml.base64` nests a NameID in an attribute value:
/// the whole text is what a service provider may show, so the whole text is personal.
#[test]
fn personal_text_is_taken_whole() {
    let xml = r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status><saml:Assertion><saml:Subject><saml:NameID>smartin<!-- split -->@yaco.es</saml:NameID></saml:Subject><saml:AttributeStatement><saml:Attribute Name="PersonIdentifier"><saml:AttributeValue><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">yaco-<![CDATA[42]]>-id</saml:NameID></saml:AttributeValue><saml:AttributeValue/></saml:Attribute></saml:AttributeStatement></saml:Assertion></samlp:Response>"#;
    let m = read(xml).unwrap();
    assert_eq!(m.personal, ["smartin@yaco.es", "yaco-42-id"]);
}

#[test]
fn what_cannot_be_read_says_why() {
    let bomb = format!(
        r#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "{}"><!ENTITY b "&a;&a;&a;&a;">]><samlp:Response>&b;</samlp:Response>"#,
        "a".repeat(100)
    );
    let huge = format!(
        "<samlp:Response>{}</samlp:Response>",
        " ".repeat(MAX_MESSAGE)
    );
    let cases: Vec<(String, Binding, Unreadable)> = vec![
        (String::new(), Binding::Post, Unreadable::Empty),
        (" \r\n".into(), Binding::Post, Unreadable::Empty),
        ("PHNhbWw+!".into(), Binding::Post, Unreadable::NotBase64),
        ("PHN%ZZ".into(), Binding::Redirect, Unreadable::NotBase64),
        (
            post("not xml, not deflate"),
            Binding::Post,
            Unreadable::NotDeflate,
        ),
        (
            post("plain text"),
            Binding::Redirect,
            Unreadable::NotDeflate,
        ),
        (post(&bomb), Binding::Post, Unreadable::Declaration),
        (redirect(&huge), Binding::Redirect, Unreadable::TooLarge),
        (post(&huge), Binding::Post, Unreadable::TooLarge),
        (
            post("<samlp:Response><samlp:Status>"),
            Binding::Post,
            Unreadable::Malformed,
        ),
        (
            post("<samlp:Response ID='1"),
            Binding::Post,
            Unreadable::Malformed,
        ),
        (
            post("<!-- c -->x<samlp:Response/>"),
            Binding::Post,
            Unreadable::Malformed,
        ),
        (
            post("</a><samlp:Response/>"),
            Binding::Post,
            Unreadable::Malformed,
        ),
        (
            post("<html><body>Sign in</body></html>"),
            Binding::Post,
            Unreadable::NotSaml,
        ),
        (post("<!-- nothing -->"), Binding::Post, Unreadable::NotSaml),
        (
            post("<samlp:Assertion/>"),
            Binding::Post,
            Unreadable::NotSaml,
        ),
    ];
    for (value, binding, want) in cases {
        assert_eq!(
            decode(&value, binding).unwrap_err(),
            want,
            "{}",
            &value[..value.len().min(60)]
        );
    }
}

#[test]
fn tolerated_deviations() {
    let logout = r#"<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:LogoutResponse>"#;
    // A Redirect value that was not compressed, a POST value that was.
    let plain = percent(&base64(logout.as_bytes()));
    assert_eq!(
        decode(&plain, Binding::Redirect).unwrap().kind,
        Kind::LogoutResponse
    );
    let compressed = base64(&miniz_oxide::deflate::compress_to_vec(logout.as_bytes(), 6));
    assert_eq!(
        decode(&compressed, Binding::Post).unwrap().kind,
        Kind::LogoutResponse
    );
    // A byte order mark and an XML declaration before the root; trailing junk after it.
    let bom = format!("\u{FEFF}<?xml version=\"1.0\"?>\n{logout}<trailing");
    assert_eq!(
        decode(&post(&bom), Binding::Post).unwrap().succeeded(),
        Some(true)
    );
    // A status nested anywhere but under the root is not the response's.
    let nested = r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><x><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></x></samlp:Response>"#;
    assert_eq!(read(nested).unwrap().status, None);
    // A request carries no status even if it holds one.
    let request = r#"<samlp:AuthnRequest><samlp:Status><samlp:StatusCode Value="x:Success"/></samlp:Status></samlp:AuthnRequest>"#;
    assert_eq!(read(request).unwrap().status, None);
}

/// Hostile messages cost work linear in their size and a bounded number of personal values.
#[test]
fn hostile_messages_cost_linear_work() {
    const KB: usize = 1024;
    let wrap = |inner: String| {
        format!(
            r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><samlp:Status>{inner}</samlp:Status></samlp:Response>"#
        )
    };
    let cases: Vec<(&str, String)> = vec![
        (
            "nested status codes",
            wrap(format!(
                "{}{}",
                "<samlp:StatusCode Value='a:b'>".repeat(10 * KB),
                "</samlp:StatusCode>".repeat(10 * KB)
            )),
        ),
        (
            "attribute values",
            wrap(format!(
                "</samlp:Status><a>{}</a><samlp:Status>",
                "<saml:AttributeValue>someone@example.org</saml:AttributeValue>".repeat(8 * KB)
            )),
        ),
        (
            "nested personal elements",
            format!(
                "<samlp:Response>{}{}</samlp:Response>",
                "<saml:NameID>x".repeat(30 * KB),
                "</saml:NameID>".repeat(30 * KB)
            ),
        ),
        ("unterminated", wrap("<".repeat(400 * KB))),
        (
            "status message",
            wrap(format!(
                "<samlp:StatusMessage>{}</samlp:StatusMessage>",
                "a@b ".repeat(100 * KB)
            )),
        ),
    ];
    for (what, xml) in cases {
        crate::xml::take_examined();
        let result = read(&xml);
        let work = crate::xml::take_examined();
        assert!(
            work <= 4 * xml.len(),
            "{what}: {work} looks for {} bytes",
            xml.len()
        );
        if let Ok(m) = result {
            assert!(m.personal.len() <= MAX_PERSONAL, "{what}");
        }
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_value_decodes_or_says_why(value in any::<String>(), redirect_binding in any::<bool>()) {
            let binding = if redirect_binding { Binding::Redirect } else { Binding::Post };
            let _ = decode(&value, binding);
        }

        #[test]
        fn any_markup_reads_or_says_why(
            parts in prop::collection::vec(prop::sample::select(vec![
                "<samlp:Response>", "</samlp:Response>", "<samlp:Status>", "</samlp:Status>",
                "<samlp:StatusCode Value='u:Responder'>", "<samlp:StatusCode Value='u:NoPassive'/>",
                "</samlp:StatusCode>", "<samlp:StatusMessage>", "</samlp:StatusMessage>",
                "<saml:NameID>", "</saml:NameID>", "a@b", "text", "<!--", "-->", "&amp;", "<",
                "<saml:Conditions NotBefore='2024-01-01T00:00:00Z'/>",
            ]), 0..30)
        ) {
            let doc = parts.concat();
            if let Ok(m) = read(&doc) {
                prop_assert!(m.personal.iter().all(|p| !p.is_empty()));
                if let Some(s) = m.status {
                    prop_assert!(s.message.is_none_or(|msg| !msg.contains('@')));
                }
            }
        }
    }
}

/// node-saml's `test/static/response.root-signed.message-signed-double-subjectconfirmation.xml`
/// writes its times with an offset and has two subject confirmations: the first one counts.
#[test]
fn times_with_offsets_and_the_first_confirmation() {
    let xml = r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" IssueInstant="2020-09-23T16:00:00+00:00"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status><saml:Assertion><saml:Subject><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="2020-09-24T17:00:00+00:00"/></saml:SubjectConfirmation><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="2020-09-25T17:00:00+00:00"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="2020-09-23T18:00:00+02:00" NotOnOrAfter="2020-09-25T17:00:00+00:00"/></saml:Assertion></samlp:Response>"#;
    let m = read(xml).unwrap();
    assert_eq!(m.issue_instant, at("Wed, 23 Sep 2020 16:00:00 GMT"));
    assert_eq!(
        m.window(),
        Window {
            not_before: at("Wed, 23 Sep 2020 16:00:00 GMT"),
            not_on_or_after: at("Thu, 24 Sep 2020 17:00:00 GMT"),
        }
    );
}

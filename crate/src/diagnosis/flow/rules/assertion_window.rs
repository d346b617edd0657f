//! A SAML assertion refused for its validity window (SAML Core §2.5.1.2 `Conditions`,
//! Profiles §4.1.4.2 bearer `SubjectConfirmationData`): the identity provider wrote the window
//! by its clock, the service provider checks it by its own, with a small allowance
//! (SimpleSAMLphp and python3-saml 60 s, node-saml none by default).
//!
//! Three clocks are in view: the window (the provider's), the service provider's `Date` on its
//! answer, this computer's when the answer arrived. Outside the window by the site's clock:
//! the provider's and the site's clocks disagree, which their owners fix. Inside it by the
//! site's clock but outside by the local one: this computer's clock is the odd one out, and
//! the cookies the site then sets may look expired to it. The site's own words ("SAML
//! assertion expired") count too, and alone say enough when the assertion is encrypted.
//!
//! Not a failure when the service provider accepted the response: it moved on to the
//! application rather than to an error, or back to the provider.

use super::prelude::*;
use crate::diagnosis::facts::minutes;
use crate::diagnosis::notes::says;
use crate::saml::{Kind, Window};

/// Clocks closer than this agree: the allowance service providers give.
const TOLERANCE: i64 = 60;

/// What service providers' pages say when they refuse an assertion for its time.
const SP_WORDS: &[&str] = &[
    // node-saml (src/saml.ts, checkTimestampsValidityError).
    "SAML assertion expired",
    "SAML assertion not yet valid",
    // SimpleSAMLphp (modules/saml/src/Message.php).
    "Received an assertion that has expired",
    "Received an assertion that is valid in the future",
    // Shibboleth SP (OpenSAML C++ MessageFlowRule, on the SP's error page): the response's
    // IssueInstant, which stays readable when the IdP encrypts the assertion (its default).
    "Message expired, was issued too long ago",
    "Message rejected, was issued in the future",
    // OpenSAML Java's assertion validator, in Spring Security's `invalid_assertion`.
    "NotOnOrAfter condition of",
    "NotBefore condition of",
];

#[inline(never)]
pub(super) fn rule<'t>(t: &'t Trail, out: &mut Proposals<'t>) {
    for h in &t.hops {
        let Some(Ok(m)) = &h.saml else { continue };
        if m.kind != Kind::Response || m.succeeded() != Some(true) {
            continue;
        }
        let answer = t.answer(h.index);
        let words = answer
            .hops
            .iter()
            .find_map(|&i| t.hops[i].facts.says(SP_WORDS));
        if !answer.refused && words.is_none() {
            continue;
        }
        let window = m.window();
        let (site, local) = (h.facts.server_time, h.facts.local_time);
        let site_outside = site.is_some_and(|s| outside(window, s));
        let local_outside = local.is_some_and(|l| outside(window, l));
        let (confidence, lead) = if site_outside {
            (0.9, Some(FixId::FixServerConfig))
        } else if local_outside && site.is_some() {
            (0.8, Some(FixId::SyncClock))
        } else if local_outside {
            (0.7, None)
        } else if words.is_some() {
            (0.85, Some(FixId::FixServerConfig))
        } else {
            continue;
        };
        let mut notes = Notes::default();
        if window != Window::default() {
            let end = |t: Option<i64>| t.map_or(Arg::Known("…"), Arg::Time);
            notes.push(note2(
                EvidenceId::AssertionWindow,
                end(window.not_before),
                end(window.not_on_or_after),
            ));
        }
        // Shibboleth's words are about the response's IssueInstant: how far it is from the
        // site's clock says how far the two clocks are apart.
        notes
            .add(provider_clock(m.issue_instant, site).filter(|_| site_outside || words.is_some()));
        notes.extend(h.facts.clock_notes());
        notes.add(local.map(|l| note1(EvidenceId::LocalTime, Arg::Time(l))));
        notes.add(words.map(says));
        let confidence = if words.is_some() {
            f64::max(confidence, 0.9)
        } else {
            confidence
        };
        let proposal = out.add(CauseId::ClockSkew, confidence, notes);
        proposal.at(&answer.hops);
        if let Some(fix) = lead {
            proposal.lead(fix);
        }
    }
}

/// How far the provider's clock is from the site's, when further than [`TOLERANCE`]: it wrote
/// `issued` by its clock just before the site's clock read `site` (the browser posts the
/// response as soon as the provider's page loads).
fn provider_clock(issued: Option<i64>, site: Option<i64>) -> Option<Note<'static>> {
    let offset = site? - issued?;
    if offset >= TOLERANCE {
        Some(note1(
            EvidenceId::ProviderClockBehind,
            Arg::Number(minutes(offset)),
        ))
    } else if offset <= -TOLERANCE {
        Some(note1(
            EvidenceId::ProviderClockAhead,
            Arg::Number(minutes(-offset)),
        ))
    } else {
        None
    }
}

/// Whether `at` falls outside `window` by more than [`TOLERANCE`]; an open end never excludes.
fn outside(window: Window, at: i64) -> bool {
    window.not_before.is_some_and(|nb| at < nb - TOLERANCE)
        || window
            .not_on_or_after
            .is_some_and(|end| at >= end + TOLERANCE)
}

#[cfg(test)]
mod tests {
    use super::super::super::fixtures::{load, parse};
    use super::super::super::{FlowDiagnosis, diagnose_flow, first_fix};
    use super::*;
    use crate::saml::tests::{base64, percent};

    /// A Success response whose assertion is valid 10:00:00–10:05:00 (or encrypted), posted at
    /// `local` by this computer's clock, answered by the SP with `answer` at `site`.
    fn posted(encrypted: bool, local: &str, site: Option<&str>, answer: &str) -> FlowDiagnosis {
        let assertion = if encrypted {
            "<saml:EncryptedAssertion><xenc:EncryptedData/></saml:EncryptedAssertion>"
        } else {
            r#"<saml:Assertion><saml:Subject><saml:SubjectConfirmation><saml:SubjectConfirmationData NotOnOrAfter="2024-02-26T10:05:00Z"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="2024-02-26T10:00:00Z" NotOnOrAfter="2024-02-26T10:10:00Z"/></saml:Assertion>"#
        };
        let xml = format!(
            r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>{assertion}</samlp:Response>"#
        );
        let date = site.map(|d| format!("Date: {d}\n")).unwrap_or_default();
        let text = format!(
            "# Source: test\n=== hop\n#! type: main_frame\n#! timeStamp: {local}\n#! form: SAMLResponse={}\nPOST https://sp.example.org/acs\n\n{answer}\n{date}\n",
            percent(&base64(xml.as_bytes()))
        );
        diagnose_flow(&parse(&text).unwrap()).unwrap()
    }

    const REFUSED: &str = "HTTP/1.1 500 Internal Server Error";
    const ACCEPTED: &str = "HTTP/1.1 302 Found\nLocation: https://sp.example.org/app";
    const IN: &str = "Mon, 26 Feb 2024 10:02:00 GMT";
    const LATE: &str = "Mon, 26 Feb 2024 10:30:00 GMT";
    const SLIGHTLY_LATE: &str = "Mon, 26 Feb 2024 10:05:50 GMT";

    /// A flow's first failure: cause, confidence, first fix.
    type Verdict = Option<(CauseId, f64, Option<FixId>)>;

    fn verdict(d: &FlowDiagnosis) -> Verdict {
        d.failures
            .first()
            .map(|f| (f.cause, f.confidence, first_fix(d)))
    }

    #[test]
    fn whose_clock_is_off_decides_the_fix() {
        use CauseId::ClockSkew;
        let cases: &[(&str, Option<&str>, Verdict)] = &[
            // The site's clock is past the window (its bearer confirmation's end): the provider's
            // and the site's clocks disagree.
            (
                IN,
                Some(LATE),
                Some((ClockSkew, 0.9, Some(FixId::FixServerConfig))),
            ),
            (
                LATE,
                Some(LATE),
                Some((ClockSkew, 0.9, Some(FixId::FixServerConfig))),
            ),
            // The site agrees with the window, this computer does not: it is the odd one out.
            (
                LATE,
                Some(IN),
                Some((ClockSkew, 0.8, Some(FixId::SyncClock))),
            ),
            // No `Date` from the site: only this computer's clock to go by.
            (LATE, None, Some((ClockSkew, 0.7, Some(FixId::SyncClock)))),
            // Within the allowance, or inside the window: the refusal is about something else.
            (SLIGHTLY_LATE, Some(SLIGHTLY_LATE), None),
            (IN, Some(IN), None),
        ];
        for (local, site, want) in cases {
            assert_eq!(
                verdict(&posted(false, local, *site, REFUSED)),
                *want,
                "{local} {site:?}"
            );
        }
    }

    #[test]
    fn the_evidence_names_the_window_and_the_three_clocks() {
        let d = diagnose_flow(&load("saml-assertion-expired-idp-clock")).unwrap();
        let evidence = &d.failures[0].evidence;
        let args = |id| evidence.iter().find(|e| e.id == id).map(|e| e.args.clone());
        let strings = |v: &[&str]| Some(v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            args(EvidenceId::AssertionWindow),
            strings(&["2024-02-26T09:44:50Z", "2024-02-26T09:50:20Z"])
        );
        assert_eq!(args(EvidenceId::ProviderClockBehind), strings(&["15"]));
        assert_eq!(
            args(EvidenceId::ServerTime),
            strings(&["2024-02-26T10:00:20Z"])
        );
        assert_eq!(
            args(EvidenceId::LocalTime),
            strings(&["2024-02-26T10:00:20Z"])
        );
        assert_eq!(
            args(EvidenceId::ServerSays),
            strings(&["Received an assertion that has expired"])
        );
        assert_eq!(d.failures[0].hops, [4]);
    }

    #[test]
    fn accepted_is_healthy_whatever_the_clocks() {
        for (local, site) in [(LATE, Some(IN)), (IN, Some(LATE)), (LATE, None)] {
            let d = posted(false, local, site, ACCEPTED);
            assert!(d.failures.is_empty(), "{local} {site:?}: {:?}", d.failures);
        }
    }

    #[test]
    fn the_sites_words_speak_for_an_encrypted_assertion() {
        let page = "HTTP/1.1 500 Internal Server Error\nContent-Type: text/html\n\n<pre>Error: SAML assertion expired: clocks skewed too much</pre>";
        let d = posted(true, IN, None, page);
        assert_eq!(
            verdict(&d),
            Some((CauseId::ClockSkew, 0.9, Some(FixId::FixServerConfig)))
        );
        let evidence: Vec<EvidenceId> = d.failures[0].evidence.iter().map(|e| e.id).collect();
        assert!(
            !evidence.contains(&EvidenceId::AssertionWindow),
            "{evidence:?}"
        );
        assert!(evidence.contains(&EvidenceId::ServerSays), "{evidence:?}");
        assert!(posted(true, LATE, Some(IN), REFUSED).failures.is_empty());
    }

    #[test]
    fn shibboleths_words_name_how_far_the_providers_clock_is_behind() {
        let d = diagnose_flow(&load("shibboleth-encrypted-assertion-message-expired")).unwrap();
        let f = &d.failures[0];
        assert_eq!(f.cause, CauseId::ClockSkew);
        assert_eq!(first_fix(&d), Some(FixId::FixServerConfig));
        let said = |id| {
            f.evidence
                .iter()
                .find(|e| e.id == id)
                .map(|e| e.args.clone())
        };
        assert_eq!(
            said(EvidenceId::ServerSays),
            Some(vec!["Message expired, was issued too long ago".to_owned()])
        );
        // IssueInstant 09:50:01, the site's Date 10:00:02.
        assert_eq!(
            said(EvidenceId::ProviderClockBehind),
            Some(vec!["10".to_owned()])
        );
        assert!(said(EvidenceId::AssertionWindow).is_none());
    }

    #[test]
    fn servers_clocks_apart_never_ask_the_visitor_to_set_theirs() {
        for name in [
            "saml-assertion-expired-idp-clock",
            "shibboleth-encrypted-assertion-message-expired",
        ] {
            let d = diagnose_flow(&load(name)).unwrap();
            let fixes: Vec<FixId> = d.failures[0].fixes.iter().map(|f| f.id).collect();
            assert_eq!(fixes[0], FixId::FixServerConfig, "{name}");
            assert!(!fixes.contains(&FixId::SyncClock), "{name}: {fixes:?}");
            assert!(
                fixes.contains(&FixId::ContactSiteOwner),
                "{name}: {fixes:?}"
            );
        }
        // This computer's clock the odd one out: setting it is the visitor's step.
        let d = posted(false, LATE, Some(IN), REFUSED);
        let fixes: Vec<FixId> = d.failures[0].fixes.iter().map(|f| f.id).collect();
        assert_eq!(fixes[0], FixId::SyncClock);
    }
}

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
        notes.add(site.map(|s| note1(EvidenceId::ServerTime, Arg::Time(s))));
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

/// Whether `at` falls outside `window` by more than [`TOLERANCE`]; an open end never excludes.
fn outside(window: Window, at: i64) -> bool {
    window.not_before.is_some_and(|nb| at < nb - TOLERANCE)
        || window.not_on_or_after.is_some_and(|end| at >= end + TOLERANCE)
}

//! One rule per module, as for single events: each looks at the [`Trail`] for one cause,
//! proposes it with a confidence and the evidence, and names the hops that show it. Rules
//! never see each other; the ranking and the grouping by shared hops decide.
//!
//! Confidence scale, as for events: 0.95 an unambiguous protocol signal (a SAML status, an
//! OAuth error code); 0.85–0.9 a consequence seen with its cause (a refused cookie and the
//! sign-in that failed for it); 0.7–0.8 a sound inference; 0.5 and below, alternatives only.
//!
//! [`Trail`]: super::trail::Trail

mod assertion_window;
mod cookie_rejected;
mod login_loop;
mod oauth_error;
mod redirect_uri_mismatch;
mod saml_error;
mod sign_in_page_answer;
mod state_mismatch;
mod third_party_cookies_blocked;

/// What every flow rule needs.
mod prelude {
    pub(super) use super::super::super::Proposals;
    pub(super) use super::super::super::ids::{CauseId, EvidenceId, FixId};
    pub(super) use super::super::super::notes::{Arg, Note, Notes, note, note1, note2};
    pub(super) use super::super::trail::{HopFacts, Trail};
    pub(super) use super::super::{Frame, StepKind};
}

/// A flow rule: looks at the trail, proposes causes.
pub(super) type Rule = for<'t, 'a> fn(&'t prelude::Trail<'a>, &mut super::super::Proposals<'t>);

/// Every flow rule.
pub(super) const ALL: &[Rule] = &[
    assertion_window::rule,
    cookie_rejected::rule,
    login_loop::rule,
    oauth_error::rule,
    redirect_uri_mismatch::rule,
    saml_error::rule,
    sign_in_page_answer::rule,
    state_mismatch::rule,
    third_party_cookies_blocked::rule,
];

//! The second pipeline: from a tab's trail of hops ([`Flow`]) to the sign-in failures it shows
//! ([`FlowDiagnosis`]). It reuses the first: each hop is read by the same [`Facts`], rules
//! propose causes with the same notes into the same ranking, fixes come from the same
//! catalogue and evidence is scrubbed of every secret any hop carried.
//!
//! [`Trail`] reads the hops once; each module under `rules/` looks at it for one cause and
//! names the hops that show it. Proposals that share hops are one failure: the best is its
//! cause, the others its alternatives. A proposal that shares no hop with a stronger one is a
//! failure of its own only from [`MIN_FAILURE`] up: a sign-in that went fine must stay quiet.
//!
//! [`Facts`]: super::facts::Facts

#[cfg(test)]
pub(crate) mod fixtures;
mod rules;
#[cfg(test)]
mod tests;
mod trail;

use serde::{Deserialize, Serialize};

use super::catalogue;
use super::ids::{CauseId, FixId};
use super::{Cause, Evidence, Fix, Proposal, Proposals, fix_list};
use crate::event::EventError;
use std::borrow::Cow;

use crate::flow::{Flow, Hop};
use trail::Trail;

/// What went wrong in a flow: nothing, for a sign-in that worked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowDiagnosis {
    /// The failures, most likely first; empty for a healthy flow.
    pub failures: Vec<FlowFailure>,
    /// Every hop, redacted: what a timeline shows.
    pub timeline: Vec<Step>,
}

/// One failure of a flow: its cause, why, what else it could be, what to do, and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowFailure {
    /// The most likely cause.
    pub cause: CauseId,
    /// From 0 to 1, two decimals.
    pub confidence: f64,
    /// The observations that point to it.
    pub evidence: Vec<Evidence>,
    /// Other plausible causes of the same failure, most likely first.
    pub alternatives: Vec<Cause>,
    /// What to do, best first.
    pub fixes: Vec<Fix>,
    /// The hops that show it: indices into the flow's hops, ascending.
    pub hops: Vec<usize>,
}

/// One hop as a timeline shows it: no query values, no fragment, no credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// `scheme://host[:port]/path`, query names only.
    pub url: String,
    /// The request method.
    pub method: String,
    /// The response status.
    pub status: u16,
    /// What the hop is in a sign-in.
    pub kind: StepKind,
    /// Where in the tab it happened.
    pub frame: Frame,
}

/// What a hop is in a sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    /// Any other page or request.
    Page,
    /// The app sends the browser to the identity provider (RFC 6749 §4.1.1).
    AuthorizationRequest,
    /// The provider sends the browser back with a code, tokens or an error (§4.1.2).
    AuthorizationResponse,
    /// A SAML `AuthnRequest` (or a SAML request that could not be read).
    SamlRequest,
    /// A SAML `Response` (or a SAML response that could not be read).
    SamlResponse,
    /// The app's or the provider's sign-in page.
    SignInPage,
    /// A sign-in form posted (a password field among its names).
    SignInForm,
    /// Signing out: a sign-out address, OpenID Connect's end-session request, a SAML
    /// `LogoutRequest` or `LogoutResponse`.
    Logout,
}

/// Where a hop happened in its tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Frame {
    /// The tab's page itself.
    Top,
    /// A frame inside it.
    Frame,
    /// A request the page's script made.
    Script,
}

/// The causes only a flow shows (flow/fixtures.rs proves each).
#[cfg(test)]
pub(crate) const CAUSES: &[CauseId] = &[
    CauseId::LoginLoop,
    CauseId::CookieRejected,
    CauseId::OauthError,
    CauseId::RedirectUriMismatch,
    CauseId::StateMismatch,
    CauseId::SamlError,
    CauseId::ThirdPartyCookiesBlocked,
];

/// The least confidence at which a proposal that shares no hop with a stronger one is a
/// failure of its own.
const MIN_FAILURE: f64 = 0.5;

/// How many alternatives one failure lists.
const MAX_ALTERNATIVES: usize = 4;

/// Judges a flow. Never panics; an error names the hop and field that are invalid.
pub fn diagnose_flow(flow: &Flow) -> Result<FlowDiagnosis, EventError> {
    flow.validate()?;
    let flow = with_locations(flow);
    let trail = Trail::new(&flow);
    let mut proposals = Proposals::default();
    for rule in rules::ALL {
        rule(&trail, &mut proposals);
    }
    let secrets = trail.secrets();
    let materialise = |p: &Proposal| Cause {
        id: p.id,
        confidence: p.confidence,
        evidence: p.notes.iter().map(|n| n.evidence(&secrets)).collect(),
    };
    let mut groups: Vec<(Proposal, Vec<Cause>)> = Vec::new();
    for p in proposals.ranked() {
        let group = groups
            .iter_mut()
            .find(|(lead, _)| lead.hops.iter().any(|h| p.hops.binary_search(h).is_ok()));
        match group {
            Some((_, alternatives))
                if alternatives.len() < MAX_ALTERNATIVES
                    && p.confidence >= super::MIN_ALTERNATIVE =>
            {
                alternatives.push(materialise(&p))
            }
            Some(_) => {}
            None if p.confidence >= MIN_FAILURE => groups.push((p, Vec::new())),
            None => {}
        }
    }
    let failures = groups
        .into_iter()
        .map(|(p, alternatives)| {
            let cause = materialise(&p);
            // A browser's sign-in has no token for the visitor to refresh by hand (the app
            // renews its own): the event pipeline's refresh-token never fits a flow.
            // A SAML service provider judges an assertion by its own clock: where the rule
            // found the two servers' clocks apart (it leads with fix-server-config), this
            // computer's clock is not at fault, and the visitor's step is to tell the owner.
            let servers_apart =
                p.id == CauseId::ClockSkew && p.lead == Some(FixId::FixServerConfig);
            let mut ids: Vec<FixId> = Vec::new();
            for id in fix_list(p.lead, p.id, &alternatives) {
                let id = match id {
                    FixId::SyncClock if servers_apart => FixId::ContactSiteOwner,
                    _ => id,
                };
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            let fixes = ids
                .into_iter()
                .filter(|&id| id != FixId::RefreshToken)
                .map(|id| Fix {
                    id,
                    audience: catalogue::audience(id),
                    action: catalogue::action(id),
                })
                .collect();
            FlowFailure {
                cause: cause.id,
                confidence: cause.confidence,
                evidence: cause.evidence,
                alternatives,
                fixes,
                hops: p.hops,
            }
        })
        .collect();
    Ok(FlowDiagnosis {
        failures,
        timeline: trail.timeline(),
    })
}

/// The flow with every redirect's destination: a 3xx without `redirectUrl` went where its
/// `Location` says (a tool that records responses rather than the browser's redirects gives
/// only the header). Copied only when a hop needs it.
fn with_locations(flow: &Flow) -> Cow<'_, Flow> {
    let location = |hop: &Hop| {
        (hop.redirect_url.is_none() && (300..400).contains(&hop.event.status_code))
            .then(|| hop.event.response_header_values("location").next())
            .flatten()
            .filter(|l| !l.trim().is_empty())
            .map(|l| crate::url::resolve(&hop.event.url, l))
    };
    if !flow.hops.iter().any(|h| location(h).is_some()) {
        return Cow::Borrowed(flow);
    }
    let mut owned = flow.clone();
    for hop in &mut owned.hops {
        if let Some(to) = location(hop) {
            hop.redirect_url = Some(to);
        }
    }
    Cow::Owned(owned)
}

/// The fix a flow failure leads with, for tests.
#[cfg(test)]
pub(crate) fn first_fix(d: &FlowDiagnosis) -> Option<FixId> {
    d.failures.first()?.fixes.first().map(|f| f.id)
}

//! The classifier: from an [`Event`] to a ranked [`Diagnosis`].
//!
//! [`Facts`] reads the event once (challenges, credentials sent, token claims against two
//! clocks, the body's telling words). Each module under `rules/` then looks at the facts for
//! one cause and proposes it with a confidence and its evidence. The best proposal is the
//! cause; the others are alternatives; the fixes come from the [`catalogue`], the cause's
//! first, then the best fix of each alternative.

mod catalogue;
mod facts;
pub(crate) mod flow;
mod ids;
mod notes;
mod rules;

#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
mod guides;
#[cfg(test)]
mod locales;
#[cfg(test)]
pub(crate) mod tests;

use serde::{Deserialize, Serialize};

use crate::challenge::{Challenge, Finding};
use crate::event::{Event, EventError};
use facts::{Facts, Request};
pub use flow::{FlowDiagnosis, FlowFailure, Frame, Step, StepKind, diagnose_flow};
pub use ids::{ActionId, CauseId, CookieReason, EvidenceId, FixId};
use notes::{Notes, note};

/// The answer to "why did this request fail, and what do I do?".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnosis {
    /// The response status.
    pub status: u16,
    /// The most likely cause.
    pub cause: Cause,
    /// Other plausible causes, most likely first.
    pub alternatives: Vec<Cause>,
    /// The challenges the server sent (`WWW-Authenticate`, or `Proxy-Authenticate` for 407),
    /// with any credential the request carried scrubbed out.
    pub challenges: Vec<Challenge>,
    /// Grammar violations and semantic problems the parser found in the challenges.
    pub findings: Vec<Finding>,
    /// What to do, best first.
    pub fixes: Vec<Fix>,
}

/// A cause with how sure the classifier is and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cause {
    /// Which cause.
    pub id: CauseId,
    /// From 0 to 1, two decimals.
    pub confidence: f64,
    /// The observations that point to this cause.
    pub evidence: Vec<Evidence>,
}

#[cfg(test)]
impl Cause {
    /// The arguments of the cause's `id` evidence, if it has that evidence.
    pub(crate) fn args_of(&self, id: EvidenceId) -> Option<&[String]> {
        self.evidence
            .iter()
            .find(|e| e.id == id)
            .map(|e| e.args.as_slice())
    }
}

/// One observation behind a cause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Which observation; its text lives in the extension's locales.
    pub id: EvidenceId,
    /// Positional arguments for that text (`$1`..`$n`); never a secret.
    pub args: Vec<String>,
}

impl Evidence {
    /// The arguments as a person reads them: an argument that is an id itself (why a cookie
    /// was refused, `reason_<id>`) in the words `text(key)` gives it; an unknown one as it is.
    pub fn args_in_words(&self, text: &dyn Fn(&str) -> String) -> Vec<String> {
        let mut args = self.args.clone();
        if matches!(
            self.id,
            EvidenceId::CookieRefused | EvidenceId::CookieWithheld
        ) && let Some(reason) = args.get_mut(1)
            && let Some(id) = CookieReason::from_name(reason)
        {
            *reason = text(&id.key("reason"));
        }
        args
    }
}

/// Who can apply a fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// The person in front of the browser.
    Visitor,
    /// Whoever runs the site.
    Owner,
}

/// One step to take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// Which step.
    pub id: FixId,
    /// Who can take it.
    pub audience: Audience,
    /// The extension action that applies it in one click, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<ActionId>,
}

/// How many alternatives a diagnosis lists, and the least confidence worth listing.
const MAX_ALTERNATIVES: usize = 6;
const MIN_ALTERNATIVE: f64 = 0.1;

/// Challenge parameter values longer than this are cut: a hostile realm must not bloat every
/// stored diagnosis.
const MAX_PARAM: usize = 1024;

/// Explains one failed request. Never panics; an error names the field that is invalid.
pub fn diagnose(event: &Event) -> Result<Diagnosis, EventError> {
    event.validate()?;
    let facts = Facts::new(event);
    let mut proposals = Proposals::default();
    for rule in rules::ALL {
        rule(&facts, &mut proposals);
    }
    let ranked = proposals.ranked();
    let fallback = fallback(&facts);
    let (first, rest) = ranked.split_first().unwrap_or((&fallback, &[]));
    let materialise = |p: &Proposal| Cause {
        id: p.id,
        confidence: p.confidence,
        evidence: p
            .notes
            .iter()
            .map(|n| n.evidence(facts.secrets()))
            .collect(),
    };
    let mut cause = materialise(first);
    // Worth saying when the page looks fine: the failure was one of its requests, not the page.
    if facts.is_subresource() {
        let script = note(EvidenceId::ScriptRequest).evidence(facts.secrets());
        if !cause.evidence.contains(&script) {
            cause.evidence.push(script);
        }
    }
    // Chrome shows extensions the body of documents only: a script's failed request is judged
    // by its headers, and the reader should know the server's own words were not seen.
    if event.body_text.is_none() {
        cause
            .evidence
            .push(note(EvidenceId::BodyUnread).evidence(facts.secrets()));
    }
    let alternatives: Vec<Cause> = rest
        .iter()
        .filter(|p| p.confidence >= MIN_ALTERNATIVE)
        .take(MAX_ALTERNATIVES)
        .map(materialise)
        .collect();
    let fixes = fixes(&facts, first.lead, &cause, &alternatives);
    let secrets = facts.secrets();
    Ok(Diagnosis {
        status: event.status_code,
        cause,
        alternatives,
        challenges: facts
            .challenges
            .iter()
            .map(|c| scrubbed(c, secrets))
            .collect(),
        findings: facts
            .findings
            .iter()
            .map(|f| Finding {
                args: f.args.iter().map(|a| clean(a, secrets)).collect(),
                ..f.clone()
            })
            .collect(),
        fixes,
    })
}

/// A cause a rule proposes, with its evidence still in borrowed form.
#[derive(Clone)]
pub(crate) struct Proposal<'f> {
    id: CauseId,
    confidence: f64,
    notes: Notes<'f>,
    /// The hops of a flow that show it, ascending (none for one event).
    hops: Vec<usize>,
    /// The fix to put first, when the rule knows one better than the cause's usual first.
    lead: Option<FixId>,
}

impl Proposal<'_> {
    /// Names the hops of a flow that show the cause.
    pub(crate) fn at(&mut self, hops: &[usize]) -> &mut Self {
        for &h in hops {
            if let Err(i) = self.hops.binary_search(&h) {
                self.hops.insert(i, h);
            }
        }
        self
    }

    /// Puts `fix` first among the cause's fixes.
    pub(crate) fn lead(&mut self, fix: FixId) -> &mut Self {
        self.lead.get_or_insert(fix);
        self
    }
}

/// What the rules propose; a cause proposed twice keeps its best confidence and all notes.
#[derive(Default)]
pub(crate) struct Proposals<'f>(Vec<Proposal<'f>>);

impl<'f> Proposals<'f> {
    /// Proposes `id` with `confidence` (0..1) because of `notes`; the proposal, to name hops
    /// or a lead fix.
    #[inline(never)]
    pub(crate) fn add(
        &mut self,
        id: CauseId,
        confidence: f64,
        notes: Notes<'f>,
    ) -> &mut Proposal<'f> {
        let i = match self.0.iter().position(|p| p.id == id) {
            Some(i) => i,
            None => {
                self.0.push(Proposal {
                    id,
                    confidence: 0.0,
                    notes: Notes::default(),
                    hops: Vec::new(),
                    lead: None,
                });
                self.0.len() - 1
            }
        };
        let p = &mut self.0[i];
        p.confidence = p.confidence.max(confidence);
        p.notes.extend(notes);
        p
    }

    /// Most confident first; ties go to the cause listed first in [`CauseId::ALL`]. An
    /// insertion sort: a few dozen causes at most, and far less code than the library sort.
    fn ranked(self) -> Vec<Proposal<'f>> {
        let mut causes = self.0;
        for c in &mut causes {
            c.confidence = (c.confidence.clamp(0.0, 1.0) * 100.0).round() / 100.0;
        }
        let before = |a: &Proposal, b: &Proposal| {
            a.confidence > b.confidence || a.confidence == b.confidence && a.id < b.id
        };
        for i in 1..causes.len() {
            let mut j = i;
            while j > 0 && before(&causes[j], &causes[j - 1]) {
                causes.swap(j, j - 1);
                j -= 1;
            }
        }
        causes
    }
}

/// When no rule recognised anything: the most common cause behind the status.
#[inline(never)]
fn fallback<'f>(f: &'f Facts) -> Proposal<'f> {
    let id = match f.status {
        403 => CauseId::Forbidden,
        404 | 410 => CauseId::WrongUrl,
        400 | 413 | 414 | 422 => CauseId::RequestMalformed,
        _ => CauseId::CredentialsMissing,
    };
    Proposal {
        id,
        confidence: 0.2,
        notes: Notes::of(&[f.status_note(), note(EvidenceId::NoSpecificSignal)]),
        hops: Vec::new(),
        lead: None,
    }
}

/// The rule's lead fix if it named one, the cause's fixes in order, then the best fix of each
/// alternative.
#[inline(never)]
fn fixes(f: &Facts, lead: Option<FixId>, cause: &Cause, alternatives: &[Cause]) -> Vec<Fix> {
    fix_list(lead, cause.id, alternatives)
        .into_iter()
        .map(|id| Fix {
            id,
            audience: catalogue::audience(id),
            action: action(f, id),
        })
        .collect()
}

/// `lead` first if there is one, then the cause's fixes, then the best new fix of each
/// alternative.
pub(crate) fn fix_list(lead: Option<FixId>, cause: CauseId, alternatives: &[Cause]) -> Vec<FixId> {
    let mut ids: Vec<FixId> = lead.into_iter().collect();
    for &fix in catalogue::fixes(cause) {
        if !ids.contains(&fix) {
            ids.push(fix);
        }
    }
    for alt in alternatives {
        if let Some(&best) = catalogue::fixes(alt.id)
            .iter()
            .find(|fix| !ids.contains(fix))
        {
            ids.push(best);
        }
    }
    ids
}

/// The fix's action; signing in again on a page protected by an HTTP scheme means reloading
/// it, which brings the browser's sign-in dialog back.
#[inline(never)]
fn action(f: &Facts, fix: FixId) -> Option<ActionId> {
    let prompts = ["basic", "digest", "negotiate", "ntlm"]
        .iter()
        .any(|s| f.offers(s));
    match fix {
        FixId::SignInAgain if prompts && matches!(f.request, Request::Page | Request::Unknown) => {
            Some(ActionId::Reload)
        }
        _ => catalogue::action(fix),
    }
}

/// The challenge with the request's own secrets removed and oversized values cut.
fn scrubbed(c: &Challenge, secrets: &[&str]) -> Challenge {
    Challenge {
        scheme: clean(&c.scheme, secrets),
        token68: c.token68.as_deref().map(|t| clean(t, secrets)),
        params: c
            .params
            .iter()
            .map(|p| crate::challenge::Param {
                name: clean(&p.name, secrets),
                value: clean(&p.value, secrets),
            })
            .collect(),
    }
}

/// A server-supplied value kept as it was, except for the request's secrets (a server may
/// echo them) and anything past [`MAX_PARAM`] bytes.
#[inline(never)]
fn clean(value: &str, secrets: &[&str]) -> String {
    // Control characters go first: the report drops them, and must not join a secret's halves.
    let visible: String = value.chars().filter(|c| !c.is_control()).collect();
    let mut v = crate::redact::without_secrets(&visible, secrets);
    if v.len() > MAX_PARAM {
        let mut end = MAX_PARAM;
        while !v.is_char_boundary(end) {
            end -= 1;
        }
        v.truncate(end);
        v.push('…');
    }
    v
}

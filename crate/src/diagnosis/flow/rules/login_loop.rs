//! A sign-in loop: the app sends the browser to sign in, the sign-in completes, and the app
//! sends it to sign in again, round after round, until a browser or provider stops it ("too
//! many redirects"). Counted in the tab's own page only (a frame renewing tokens every few
//! minutes is no loop), on sign-in starts fetched with GET (the steps of one sign-in post to the
//! same address), at most [`GAP`] seconds apart and without the visitor typing a password in
//! between unless the provider granted each round (a wrong password typed three times is no
//! loop). What the app did with the rounds explains it: no cookie set, its own cookie sent back
//! and still ignored, its cookie kept from the app by `SameSite`, or a page redirecting to itself;
//! a refused cookie is `cookie_rejected`'s to name.

use std::collections::HashMap;

use super::prelude::*;
use crate::diagnosis::CookieReason;
use crate::diagnosis::flow::trail::{session_cookie, work};

/// Rounds closer than this are one loop (seconds).
const GAP: f64 = 30.0;

/// Starts of the same sign-in it takes to call it a loop.
const ROUNDS: usize = 3;

/// The browsers' own words when they stop following redirects.
const TOO_MANY_REDIRECTS: &[&str] = &["TOO_MANY_REDIRECTS", "REDIRECT_LOOP"];

#[inline(never)]
pub(super) fn rule<'t>(t: &'t Trail, out: &mut Proposals<'t>) {
    let seen = Seen::new(t);
    // Runs of starts of the same sign-in, each round a loop's; one open run per place.
    let mut open: HashMap<Place, Vec<&HopFacts>> = HashMap::new();
    let mut best: Option<Vec<&HopFacts>> = None;
    for h in t
        .hops
        .iter()
        .filter(|h| h.frame == Frame::Top && h.starts_sign_in() && safe(h))
    {
        work(1);
        let Some(place) = Place::of(h) else { continue };
        match open.get_mut(&place) {
            Some(run) if seen.round(run[run.len() - 1], h) => run.push(h),
            Some(run) => consider(std::mem::replace(run, vec![h]), &mut best),
            None => {
                open.insert(place, vec![h]);
            }
        }
    }
    for run in open.into_values() {
        consider(run, &mut best);
    }
    let stopped = t.hops.iter().rev().find(|h| {
        h.hop
            .error
            .as_deref()
            .is_some_and(|e| TOO_MANY_REDIRECTS.iter().any(|m| e.contains(m)))
    });
    let Some(run) = best.or_else(|| {
        // A browser that gave up on a chain of redirects that went through a sign-in: a loop
        // too quick to count here (no page between the rounds), which the browser counted.
        let stop = stopped?;
        let mut chain: Vec<&HopFacts> = t.hops[..=stop.index]
            .iter()
            .rev()
            .take_while(|h| h.is_redirect() || h.index == stop.index)
            .filter(|h| h.frame == Frame::Top && h.starts_sign_in())
            .collect();
        chain.reverse();
        (!chain.is_empty()).then_some(chain)
    }) else {
        return;
    };
    let first = run[0];
    let last = run[run.len() - 1];
    let host = first.host().unwrap_or_default();
    let mut notes = Notes::of(&[note2(
        EvidenceId::SignInRepeated,
        Arg::Text(host),
        Arg::Number(run.len().max(2) as i64),
    )]);
    if let Some(stop) = stopped {
        notes.push(note1(
            EvidenceId::TooManyRedirects,
            Arg::Text(stop.hop.error.as_deref().unwrap_or_default()),
        ));
    }
    let end = stopped.map_or(last.index, |s| s.index.max(last.index));
    let (why, lead) = why(t, first, end);
    notes.add(why);
    // Every hop of the rounds: a refused cookie at any of them explains this loop.
    let mut hops: Vec<usize> = (first.index..=last.index).collect();
    hops.extend(stopped.map(|s| s.index));
    let confidence = if run.len() >= 5 || stopped.is_some() {
        0.9
    } else {
        0.85
    };
    let p = out.add(CauseId::LoginLoop, confidence, notes).at(&hops);
    if let Some(fix) = lead {
        p.lead(fix);
    }
}

/// Keeps `run` when it is a loop that beats `best`: the longest; on a tie, the one through the
/// provider, which names it best.
fn consider<'t, 'a>(run: Vec<&'t HopFacts<'a>>, best: &mut Option<Vec<&'t HopFacts<'a>>>) {
    let better = |b: &Vec<&HopFacts>| {
        run.len() > b.len()
            || run.len() == b.len()
                && run[0].authorization.is_some()
                && b[0].authorization.is_none()
    };
    if run.len() >= ROUNDS && best.as_ref().is_none_or(better) {
        *best = Some(run);
    }
}

/// A start fetched the way a loop fetches it: with GET, not a posted step of a sign-in.
fn safe(h: &HopFacts) -> bool {
    h.hop.event.method.eq_ignore_ascii_case("GET")
}

/// Where a sign-in starts: the host, the path, and for OAuth the app. Starts at the same place
/// are the same sign-in.
#[derive(PartialEq, Eq, Hash)]
struct Place<'a> {
    host: String,
    path: &'a str,
    client_id: Option<&'a str>,
}

impl<'a> Place<'a> {
    fn of(h: &'a HopFacts) -> Option<Self> {
        let u = h.url?;
        Some(Place {
            host: u.host.to_ascii_lowercase(),
            path: u.path,
            client_id: h.authorization.as_ref().map(|r| r.client_id.as_str()),
        })
    }
}

/// Running counts over the hops, so that what lies between two starts is known at once.
struct Seen {
    granted: Vec<u32>,
    typed: Vec<u32>,
    signed_out: Vec<u32>,
}

impl Seen {
    fn new(t: &Trail) -> Self {
        let mut seen = Seen {
            granted: vec![0],
            typed: vec![0],
            signed_out: vec![0],
        };
        for h in &t.hops {
            let granted =
                h.response.as_ref().is_some_and(|r| r.granted) || h.kind == StepKind::SamlResponse;
            let count = |v: &mut Vec<u32>, yes: bool| v.push(v[v.len() - 1] + u32::from(yes));
            count(&mut seen.granted, granted);
            count(&mut seen.typed, h.kind == StepKind::SignInForm);
            count(&mut seen.signed_out, h.kind == StepKind::Logout);
        }
        seen
    }

    /// Whether the hops between two starts make a round of a loop: soon after, somewhere else
    /// in between, no sign-out, and no password typed unless the provider granted the round.
    fn round(&self, a: &HopFacts, b: &HopFacts) -> bool {
        if let (Some(x), Some(y)) = (a.at, b.at)
            && y - x > GAP
        {
            return false;
        }
        let (from, to) = (a.index + 1, b.index);
        let any = |v: &[u32]| v[to] > v[from];
        to > from && !any(&self.signed_out) && (any(&self.granted) || !any(&self.typed))
    }
}

/// What the app did with the rounds from `first` to hop `end`, and the fix that follows from
/// it: a page that redirects to itself (the server's configuration), its cookie kept from it by
/// `SameSite` (the cookie's attributes), no cookie set at all, or its sign-in cookie sent back
/// and still ignored. Nothing when it set a cookie the browser refused: that is
/// `cookie_rejected`'s to say.
fn why<'t>(t: &'t Trail, first: &'t HopFacts, end: usize) -> (Option<Note<'t>>, Option<FixId>) {
    let rounds = &t.hops[first.index..=end];
    if let Some(h) = rounds.iter().find(|h| redirects_to_itself(h)) {
        let url = h.hop.event.url.split(['?', '#']).next().unwrap_or_default();
        return (
            Some(note1(EvidenceId::RedirectsToItself, Arg::Text(url))),
            Some(FixId::FixServerConfig),
        );
    }
    // The app: where the provider's answers arrive, else the return address it asked for,
    // else the page that sent the browser to sign in.
    let sender = first
        .index
        .checked_sub(1)
        .and_then(|i| t.hops.get(i))
        .filter(|p| p.redirect.is_some_and(|r| Some(r) == first.url));
    let Some(app_host) = rounds
        .iter()
        .find(|h| h.response.is_some())
        .and_then(|h| h.host())
        .or_else(|| {
            first
                .authorization
                .as_ref()
                .and_then(|a| a.redirect_uri.as_deref())
                .and_then(crate::url::parse)
                .map(|u| u.host)
        })
        .or_else(|| sender.and_then(|s| s.host()))
        .or_else(|| first.host())
    else {
        return (None, None);
    };
    let app: Vec<&HopFacts> = rounds.iter().filter(|h| h.on_site(app_host)).collect();
    let cookies = || {
        app.iter()
            .flat_map(|h| h.set_cookies.iter())
            .filter(|c| !c.deletion)
    };
    if cookies().any(|c| c.refused.is_some()) {
        return (None, None);
    }
    // A cookie kept from a request that was then sent to sign in.
    let kept = t.withheld.iter().find(|w| {
        (first.index..=end).contains(&w.at)
            && w.reason == Some(CookieReason::SameSiteCrossSite)
            && t.hops[w.at].sends_to_sign_in()
    });
    if let Some(w) = kept {
        return (
            Some(note2(
                EvidenceId::CookieWithheld,
                Arg::Text(w.name),
                Arg::Known(CookieReason::SameSiteCrossSite.as_str()),
            )),
            Some(FixId::FixCookieAttributes),
        );
    }
    let mut set: Vec<&str> = cookies().map(|c| c.cookie.name).collect();
    set.sort_unstable();
    set.dedup();
    if set.is_empty() {
        // Without the request headers, the cookies may have come from elsewhere.
        let note = app
            .iter()
            .all(|h| h.sent_cookies().is_some())
            .then(|| note1(EvidenceId::NoSessionCookie, Arg::Text(app_host)));
        return (note, None);
    }
    let sent: std::collections::HashSet<&str> = app
        .iter()
        .filter_map(|h| h.sent_cookies())
        .flatten()
        .copied()
        .collect();
    let returned = set
        .iter()
        .copied()
        .filter(|name| session_cookie(name) || set.len() == 1)
        .find(|name| sent.contains(name));
    (
        returned.map(|name| note1(EvidenceId::SessionCookieIgnored, Arg::Text(name))),
        None,
    )
}

/// A redirect to the very address requested: the server cannot see that the request already
/// is what it asks for (a TLS-terminating proxy that does not say the scheme was https).
fn redirects_to_itself(h: &HopFacts) -> bool {
    h.is_redirect() && h.hop.redirect_url.as_deref() == Some(h.hop.event.url.as_str())
}

//! A sign-in loop: the app sends the browser to sign in, the sign-in completes, and the app
//! sends it to sign in again, round after round, until a browser or provider stops it ("too
//! many redirects"). Counted in the tab's own page only (a frame renewing tokens every few
//! minutes is no loop), on sign-in starts fetched with GET (the steps of one sign-in post to the
//! same address), at most [`GAP`] seconds apart and without the visitor typing a password in
//! between unless the provider granted each round (a wrong password typed three times is no
//! loop). What the app did with the rounds explains it: no cookie set, or its own cookie sent
//! back and still ignored; a refused cookie is `cookie_rejected`'s to name.

use super::prelude::*;
use crate::diagnosis::flow::trail::session_cookie;

/// Rounds closer than this are one loop (seconds).
const GAP: f64 = 30.0;

/// Starts of the same sign-in it takes to call it a loop.
const ROUNDS: usize = 3;

/// The browsers' own words when they stop following redirects.
const TOO_MANY_REDIRECTS: &[&str] = &["TOO_MANY_REDIRECTS", "REDIRECT_LOOP"];

#[inline(never)]
pub(super) fn rule<'t>(t: &'t Trail, out: &mut Proposals<'t>) {
    let starts: Vec<&HopFacts> = t
        .hops
        .iter()
        .filter(|h| h.frame == Frame::Top && h.starts_sign_in() && safe(h))
        .collect();
    let mut best: Option<Vec<&HopFacts>> = None;
    for (i, first) in starts.iter().enumerate() {
        let mut run = vec![*first];
        for next in &starts[i + 1..] {
            let last = run[run.len() - 1];
            if !same_start(last, next) {
                continue;
            }
            if !round_between(t, last, next) {
                break;
            }
            run.push(next);
        }
        // The longest loop; on a tie, the one through the provider, which names it best.
        let better = |b: &Vec<&HopFacts>| {
            run.len() > b.len()
                || run.len() == b.len()
                    && run[0].authorization.is_some()
                    && b[0].authorization.is_none()
        };
        if run.len() >= ROUNDS && best.as_ref().is_none_or(better) {
            best = Some(run);
        }
    }
    let stopped = t.hops.iter().rev().find(|h| {
        h.hop
            .error
            .as_deref()
            .is_some_and(|e| TOO_MANY_REDIRECTS.iter().any(|m| e.contains(m)))
    });
    let Some(run) = best.or_else(|| {
        // A browser that gave up on a chain that went through a sign-in: a loop too short to
        // count here, which the browser counted for us.
        let stop = stopped?;
        let start = t.hops[..stop.index]
            .iter()
            .rev()
            .take_while(|h| h.is_redirect())
            .find(|h| h.starts_sign_in())?;
        Some(vec![start])
    }) else {
        return;
    };
    let first = run[0];
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
    let last = run[run.len() - 1];
    notes.add(why(t, first, last));
    // Every hop of the rounds: a refused cookie at any of them explains this loop.
    let mut hops: Vec<usize> = (first.index..=last.index).collect();
    hops.extend(stopped.map(|s| s.index));
    let confidence = if run.len() >= 5 || stopped.is_some() {
        0.9
    } else {
        0.85
    };
    out.add(CauseId::LoginLoop, confidence, notes).at(&hops);
}

/// A start fetched the way a loop fetches it: with GET, not a posted step of a sign-in.
fn safe(h: &HopFacts) -> bool {
    h.hop.event.method.eq_ignore_ascii_case("GET")
}

/// Two starts of the same sign-in: the same place, and for OAuth the same app.
fn same_start(a: &HopFacts, b: &HopFacts) -> bool {
    let (Some(x), Some(y)) = (a.url, b.url) else {
        return false;
    };
    x.host.eq_ignore_ascii_case(y.host)
        && x.path == y.path
        && a.authorization.as_ref().map(|r| &r.client_id)
            == b.authorization.as_ref().map(|r| &r.client_id)
}

/// Whether the hops between two starts make a round of a loop: soon after, somewhere else in
/// between, no sign-out, and no password typed unless the provider granted the round.
fn round_between(t: &Trail, a: &HopFacts, b: &HopFacts) -> bool {
    if let (Some(x), Some(y)) = (a.at, b.at)
        && y - x > GAP
    {
        return false;
    }
    let between = &t.hops[a.index + 1..b.index];
    let granted = between.iter().any(|h| {
        h.response.as_ref().is_some_and(|r| r.granted) || h.kind == StepKind::SamlResponse
    });
    let typed = between.iter().any(|h| h.kind == StepKind::SignInForm);
    let signed_out = between.iter().any(|h| h.kind == StepKind::Logout);
    !between.is_empty() && !signed_out && (granted || !typed)
}

/// What the app did with its rounds: set no cookie at all, or got its sign-in cookie back and
/// still sent the browser to sign in. Nothing when it set a cookie the browser refused: that
/// is `cookie_rejected`'s to say.
fn why<'t>(t: &'t Trail, first: &'t HopFacts, last: &HopFacts) -> Option<Note<'t>> {
    let rounds = &t.hops[first.index..=last.index];
    // The app: where the provider's answers arrive, else whoever asked for the sign-in.
    let app_host = rounds
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
        .or_else(|| first.host())?;
    let app: Vec<&HopFacts> = rounds.iter().filter(|h| h.on_site(app_host)).collect();
    let cookies = || {
        app.iter()
            .flat_map(|h| h.set_cookies.iter())
            .filter(|c| !c.deletion)
    };
    if cookies().any(|c| c.refused.is_some()) {
        return None;
    }
    let mut set: Vec<&str> = cookies().map(|c| c.cookie.name).collect();
    set.sort_unstable();
    set.dedup();
    if set.is_empty() {
        // Without the request headers, the cookies may have come from elsewhere.
        return app
            .iter()
            .all(|h| h.sent_cookies().is_some())
            .then(|| note1(EvidenceId::NoSessionCookie, Arg::Text(app_host)));
    }
    let returned = set
        .iter()
        .copied()
        .filter(|name| session_cookie(name) || set.len() == 1)
        .find(|name| app.iter().any(|h| h.sent(name)))?;
    Some(note1(EvidenceId::SessionCookieIgnored, Arg::Text(returned)))
}

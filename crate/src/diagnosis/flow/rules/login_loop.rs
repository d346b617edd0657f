//! A sign-in loop: the app sends the browser to sign in, the sign-in completes, and the app
//! sends it to sign in again, round after round, until a browser or provider stops it ("too
//! many redirects"). Counted in the tab's own page only (a frame renewing tokens every few
//! minutes is no loop), on sign-in starts fetched with GET (the steps of one sign-in post to the
//! same address) that ask to come back to the same address (keycloak-js sends each page the
//! visitor opens through the provider, back to that page), at most [`GAP`] seconds apart. A
//! round needs the provider to have granted it, or the start to have passed the browser on
//! without showing a page: a sign-in page shown and left without signing in is the visitor
//! going elsewhere (a language switched, a password reset asked for), and a wrong password
//! typed three times is no loop. What the app did with the rounds explains it: no cookie set, its own cookie sent back
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
const TOO_MANY_REDIRECTS: &[&str] = &["TOO_MANY_REDIRECTS", "REDIRECT_LOOP", "curl: (47)"];

/// What providers say when they stop a loop themselves: Microsoft Entra's LoopDetected
/// ("AADSTS50196: The server terminated an operation because it encountered a client request
/// loop").
const PROVIDER_STOPS: &[&str] = &["AADSTS50196"];

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
    let browser_stop = |h: &HopFacts| {
        h.hop
            .error
            .as_deref()
            .is_some_and(|e| TOO_MANY_REDIRECTS.iter().any(|m| e.contains(m)))
    };
    let stopped = t
        .hops
        .iter()
        .rev()
        .find(|h| browser_stop(h) || h.facts.says(PROVIDER_STOPS).is_some());
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
        notes.push(match stop.facts.says(PROVIDER_STOPS) {
            Some(said) if !browser_stop(stop) => note1(EvidenceId::ServerSays, Arg::Known(said)),
            _ => note1(
                EvidenceId::TooManyRedirects,
                Arg::Text(stop.hop.error.as_deref().unwrap_or_default()),
            ),
        });
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

/// Where a sign-in starts: the host, the path, and for OAuth the app and where it asked the
/// answer to go. Starts at the same place are the same sign-in.
#[derive(PartialEq, Eq, Hash)]
struct Place<'a> {
    host: String,
    path: &'a str,
    client_id: Option<&'a str>,
    return_to: Option<&'a str>,
}

impl<'a> Place<'a> {
    fn of(h: &'a HopFacts) -> Option<Self> {
        let u = h.url?;
        let request = h.authorization.as_ref();
        Some(Place {
            host: u.host.to_ascii_lowercase(),
            path: u.path,
            client_id: request.map(|r| r.client_id.as_str()),
            return_to: request
                .and_then(|r| r.redirect_uri.as_deref())
                .map(|r| r.split('#').next().unwrap_or_default()),
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
    /// in between, no sign-out, and the provider granted the round, or the first start passed
    /// the browser on (a redirect) and no password was typed.
    fn round(&self, a: &HopFacts, b: &HopFacts) -> bool {
        if let (Some(x), Some(y)) = (a.at, b.at)
            && y - x > GAP
        {
            return false;
        }
        let (from, to) = (a.index + 1, b.index);
        let any = |v: &[u32]| v[to] > v[from];
        to > from
            && !any(&self.signed_out)
            && (any(&self.granted) || a.is_redirect() && !any(&self.typed))
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

#[cfg(test)]
mod tests {
    use super::super::super::fixtures::{load, parse};
    use super::super::super::{FlowDiagnosis, diagnose_flow};
    use crate::diagnosis::ids::CauseId;
    use crate::flow::Flow;

    fn cause(flow: &Flow) -> Option<CauseId> {
        let d: FlowDiagnosis = diagnose_flow(flow).unwrap();
        d.failures.first().map(|f| f.cause)
    }

    #[test]
    fn trips_through_the_provider_back_to_other_pages_are_browsing() {
        let mut flow = load("keycloak-js-each-page-through-the-provider");
        assert_eq!(cause(&flow), None);
        // The same trips, each asking to come back to the first page: the app never keeps the
        // sign-in it was given.
        let first = "https%3A%2F%2Fportal.example-city.gov%2F&";
        for hop in &mut flow.hops {
            if let Some(at) = hop.event.url.find("redirect_uri=") {
                let end = at + hop.event.url[at..].find('&').unwrap() + 1;
                hop.event
                    .url
                    .replace_range(at + "redirect_uri=".len()..end, first);
            }
        }
        assert_eq!(cause(&flow), Some(CauseId::LoginLoop));
    }

    #[test]
    fn a_sign_in_page_shown_and_left_is_the_visitor_going_elsewhere() {
        // The visitor switches the language of the sign-in page twice.
        let hop = |url: &str, status: &str| {
            format!(
                "=== hop\n#! type: main_frame\n#! initiator: https://id.example\nGET {url}\n\nHTTP/1.1 {status}\nDate: Mon, 10 Mar 2025 09:00:00 GMT\n\n"
            )
        };
        let switch = |lang: &str| {
            hop(
                &format!("https://id.example/i18n?lang={lang}"),
                "302 Found\nLocation: /login",
            )
        };
        let page = hop("https://id.example/login", "200 OK");
        let shown = [&page[..], &switch("de"), &page, &switch("fr"), &page].concat();
        let flow = parse(&format!("# Source: test\n{shown}")).unwrap();
        assert_eq!(cause(&flow), None);
        // The sign-in page passing the browser on each time, without a page for the visitor:
        // the app and its sign-in page send the browser to each other.
        let passed = hop("https://id.example/login", "302 Found\nLocation: /home");
        let home = hop("https://id.example/home", "302 Found\nLocation: /login");
        let looped = [&passed[..], &home, &passed, &home, &passed].concat();
        let flow = parse(&format!("# Source: test\n{looped}")).unwrap();
        assert_eq!(cause(&flow), Some(CauseId::LoginLoop));
    }

    #[test]
    fn saml_logouts_between_sign_ins_at_one_endpoint_are_no_loop() {
        let flow = load("saml-keycloak-sign-in-out-and-in-again");
        assert_eq!(cause(&flow), None);
        let d = diagnose_flow(&flow).unwrap();
        let logouts = d
            .timeline
            .iter()
            .filter(|s| s.kind == crate::diagnosis::StepKind::Logout)
            .count();
        assert_eq!(logouts, 4, "two LogoutRequests and two LogoutResponses");
    }

    #[test]
    fn a_provider_that_stops_the_loop_itself_says_so() {
        let entra = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=6731de76-14a6-49ae-97bc-6eba6914391e&response_type=code&redirect_uri=https%3A%2F%2Fapp.example.com%2Fsignin-oidc&response_mode=form_post&scope=openid&state=s";
        let round = format!(
            "=== hop\n#! type: main_frame\nGET https://app.example.com/\n\nHTTP/1.1 302 Found\nDate: Mon, 10 Mar 2025 09:00:00 GMT\nLocation: {entra}\n\n=== hop\n#! type: main_frame\n#! initiator: https://app.example.com\nGET {entra}\n\nHTTP/1.1 200 OK\nDate: Mon, 10 Mar 2025 09:00:00 GMT\nContent-Type: text/html\n\n<form method=\"POST\" action=\"https://app.example.com/signin-oidc\">\n=== hop\n#! type: main_frame\n#! initiator: https://login.microsoftonline.com\n#! form: code=0.AQcode0001&state=s\nPOST https://app.example.com/signin-oidc\n\nHTTP/1.1 302 Found\nDate: Mon, 10 Mar 2025 09:00:01 GMT\nLocation: https://app.example.com/\n\n"
        );
        let stop = format!(
            "=== hop\n#! type: main_frame\nGET https://app.example.com/\n\nHTTP/1.1 302 Found\nDate: Mon, 10 Mar 2025 09:00:02 GMT\nLocation: {entra}\n\n=== hop\n#! type: main_frame\n#! initiator: https://app.example.com\nGET {entra}\n\nHTTP/1.1 200 OK\nDate: Mon, 10 Mar 2025 09:00:02 GMT\nContent-Type: text/html\n\nAADSTS50196: The server terminated an operation because it encountered a client request loop. Please contact your app vendor.\n"
        );
        let flow = parse(&format!("# Source: test\n{round}{stop}")).unwrap();
        let d = diagnose_flow(&flow).unwrap();
        let f = &d.failures[0];
        assert_eq!(f.cause, CauseId::LoginLoop);
        assert!(
            f.evidence.iter().any(|e| e.args == ["AADSTS50196"]),
            "{:?}",
            f.evidence
        );
        // The same two rounds without the provider's word: too few to call a loop.
        let flow = parse(&format!(
            "# Source: test\n{round}{}",
            stop.replace("AADSTS50196", "Sign in")
        ))
        .unwrap();
        assert_eq!(cause(&flow), None);
    }
}

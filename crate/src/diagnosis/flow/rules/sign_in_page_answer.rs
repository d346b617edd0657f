//! A script's request answered by the sign-in page: a fetch or XHR that carried the site's
//! sign-in cookie was redirected to the sign-in page (or straight to the identity provider)
//! instead of getting its data. The session behind the cookie has ended; the page's script
//! then fails in ways that say nothing about signing in (a JSON parse error, a CORS error for
//! a provider on another site). A visitor without such a cookie is simply not signed in: no
//! failure. Many frameworks give every visitor a session cookie (PHP, Java, Rails, Laravel,
//! Express): one of those says someone signed in only when the trail shows them signing in on
//! that site; without it, it is an alternative at most.

use super::prelude::*;
use crate::diagnosis::flow::trail::{issued_to_anyone, session_cookie};
use crate::url::registrable_domain;

#[inline(never)]
pub(super) fn rule<'t>(t: &'t Trail, out: &mut Proposals<'t>) {
    // The sites the visitor signed in to so far along the trail.
    let mut signed_in: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for h in &t.hops {
        if h.completes_sign_in() {
            signed_in.extend(h.host().map(registrable_domain));
        }
        if h.frame != Frame::Script || !h.is_redirect() {
            continue;
        }
        let Some(target) = h.redirect else { continue };
        let to_sign_in = crate::oauth::authorization_request(&target).is_some()
            || t.hops.get(h.index + 1).is_some_and(|n| {
                n.kind == StepKind::SignInPage && n.url.is_some_and(|u| u.path == target.path)
            })
            || crate::diagnosis::flow::trail::sign_in_path(target.path);
        if !to_sign_in {
            continue;
        }
        let Some(names) = h.sent_cookies() else {
            continue;
        };
        let sign_in_only = names
            .iter()
            .copied()
            .find(|n| session_cookie(n) && !issued_to_anyone(n));
        let Some(cookie) =
            sign_in_only.or_else(|| names.iter().copied().find(|n| session_cookie(n)))
        else {
            continue;
        };
        let seen_signing_in = h
            .host()
            .is_some_and(|host| signed_in.contains(registrable_domain(host)));
        let confidence = if sign_in_only.is_some() || seen_signing_in {
            0.85
        } else {
            0.45
        };
        let mut hops = vec![h.index];
        hops.extend(
            t.hops
                .get(h.index + 1)
                .filter(|n| {
                    n.frame == Frame::Script && n.url.is_some_and(|u| u.path == target.path)
                })
                .map(|n| n.index),
        );
        out.add(
            CauseId::SessionExpired,
            confidence,
            Notes::of(&[
                note1(EvidenceId::ScriptRedirectedToSignIn, Arg::Text(shown(h))),
                note1(EvidenceId::SignInCookieSent, Arg::Text(cookie)),
            ]),
        )
        .at(&hops);
    }
}

/// Where the script was sent, without its query: the raw target stops at `?`.
fn shown<'t>(h: &'t HopFacts) -> &'t str {
    let target = h.hop.redirect_url.as_deref().unwrap_or_default();
    target.split(['?', '#']).next().unwrap_or_default()
}

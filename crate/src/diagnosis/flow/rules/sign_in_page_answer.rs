//! A script's request answered by the sign-in page: a fetch or XHR that carried the site's
//! sign-in cookie was redirected to the sign-in page (or straight to the identity provider)
//! instead of getting its data. The session behind the cookie has ended; the page's script
//! then fails in ways that say nothing about signing in (a JSON parse error, a CORS error for
//! a provider on another site). A visitor without such a cookie is simply not signed in: no
//! failure.

use super::prelude::*;
use crate::diagnosis::flow::trail::session_cookie;

#[inline(never)]
pub(super) fn rule<'t>(t: &'t Trail, out: &mut Proposals<'t>) {
    for h in t
        .hops
        .iter()
        .filter(|h| h.frame == Frame::Script && h.is_redirect())
    {
        let Some(target) = h.redirect else { continue };
        let to_sign_in = crate::oauth::authorization_request(&target).is_some()
            || t.hops.get(h.index + 1).is_some_and(|n| {
                n.kind == StepKind::SignInPage && n.url.is_some_and(|u| u.path == target.path)
            })
            || crate::diagnosis::flow::trail::sign_in_path(target.path);
        if !to_sign_in {
            continue;
        }
        let Some(cookie) = h
            .sent_cookies()
            .and_then(|names| names.iter().copied().find(|n| session_cookie(n)))
        else {
            continue;
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
            0.85,
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

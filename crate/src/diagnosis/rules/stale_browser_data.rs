//! Outdated cookies or cached pages for the site can keep a refused sign-in alive after the
//! site changed; clearing the site's data is the common guides' second step. An alternative
//! for pages, stronger when cookies went out with the request.

use super::prelude::*;

pub(super) fn rule(f: &Facts, out: &mut Proposals) {
    if !matches!(f.status, 401 | 403) || f.is_subresource() {
        return;
    }
    match f.cookies {
        Some(n) if n > 0 => out.add(CauseId::StaleBrowserData, 0.3, vec![ev(EvidenceId::CookiesSent, [n.to_string()])]),
        _ => out.add(CauseId::StaleBrowserData, 0.25, vec![ev(EvidenceId::NoSpecificSignal, [])]),
    }
}

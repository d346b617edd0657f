//! Outdated cookies or cached pages for the site can keep a refused sign-in alive after the
//! site changed; clearing the site's data is the common guides' second step. An alternative
//! for pages, stronger when cookies went out with the request.

use super::prelude::*;

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    if !matches!(f.status, 401 | 403) || f.is_subresource() {
        return;
    }
    if f.cookies.is_some_and(|n| n > 0) {
        out.add(
            CauseId::StaleBrowserData,
            0.3,
            Notes::of(&[f.cookie_note()]),
        );
    } else {
        out.add(
            CauseId::StaleBrowserData,
            0.25,
            Notes::of(&[note(EvidenceId::NoSpecificSignal)]),
        );
    }
}

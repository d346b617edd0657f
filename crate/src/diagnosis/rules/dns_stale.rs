//! A stale DNS answer (a moved site, a changed hosting provider) can send the browser to an
//! old server that refuses it. Rare, which is why the guides suggest flushing DNS only after
//! the address and the site's data have been ruled out: a low-ranked alternative for pages.

use super::prelude::*;

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    if matches!(f.status, 401 | 403) && matches!(f.request, Request::Page | Request::Unknown) {
        out.add(
            CauseId::DnsStale,
            0.1,
            Notes::of(&[note(EvidenceId::NoSpecificSignal)]),
        );
    }
}

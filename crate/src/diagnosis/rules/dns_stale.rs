//! A stale DNS answer (a moved site, a changed hosting provider) can send the browser to an
//! old server that refuses it. Rare, which is why the guides suggest flushing DNS only after
//! the address and the site's data have been ruled out: a low-ranked alternative for pages.

use super::prelude::*;

pub(super) fn rule(f: &Facts, out: &mut Proposals) {
    if matches!(f.status, 401 | 403) && matches!(f.request, Request::Page | Request::Unknown) {
        out.add(CauseId::DnsStale, 0.1, vec![ev(EvidenceId::NoSpecificSignal, [])]);
    }
}

//! Fetch §4.8 (CORS-preflight fetch): before a cross-origin request with custom headers (such
//! as `Authorization`), the browser asks permission with an OPTIONS request that never carries
//! credentials. A server that demands authentication for it (401/403) fails every such call
//! before it starts; any status outside 2xx fails the preflight.

use super::prelude::*;

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    if !same(&f.event.method, "OPTIONS") || f.status < 300 {
        return;
    }
    let (preflight, confidence) = match f
        .event
        .request_header_values("access-control-request-method")
        .next()
    {
        Some(method) => (note1(EvidenceId::Preflight, Arg::Text(method)), 0.95),
        // Chrome hides preflights' headers unless a listener asks for extraHeaders.
        None if !f.headers_known => (note(EvidenceId::OptionsRequest), 0.85),
        None => return,
    };
    let mut notes = Notes::of(&[f.status_note(), preflight]);
    notes.add(
        f.cross_site
            .map(|host| note1(EvidenceId::ThirdPartyRequest, Arg::Text(host))),
    );
    out.add(CauseId::CorsPreflight, confidence, notes);
}

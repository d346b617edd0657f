//! Fetch §4.8 (CORS-preflight fetch): before a cross-origin request with custom headers (such
//! as `Authorization`), the browser asks permission with an OPTIONS request that never carries
//! credentials. A server that demands authentication for it (401/403) fails every such call
//! before it starts; any status outside 2xx fails the preflight.

use super::prelude::*;

pub(super) fn rule(f: &Facts, out: &mut Proposals) {
    if !f.event.method.eq_ignore_ascii_case("OPTIONS") || f.status < 300 {
        return;
    }
    let preflight = match f.event.request_header_values("access-control-request-method").next() {
        Some(method) => ev(EvidenceId::Preflight, [f.text(method)]),
        // Chrome hides preflights' headers unless a listener asks for extraHeaders.
        None if !f.headers_known => ev(EvidenceId::OptionsRequest, []),
        None => return,
    };
    let confidence = if preflight.id == EvidenceId::Preflight { 0.95 } else { 0.85 };
    let mut evidence = vec![f.status_evidence(), preflight];
    evidence.extend(f.cross_site.map(|host| ev(EvidenceId::ThirdPartyRequest, [f.text(host)])));
    out.add(CauseId::CorsPreflight, confidence, evidence);
}

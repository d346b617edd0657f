//! RFC 9110 §15.5.8 and §11.7: 407 Proxy Authentication Required comes from a proxy between
//! the browser and the site, which wants credentials in `Proxy-Authorization`. The site was
//! never reached. Squid marks its pages with `X-Squid-Error: ERR_CACHE_ACCESS_DENIED`.

use super::prelude::*;

const SQUID: &[&str] = &["ERR_CACHE_ACCESS_DENIED", "Cache Access Denied"];

pub(super) fn rule(f: &Facts, out: &mut Proposals) {
    if f.status != 407 {
        return;
    }
    let mut evidence = vec![f.status_evidence()];
    evidence.extend(f.challenges.first().map(|c| ev(EvidenceId::ProxyChallenge, [f.text(&c.scheme)])));
    if f.sent.is_some() {
        evidence.push(f.sent_evidence());
    }
    if f.retried {
        evidence.push(ev(EvidenceId::BrowserRetried, []));
    }
    if f.response("x-squid-error").is_some() || f.says(SQUID).is_some() {
        evidence.push(ev(EvidenceId::BlockedBy, ["Squid".into()]));
    }
    out.add(CauseId::ProxyAuth, if f.has_challenge() { 0.95 } else { 0.85 }, evidence);
}

//! RFC 9110 §15.5.8 and §11.7: 407 Proxy Authentication Required comes from a proxy between
//! the browser and the site, which wants credentials in `Proxy-Authorization`. The site was
//! never reached. Squid marks its pages with `X-Squid-Error: ERR_CACHE_ACCESS_DENIED`.

use super::prelude::*;

const SQUID: &[&str] = &["ERR_CACHE_ACCESS_DENIED", "Cache Access Denied"];

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    if f.status != 407 {
        return;
    }
    let mut notes = Notes::of(&[f.status_note()]);
    notes.add(
        f.challenges
            .first()
            .map(|c| note1(EvidenceId::ProxyChallenge, Arg::Text(&c.scheme))),
    );
    if f.sent.is_some() {
        notes.push(f.sent_note());
    }
    if f.retried {
        notes.push(note(EvidenceId::BrowserRetried));
    }
    if f.response("x-squid-error").is_some() || f.says(SQUID).is_some() {
        notes.push(note1(EvidenceId::BlockedBy, Arg::Known("Squid")));
    }
    out.add(
        CauseId::ProxyAuth,
        if f.has_challenge() { 0.95 } else { 0.85 },
        notes,
    );
}

//! Integrated Windows authentication (RFC 4559 Negotiate, NTLM). Browsers answer these
//! challenges silently only for sites they trust (Chrome's AuthServerAllowlist policy,
//! Firefox's `network.negotiate-auth.trusted-uris`), and only with an account of the
//! organisation's domain, usually from its network or VPN; elsewhere they prompt, and a
//! personal account fails.

use super::prelude::*;

pub(super) const WINDOWS: &[&str] = &["negotiate", "ntlm", "kerberos"];

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    if f.challenges.is_empty() || !matches!(f.status, 401 | 407) {
        return;
    }
    let is_windows = |scheme: &str| WINDOWS.iter().any(|w| same(scheme, w));
    let Some(first) = f.challenges.iter().find(|c| is_windows(&c.scheme)) else {
        return;
    };
    let only_windows = f.challenges.iter().all(|c| is_windows(&c.scheme));
    let mut notes = Notes::of(&[note1(EvidenceId::WindowsSchemes, Arg::Text(&first.scheme))]);
    if f.retried {
        notes.push(note(EvidenceId::BrowserRetried));
    }
    out.add(
        CauseId::WindowsAuth,
        if only_windows { 0.86 } else { 0.35 },
        notes,
    );
}

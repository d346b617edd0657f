//! Integrated Windows authentication (RFC 4559 Negotiate, NTLM). Browsers answer these
//! challenges silently only for sites they trust (Chrome's AuthServerAllowlist policy,
//! Firefox's `network.negotiate-auth.trusted-uris`), and only with an account of the
//! organisation's domain, usually from its network or VPN; elsewhere they prompt, and a
//! personal account fails.

use super::prelude::*;

const WINDOWS: &[&str] = &["negotiate", "ntlm", "kerberos"];

pub(super) fn rule(f: &Facts, out: &mut Proposals) {
    if f.challenges.is_empty() || !matches!(f.status, 401 | 407) {
        return;
    }
    let windows: Vec<&str> = f.challenges.iter().filter(|c| WINDOWS.iter().any(|w| c.is(w))).map(|c| c.scheme.as_str()).collect();
    if windows.is_empty() {
        return;
    }
    let mut evidence = vec![ev(EvidenceId::WindowsSchemes, [f.text(&windows.join(", "))])];
    if f.retried {
        evidence.push(ev(EvidenceId::BrowserRetried, []));
    }
    let only_windows = windows.len() == f.challenges.len();
    out.add(CauseId::WindowsAuth, if only_windows { 0.86 } else { 0.35 }, evidence);
}

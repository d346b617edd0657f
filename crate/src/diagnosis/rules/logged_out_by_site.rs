//! W3C Clear Site Data §3: `Clear-Site-Data: "cookies"` (or `"storage"`, `"*"`) makes the
//! browser delete the site's data. Sites send it on sign-out, and some when they stop trusting
//! a session, so the failure is the site ending the session on purpose.

use super::prelude::*;

pub(super) fn rule(f: &Facts, out: &mut Proposals) {
    let Some(value) = f.response("clear-site-data") else { return };
    let v = value.to_ascii_lowercase();
    if ["\"cookies\"", "\"storage\"", "\"*\"", "\"cache\""].iter().any(|d| v.contains(d)) {
        out.add(CauseId::LoggedOutBySite, 0.9, vec![ev(EvidenceId::ClearSiteData, [f.text(value)]), f.status_evidence()]);
    }
}

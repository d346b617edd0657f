//! W3C Clear Site Data §3: `Clear-Site-Data: "cookies"` (or `"storage"`, `"*"`) makes the
//! browser delete the site's data. Sites send it on sign-out, and some when they stop trusting
//! a session, so the failure is the site ending the session on purpose.

use super::prelude::*;

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    let Some(value) = f.response("clear-site-data") else {
        return;
    };
    let v = value.to_ascii_lowercase();
    if ["\"cookies\"", "\"storage\"", "\"*\"", "\"cache\""]
        .iter()
        .any(|d| has(&v, d))
    {
        out.add(
            CauseId::LoggedOutBySite,
            0.9,
            Notes::of(&[
                note1(EvidenceId::ClearSiteData, Arg::Text(value)),
                f.status_note(),
            ]),
        );
    }
}

//! A request this page made to another site (an embedded frame, an API, a widget) was refused:
//! that service wants its own sign-in or the page's integration key, not this site's login.
//! Same-site subdomains (app. / api.) are not third parties.

use super::prelude::*;

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    let Some(host) = f.cross_site else { return };
    if !matches!(f.status, 401 | 403) || same(&f.event.method, "OPTIONS") {
        return;
    }
    let mut notes = Notes::of(&[note1(EvidenceId::ThirdPartyRequest, Arg::Text(host))]);
    if f.is_subresource() {
        notes.push(note(EvidenceId::ScriptRequest));
    }
    // Without credentials of its own the request could only fail there; with them, the page's
    // integration may be at fault but more specific rules (rejected, expired) explain it better.
    out.add(
        CauseId::ThirdPartyAuth,
        if f.credentials_sent() { 0.5 } else { 0.72 },
        notes,
    );
}

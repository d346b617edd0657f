//! Deny lists. Cloudflare's errors 1005–1009 ban an IP address, network (ASN) or country
//! ("The owner of this website has banned your IP address"); many sites and plugins print
//! their own "your IP has been blocked" pages. IIS sub-statuses are handled by `iis`. A plain
//! 403 may also be a ban, hence a weak alternative.

use super::prelude::*;

const MARKERS: &[&str] = &[
    "has banned your IP address",
    "has banned the autonomous system number",
    "banned the country or region your IP address is in",
    "Your IP address has been blocked",
    "your IP has been blocked",
    "your IP has been banned",
    "IP address has been banned",
    "IP address is blocked",
    "IP address rejected",
    "not in the list of allowed IP",
    // Cloudflare's bans (1005 ASN, 1006 IP, 1007–1008 IP range, 1009 country) as plain text.
    "error code: 1005",
    "error code: 1006",
    "error code: 1007",
    "error code: 1008",
    "error code: 1009",
];

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    if let Some(m) = f.says(MARKERS) {
        let mut notes = Notes::of(&[says(m)]);
        if has(m, "banned") && has(&f.body, "cloudflare") {
            notes.push(note1(EvidenceId::BlockedBy, Arg::Known("Cloudflare")));
        }
        out.add(CauseId::IpBlocked, 0.9, notes);
    } else if f.status == 403 {
        out.add(CauseId::IpBlocked, 0.15, Notes::of(&[f.status_note()]));
    }
}

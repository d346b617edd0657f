//! Request headers too large for the server, almost always because the site's own cookies grew
//! past its limit: RFC 6585 §5's 431, nginx's 400 "Request Header Or Cookie Too Large", Apache's
//! 400 "Size of a request header field exceeds server limit", HTTP.sys/IIS's 400 "Request
//! Header Too Long" / "The size of the request headers is too long".

use super::prelude::*;

const MARKERS: &[&str] = &[
    "Request Header Or Cookie Too Large",
    "Size of a request header field exceeds server limit",
    "Request Header Too Long",
    "The size of the request headers is too long",
    "Request Header Fields Too Large",
];

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    let marker = f.says(MARKERS);
    if f.status != 431 && marker.is_none() {
        return;
    }
    let mut notes = Notes::of(&[f.status_note()]);
    notes.add(marker.map(says));
    if f.cookies.is_some_and(|n| n > 0) {
        notes.push(f.cookie_note());
    }
    out.add(CauseId::CookiesTooLarge, 0.92, notes);
}

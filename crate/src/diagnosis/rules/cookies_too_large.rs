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

pub(super) fn rule(f: &Facts, out: &mut Proposals) {
    let marker = f.says(MARKERS);
    if f.status != 431 && marker.is_none() {
        return;
    }
    let mut evidence = vec![f.status_evidence()];
    evidence.extend(marker.map(says));
    evidence.extend(f.cookies.filter(|&n| n > 0).map(|n| ev(EvidenceId::CookiesSent, [n.to_string()])));
    out.add(CauseId::CookiesTooLarge, 0.92, evidence);
}

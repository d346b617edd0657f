//! RFC 6585 §6: 511 Network Authentication Required comes from an intercepting network (hotel,
//! airport or café Wi-Fi), never from the site itself: the network wants a sign-in on its own
//! portal page before it lets traffic out.

use super::prelude::*;

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    if f.status == 511 {
        out.add(CauseId::CaptivePortal, 0.95, Notes::of(&[f.status_note()]));
    }
}

//! A mistyped or outdated address. Many servers protect everything that is not a known page,
//! so a bad path yields 401/403 rather than 404. Amazon API Gateway is the classic: any unknown
//! route answers 403 `{"message":"Missing Authentication Token"}`, and names it in
//! `x-amzn-ErrorType: MissingAuthenticationTokenException`, readable without the body.

use super::prelude::*;

const UNKNOWN_ROUTE: &[&str] = &[
    "Missing Authentication Token",
    "MissingAuthenticationTokenException",
];

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    if let Some(m) = f.says(UNKNOWN_ROUTE) {
        out.add(
            CauseId::WrongUrl,
            0.85,
            Notes::of(&[says(m), f.status_note()]),
        );
    } else if matches!(f.status, 404 | 410) {
        out.add(CauseId::WrongUrl, 0.6, Notes::of(&[f.status_note()]));
    } else if matches!(f.status, 401 | 403) && !f.is_subresource() {
        out.add(
            CauseId::WrongUrl,
            0.2,
            Notes::of(&[note(EvidenceId::NoSpecificSignal)]),
        );
    }
}

//! A mistyped or outdated address. Many servers protect everything that is not a known page,
//! so a bad path yields 401/403 rather than 404. Amazon API Gateway is the classic: any unknown
//! route answers 403 `{"message":"Missing Authentication Token"}`.

use super::prelude::*;

const UNKNOWN_ROUTE: &[&str] = &["Missing Authentication Token"];

pub(super) fn rule(f: &Facts, out: &mut Proposals) {
    if let Some(m) = f.says(UNKNOWN_ROUTE) {
        out.add(CauseId::WrongUrl, 0.85, vec![says(m), f.status_evidence()]);
    } else if matches!(f.status, 404 | 410) {
        out.add(CauseId::WrongUrl, 0.6, vec![f.status_evidence()]);
    } else if matches!(f.status, 401 | 403) && !f.is_subresource() {
        out.add(CauseId::WrongUrl, 0.2, vec![ev(EvidenceId::NoSpecificSignal, [])]);
    }
}

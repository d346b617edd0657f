//! One rule per module, in the spirit of Refined GitHub's one-file-per-feature: each looks at
//! the [`Facts`] for one cause (or, for IIS, one signal) and proposes it with a confidence and
//! the evidence. Rules never see each other; the ranking decides.
//!
//! Confidence scale: 0.95 an unambiguous protocol signal (511, 407, a preflight, Digest
//! `stale`, a Bearer error code backed by the token's claims, an IIS sub-status); 0.85–0.9 a
//! framework's own words in the body; 0.7–0.8 a sound inference (credentials sent and
//! refused, no challenge at all); 0.5 and below, plausible alternatives.
//!
//! Each rule is `#[inline(never)]`: called through the table below, they would otherwise be
//! inlined into `diagnose` while their table copies stay, which measured about 20 KB more wasm.
//!
//! [`Facts`]: super::facts::Facts

mod account_disabled;
mod authorization_stripped;
mod captcha_required;
mod captive_portal;
mod challenge_malformed;
mod challenge_missing;
mod clock_skew;
mod cookies_too_large;
mod cors_preflight;
mod credentials_missing;
mod credentials_rejected;
mod csrf_expired;
mod dns_stale;
mod firewall_blocked;
mod forbidden;
mod iis;
mod insecure_transport;
mod insufficient_scope;
mod ip_blocked;
mod logged_out_by_site;
mod nonce_stale;
mod proxy_auth;
mod rate_limited;
mod request_malformed;
mod scheme_mismatch;
mod second_factor_required;
mod session_expired;
mod sign_in_gateway;
mod stale_browser_data;
mod third_party_auth;
mod token_expired;
mod token_invalid;
mod windows_auth;
mod wrong_url;

/// What every rule module needs.
mod prelude {
    pub(super) use super::super::Proposals;
    pub(super) use super::super::facts::{Carried, Facts, Phrase, Request, Timing, has};
    pub(super) use super::super::ids::{CauseId, EvidenceId, FixId};
    pub(super) use super::super::notes::{Arg, Note, Notes, note, note1, note2, says};
    pub(super) use crate::event::same;
}

/// A rule: looks at the facts, proposes causes.
pub(super) type Rule = for<'f, 'a> fn(&'f prelude::Facts<'a>, &mut super::Proposals<'f>);

/// Every rule.
pub(super) const ALL: &[Rule] = &[
    account_disabled::rule,
    authorization_stripped::rule,
    captcha_required::rule,
    captive_portal::rule,
    challenge_malformed::rule,
    challenge_missing::rule,
    clock_skew::rule,
    cookies_too_large::rule,
    cors_preflight::rule,
    credentials_missing::rule,
    credentials_rejected::rule,
    csrf_expired::rule,
    dns_stale::rule,
    firewall_blocked::rule,
    forbidden::rule,
    iis::rule,
    insecure_transport::rule,
    insufficient_scope::rule,
    ip_blocked::rule,
    logged_out_by_site::rule,
    nonce_stale::rule,
    proxy_auth::rule,
    rate_limited::rule,
    request_malformed::rule,
    scheme_mismatch::rule,
    second_factor_required::rule,
    session_expired::rule,
    sign_in_gateway::rule,
    stale_browser_data::rule,
    third_party_auth::rule,
    token_expired::rule,
    token_invalid::rule,
    windows_auth::rule,
    wrong_url::rule,
];

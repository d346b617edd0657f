//! AuthLens core: reads HTTP authentication challenges and explains auth failures.
//!
//! The public API is a few pure functions:
//! - [`parse_challenges`] / [`parse_challenge_lines`]: the strict RFC 9110 §11 parser;
//! - [`parse_challenges_lenient`]: the recovering parser the classifier uses, which also
//!   reports every grammar violation as a [`Finding`];
//! - [`diagnose`]: turns what the browser saw ([`Event`]) into a [`Diagnosis`];
//! - [`diagnose_flow`]: turns a tab's trail of hops ([`Flow`]) into the sign-in failures it
//!   shows ([`FlowDiagnosis`]);
//! - [`report`], [`flow_report`]: a redacted Markdown report of a diagnosis or of a failed
//!   sign-in flow, for the site owner.
//!
//! Nothing here touches a browser; the `wasm` module is the only boundary to JavaScript.
#![deny(missing_docs)]

mod base64;
#[cfg(any(not(target_arch = "wasm32"), feature = "inspector"))]
pub mod capture;
mod challenge;
mod cookie;
#[cfg(any(test, feature = "inspector"))]
mod curl;
mod date;
mod diagnosis;
mod event;
mod flow;
#[cfg(any(not(target_arch = "wasm32"), feature = "inspector"))]
pub mod har;
#[cfg(any(test, feature = "har-page"))]
mod har_chunks;
#[cfg(any(test, feature = "inspector"))]
mod har_export;
#[cfg(any(test, feature = "inspector"))]
mod inspect;
mod jwt;
#[cfg(not(target_arch = "wasm32"))]
pub mod messages;
mod oauth;
mod parser;
pub mod plural;
mod redact;
mod report;
mod saml;
mod scheme;
mod table;
#[cfg(not(target_arch = "wasm32"))]
pub mod text;
mod timeline;
#[cfg(not(target_arch = "wasm32"))]
pub mod transcript;
mod url;
mod xml;

/// Base64 as identity providers post SAML messages, for the fuzz targets (`crate/fuzz`) only.
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub use base64::encode as base64_encode;
pub use challenge::{Challenge, Finding, FindingId, Param, ParseError};
pub use diagnosis::{
    ActionId, Audience, Cause, CauseId, Diagnosis, Evidence, EvidenceId, Fix, FixId, FlowDiagnosis,
    FlowFailure, Frame, Step, StepKind, diagnose, diagnose_flow,
};
pub use event::{Event, EventError, Header};
pub use flow::{Flow, Hop, StoredCookie};
pub use parser::{
    MAX_FINDINGS, Mode, Offsets, Sink, parse_challenge_lines, parse_challenges,
    parse_challenges_lenient, parse_with, unescape,
};
pub use report::{FlowRecord, ReportContext, flow_report, report};
pub use scheme::{ParamInfo, Reference, SCHEMES, SchemeInfo, SchemeKind, Syntax, lookup_scheme};

#[cfg(target_arch = "wasm32")]
mod wasm;

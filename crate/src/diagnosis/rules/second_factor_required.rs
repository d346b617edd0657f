//! The password (or token) was right, but the account also wants a second factor: a one-time
//! code from an authenticator app or a text message. Two services say so in a header, readable
//! without the body:
//! - the npm registry answers 401 with `WWW-Authenticate: OTP` (npm-registry-fetch's
//!   `check-response.js` splits the header on commas and looks for an `otp` element; without
//!   the header it falls back to "one-time pass" in the body of a 401, as here; the registry
//!   says "You must provide a one-time pass.");
//! - GitHub's REST API answers Basic credentials of an account with 2FA with 401 and
//!   `X-GitHub-OTP: required; app` (or `; sms`), the body saying "Must specify two-factor
//!   authentication OTP code."; the code goes back in the `X-GitHub-OTP` request header.
//!
//! GitHub lists `X-GitHub-OTP` in `Access-Control-Expose-Headers` on every answer: only the
//! header itself, saying `required`, counts. Microsoft Entra ID refuses a password sign-in
//! that a policy wants multifactor authentication for in its token endpoint's body only:
//! `AADSTS50076` (multifactor authentication required), `AADSTS50074` (the challenge was not passed), `AADSTS50079`
//! and `AADSTS50072` (a second factor must be registered first).
//!
//! A code that went out and is asked for again was mistyped or has expired (npm's EOTP
//! message says as much): the evidence says which header carried it, never its value.

use super::prelude::*;

/// The servers' own words, at any status.
const MARKERS: &[&str] = &[
    "Must specify two-factor authentication OTP code",
    "You must provide a one-time pass",
    "AADSTS50076",
    "AADSTS50074",
    "AADSTS50079",
    "AADSTS50072",
];

/// Entra's words for an account that has no second factor yet (AADSTS50079: "the user is
/// required to use multi-factor authentication" and must register; AADSTS50072: "the user
/// needs to enroll for second factor authentication"): no code can be entered before the
/// registration the provider's own sign-in page leads through.
const MUST_REGISTER: &[&str] = &["AADSTS50079", "AADSTS50072"];

/// npm's fallback for a registry that leaves the header out, on a 401 only.
const ONE_TIME_PASS: &[&str] = &["one-time pass"];

/// The header in which the server asks for a second factor, if it does. A server that asks for
/// one has accepted the first: its refusal is no scheme mismatch and no lost header.
#[inline(never)]
pub(super) fn asked(f: &Facts) -> Option<&'static str> {
    // Both services ask with a 401; the header on another answer asks nothing of this request.
    if f.status != 401 {
        None
    } else if f.offers("otp") {
        Some("WWW-Authenticate: OTP")
    } else if f.response_starts("x-github-otp", "required") {
        Some("X-GitHub-OTP: required")
    } else {
        None
    }
}

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    let header = asked(f);
    let words = f
        .says(MARKERS)
        .or_else(|| f.says(ONE_TIME_PASS).filter(|_| f.status == 401));
    let confidence = match (header, words) {
        (Some(_), _) => 0.95,
        (None, Some(_)) => 0.9,
        (None, None) => return,
    };
    let mut notes = Notes::default();
    notes.add(header.map(says));
    notes.add(words.map(says));
    if f.sent.is_some() {
        notes.push(f.sent_note());
    }
    notes.add(
        f.one_time_code_sent()
            .map(|h| note1(EvidenceId::OneTimeCodeSent, Arg::Known(h))),
    );
    notes.push(f.status_note());
    let proposal = out.add(CauseId::SecondFactorRequired, confidence, notes);
    if words.is_some_and(|w| MUST_REGISTER.contains(&w)) {
        proposal.lead(FixId::SignInOnSite);
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnosis::fixtures::{cases, load};
    use crate::diagnosis::{CauseId, Diagnosis, EvidenceId, FixId, diagnose};
    use crate::event::{Event, Header};

    const OTP: CauseId = CauseId::SecondFactorRequired;

    fn proposes_otp(d: &Diagnosis) -> bool {
        std::iter::once(&d.cause)
            .chain(&d.alternatives)
            .any(|c| c.id == OTP)
    }

    /// GitHub's answer without its `X-GitHub-OTP`, with response header `name: value` (if
    /// any) and `body` instead.
    fn github(name: &str, value: Option<&str>, body: &str) -> Event {
        let mut e = load("github-otp-required");
        e.response_headers
            .retain(|h| !h.name.eq_ignore_ascii_case("x-github-otp"));
        e.response_headers
            .extend(value.map(|v| Header::new(name, v)));
        e.body_text = Some(body.into());
        e
    }

    #[test]
    fn no_other_fixture_is_taken_for_a_second_factor() {
        // Wrong passwords (Apache, nginx, Tomcat, Keycloak, Entra AADSTS50126) and GitHub's
        // "Bad credentials", whose `Access-Control-Expose-Headers` names X-GitHub-OTP, among them.
        for (name, cause, _) in cases().filter(|&(_, c, _)| c != OTP) {
            let mut e = load(name);
            let read = diagnose(&e).unwrap();
            e.body_text = None;
            let unread = diagnose(&e).unwrap();
            assert!(
                !proposes_otp(&read) && !proposes_otp(&unread),
                "{name} ({cause}) proposes {OTP}"
            );
        }
    }

    #[test]
    fn only_the_header_asking_or_the_servers_own_words_count() {
        let bad = r#"{"message":"Bad credentials","hint":"see /settings/otp"}"#;
        for (header, value, body) in [
            // No X-GitHub-OTP, and "otp" only elsewhere in the body.
            ("X-GitHub-OTP", None, bad),
            ("X-GitHub-OTP", Some("optional"), bad),
            // "otp" in a challenge's parameters, not as its scheme.
            ("WWW-Authenticate", Some(r#"Basic realm="OTP portal""#), bad),
            (
                "WWW-Authenticate",
                Some(r#"Bearer realm="otp", error="invalid_token""#),
                "",
            ),
        ] {
            let d = diagnose(&github(header, value, body)).unwrap();
            assert!(!proposes_otp(&d), "{header}: {value:?} {body}: {d:?}");
        }
        // npm's fallback on the words alone holds for a 401 only.
        let mut e = github("X-GitHub-OTP", None, "Enter your one-time password");
        assert_eq!(diagnose(&e).unwrap().cause.id, OTP);
        e.status_code = 403;
        assert!(!proposes_otp(&diagnose(&e).unwrap()));
        // The header is read case-insensitively, and the scheme too.
        let d = diagnose(&github("www-authenticate", Some("otp"), "")).unwrap();
        assert_eq!(d.cause.id, OTP);
    }

    #[test]
    fn an_account_that_must_register_a_second_factor_is_sent_to_the_sign_in_page_first() {
        let first_fix = |code: &str| {
            let mut e = load("entra-mfa-required");
            let body = e.body_text.take().unwrap();
            e.body_text = Some(body.replace("AADSTS50076", code));
            let d = diagnose(&e).unwrap();
            assert_eq!(d.cause.id, OTP, "{code}");
            d.fixes[0].id
        };
        // Registering (50079, 50072) happens on the provider's page; a code is entered only once
        // a factor exists (50076: required, 50074: not passed).
        assert_eq!(first_fix("AADSTS50079"), FixId::SignInOnSite);
        assert_eq!(first_fix("AADSTS50072"), FixId::SignInOnSite);
        assert_eq!(first_fix("AADSTS50076"), FixId::EnterOneTimeCode);
        assert_eq!(first_fix("AADSTS50074"), FixId::EnterOneTimeCode);
    }

    #[test]
    fn a_code_that_went_out_is_named_by_its_header_never_by_its_value() {
        for header in ["X-GitHub-OTP", "npm-otp"] {
            let mut e = github("X-GitHub-OTP", Some("required; app"), "code 482913 refused");
            e.request_headers
                .get_or_insert_default()
                .push(Header::new(header, "482913"));
            let d = diagnose(&e).unwrap();
            assert_eq!(d.cause.id, OTP, "{header}");
            assert_eq!(
                d.cause.args_of(EvidenceId::OneTimeCodeSent),
                Some(&[header.to_owned()][..])
            );
            let json = serde_json::to_string(&d).unwrap();
            assert!(!json.contains("482913"), "{header}: {json}");
        }
    }
}

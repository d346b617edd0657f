//! A flow's timeline as people read it, in the popup and in the report: where each step went
//! (site and path, nothing secret) and what it was, in words from the extension's locales.

use crate::diagnosis::{Frame, Step, StepKind};

/// Every locale key [`words`] uses, for the catalogue test.
#[cfg(test)]
pub(crate) const KEYS: &[&str] = &[
    "step_page",
    "step_page_in_frame",
    "step_script_request",
    "step_authorization_request",
    "step_authorization_response",
    "step_saml_request",
    "step_saml_response",
    "step_sign_in_page",
    "step_sign_in_form",
    "step_logout",
    "step_in_frame",
    "step_by_script",
];

/// What a step was, in words: `sign-in page`, `SAML answer, in a frame`. A plain page says
/// where it was in one phrase; a sign-in step says what it was, then where.
pub(crate) fn words(step: &Step, text: &dyn Fn(&str) -> String) -> String {
    let kind = match step.kind {
        StepKind::Page => {
            return text(match step.frame {
                Frame::Top => "step_page",
                Frame::Frame => "step_page_in_frame",
                Frame::Script => "step_script_request",
            });
        }
        StepKind::AuthorizationRequest => "step_authorization_request",
        StepKind::AuthorizationResponse => "step_authorization_response",
        StepKind::SamlRequest => "step_saml_request",
        StepKind::SamlResponse => "step_saml_response",
        StepKind::SignInPage => "step_sign_in_page",
        StepKind::SignInForm => "step_sign_in_form",
        StepKind::Logout => "step_logout",
    };
    match step.frame {
        Frame::Top => text(kind),
        Frame::Frame => format!("{}, {}", text(kind), text("step_in_frame")),
        Frame::Script => format!("{}, {}", text(kind), text("step_by_script")),
    }
}

/// `https://idp.example:8443/authorize?client_id=…` → `idp.example:8443/authorize`: the site
/// and path a compact timeline shows. The step is stored redacted (the core's timeline); this
/// leaves out what one line need not say, and user info all the same. Plain string cuts: the
/// popup's module is loaded at every opening, and the URL redaction would add a tenth to it.
#[cfg(any(not(target_arch = "wasm32"), feature = "popup"))]
pub(crate) fn place(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let authority = rest.find('/').unwrap_or(rest.len());
    let host = rest[..authority].rfind('@').map_or(0, |at| at + 1);
    &rest[host..]
}

/// Runs of at least this many plain steps (pages and requests where nothing broke) fold into
/// one line: the sign-in's own steps stay in sight.
#[cfg(any(not(target_arch = "wasm32"), feature = "popup"))]
pub(crate) const FOLD_RUN: usize = 3;

/// A piece of a compact timeline.
#[cfg(any(not(target_arch = "wasm32"), feature = "popup"))]
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Part {
    /// One step, by its index.
    Step(usize),
    /// A run of plain steps, folded.
    Fold(std::ops::Range<usize>),
}

/// The steps in order, runs of [`FOLD_RUN`] plain ones or more folded; `broken` are the
/// indices of the steps where the sign-in broke, never folded.
#[cfg(any(not(target_arch = "wasm32"), feature = "popup"))]
pub(crate) fn parts<'a>(all: &'a [Step], broken: &'a [usize]) -> impl Iterator<Item = Part> + 'a {
    let plain = move |i: usize| {
        all.get(i)
            .is_some_and(|s| s.kind == StepKind::Page && !broken.contains(&i))
    };
    let mut i = 0;
    std::iter::from_fn(move || {
        if i >= all.len() {
            return None;
        }
        let run = (i..all.len()).take_while(|&j| plain(j)).count();
        let (part, len) = if run >= FOLD_RUN {
            (Part::Fold(i..i + run), run)
        } else {
            (Part::Step(i), 1)
        };
        i += len;
        Some(part)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(kind: StepKind, frame: Frame) -> Step {
        Step {
            url: "https://a.example/x".into(),
            method: "GET".into(),
            status: 200,
            kind,
            frame,
        }
    }

    #[test]
    fn every_step_has_words_from_the_listed_keys() {
        for kind in [
            StepKind::Page,
            StepKind::AuthorizationRequest,
            StepKind::AuthorizationResponse,
            StepKind::SamlRequest,
            StepKind::SamlResponse,
            StepKind::SignInPage,
            StepKind::SignInForm,
            StepKind::Logout,
        ] {
            for frame in [Frame::Top, Frame::Frame, Frame::Script] {
                let key = |k: &str| {
                    assert!(KEYS.contains(&k), "{k} is not listed in KEYS");
                    k.to_string()
                };
                assert!(!words(&step(kind, frame), &key).is_empty());
            }
        }
    }

    #[test]
    fn words_say_what_then_where() {
        let text = |k: &str| k.to_string();
        assert_eq!(
            words(&step(StepKind::Page, Frame::Script), &text),
            "step_script_request"
        );
        assert_eq!(
            words(&step(StepKind::SamlResponse, Frame::Frame), &text),
            "step_saml_response, step_in_frame"
        );
        assert_eq!(
            words(&step(StepKind::Logout, Frame::Top), &text),
            "step_logout"
        );
    }

    #[test]
    fn runs_of_plain_steps_fold_and_broken_steps_stay() {
        let page = step(StepKind::Page, Frame::Top);
        let sign_in = step(StepKind::SignInPage, Frame::Top);
        let all = vec![
            page.clone(),
            page.clone(),
            page.clone(),
            sign_in,
            page.clone(),
            page.clone(),
            page.clone(),
            page,
        ];
        assert_eq!(
            parts(&all, &[5]).collect::<Vec<_>>(),
            vec![
                Part::Fold(0..3),
                Part::Step(3),
                Part::Step(4),
                Part::Step(5),
                Part::Step(6),
                Part::Step(7),
            ]
        );
        assert_eq!(
            parts(&all[..2], &[]).collect::<Vec<_>>(),
            vec![Part::Step(0), Part::Step(1)]
        );
        assert_eq!(parts(&[], &[]).count(), 0);
    }

    #[test]
    fn a_place_is_host_and_path_only() {
        for (url, want) in [
            (
                "https://idp.example:8443/authorize?client_id=…&state=…",
                "idp.example:8443/authorize",
            ),
            ("https://app.example/cb?code=SECRET", "app.example/cb"),
            (
                "https://user:pw@app.example/#access_token=SECRET",
                "app.example/",
            ),
            ("https://app.example/a@b/c", "app.example/a@b/c"),
            ("https://app.example", "app.example"),
            ("not a url?token=SECRET", "not a url"),
        ] {
            assert_eq!(place(url), want, "{url}");
        }
    }
}

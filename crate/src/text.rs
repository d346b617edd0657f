//! A judged capture as plain text for a terminal, in the reader's language: per failure what
//! the popup shows (the answer in a sentence, the cause with its confidence and evidence, the
//! challenges and what they mean, the other causes, the fixes for you and for the site owner),
//! per failed sign-in the same and a compact timeline. Every server-chosen string arrives
//! redacted (see [`crate::capture`]); here it is also made inert for a terminal.

use crate::capture::{Alternative, FailureReport, FlowReport, Source, StepReport, Summary};
use crate::challenge::Challenge;
use crate::diagnosis::{Audience, Evidence, Fix};
use crate::messages::Messages;
use crate::scheme::lookup_scheme;
use crate::timeline::{self, Part};

/// How text is written: with ANSI colours (a terminal that wants them) or plain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Use ANSI SGR colours.
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }

    fn red(&self, text: &str) -> String {
        self.paint("1;31", text)
    }

    fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }

    fn yellow(&self, text: &str) -> String {
        self.paint("33", text)
    }
}

/// Every key the text uses besides the ids' own, with its number of `$n` placeholders.
#[cfg(test)]
pub(crate) const KEYS: &[(&str, usize)] = &[
    ("report_title", 1),
    ("report_flow_title", 1),
    ("report_cause", 0),
    ("report_challenges", 0),
    ("report_no_challenges", 0),
    ("report_alternatives", 0),
    ("popup_confidence_high", 1),
    ("popup_confidence_medium", 1),
    ("popup_confidence_low", 1),
    ("popup_for_you", 0),
    ("popup_for_owner", 0),
    ("popup_timeline", 0),
    ("popup_timeline_folded", 1),
    ("popup_step_broken", 0),
    ("cli_summary", 3),
    ("cli_responses", 1),
    ("cli_failures", 1),
    ("cli_flows", 1),
    ("cli_all_fine", 0),
    ("cli_credentials_hidden", 0),
    ("cli_url_unknown", 0),
    ("cli_line", 1),
];

/// Lines being written, each made safe for a terminal.
struct Out<'m> {
    text: String,
    m: &'m Messages,
    style: Style,
}

impl<'m> Out<'m> {
    fn new(m: &'m Messages, style: Style) -> Self {
        Out {
            text: String::new(),
            m,
            style,
        }
    }

    fn t(&self, key: &str, args: &[String]) -> String {
        self.m.get(key, args)
    }

    fn line(&mut self, indent: usize, s: &str) {
        self.text.push_str(&"  ".repeat(indent));
        self.text.push_str(&inert(s));
        self.text.push('\n');
    }

    fn source(&self, source: Source) -> String {
        let s = match source {
            Source::Entry(i) => format!("log.entries[{i}]"),
            Source::Line(n) => self.t("cli_line", &[n.to_string()]),
        };
        self.style.dim(&format!("[{s}]"))
    }

    /// "Likely cause: Title — Confidence: high (95%)", the why sentence, the evidence.
    fn cause(&mut self, id: crate::CauseId, confidence: f64, evidence: &[Evidence]) {
        self.line(1, &self.t(&id.key("why"), &[]));
        let percent = ((confidence * 100.0).round() as i64).to_string();
        let level = if confidence >= 0.8 {
            "popup_confidence_high"
        } else if confidence >= 0.5 {
            "popup_confidence_medium"
        } else {
            "popup_confidence_low"
        };
        let title = format!(
            "{} {} — {}",
            self.t("report_cause", &[]),
            self.style.bold(&self.t(&id.key("cause"), &[])),
            self.t(level, &[percent])
        );
        self.line(1, &title);
        for e in evidence {
            let args = e.args_in_words(&|key| self.t(key, &[]));
            let sentence = self.t(&e.id.key("evidence"), &args);
            self.line(2, &format!("- {sentence}"));
        }
    }

    fn alternatives(&mut self, alternatives: &[Alternative]) {
        if alternatives.is_empty() {
            return;
        }
        let list: Vec<String> = alternatives
            .iter()
            .map(|a| {
                let percent = (a.confidence * 100.0).round() as i64;
                format!("{} ({percent}%)", self.t(&a.cause.key("cause"), &[]))
            })
            .collect();
        let line = format!("{} {}", self.t("report_alternatives", &[]), list.join("; "));
        self.line(1, &line);
    }

    fn fixes(&mut self, fixes: &[Fix]) {
        for (audience, title) in [
            (Audience::Visitor, "popup_for_you"),
            (Audience::Owner, "popup_for_owner"),
        ] {
            let mine: Vec<&Fix> = fixes.iter().filter(|f| f.audience == audience).collect();
            if mine.is_empty() {
                continue;
            }
            let heading = self.style.bold(&format!("{}:", self.t(title, &[])));
            self.line(1, &heading);
            for (i, f) in mine.iter().enumerate() {
                let fix = self.t(&f.id.key("fix"), &[]);
                self.line(2, &format!("{}. {fix}", i + 1));
            }
        }
    }

    fn challenges(&mut self, f: &FailureReport) {
        if f.challenges.is_empty() {
            let line = format!(
                "{} {}",
                self.t("report_challenges", &[]),
                self.t("report_no_challenges", &[])
            );
            self.line(1, &line);
            return;
        }
        self.line(1, &self.t("report_challenges", &[]));
        for c in &f.challenges {
            self.challenge(c);
        }
        for finding in &f.findings {
            let key = format!("finding_{}", finding.id.as_str().replace('-', "_"));
            let text = self.t(&key, &finding.args);
            self.line(2, &format!("! {text}"));
        }
    }

    /// `Bearer realm="api", error="invalid_token"`, what the scheme is, what each parameter
    /// means.
    fn challenge(&mut self, c: &Challenge) {
        self.line(2, &self.style.bold(&crate::report::challenge(c)));
        let Some(info) = lookup_scheme(&c.scheme) else {
            return;
        };
        self.line(3, &self.style.dim(&self.t(&info.locale_key(), &[])));
        for p in &c.params {
            if let Some(param) = info.param(&p.name) {
                let meaning = self.t(&info.param_locale_key(param), &[]);
                self.line(3, &self.style.dim(&format!("{}: {meaning}", p.name)));
            }
        }
    }

    fn timeline(&mut self, all: &[StepReport], broken: &[StepReport]) {
        if all.is_empty() {
            return;
        }
        self.line(
            1,
            &self
                .style
                .bold(&format!("{}:", self.t("popup_timeline", &[]))),
        );
        let steps: Vec<_> = all.iter().map(StepReport::step).collect();
        let broken: Vec<usize> = broken.iter().map(|s| s.index).collect();
        let width = all.len().to_string().len();
        for part in timeline::parts(&steps, &broken) {
            match part {
                Part::Step(i) => {
                    let s = &all[i];
                    let exchange = match s.status {
                        0 => s.method.clone(),
                        status => format!("{} {status}", s.method),
                    };
                    let words = timeline::words(&steps[i], &|key| self.t(key, &[]));
                    let mut line = format!(
                        "{:>width$}. {} — {exchange}, {words}",
                        i + 1,
                        timeline::place(&s.url),
                    );
                    if broken.contains(&i) {
                        line = format!(
                            "{line} {}",
                            self.style.yellow(&self.t("popup_step_broken", &[]))
                        );
                    }
                    line = format!("{line} {}", self.source(s.source));
                    self.line(2, &line);
                }
                Part::Fold(run) => {
                    let more = self.t("popup_timeline_folded", &[run.len().to_string()]);
                    self.line(2, &self.style.dim(&format!("{:>width$}  … {more}", "")));
                }
            }
        }
    }
}

/// One failed response.
pub fn failure(f: &FailureReport, m: &Messages, style: Style) -> String {
    let mut out = Out::new(m, style);
    let title = out.t("report_title", &[f.status.to_string()]);
    let url = match &f.url {
        Some(url) => url.clone(),
        None => out.t("cli_url_unknown", &[]),
    };
    let head = format!(
        "{} — {} {url} {}",
        style.red(&title),
        f.method,
        out.source(f.source)
    );
    out.line(0, &head);
    out.cause(f.cause, f.confidence, &f.evidence);
    out.challenges(f);
    out.alternatives(&f.alternatives);
    out.fixes(&f.fixes);
    out.text
}

/// One failed sign-in.
pub fn flow(f: &FlowReport, m: &Messages, style: Style) -> String {
    let mut out = Out::new(m, style);
    let cause = out.t(&f.cause.key("cause"), &[]);
    let mut head = style.red(&out.t("report_flow_title", &[cause]));
    if let Some(tab) = &f.tab {
        head = format!("{head} ({tab})");
    }
    out.line(0, &head);
    out.cause(f.cause, f.confidence, &f.evidence);
    out.timeline(&f.timeline, &f.hops);
    out.alternatives(&f.alternatives);
    out.fixes(&f.fixes);
    out.text
}

/// The last lines: how many responses, failures and failed sign-ins.
pub fn summary(s: &Summary, m: &Messages, style: Style) -> String {
    let mut out = Out::new(m, style);
    if s.credentials_hidden {
        out.line(0, &out.t("cli_credentials_hidden", &[]));
    }
    // One counted phrase per count, each in the form its number takes.
    let phrases = [
        ("cli_responses", s.responses),
        ("cli_failures", s.failures),
        ("cli_flows", s.flows),
    ]
    .map(|(key, n)| out.t(key, &[n.to_string()]));
    out.line(0, &style.bold(&out.t("cli_summary", &phrases)));
    if s.failures == 0 && s.flows == 0 {
        out.line(0, &out.t("cli_all_fine", &[]));
    }
    out.text
}

/// `s` without Unicode's bidirectional controls, which would make a terminal show the text
/// after them reordered (control characters are scrubbed before, with the server's strings).
fn inert(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::{Exchange, Found, Judge};
    use crate::diagnosis::fixtures::{load, load_with_challenge};
    use crate::flow::Hop;
    use crate::messages::Lang;

    const PLAIN: Style = Style { color: false };

    /// What the judge makes of these exchanges, from curl's output (line numbers from 1).
    fn judged(events: Vec<crate::Event>) -> Vec<Found> {
        let mut judge = Judge::new();
        let mut found = Vec::new();
        for (i, event) in events.into_iter().enumerate() {
            let redirect_url = event
                .response_header_values("location")
                .next()
                .map(|l| crate::url::resolve(&event.url, l));
            let hop = Hop {
                event,
                redirect_url,
                ..Hop::default()
            };
            judge.add(
                Exchange::from_transcript(crate::transcript::Exchange { line: i + 1, hop }),
                &mut |f| found.push(f),
            );
        }
        judge.finish(&mut |f| found.push(f));
        found
    }

    fn failure_text(name: &str, lang: Lang, style: Style) -> String {
        match judged(vec![load(name)]).pop() {
            Some(Found::Failure(f)) => failure(&f, &Messages::new(lang), style),
            other => panic!("{name}: {other:?}"),
        }
    }

    fn contains_all(text: &str, wants: &[&str]) {
        for want in wants {
            assert!(text.contains(want), "lacks {want:?} in\n{text}");
        }
    }

    #[test]
    fn a_failure_says_why_what_and_what_to_do_in_both_languages() {
        let en = failure_text("spring-jwt-expired", Lang::En, PLAIN);
        contains_all(
            &en,
            &[
                "Access refused: HTTP 401 — GET https://shop.example.com/api/orders [line 1]\n",
                "\n  The token that proves your sign-in has expired, so the site no longer accepts it.\n",
                "\n  Likely cause: Sign-in token expired — Confidence: high (95%)\n",
                "\n    - The token expired at 2023-08-09T17:28:27Z (UTC).\n",
                "\n  Challenges:\n    Bearer error=\"invalid_token\", error_description=",
                "\n      Bearer: the request must carry an access token",
                "\n  What you can do:\n    1. Get a fresh token",
                "\n  What the site owner can do:\n    1. Site owner:",
            ],
        );
        let ru = failure_text("spring-jwt-expired", Lang::Ru, PLAIN);
        contains_all(
            &ru,
            &[
                "Отказ в доступе: HTTP 401",
                "[строка 1]",
                "Вероятная причина:",
                "Что можете сделать вы:",
            ],
        );
        assert!(!en.contains('\x1b') && !ru.contains('\x1b'));
    }

    #[test]
    fn colour_marks_titles_only_when_asked() {
        let coloured = failure_text("nginx-basic-first-visit", Lang::En, Style { color: true });
        assert!(
            coloured.starts_with("\x1b[1;31mAccess refused: HTTP 401\x1b[0m"),
            "{coloured}"
        );
        let stripped: String = {
            let mut out = String::new();
            let mut rest = coloured.as_str();
            while let Some(at) = rest.find('\x1b') {
                out.push_str(&rest[..at]);
                rest = &rest[at..];
                rest = &rest[rest.find('m').map_or(rest.len(), |m| m + 1)..];
            }
            out + rest
        };
        assert_eq!(
            stripped,
            failure_text("nginx-basic-first-visit", Lang::En, PLAIN)
        );
    }

    #[test]
    fn server_text_cannot_reorder_the_terminal() {
        let event = load_with_challenge(
            "nginx-basic-first-visit",
            "Basic realm=\"admin\u{202E}txt.exe\u{2066}\x1b[31m\"",
        );
        let Some(Found::Failure(f)) = judged(vec![event]).pop() else {
            panic!("no failure")
        };
        let text = failure(&f, &Messages::new(Lang::En), PLAIN);
        assert!(text.contains("Basic realm=\"admintxt.exe[31m\""), "{text}");
        assert!(!text.contains('\u{202E}') && !text.contains('\u{2066}') && !text.contains('\x1b'));
    }

    #[test]
    fn a_flow_shows_its_steps_folding_the_plain_ones() {
        let page = |path: &str, location: Option<&str>| {
            let mut event = crate::Event {
                url: format!("https://app.example{path}"),
                method: "GET".into(),
                status_code: if location.is_some() { 302 } else { 200 },
                response_headers: location
                    .map(|l| vec![crate::Header::new("Location", l)])
                    .unwrap_or_default(),
                request_headers: Some(Vec::new()),
                ..crate::Event::default()
            };
            event.resource_type = Some("main_frame".into());
            event
        };
        let mut events: Vec<crate::Event> = (0..4).map(|i| page(&format!("/p{i}"), None)).collect();
        for _ in 0..3 {
            events.push(page("/account", Some("/login")));
            events.push(page("/login", Some("/account")));
        }
        let flows: Vec<_> = judged(events)
            .into_iter()
            .filter_map(|f| match f {
                Found::Flow(f) => Some(f),
                Found::Failure(_) => None,
            })
            .collect();
        let loop_ = flows
            .iter()
            .find(|f| f.cause == crate::CauseId::LoginLoop)
            .expect("a loop");
        let text = flow(loop_, &Messages::new(Lang::En), PLAIN);
        assert!(text.starts_with("Sign-in failed: Sign-in loop\n"), "{text}");
        // Four pages and the first round's /account are plain; the loop starts at /login.
        assert!(
            text.contains("\n  What the browser did:\n        … 5 more steps\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "\n     6. app.example/login — GET 302, sign-in page — it broke here [line 6]\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("\n    10. app.example/login — GET 302, sign-in page"),
            "{text}"
        );
    }

    #[test]
    fn the_summary_counts_and_says_when_all_is_well() {
        let m = Messages::new(Lang::En);
        let fine = Summary {
            responses: 3,
            ..Summary::default()
        };
        assert_eq!(
            summary(&fine, &m, PLAIN),
            "Read 3 responses: 0 authentication failures, 0 failed sign-ins.\nNo authentication failure: nothing was refused, and every sign-in went through.\n"
        );
        let hidden = Summary {
            responses: 3,
            failures: 1,
            flows: 0,
            credentials_hidden: true,
        };
        let text = summary(&hidden, &Messages::new(Lang::Ru), PLAIN);
        assert!(text.starts_with("В этом HAR-файле нет ни cookie"), "{text}");
        assert!(text.ends_with("Прочитано 3 ответа: 1 отказ в доступе, 0 неудачных входов.\n"));
    }

    #[test]
    fn every_key_the_text_uses_is_in_both_languages_with_its_placeholders() {
        for lang in [Lang::En, Lang::Ru] {
            let m = Messages::new(lang);
            for &(key, arity) in KEYS {
                assert!(m.has(key), "{lang:?} lacks {key}");
                let args: Vec<String> = (1..=arity).map(|i| format!("<{i}>")).collect();
                let text = m.get(key, &args);
                for a in &args {
                    assert!(
                        text.contains(a.as_str()),
                        "{lang:?} {key}: {text} lacks {a}"
                    );
                }
                assert!(!text.contains('$'), "{lang:?} {key}: {text}");
            }
        }
    }
}

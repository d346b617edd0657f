//! The classifier: from an [`Event`] to a ranked [`Diagnosis`]. First version.

use serde::{Deserialize, Serialize};

use crate::challenge::{Challenge, Finding};
use crate::event::{Event, EventError};
use crate::parser::parse_challenges_lenient;

/// The answer to "why did this request fail, and what do I do?".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnosis {
    /// The response status.
    pub status: u16,
    /// The most likely cause.
    pub cause: Cause,
    /// Other plausible causes, most likely first.
    pub alternatives: Vec<Cause>,
    /// The challenges the server sent (`WWW-Authenticate`, or `Proxy-Authenticate` for 407).
    pub challenges: Vec<Challenge>,
    /// Grammar violations and semantic problems found in the challenges.
    pub findings: Vec<Finding>,
    /// What to do, in order.
    pub fixes: Vec<Fix>,
}

/// A cause with how sure the classifier is and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cause {
    /// Stable cause id, e.g. `credentials-missing`.
    pub id: String,
    /// 0 to 1.
    pub confidence: f32,
    /// The observations that point to this cause.
    pub evidence: Vec<Evidence>,
}

/// One observation behind a cause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Stable evidence id; its text lives in the extension's locales.
    pub id: String,
    /// Arguments for that text (never a secret).
    pub args: Vec<String>,
}

/// Who can apply a fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// The person in front of the browser.
    Visitor,
    /// Whoever runs the site.
    Owner,
}

/// One step to take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// Stable fix id, e.g. `clear-site-cookies`.
    pub id: String,
    /// Who can apply it.
    pub audience: Audience,
    /// The extension action that applies it in one click, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
}

fn fix(id: &'static str, audience: Audience, action: Option<&'static str>) -> Fix {
    Fix { id: id.into(), audience, action: action.map(Into::into) }
}

fn evidence(id: &'static str, args: &[&str]) -> Evidence {
    Evidence { id: id.into(), args: args.iter().map(|a| a.to_string()).collect() }
}

/// Explains one failed request.
pub fn diagnose(event: &Event) -> Result<Diagnosis, EventError> {
    event.validate()?;
    let header = if event.status_code == 407 { "proxy-authenticate" } else { "www-authenticate" };
    let lines: Vec<&str> = event.response_header_values(header).collect();
    let (challenges, findings) = parse_challenges_lenient(&lines);
    let sent_authorization = event.request_header_values("authorization").next().is_some();
    let rejected = sent_authorization || event.retried == Some(true);
    let mut ev = vec![evidence("status", &[&event.status_code.to_string()])];
    if let Some(c) = challenges.first() {
        ev.push(evidence("challenge-scheme", &[&c.scheme]));
    }
    let (id, fixes) = if rejected {
        ev.push(evidence("authorization-sent", &[]));
        ("credentials-rejected", vec![
            fix("check-credentials", Audience::Visitor, None),
            fix("clear-site-cookies", Audience::Visitor, Some("clear-site-cookies")),
            fix("reset-password", Audience::Visitor, None),
        ])
    } else {
        ev.push(evidence("no-authorization-sent", &[]));
        ("credentials-missing", vec![
            fix("sign-in-again", Audience::Visitor, None),
            fix("clear-site-cookies", Audience::Visitor, Some("clear-site-cookies")),
            fix("reload", Audience::Visitor, Some("reload")),
        ])
    };
    Ok(Diagnosis {
        status: event.status_code,
        cause: Cause { id: id.into(), confidence: 0.6, evidence: ev },
        alternatives: Vec::new(),
        challenges,
        findings,
        fixes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Header;

    fn basic_401(request_headers: Vec<Header>) -> Event {
        Event {
            url: "http://127.0.0.1/".into(),
            method: "GET".into(),
            status_code: 401,
            response_headers: vec![Header::new("WWW-Authenticate", r#"Basic realm="Restricted""#)],
            request_headers: Some(request_headers),
            ..Event::default()
        }
    }

    #[test]
    fn no_authorization_means_missing() {
        let d = diagnose(&basic_401(vec![])).unwrap();
        assert_eq!(d.cause.id, "credentials-missing");
        assert_eq!(d.challenges[0].realm(), Some("Restricted"));
    }

    #[test]
    fn authorization_sent_means_rejected() {
        let d = diagnose(&basic_401(vec![Header::new("Authorization", "Basic dTpw")])).unwrap();
        assert_eq!(d.cause.id, "credentials-rejected");
    }

    #[test]
    fn bad_status_names_the_field() {
        let mut e = basic_401(vec![]);
        e.status_code = 42;
        assert_eq!(diagnose(&e).unwrap_err().field, "statusCode");
    }
}

//! IIS says why it refused in a sub-status, shown by its error pages ("HTTP Error 401.3 -
//! Unauthorized", "HTTP 403.6 - Forbidden: IP address rejected") and logged as `sc-substatus`.
//! Microsoft documents: 401.1 logon failed, 401.2 refused by server configuration (no enabled
//! method matches), 401.3 ACL on the resource, 401.4 refused by a filter, 401.5 refused by an
//! ISAPI/CGI application, 401.7 URL authorization; Dynamic IP Restrictions' 401.501/502 and
//! 403.501/502 (too many concurrent requests / requests over time) and 401.503/504, 403.503/504
//! (IP address or host name on the deny list); 403.6 IP rejected, 403.8 host name rejected;
//! 403.4/403.5 SSL required.
//!
//! Older IIS custom error pages describe the sub-status without the number; those texts are
//! recognised too. The generic remote page ("401 - Unauthorized: Access is denied due to invalid
//! credentials.") carries no sub-status and is left to the other rules.
//!
//! Without the page, one sub-status still shows in the headers: IIS (`Server: Microsoft-IIS/…`)
//! answering Windows sign-in that did go out (the browser retried after its prompt, or the
//! request carried Negotiate/NTLM) with the bare challenges again has refused the logon
//! (401.1). A handshake still under way carries a token after the scheme instead (RFC 4559 §5,
//! NTLM's challenge message). A refused Kerberos ticket puts the administrator's fix first.

use super::prelude::*;
use super::windows_auth::WINDOWS;

/// (status, sub-status) → cause, and the code as shown.
const SUBSTATUS: &[(u16, u16, CauseId, &str)] = &[
    (401, 1, CauseId::IisLogonFailed, "401.1"),
    (401, 2, CauseId::IisConfig, "401.2"),
    (401, 3, CauseId::IisAcl, "401.3"),
    (401, 4, CauseId::IisFilter, "401.4"),
    (401, 5, CauseId::IisApp, "401.5"),
    (401, 7, CauseId::Forbidden, "401.7"),
    (401, 501, CauseId::RateLimited, "401.501"),
    (401, 502, CauseId::RateLimited, "401.502"),
    (401, 503, CauseId::IpBlocked, "401.503"),
    (401, 504, CauseId::IpBlocked, "401.504"),
    (403, 4, CauseId::InsecureTransport, "403.4"),
    (403, 5, CauseId::InsecureTransport, "403.5"),
    (403, 6, CauseId::IpBlocked, "403.6"),
    (403, 8, CauseId::IpBlocked, "403.8"),
    (403, 501, CauseId::RateLimited, "403.501"),
    (403, 502, CauseId::RateLimited, "403.502"),
    (403, 503, CauseId::IpBlocked, "403.503"),
    (403, 504, CauseId::IpBlocked, "403.504"),
];

/// Sub-status descriptions of IIS pages that omit the number.
const DESCRIPTIONS: &[(&str, u16, u16)] = &[
    ("logon failed due to server configuration", 401, 2),
    ("due to invalid authentication headers", 401, 2),
    (
        "header field that the web server is not configured to accept",
        401,
        2,
    ),
    ("access control list (acl) configuration", 401, 3),
    ("due to an acl set on the requested resource", 401, 3),
    ("authorization failed by filter", 401, 4),
    ("authorization failed by isapi/cgi application", 401, 5),
    ("ip address rejected", 403, 6),
    ("page must be viewed over a secure channel", 403, 4),
];

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    logon_refused(f, out);
    let Some(sub) = substatus(&f.body, f.status).or_else(|| {
        DESCRIPTIONS
            .iter()
            .find(|(text, status, _)| *status == f.status && has(&f.body, text))
            .map(|&(_, _, sub)| sub)
    }) else {
        return;
    };
    let Some(&(_, _, cause, code)) = SUBSTATUS
        .iter()
        .find(|&&(status, s, ..)| status == f.status && s == sub)
    else {
        return;
    };
    let mut notes = Notes::of(&[note1(EvidenceId::IisSubstatus, Arg::Known(code))]);
    notes.extend(f.challenge_notes());
    if f.credentials_sent() {
        notes.push(f.sent_note());
    }
    let proposal = out.add(cause, 0.95, notes);
    if cause == CauseId::IisLogonFailed && kerberos_ticket_sent(f) {
        proposal.lead(FixId::FixServerConfig);
    }
}

/// The browser signed in silently with a Kerberos ticket: a SPNEGO token long enough to hold one
/// (base64 of a DER length of two bytes, `YII…`; SPNEGO wrapping an NTLM message is far
/// shorter, and NTLM alone starts `TlRM`). Nobody typed a password, so a refused logon is most
/// likely the server's doing: a service principal name registered for another account, or none
/// (Microsoft's "Troubleshoot Kerberos failures in IIS").
fn kerberos_ticket_sent(f: &Facts) -> bool {
    f.sent
        .is_some_and(|s| same(s.scheme, "negotiate") && s.credentials.starts_with("YII"))
}

/// 401.1 read from the headers: IIS offering Windows sign-in afresh to credentials it was sent.
fn logon_refused<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    let windows = |scheme: &str| WINDOWS.iter().any(|w| same(scheme, w));
    let bare = !f.challenges.is_empty()
        && f.challenges
            .iter()
            .all(|c| windows(&c.scheme) && c.token68.is_none() && c.params.is_empty());
    let sent = f.retried || f.sent.is_some_and(|s| windows(s.scheme));
    let Some(server) = f
        .response("server")
        .filter(|_| f.status == 401 && bare && sent && f.server_is("Microsoft-IIS"))
    else {
        return;
    };
    let mut notes = Notes::of(&[note1(EvidenceId::ServerSoftware, Arg::Text(server))]);
    notes.add(
        f.challenges
            .first()
            .map(|c| note1(EvidenceId::WindowsSchemes, Arg::Text(&c.scheme))),
    );
    notes.push(f.sent_note());
    let kerberos = kerberos_ticket_sent(f);
    if kerberos {
        notes.push(note(EvidenceId::KerberosTicketSent));
    }
    let proposal = out.add(CauseId::IisLogonFailed, 0.9, notes);
    if kerberos {
        proposal.lead(FixId::FixServerConfig);
    }
}

/// The `N` of `<status>.N` in "HTTP Error 401.3", "HTTP 403.6 -" or "Detailed Error - 401.3".
fn substatus(body: &str, status: u16) -> Option<u16> {
    let needle = format!("{status}.");
    let mut from = 0;
    while let Some(i) = body[from..].find(&needle) {
        let at = from + i;
        from = at + needle.len();
        let before = &body[..at];
        let digits = body[from..].bytes().take_while(u8::is_ascii_digit).count();
        if (1..=3).contains(&digits)
            && ["error ", "http ", "- "]
                .iter()
                .any(|p| before.ends_with(p))
        {
            return body[from..from + digits].parse().ok();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::substatus;

    #[test]
    fn finds_the_substatus() {
        let cases: &[(&str, u16, Option<u16>)] = &[
            ("<h3>http error 401.3 - unauthorized</h3>", 401, Some(3)),
            (
                "<title>iis 10.0 detailed error - 401.2 - unauthorized</title>",
                401,
                Some(2),
            ),
            ("http 403.6 - forbidden: ip address rejected", 403, Some(6)),
            ("http error 401.503 - unauthorized", 401, Some(503)),
            ("version 401.3 of the app", 401, None),
            ("http error 401.3", 403, None),
            ("error 401.12345", 401, None),
            (
                "401 - unauthorized: access is denied due to invalid credentials.",
                401,
                None,
            ),
        ];
        for (body, status, want) in cases {
            assert_eq!(substatus(body, *status), *want, "{body}");
        }
    }
}

#[cfg(test)]
mod kerberos_tests {
    use crate::diagnosis::fixtures::load;
    use crate::diagnosis::{CauseId, EvidenceId, FixId, diagnose};
    use crate::event::Header;

    #[test]
    fn a_refused_kerberos_ticket_puts_the_administrators_fix_first_an_ntlm_logon_does_not() {
        let mut e = load("iis-401-1-kerberos-refused");
        e.body_text = None;
        let d = diagnose(&e).unwrap();
        assert_eq!(
            (d.cause.id, d.fixes[0].id),
            (CauseId::IisLogonFailed, FixId::FixServerConfig)
        );
        assert!(
            d.cause
                .evidence
                .iter()
                .any(|x| x.id == EvidenceId::KerberosTicketSent)
        );
        // SPNEGO wrapping an NTLM message is short ("YH…"), NTLM alone starts "TlRM".
        for token in [
            "YHYGBisGAQUFAqBsMGqgMDAuBgorBgEEAYI3AgIKBgkqhkiC9xIBAgI",
            "TlRMTVNTUAADAAAAGAAYAHgAAAA",
        ] {
            e.request_headers = Some(vec![Header::new(
                "Authorization",
                &format!("Negotiate {token}"),
            )]);
            let d = diagnose(&e).unwrap();
            assert_eq!(
                (d.cause.id, d.fixes[0].id),
                (CauseId::IisLogonFailed, FixId::CheckCredentials),
                "{token}"
            );
        }
    }
}

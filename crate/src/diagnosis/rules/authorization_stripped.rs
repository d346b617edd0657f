//! Credentials that left the browser but never reached the application: the server answers as
//! if none were sent (a Bearer challenge without an error code, RFC 6750 §3.1, or "credentials
//! were not provided"). The usual culprits: Apache CGI/FastCGI and mod_wsgi drop the
//! `Authorization` header unless told to pass it (`CGIPassAuth On`, `WSGIPassAuthorization
//! On`), reverse proxies and hosting panels that do not forward it, and redirects to another
//! origin, after which Fetch removes it (Fetch §4.4, HTTP-redirect fetch). The server's words
//! that nothing came ("Authentication credentials were not provided", "Missing Authorization
//! Header", WordPress JWT plugins' `jwt_auth_no_auth_header`), after credentials went out,
//! point the same way, whatever the credentials' own dates say: the server never saw them.
//! WordPress's REST API answers 401 only to requests it takes as anonymous
//! (`rest_authorization_required_code`), and refuses a wrong application password with codes of
//! its own (`incorrect_password`, `invalid_username`): a `rest_…` 401 to a request that carried
//! `Authorization` never got it, the classic of application passwords behind Apache CGI/FastCGI
//! (WordPress's Site Health test "The authorization header is missing").
//!
//! Only `Authorization` gets lost that way: CGI and WSGI pass a service's own headers
//! (`X-Auth-Token` becomes `HTTP_X_AUTH_TOKEN`), and Fetch keeps them across redirects. OpenStack
//! says "requires authentication" to a token it refused, not to one it never saw.

use super::credentials_missing::{ANONYMOUS, nothing_arrived};
use super::prelude::*;
use super::{
    credentials_rejected, second_factor_required, session_expired, token_expired, token_invalid,
};

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    let Some(sent) = f.sent.filter(|s| !s.in_query && s.custom.is_none()) else {
        return;
    };
    // An error code means the server read the token; the token rules explain it.
    if f.bearer_error().is_some() {
        return;
    }
    // Credentials in a scheme the server does not offer are ignored, not lost: `scheme_mismatch`.
    if !f.challenges.is_empty() && !f.offers(sent.scheme) {
        return;
    }
    let mut notes = Notes::of(&[f.sent_note()]);
    let mut confidence: f64 = 0.0;
    // Some servers (Microsoft Graph, SharePoint, FastAPI's tutorial pattern, OpenAI) leave the
    // error code out even for a token they examined and refused; their body or diagnostics
    // header shows they did. With the body unread, that cannot be ruled out.
    let examined = examined(f);
    let refused = matches!(f.status, 401 | 403);
    if refused
        && same(sent.scheme, "bearer")
        && f.bearer().is_some()
        && f.syntax_error.is_none()
        && !examined
    {
        confidence = if f.body_read { 0.88 } else { 0.6 };
        notes.push(note(EvidenceId::BearerNoError));
    }
    if let Some(said) = nothing_arrived(f) {
        confidence = confidence.max(0.9);
        notes.push(said);
    } else if let Some(m) = f.says(ANONYMOUS) {
        confidence = confidence.max(0.88);
        notes.push(says(m));
    }
    if f.status == 401 && f.wordpress_rest() {
        if let Some(m) = f.says(&["\"code\":\"rest_"]) {
            confidence = confidence.max(0.9);
            notes.push(note(EvidenceId::WordpressSite));
            notes.push(says(m));
        } else if !f.body_read {
            confidence = confidence.max(0.6);
            notes.push(note(EvidenceId::WordpressSite));
        }
    }
    if confidence > 0.0 {
        out.add(CauseId::AuthorizationStripped, confidence, notes);
    }
}

/// Whether the server shows it read the credentials and refused them for what they are: its
/// words name an expired, invalid or wrong token, key or password, or a session that ended
/// (Salesforce's access tokens are session IDs); SharePoint's `x-ms-diagnostics` explains a
/// refused token; Jira's `X-Seraph-LoginReason` reports the login it attempted; a server that
/// asks for a second factor accepted the first.
pub(super) fn examined(f: &Facts) -> bool {
    let words = f
        .says(token_expired::MARKERS)
        .or_else(|| f.says(token_invalid::MARKERS))
        .or_else(|| f.says(credentials_rejected::MARKERS))
        .or_else(|| f.says(session_expired::EXPIRED))
        .or_else(|| f.says(session_expired::INVALID));
    words.is_some() && !f.iis_generic_page()
        || f.response("x-ms-diagnostics").is_some()
        || f.login_reason().is_some_and(|r| !same(r, "OK"))
        || second_factor_required::asked(f).is_some()
}

#[cfg(test)]
mod tests {
    use crate::diagnosis::fixtures::load;
    use crate::diagnosis::{CauseId, FixId, diagnose};

    #[test]
    fn wordpress_refusing_the_application_password_it_read_is_no_lost_header() {
        let mut e = load("wordpress-application-password-stripped");
        e.body_text = Some(
            r#"{"code":"incorrect_password","message":"The provided password is an invalid application password.","data":{"status":401}}"#
                .into(),
        );
        let d = diagnose(&e).unwrap();
        assert_eq!(
            (d.cause.id, d.fixes[0].id),
            (CauseId::CredentialsRejected, FixId::CheckCredentials)
        );
    }

    #[test]
    fn words_that_nothing_came_outrank_the_tokens_own_expiry_but_not_an_error_code() {
        let d = diagnose(&load("wordpress-jwt-auth-no-auth-header")).unwrap();
        assert_eq!(d.cause.id, CauseId::AuthorizationStripped);
        assert!(
            d.alternatives
                .iter()
                .all(|c| c.confidence < d.cause.confidence)
        );
        // A server that names an RFC 6750 error read the token: "missing" words then say
        // nothing about the header (Azure's "The access token is missing or invalid").
        let mut e = load("flask-jwt-extended-header-stripped");
        e.response_headers.push(crate::event::Header::new(
            "WWW-Authenticate",
            r#"Bearer error="invalid_token", error_description="The access token is missing or invalid.""#,
        ));
        e.body_text = Some(r#"{"msg":"The access token is missing or invalid."}"#.into());
        assert_eq!(diagnose(&e).unwrap().cause.id, CauseId::TokenInvalid);
    }

    #[test]
    fn an_unknown_route_is_no_missing_token() {
        // Amazon API Gateway's "Missing Authentication Token" answers any unknown path.
        let mut e = load("flask-jwt-extended-header-stripped");
        e.status_code = 403;
        e.body_text = Some(r#"{"message":"Missing Authentication Token"}"#.into());
        assert_eq!(diagnose(&e).unwrap().cause.id, CauseId::WrongUrl);
    }
}

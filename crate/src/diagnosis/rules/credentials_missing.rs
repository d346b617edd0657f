//! Nobody is signed in yet: the server asks (a challenge, or its own words) and the request
//! carried no credentials. RFC 6750 §3.1: a Bearer challenge without an error code means the
//! request "lacks any authentication information". A Docker-style challenge (`realm` a URL,
//! with `service` and `scope`) names the token service to sign in with. Esri's 499 is
//! "Token Required"; Jenkins names the user `anonymous`; frameworks say so in the body
//! (Django REST, FastAPI, Flask-JWT-Extended, express-jwt, Elasticsearch, GitHub, Google).
//! Amazon API Gateway names the refusal in `x-amzn-ErrorType: UnauthorizedException`. Some
//! servers (Okta, Azure API Management) answer `invalid_token` even when no token came, which
//! RFC 6750 §3.1 says they should not: with the request headers in sight, no token and no
//! cookie that could carry one, nothing was sent to be invalid. WordPress's REST API answers
//! 401 only to requests it takes as anonymous (`rest_authorization_required_code`): without
//! the login cookie, nobody is signed in, whatever the body would have said. Kubernetes runs a
//! request without credentials it recognises as `system:anonymous`, and RBAC's 403 names that
//! user.
//! When credentials did go out, `authorization_stripped` and `credentials_rejected` take over.

use super::prelude::*;

/// What servers say when no credentials arrived. Shared with `authorization_stripped`: the
/// same words after credentials were sent mean they were lost on the way.
pub(super) const NOT_RECEIVED: &[&str] = &[
    "Authentication credentials were not provided",
    "Request is missing required authentication credential",
    "CREDENTIALS_MISSING",
    // Elasticsearch (older versions say "token").
    "missing authentication credentials for REST request",
    "missing authentication token for REST request",
    "Authorization header not found",
    "Authorization header is missing",
    "Missing Authorization header",
    "No authorization token was found",
    "Token not provided",
    "token_not_provided",
    "jwt_auth_no_auth_header",
    // OpenAI; Stripe ("You did not provide an API key"); Kubernetes' anonymous user.
    "Missing bearer or basic authentication",
    "did not provide an API key",
    "didn't provide an API key",
    "system:anonymous",
    // Kong's key-auth plugin; Envoy's jwt_authn (Istio's RequestAuthentication).
    "No API key found in request",
    "Jwt is missing",
];

/// What servers say to a request they take as anonymous, also to one whose credentials they
/// read and refused (OpenStack Keystone "requires authentication" to a revoked token): weaker
/// than [`NOT_RECEIVED`].
pub(super) const ANONYMOUS: &[&str] = &[
    "Requires authentication",
    "Not authenticated",
    "authentication required",
];

/// What sign-in-based sites say to anonymous visitors.
const NOT_SIGNED_IN: &[&str] = &[
    "rest_not_logged_in",
    "You need to sign in or sign up before continuing",
    "Login Required",
    "Unauthenticated.",
    "\"code\":499",
];

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    // A proxy's or a network's sign-in is another matter (`proxy_auth`, `captive_portal`).
    if f.credentials_sent() || matches!(f.status, 407 | 511) {
        return;
    }
    let mut notes = Notes::of(&[f.sent_note()]);
    let mut confidence: f64 = 0.0;
    let sure = |known: f64| if f.headers_known { known } else { known - 0.1 };
    // A challenge on a response that did not refuse (some APIs attach one to every answer)
    // says nothing about this request.
    if f.bearer_offered() && f.bearer_error().is_none() && matches!(f.status, 401 | 403) {
        // The inference needs a challenge that parses, or at least one that names no error
        // anywhere: a broken one may have lost its error code.
        let error_lost = f.syntax_error.is_some() && has(&f.challenge_text, "error");
        confidence = if error_lost { 0.65 } else { sure(0.85) };
        notes.push(note(EvidenceId::BearerNoError));
        notes.add(token_service(f));
    } else if f.bearer_error() == Some("invalid_token") && f.headers_known && f.cookies == Some(0) {
        confidence = 0.9;
        notes.push(note1(EvidenceId::BearerError, Arg::Known("invalid_token")));
    } else if f.status == 401 && f.has_challenge() && !f.bearer_offered() {
        confidence = sure(0.7);
        notes.extend(f.challenge_notes());
    } else if f.status == 401 {
        confidence = sure(0.55);
    }
    if let Some(m) = f
        .says(NOT_RECEIVED)
        .or_else(|| f.says(ANONYMOUS))
        .or_else(|| f.says(NOT_SIGNED_IN))
    {
        // Laravel says "Unauthenticated." to anonymous visitors and expired sessions alike.
        let session_cookies = m == "Unauthenticated." && f.cookies.is_some_and(|n| n > 0);
        confidence = confidence.max(if session_cookies { 0.8 } else { 0.85 });
        notes.push(says(m));
    } else if let Some(m) = f.says(&["rest_forbidden"]).filter(|_| f.status == 401) {
        // WordPress answers 401 (not 403) when nobody is signed in (rest_authorization_required_code).
        confidence = confidence.max(0.8);
        notes.push(says(m));
    }
    // A login cookie counts only with a nonce: WordPress's REST API ignores it otherwise.
    if f.status == 401
        && f.wordpress_rest()
        && !(f.wordpress_login_cookie && f.wordpress_nonce_sent())
    {
        confidence = confidence.max(0.75);
        notes.push(note(EvidenceId::WordpressSite));
    }
    // Jenkins names the user it took the request for.
    if f.response("x-you-are-authenticated-as")
        .is_some_and(|u| same(u, "anonymous"))
    {
        confidence = confidence.max(0.85);
        notes.push(f.status_note());
    }
    if f.status == 401
        && f.response("x-amzn-errortype")
            .is_some_and(|t| t.starts_with("UnauthorizedException"))
    {
        confidence = confidence.max(0.85);
        notes.push(f.status_note());
    }
    if f.status == 499 {
        confidence = confidence.max(0.9);
        notes.push(f.status_note());
    }
    if confidence > 0.0 {
        out.add(CauseId::CredentialsMissing, confidence, notes);
    }
}

/// The Docker Registry token flow: `Bearer realm="https://auth.docker.io/token",service=...`.
fn token_service<'f>(f: &'f Facts) -> Option<Note<'f>> {
    let bearer = f.bearer()?;
    let realm = bearer
        .realm()
        .filter(|r| r.starts_with("https://") || r.starts_with("http://"))?;
    bearer.param("service")?;
    Some(note1(EvidenceId::TokenService, Arg::Text(realm)))
}

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
//! user; Google Cloud Storage's 403 says "Anonymous caller does not have storage.objects.get
//! access".
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
    "No authorization token was found",
    "No auth token",
    "No token provided",
    "No API key",
    "Token not provided",
    "token_not_provided",
    "jwt_auth_no_auth_header",
    // OpenAI; Stripe ("You did not provide an API key"); Kubernetes' anonymous user.
    "Missing bearer or basic authentication",
    "did not provide an API key",
    "didn't provide an API key",
    "system:anonymous",
    // Google Cloud Storage's XML API to a request that said nobody.
    "Anonymous caller does not have",
    // Kong's key-auth plugin; Envoy's jwt_authn (Istio's RequestAuthentication); fastify-jwt.
    "No API key found in request",
    "Jwt is missing",
    "No Authorization was found in request",
];

/// The `Authorization` header named near words that say it did not come: "Missing Authorization
/// Header" (Flask-JWT-Extended), "Authorization header not found." (WordPress JWT plugins),
/// "Authorization header is missing", "Auth header required"; not a malformed one.
const HEADER_ABSENT: Phrase = Phrase {
    subjects: &[
        "authorization header",
        "auth header",
        "authorization bearer header",
    ],
    predicates: &[
        "missing",
        "not found",
        "not provided",
        "not present",
        "not supplied",
        "not sent",
        "required",
        "empty",
    ],
    unless: &["malformed", "invalid", "format"],
};

/// A credential named near words that say it did not come: "API key is required", "access
/// token missing", "JWT Token not found" (LexikJWTAuthenticationBundle); not one that came and
/// was found wrong ("missing or invalid"), not a claim missing from a token, not an
/// anti-forgery token, not a token looked up in a store ("Access Token not found in cache").
const CREDENTIAL_ABSENT: Phrase = Phrase {
    subjects: &[
        "api key",
        "api-key",
        "apikey",
        "access token",
        "bearer token",
        "auth token",
        "jwt",
        "authentication credentials",
    ],
    predicates: &[
        "missing",
        "not found",
        "not provided",
        "not present",
        "not supplied",
        "were not provided",
        "was not provided",
        "is required",
    ],
    unless: &[
        "invalid",
        "malformed",
        "expired",
        "incorrect",
        "wrong",
        "claim",
        "csrf",
        "xsrf",
        "cache",
    ],
};

/// What servers say to a request they take as anonymous, also to one whose credentials they
/// read and refused (OpenStack Keystone "requires authentication" to a revoked token): weaker
/// than [`NOT_RECEIVED`].
pub(super) const ANONYMOUS: &[&str] = &[
    "Requires authentication",
    "Not authenticated",
    "authentication required",
    // Symfony's security layer without an entry point; Ghost.
    "Full authentication is required",
    "Unable to determine the authenticated user",
];

/// What sign-in-based sites say to visitors not signed in; to a visitor whose session cookie
/// went along, the session has ended (`session_expired`).
pub(super) const NOT_SIGNED_IN: &[&str] = &[
    "rest_not_logged_in",
    "You need to sign in or sign up before continuing",
    "Login Required",
    "Unauthenticated.",
    "not logged in",
    "\"code\":499",
];

/// The server's words that no credentials arrived, as evidence: a known sentence, or a
/// credential named near "missing", "not found", "required"… Only while no RFC 6750 error code
/// shows the server read a token.
pub(super) fn nothing_arrived<'f>(f: &'f Facts) -> Option<Note<'f>> {
    if f.bearer_error().is_some() {
        return None;
    }
    f.says(NOT_RECEIVED).map(says).or_else(|| {
        f.says_phrase(&HEADER_ABSENT)
            .or_else(|| f.says_phrase(&CREDENTIAL_ABSENT))
            .map(|p| note1(EvidenceId::ServerSays, Arg::Text(p)))
    })
}

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
        // anywhere: a broken one may have lost its error code, and then the breakage
        // (`challenge_malformed`) is all that is known.
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
    if let Some(said) = nothing_arrived(f) {
        confidence = confidence.max(0.85);
        notes.push(said);
    } else if let Some(m) = f.says(ANONYMOUS).or_else(|| f.says(NOT_SIGNED_IN)) {
        // Sites say so to anonymous visitors and ended sessions alike (Laravel's
        // "Unauthenticated."): with a session cookie, `session_expired` says more.
        let session =
            f.session_cookie().is_some() || m == "Unauthenticated." && f.cookies > Some(0);
        confidence = confidence.max(if session { 0.8 } else { 0.85 });
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

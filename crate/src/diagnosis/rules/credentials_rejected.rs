//! Credentials that reached the server and were refused. RFC 9110 §11.6.1: a 401 to a request
//! that carried credentials means they were refused. The browser failing again after it asked
//! for them (webRequest `onAuthRequired`) is the clearest sign; servers' own words (GitHub
//! "Bad credentials", Keycloak "Invalid user credentials", Entra `AADSTS50126`, AWS
//! `SignatureDoesNotMatch`, Azure Storage `AuthenticationFailed`, also in `x-ms-error-code`)
//! confirm it. Bearer tokens have their own rules.
//!
//! RFC 6749 §5.2: an OAuth token endpoint answers 401 when the client's credentials fail
//! (`invalid_client`), and Keycloak answers a wrong user password there with 401 too; the
//! credentials went in the form body, so no header shows them; so do login APIs such as
//! Firebase's (400 `INVALID_LOGIN_CREDENTIALS`) and Supabase's ("Invalid login credentials").
//!
//! A key in a header of the service's own (`X-API-Key`, `Ocp-Apim-Subscription-Key`) is refused
//! with a 401 whatever the challenge says: the challenge is for other clients; some refuse an
//! unknown key with a bare 403. Jira says it
//! attempted the login and failed in `X-Seraph-LoginReason: AUTHENTICATED_FAILED`, on every
//! answer to refused credentials, readable without the body.

use super::prelude::*;

pub(super) const MARKERS: &[&str] = &[
    "Bad credentials",
    "Invalid credentials",
    "Invalid username or password",
    "Incorrect username or password",
    "Invalid user credentials",
    "Incorrect authentication credentials",
    "Invalid Email or password",
    "AADSTS50126",
    "AADSTS50034",
    "AADSTS7000215",
    "invalid_client",
    "SignatureDoesNotMatch",
    "InvalidSignatureException",
    "API key not valid",
    "Invalid API key",
    "Server failed to authenticate the request",
    "unable to authenticate user",
    "AuthenticationFailed",
    // Okta's Authentication API (E0000004) and many login endpoints.
    "Authentication failed",
    // OpenAI; S3 and MinIO for an unknown access key; Firebase Auth; Supabase Auth; CouchDB.
    "Incorrect API key",
    "InvalidAccessKeyId",
    "INVALID_LOGIN_CREDENTIALS",
    "INVALID_PASSWORD",
    "Invalid login credentials",
    "Name or password is incorrect",
    // Kong's key-auth and basic-auth plugins, as their JSON says it (Google's "Request had
    // invalid authentication credentials" is about its token: `invalid_token` decides there).
    "\"message\":\"Invalid authentication credentials\"",
    "\"message\": \"Invalid authentication credentials\"",
];

/// Words every service uses for wrong credentials, about a sign-in's token too when one was
/// sent (Strapi's answer to a JWT signed with a rotated secret).
pub(super) const TOKEN_REFUSED_AS_CREDENTIALS: &[&str] = &[
    "Bad credentials",
    "Invalid credentials",
    "Incorrect authentication credentials",
];

/// A password named near what was wrong with it: "Wrong email or password." (Auth0),
/// "Incorrect username or password." (Cognito), "The password you entered is incorrect"; not a
/// rule about new passwords or a password past its age.
const WRONG_PASSWORD: Phrase = Phrase {
    subjects: &["password"],
    predicates: &[
        "wrong",
        "incorrect",
        "invalid",
        "not match",
        "mismatch",
        "not correct",
    ],
    unless: &[
        "reset",
        "expired",
        "must",
        "policy",
        "require",
        "new password",
        "confirm",
        "changed",
    ],
};

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    // A Bearer error code says exactly what is wrong with the token: the token rules own it.
    if f.bearer_error().is_some() {
        return;
    }
    let token_sent = f.sent.is_some_and(|s| s.is_token());
    let mut notes = f.challenge_notes();
    let mut confidence: f64 = 0.0;
    if f.retried {
        confidence = 0.85;
        notes.push(note(EvidenceId::BrowserRetried));
    } else if f.prompted {
        confidence = 0.6;
        notes.push(note(EvidenceId::BrowserPrompted));
    }
    if let Some(sent) = f.sent.filter(|_| f.status == 401) {
        notes.push(f.sent_note());
        if f.offers(sent.scheme) && !token_sent {
            confidence = confidence.max(0.8);
        } else if !f.has_challenge() || sent.custom.is_some() {
            confidence = confidence.max(if token_sent { 0.65 } else { 0.72 });
        }
    }
    // A key of the service's own answered 403 says no more than "not with this key": Amazon API
    // Gateway refuses an unknown API key so (INVALID_API_KEY, `x-amzn-ErrorType:
    // ForbiddenException`), as do Datadog and Algolia; a key lacking a permission is named in
    // the body (`insufficient_scope`).
    if let Some(sent) = f
        .sent
        .filter(|s| f.status == 403 && s.custom == Some(Carried::Key))
    {
        let gateway = f
            .response("x-amzn-errortype")
            .is_some_and(|t| t.starts_with("ForbiddenException"));
        confidence = confidence.max(if gateway { 0.8 } else { 0.6 });
        notes.push(note1(EvidenceId::AuthorizationSent, Arg::Text(sent.scheme)));
        notes.push(f.status_note());
    }
    if f.login_reason()
        .is_some_and(|r| same(r, "AUTHENTICATED_FAILED"))
    {
        confidence = confidence.max(0.9);
        notes.push(says("X-Seraph-LoginReason: AUTHENTICATED_FAILED"));
    }
    // Login forms post the password in the body, out of sight; IIS's generic 401 page says
    // "invalid credentials" whether or not any were given, so it proves nothing.
    let said = f.says(MARKERS).map(says).or_else(|| {
        f.says_phrase(&WRONG_PASSWORD)
            .map(|p| note1(EvidenceId::ServerSays, Arg::Text(p)))
    });
    if let Some(said) = said.filter(|_| !f.iis_generic_page()) {
        let posted = same(&f.event.method, "POST");
        // "Bad credentials" to a JWT, a token from a sign-in, are about it (`token_invalid`);
        // to an opaque token (a personal access token, a key) they are about what was entered.
        let of_a_token = f.jwt_sent() && f.says(TOKEN_REFUSED_AS_CREDENTIALS).is_some();
        confidence = confidence.max(if of_a_token {
            0.8
        } else if f.credentials_sent() {
            0.9
        } else if posted {
            0.88
        } else {
            0.75
        });
        notes.push(said);
    }
    if f.status == 401 && token_endpoint(f) {
        confidence = confidence.max(0.75);
        // The host alone: the URL's query may carry the very credentials (short ones go unscrubbed).
        notes.add(
            f.url
                .map(|u| note1(EvidenceId::TokenService, Arg::Text(u.host))),
        );
    }
    if confidence > 0.0 {
        out.add(CauseId::CredentialsRejected, confidence, notes);
    }
}

/// A POST to an OAuth token endpoint: `…/token` (RFC 6749 §3.2's usual name: Keycloak, Entra,
/// Okta, Auth0, Google) or GitHub's `…/access_token`.
fn token_endpoint(f: &Facts) -> bool {
    let last = f.url.map(|u| {
        u.path
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default()
    });
    same(&f.event.method, "POST")
        && last.is_some_and(|s| same(s, "token") || same(s, "access_token"))
}

//! OAuth 2.0 and OpenID Connect messages as they cross the browser: the app sending it to the
//! provider (an authorization request, RFC 6749 §4.1.1 / §4.2.1, OIDC Core §3.1.2.1, PAR
//! RFC 9126 §4) and the provider sending it back (an authorization response, §4.1.2 and
//! §4.2.2, in the query, the fragment, or a posted form per the OAuth 2.0 Form Post Response
//! Mode), with its error codes (§4.1.2.1, §4.2.2.1, OIDC Core §3.1.2.6).
//!
//! Judgement calls, on purpose:
//! - `error=` alone is common outside OAuth (`/login?error`, `?error=1`): an answer counts as
//!   an OAuth error only with a registered code, or beside `state` or `error_description`.
//! - `code=` alone is common too (promotions, invitations): a grant needs `state`, `iss` or
//!   `session_state` beside it, or tokens, or to arrive in a fragment or a posted form.
//! - Codes, tokens, `state` and `nonce` are secrets: only whether they were there is kept, and
//!   a parameter counts by its name even when its value is empty: the extension removes such
//!   values before a hop is kept (docs/flows.md).

use crate::url::{Url, decode};

/// An authorization request: the app sends the browser to the provider to sign in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AuthorizationRequest {
    /// The app's id at the provider (public, not a secret).
    pub client_id: String,
    /// Where the provider is asked to send the answer, decoded.
    pub redirect_uri: Option<String>,
    /// `code`, `id_token token`, ...
    pub response_type: Option<String>,
    /// `query`, `fragment`, `form_post`.
    pub response_mode: Option<String>,
    /// `prompt=none`: sign in silently or answer with an error (OIDC Core §3.1.2.1).
    pub silent: bool,
    /// The scopes asked for.
    pub scope: Option<String>,
}

/// The request in `url`, if it is one: a `client_id` with a `response_type`, or with the
/// `redirect_uri` it names instead (GitHub's, Facebook's and Slack's authorize URLs take no
/// `response_type`), or with a pushed or signed request standing for the parameters
/// (`request_uri`, `request`).
pub(crate) fn authorization_request(url: &Url) -> Option<AuthorizationRequest> {
    // One pass over the query: every hop of a trail comes here.
    let (mut client_id, mut redirect_uri, mut response_type, mut response_mode) =
        (None, None, None, None);
    let (mut prompt, mut scope, mut pushed) = (None, None, false);
    for (name, value) in pairs(url.query?) {
        match name {
            "client_id" => client_id = Some(value),
            "redirect_uri" => redirect_uri = Some(value),
            "response_type" => response_type = Some(value),
            "response_mode" => response_mode = Some(value),
            "prompt" => prompt = Some(value),
            "scope" => scope = Some(value),
            "request_uri" | "request" => pushed = true,
            _ => {}
        }
    }
    let client_id = client_id.filter(|c| !c.is_empty())?;
    // GitHub's, Facebook's and Slack's authorize URLs take no response_type: the return
    // address they name stands for it.
    let named_return = redirect_uri.is_some_and(|r| !r.is_empty());
    if response_type.is_none() && !named_return && !pushed {
        return None;
    }
    let decoded = |v: Option<&str>| v.map(|v| decode(v, true));
    Some(AuthorizationRequest {
        client_id: decode(client_id, true),
        redirect_uri: decoded(redirect_uri).filter(|r| !r.is_empty()),
        response_type: decoded(response_type),
        response_mode: decoded(response_mode),
        silent: decoded(prompt).is_some_and(|p| p.split(' ').any(|p| p == "none")),
        scope: decoded(scope),
    })
}

/// Where an authorization response travelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Carrier {
    /// The redirect's query (`response_mode=query`, the code flow's default).
    Query,
    /// The redirect's fragment (implicit and hybrid flows).
    Fragment,
    /// A form the provider's page posted (`response_mode=form_post`).
    Form,
    /// A message the provider's page posted to the app's window from a hidden frame
    /// (`response_mode=web_message`, as Auth0's and Apple's SDKs ask for silent sign-in).
    WebMessage,
}

/// An authorization response: the provider sends the browser back to the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AuthorizationResponse {
    /// The error code, when it is an error (token characters only: shown as is).
    pub error: Option<String>,
    /// The provider's explanation, decoded (server text: scrubbed before it is shown).
    pub error_description: Option<String>,
    /// A code or tokens came: the provider signed the visitor in.
    pub granted: bool,
    /// `state` came back.
    pub state: bool,
    pub carrier: Carrier,
}

/// The response in `pairs` (raw `name=value` pairs of a query, fragment or form), if any.
pub(crate) fn authorization_response<'p>(
    pairs: impl IntoIterator<Item = (&'p str, &'p str)>,
    carrier: Carrier,
) -> Option<AuthorizationResponse> {
    let (mut error, mut description, mut state, mut code, mut tokens, mut issuer) =
        (None, None, false, false, false, false);
    for (name, value) in pairs {
        match name {
            "error" => error = Some(decode(value, true)),
            "error_description" => description = Some(decode(value, true)),
            "state" => state = true,
            "code" => code = true,
            "id_token" | "access_token" => tokens = true,
            "iss" | "session_state" => issuer = true,
            _ => {}
        }
    }
    let error = error.filter(|e| {
        // RFC 6749 §5.2: an error code is printable ASCII without `"` or `\`; a registered one
        // needs nothing beside it.
        !e.is_empty()
            && e.bytes()
                .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
            && (state || description.is_some() || error_kind(e) != ErrorKind::Unregistered)
    });
    let granted = tokens || code && (state || issuer || carrier != Carrier::Query);
    (error.is_some() || granted).then(|| AuthorizationResponse {
        error_description: description.filter(|_| error.is_some()),
        error,
        granted,
        state,
        carrier,
    })
}

impl AuthorizationResponse {
    /// What the error says happened: its code, unless the description names a return address
    /// the provider refused (Auth0 and Doorkeeper say so under `unauthorized_client` or
    /// `invalid_request`).
    pub(crate) fn kind(&self) -> Option<ErrorKind> {
        let code = self.error.as_deref()?;
        let refused = self
            .error_description
            .as_deref()
            .and_then(redirect_uri_refused)
            .is_some();
        Some(if refused {
            ErrorKind::RedirectUri
        } else {
            error_kind(code)
        })
    }
}

/// What providers say when the return address is not registered for the app, on their own
/// error pages or in an answer's `error_description`. Words read in pages leave apostrophes
/// out (pages send them as `&#39;` as often as not); Microsoft's come decoded from an address.
pub(crate) const REDIRECT_URI_REFUSED: &[&str] = &[
    // Google ("Error 400: redirect_uri_mismatch"), Salesforce, GitHub's error code.
    "redirect_uri_mismatch",
    // Microsoft Entra ID ("AADSTS50011: The redirect URI '...' specified in the request does
    // not match the redirect URIs configured for the application").
    "AADSTS50011",
    // Azure AD B2C ("The redirect URI '...' provided in the request is not registered").
    "AADB2C90006",
    // Microsoft account, login.live.com/err.srf#error_description=...
    "for the input parameter 'redirect_uri' is not valid",
    // Keycloak: messages_en.properties invalidParameterMessage, and invalidRedirectUriMessage.
    "Invalid parameter: redirect_uri",
    "Invalid redirect uri",
    // Auth0's generic error page and its error_description.
    "Callback URL mismatch",
    // Okta, today's and older orgs' wording.
    "parameter must be a Login redirect URI",
    "parameter must be an absolute URI that is whitelisted",
    // Facebook Login's "URL Blocked" dialog.
    "This redirect failed because the redirect URI is not",
    // Amazon Cognito's /error?error=redirect_mismatch.
    "redirect_mismatch",
    // Slack's OAuth error page.
    "redirect_uri did not match any configured URIs",
    // Discord's authorize page.
    "Invalid OAuth2 redirect_uri",
    // Doorkeeper (GitLab, Mastodon, OpenStreetMap): older and newer invalid_redirect_uri.
    "The redirect uri included is not valid",
    "The requested redirect uri is malformed",
    // authentik.
    "mismatching redirection URI (redirect_uri)",
];

/// The first of [`REDIRECT_URI_REFUSED`] that `text` says, ignoring ASCII case.
pub(crate) fn redirect_uri_refused(text: &str) -> Option<&'static str> {
    let text = text.to_ascii_lowercase();
    REDIRECT_URI_REFUSED
        .iter()
        .copied()
        .find(|m| text.contains(&m.to_ascii_lowercase()))
}

/// The answer in a `web_message` page (OAuth 2.0 Web Message Response Mode draft, §6: the
/// provider's page posts `{ type: "authorization_response", response: { error, state, ... } }`
/// to the app's window): read from the page's script text, no script is run. Only an error is
/// read; a grant in such a page needs nothing from AuthLens.
pub(crate) fn web_message_response(page: &str) -> Option<AuthorizationResponse> {
    let at = page.find("authorization_response")?;
    let rest = page.get(at..)?;
    let error = quoted_after(rest, "error")?;
    let description = quoted_after(rest, "error_description");
    authorization_response(
        [("error", error), ("state", "")]
            .into_iter()
            .chain(description.map(|d| ("error_description", d))),
        Carrier::WebMessage,
    )
}

/// The quoted string that follows `"key"` and a colon in script text (`"key": "value"`).
fn quoted_after<'p>(text: &'p str, key: &str) -> Option<&'p str> {
    let pattern = format!("\"{key}\"");
    let after = &text[text.find(&pattern)? + pattern.len()..];
    let after = after
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    after.get(..after.find('"')?)
}

/// The `name=value` pairs of a query or fragment (raw, not decoded).
pub(crate) fn pairs(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
}

/// What an error code says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ErrorKind {
    /// The visitor (or a policy) declined: `access_denied`.
    Denied,
    /// The provider could not sign in silently and wants the visitor: `login_required`,
    /// `interaction_required`, `consent_required`, `account_selection_required`.
    Interaction,
    /// The app asked for something the provider refuses: `invalid_scope`,
    /// `unauthorized_client`, `unsupported_response_type`, `invalid_request` and its kin.
    Request,
    /// The return address is not registered (GitHub's `redirect_uri_mismatch`).
    RedirectUri,
    /// The provider failed: `server_error`, `temporarily_unavailable`.
    Server,
    /// A code no specification registers.
    Unregistered,
}

/// Parameters of authorization requests and responses that are public by design (what the app
/// asks for, and the provider's error), unlike codes, tokens, `state` and `nonce`.
pub(crate) const PUBLIC_PARAMS: &[&str] = &[
    "client_id",
    "redirect_uri",
    "response_type",
    "response_mode",
    "scope",
    "prompt",
    "error",
    "error_description",
    "error_uri",
    "iss",
    "post_logout_redirect_uri",
    // Amazon Cognito's /logout.
    "logout_uri",
];

/// `code` as the registered code it is, if it is one (a `'static` name to show as is).
pub(crate) fn registered(code: &str) -> Option<&'static str> {
    const CODES: &[&str] = &[
        "access_denied",
        "login_required",
        "interaction_required",
        "consent_required",
        "account_selection_required",
        "invalid_request",
        "unauthorized_client",
        "unsupported_response_type",
        "invalid_scope",
        "invalid_client",
        "invalid_request_uri",
        "invalid_request_object",
        "request_not_supported",
        "request_uri_not_supported",
        "registration_not_supported",
        "application_suspended",
        "user_cancelled_authorize",
        "user_cancelled_login",
        "redirect_uri_mismatch",
        "server_error",
        "temporarily_unavailable",
    ];
    CODES.iter().copied().find(|c| *c == code)
}

/// RFC 6749 §4.1.2.1 and §4.2.2.1, OIDC Core §3.1.2.6, RFC 9101 §6.2, RFC 9126 §2.3, and the
/// vendors' codes that name a cause of their own: GitHub's `redirect_uri_mismatch`
/// ("Troubleshooting authorization request errors"), and the Cancel of Sign in with Apple and
/// LinkedIn (`user_cancelled_authorize`, posted with the state to the app's callback;
/// `user_cancelled_login`).
pub(crate) fn error_kind(code: &str) -> ErrorKind {
    match registered(code).unwrap_or_default() {
        "access_denied" | "user_cancelled_authorize" | "user_cancelled_login" => ErrorKind::Denied,
        "login_required"
        | "interaction_required"
        | "consent_required"
        | "account_selection_required" => ErrorKind::Interaction,
        "invalid_request"
        | "unauthorized_client"
        | "unsupported_response_type"
        | "invalid_scope"
        | "invalid_client"
        | "invalid_request_uri"
        | "invalid_request_object"
        | "request_not_supported"
        | "request_uri_not_supported"
        | "registration_not_supported"
        | "application_suspended" => ErrorKind::Request,
        "redirect_uri_mismatch" => ErrorKind::RedirectUri,
        "server_error" | "temporarily_unavailable" => ErrorKind::Server,
        _ => ErrorKind::Unregistered,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url::parse;

    #[test]
    fn authorization_requests() {
        let u = parse("https://accounts.google.com/o/oauth2/v2/auth?client_id=123.apps.googleusercontent.com&redirect_uri=https%3A%2F%2Fapp.example%2Fcallback&response_type=code&scope=openid%20email&state=s3cr3t&prompt=none").unwrap();
        let r = authorization_request(&u).unwrap();
        assert_eq!(r.client_id, "123.apps.googleusercontent.com");
        assert_eq!(
            r.redirect_uri.as_deref(),
            Some("https://app.example/callback")
        );
        assert_eq!(r.scope.as_deref(), Some("openid email"));
        assert!(r.silent);
        // RFC 9126 §4: a pushed request stands for the parameters.
        let par = parse("https://idp.example/authorize?client_id=app&request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3Abwc4JK").unwrap();
        assert!(authorization_request(&par).is_some_and(|r| !r.silent));
        for not in [
            "https://app.example/?client_id=app",
            "https://app.example/?response_type=code",
            "https://app.example/?client_id=&response_type=code",
            "https://idp.example/authorize?client_id=a&response_type=code&prompt=login",
        ] {
            let u = parse(not).unwrap();
            assert!(authorization_request(&u).is_none_or(|r| !r.silent), "{not}");
        }
    }

    #[test]
    fn requests_without_a_response_type_name_their_return_address() {
        for url in [
            // GitHub, Facebook and Slack take no response_type.
            "https://github.com/login/oauth/authorize?client_id=Iv1.8a61f9b3a7aba766&redirect_uri=https%3A%2F%2Fci.example.dev%2Fcb&scope=read%3Auser&state=x",
            "https://www.facebook.com/v19.0/dialog/oauth?client_id=1791751507733751&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&state=x",
            "https://slack.com/oauth/v2/authorize?client_id=1601185624273.1563421987654&scope=chat%3Awrite&redirect_uri=https%3A%2F%2Fapp.example%2Fcb",
        ] {
            let r = authorization_request(&parse(url).unwrap());
            assert!(
                r.is_some_and(|r| r.redirect_uri.is_some() && r.response_type.is_none()),
                "{url}"
            );
        }
        for not in [
            // Cognito's and Keycloak's sign-out, Keycloak's own login step.
            "https://auth.example.com/logout?client_id=1example23456789&logout_uri=https%3A%2F%2Fapp.example%2F",
            "https://sso.example.org/realms/r/protocol/openid-connect/logout?client_id=app&post_logout_redirect_uri=https%3A%2F%2Fapp.example%2F",
            "https://sso.example.org/realms/r/login-actions/authenticate?session_code=x&execution=y&client_id=app&tab_id=z",
            "https://github.com/login/oauth/authorize?client_id=Iv1.8a61f9b3a7aba766&redirect_uri=",
        ] {
            assert!(
                authorization_request(&parse(not).unwrap()).is_none(),
                "{not}"
            );
        }
    }

    #[test]
    fn a_description_that_names_a_refused_return_address_decides_the_kind() {
        let kind = |text: &str| response(text, Carrier::Query).and_then(|r| r.kind());
        // Auth0's custom error page, Doorkeeper's implicit flow, Microsoft account's err.srf.
        assert_eq!(
            kind(
                "error=unauthorized_client&error_description=Callback%20URL%20mismatch.%20http%3A%2F%2Fx%20is%20not%20in%20the%20list"
            ),
            Some(ErrorKind::RedirectUri)
        );
        assert_eq!(
            kind(
                "error=invalid_request&error_description=The+redirect+uri+included+is+not+valid.&state=s"
            ),
            Some(ErrorKind::RedirectUri)
        );
        assert_eq!(
            kind(
                "error=invalid_request&error_description=The+provided+value+for+the+input+parameter+%27redirect_uri%27+is+not+valid.&state=s"
            ),
            Some(ErrorKind::RedirectUri)
        );
        // Otherwise the code says it.
        assert_eq!(
            kind(
                "error=access_denied&error_description=The+user+has+denied+your+application+access.&state=s"
            ),
            Some(ErrorKind::Denied)
        );
        assert_eq!(kind("code=abc&state=s"), None);
        assert_eq!(
            redirect_uri_refused("ERROR 400: REDIRECT_URI_MISMATCH"),
            Some("redirect_uri_mismatch")
        );
        assert_eq!(
            redirect_uri_refused("redirect_uri=https://app.example/cb"),
            None
        );
    }

    fn response(text: &str, carrier: Carrier) -> Option<AuthorizationResponse> {
        authorization_response(pairs(text), carrier)
    }

    #[test]
    fn grants_need_more_than_a_code_in_a_query() {
        assert!(
            response("code=SplxlOBeZQQYbYS6WxSbIA&state=xyz", Carrier::Query)
                .unwrap()
                .granted
        );
        assert!(
            response("code=abc&iss=https%3A%2F%2Fidp", Carrier::Query)
                .unwrap()
                .granted
        );
        assert!(
            response(
                "access_token=2YotnFZ&token_type=Bearer&state=x",
                Carrier::Fragment
            )
            .unwrap()
            .granted
        );
        assert!(
            response("id_token=eyJ&state=x", Carrier::Form)
                .unwrap()
                .granted
        );
        assert!(response("code=abc", Carrier::Form).unwrap().granted);
        assert!(response("code=SUMMER24", Carrier::Query).is_none());
        // Values the extension removed before keeping the hop: the names still say it.
        assert!(
            response("code=&state=&session_state=", Carrier::Form)
                .unwrap()
                .granted
        );
        assert!(
            response("access_token=&id_token=&state=", Carrier::Fragment)
                .unwrap()
                .granted
        );
        let masked = response("error=access_denied&state=", Carrier::Query).unwrap();
        assert_eq!(
            (masked.error.as_deref(), masked.state),
            (Some("access_denied"), true)
        );
    }

    #[test]
    fn errors_are_registered_codes_or_come_with_state() {
        let r = response(
            "error=access_denied&error_description=The+user+denied%20access&state=xyz",
            Carrier::Query,
        )
        .unwrap();
        assert_eq!(r.error.as_deref(), Some("access_denied"));
        assert_eq!(
            r.error_description.as_deref(),
            Some("The user denied access")
        );
        assert!(!r.granted && r.state);
        assert_eq!(
            response("error=invalid_scope", Carrier::Fragment)
                .unwrap()
                .error
                .as_deref(),
            Some("invalid_scope")
        );
        assert_eq!(
            response("error=OAuthCallback&state=x", Carrier::Query)
                .unwrap()
                .error
                .as_deref(),
            Some("OAuthCallback")
        );
        for not in [
            "error",
            "error=",
            "error=1",
            "error=true&next=%2F",
            "error=%22x%22&state=s",
        ] {
            assert!(response(not, Carrier::Query).is_none(), "{not}");
        }
    }

    #[test]
    fn web_message_pages() {
        // Auth0's response page for response_mode=web_message (auth0-spa-js silent sign-in).
        let page = r#"<script type="text/javascript">(function(window, document) { var targetOrigin = "https://spa.example.org"; var authorizationResponse = {type: "authorization_response",response: {"error":"login_required","error_description":"Login required","state":"eWVhaC1zdGF0ZQ"}}; window.parent.postMessage(authorizationResponse, targetOrigin); })(this, this.document);</script>"#;
        let r = web_message_response(page).unwrap();
        assert_eq!(r.error.as_deref(), Some("login_required"));
        assert_eq!(r.error_description.as_deref(), Some("Login required"));
        assert_eq!(r.carrier, Carrier::WebMessage);
        assert!(
            web_message_response(
                r#"{type: "authorization_response", response: {"code":"x","state":"y"}}"#
            )
            .is_none()
        );
        assert!(web_message_response(r#"{"error":"login_required"}"#).is_none());
        assert!(web_message_response(r#"authorization_response "error": unquoted"#).is_none());
    }

    #[test]
    fn error_kinds() {
        assert_eq!(error_kind("access_denied"), ErrorKind::Denied);
        assert_eq!(error_kind("login_required"), ErrorKind::Interaction);
        assert_eq!(error_kind("invalid_scope"), ErrorKind::Request);
        assert_eq!(error_kind("redirect_uri_mismatch"), ErrorKind::RedirectUri);
        assert_eq!(error_kind("temporarily_unavailable"), ErrorKind::Server);
        assert_eq!(error_kind("Access_Denied"), ErrorKind::Unregistered);
        assert_eq!(error_kind("user_cancelled_authorize"), ErrorKind::Denied);
    }
}

//! Behaviour the fixtures cannot pin down one by one: the token clock table, the contract's
//! shape, hostile input, and that no secret survives into a diagnosis.

use super::ids::{CauseId, FixId};
use super::*;
use crate::date::iso8601;
use crate::event::Header;
use crate::jwt::tests::token;

/// Server time used by the clock cases: 2024-09-02T10:00:00Z.
const NOW: i64 = 1_725_271_200;

fn http_date(unix: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let iso = iso8601(unix);
    let (y, m, d, t) = (&iso[0..4], &iso[5..7], &iso[8..10], &iso[11..19]);
    let month = MONTHS[m.parse::<usize>().unwrap() - 1];
    format!(
        "{}, {d} {month} {y} {t} GMT",
        DAYS[unix.div_euclid(86_400).rem_euclid(7) as usize]
    )
}

/// A 401 to a Bearer request, the server's clock at NOW, the local one `offset` seconds off.
fn bearer_event(payload: &str, challenge: &str, offset: i64) -> Event {
    Event {
        url: "https://api.example.com/v1/me".into(),
        method: "GET".into(),
        status_code: 401,
        resource_type: Some("xmlhttprequest".into()),
        time_stamp: Some(((NOW + offset) * 1000) as f64),
        response_headers: vec![
            Header::new("WWW-Authenticate", challenge),
            Header::new("Date", &http_date(NOW)),
        ],
        request_headers: Some(vec![Header::new(
            "Authorization",
            &format!("Bearer {}", token(payload)),
        )]),
        ..Event::default()
    }
}

#[test]
fn http_date_helper_agrees_with_the_parser() {
    assert_eq!(http_date(NOW), "Mon, 02 Sep 2024 10:00:00 GMT");
    assert_eq!(crate::date::parse_http_date(&http_date(NOW)), Some(NOW));
}

#[test]
fn token_claims_against_two_clocks() {
    const INVALID: &str = r#"Bearer realm="api", error="invalid_token""#;
    let claims = |exp: i64, nbf: Option<i64>, iat: Option<i64>| {
        let mut c = format!(r#"{{"sub":"u","exp":{}"#, NOW + exp);
        if let Some(n) = nbf {
            c += &format!(r#","nbf":{}"#, NOW + n);
        }
        if let Some(i) = iat {
            c += &format!(r#","iat":{}"#, NOW + i);
        }
        c + "}"
    };
    use CauseId::*;
    /// exp, nbf, iat relative to the server's clock; the local clock's offset; the cause.
    type ClockCase = (i64, Option<i64>, Option<i64>, i64, CauseId);
    let cases: &[ClockCase] = &[
        (-600, None, Some(-4200), 0, TokenExpired), // expired by both clocks
        (-600, None, None, 5, TokenExpired),        // clocks agree within the tolerance
        (600, None, Some(-3000), 0, TokenInvalid),  // valid in time: refused for another reason
        (1200, None, None, 7200, ClockSkew),        // local clock 2 h fast: expired only locally
        (-600, None, None, -3600, ClockSkew),       // local clock 1 h slow: app never refreshed
        (3600, Some(600), None, 0, ClockSkew),      // nbf ahead of the server: issuer runs fast
        (3600, None, Some(900), 0, ClockSkew),      // iat ahead of the server
        (3600, Some(30), None, 0, TokenInvalid),    // within the leeway
        (-30, None, None, 45, TokenExpired),        // expired moments ago, clocks within tolerance
    ];
    for &(exp, nbf, iat, offset, want) in cases {
        let d = diagnose(&bearer_event(&claims(exp, nbf, iat), INVALID, offset)).unwrap();
        assert_eq!(
            d.cause.id, want,
            "exp {exp} nbf {nbf:?} iat {iat:?} offset {offset}: {:?}",
            d.cause
        );
    }
}

/// A shared cache's copy carries the origin's `Date` and its `Age` (RFC 9111 §5.1): the
/// origin's clock is `Date` + `Age`, not the local clock's lag.
#[test]
fn a_cached_responses_age_moves_the_servers_clock() {
    const INVALID: &str = r#"Bearer realm="api", error="invalid_token""#;
    // Expired ten minutes after the origin's `Date`, fifty before it was served.
    let payload = format!(r#"{{"sub":"u","exp":{}}}"#, NOW + 600);
    // Served an hour after the origin dated it; the local clock agrees with the origin's.
    let mut cached = bearer_event(&payload, INVALID, 3600);
    cached.response_headers.push(Header::new("Age", "3600"));
    assert_eq!(diagnose(&cached).unwrap().cause.id, CauseId::TokenExpired);
    // Without `Age`, the same hour is the local clock's.
    let skewed = bearer_event(&payload, INVALID, 3600);
    assert_eq!(diagnose(&skewed).unwrap().cause.id, CauseId::ClockSkew);
    // An `Age` that is no number of seconds says nothing.
    let mut broken = bearer_event(&payload, INVALID, 3600);
    broken.response_headers.push(Header::new("Age", "-3600"));
    assert_eq!(diagnose(&broken).unwrap().cause.id, CauseId::ClockSkew);
}

#[test]
fn rfc6750_error_codes() {
    let payload = format!(r#"{{"exp":{}}}"#, NOW + 3600);
    use CauseId::*;
    let cases: &[(&str, CauseId, FixId)] = &[
        (
            r#"Bearer realm="api", error="insufficient_scope", scope="files:write""#,
            InsufficientScope,
            FixId::RequestScope,
        ),
        (
            r#"Bearer realm="api", error="invalid_request""#,
            RequestMalformed,
            FixId::FixAuthorizationHeader,
        ),
        (
            r#"Bearer realm="api", error="invalid_token", error_description="The access token expired""#,
            TokenExpired,
            FixId::RefreshToken,
        ),
        (
            r#"Bearer realm="api", error="invalid_token", error_description="Signature invalid""#,
            TokenInvalid,
            FixId::SignInAgain,
        ),
        (
            r#"Bearer realm="api", error="token_revoked""#,
            TokenInvalid,
            FixId::SignInAgain,
        ),
        (
            r#"Bearer realm="api""#,
            AuthorizationStripped,
            FixId::FixServerConfig,
        ),
        // A missing comma (RFC 9110 §11.6.1 violation) still yields the code.
        (
            r#"Bearer error="invalid_token" error_description="Access token is expired""#,
            TokenExpired,
            FixId::RefreshToken,
        ),
        (
            r#"DPoP algs="ES256", error="invalid_token""#,
            TokenInvalid,
            FixId::SignInAgain,
        ),
    ];
    for &(challenge, cause, fix) in cases {
        let mut e = bearer_event(&payload, challenge, 0);
        if cause == TokenExpired && challenge.contains("expired") {
            // Opaque tokens: only the server's words can say "expired".
            e.request_headers = Some(vec![Header::new(
                "Authorization",
                "Bearer opaque-token-value",
            )]);
        }
        let d = diagnose(&e).unwrap();
        assert_eq!(
            (d.cause.id, d.fixes[0].id),
            (cause, fix),
            "{challenge}: {:?}",
            d.cause
        );
    }
}

#[test]
fn the_servers_named_error_outranks_an_expired_exp() {
    // Spring says "Found multiple bearer tokens" (invalid_request) or insufficient_scope before
    // it ever looks at the token's age: the expiry is a side note, not the cause.
    let expired = format!(r#"{{"exp":{}}}"#, NOW - 3600);
    let cases: &[(&str, u16, CauseId)] = &[
        (
            r#"Bearer error="invalid_request", error_description="Found multiple bearer tokens in the request""#,
            400,
            CauseId::RequestMalformed,
        ),
        (
            r#"Bearer realm="api", error="insufficient_scope", scope="admin""#,
            403,
            CauseId::InsufficientScope,
        ),
    ];
    for &(challenge, status, want) in cases {
        let mut e = bearer_event(&expired, challenge, 0);
        e.status_code = status;
        let d = diagnose(&e).unwrap();
        assert_eq!(d.cause.id, want, "{challenge}: {:?}", d.cause);
        assert!(
            d.alternatives.iter().any(|a| a.id == CauseId::TokenExpired),
            "{challenge}: expiry kept as an alternative"
        );
    }
}

#[test]
fn basic_sign_in_states() {
    let event = |request: Vec<Header>, retried: bool, url: &str| Event {
        url: url.into(),
        method: "GET".into(),
        status_code: 401,
        resource_type: Some("main_frame".into()),
        response_headers: vec![Header::new(
            "WWW-Authenticate",
            r#"Basic realm="Restricted""#,
        )],
        request_headers: Some(request),
        retried: Some(retried),
        auth_prompted: Some(retried),
        ..Event::default()
    };
    use CauseId::*;
    let cases: &[(Vec<Header>, bool, &str, CauseId)] = &[
        (
            vec![],
            false,
            "http://127.0.0.1:8080/basic",
            CredentialsMissing,
        ),
        (vec![], false, "http://localhost/basic", CredentialsMissing),
        (vec![], false, "https://a.example/basic", CredentialsMissing),
        (vec![], true, "https://a.example/basic", CredentialsRejected),
        (
            vec![Header::new("Authorization", "Basic dTpw")],
            false,
            "https://a.example/",
            CredentialsRejected,
        ),
        (vec![], false, "http://a.example/basic", InsecureTransport),
        // Token APIs challenge Basic for other clients: a Bearer token refused under it was read.
        (
            vec![Header::new("Authorization", "Bearer abc")],
            false,
            "https://a.example/",
            TokenInvalid,
        ),
    ];
    for (request, retried, url, want) in cases {
        let d = diagnose(&event(request.clone(), *retried, url)).unwrap();
        assert_eq!(d.cause.id, *want, "{url} {request:?} retried {retried}");
    }
    let first = diagnose(&event(vec![], false, "https://a.example/")).unwrap();
    assert_eq!(
        first.fixes[0].action,
        Some(ActionId::Reload),
        "reloading brings the sign-in dialog back"
    );
}

/// Request headers: a Cookie header, and `other` if there is one.
fn cookie_and(cookie: &str, other: Option<Header>) -> Option<Vec<Header>> {
    Some(
        std::iter::once(Header::new("Cookie", cookie))
            .chain(other)
            .collect(),
    )
}

#[test]
fn wordpress_counts_its_login_cookie_only_with_a_nonce() {
    let event = |nonce: bool| {
        Event {
        url: "https://blog.example.com/wp-json/wp/v2/users/me".into(),
        method: "GET".into(),
        status_code: 401,
        resource_type: Some("xmlhttprequest".into()),
        response_headers: vec![Header::new("Link", r#"<https://blog.example.com/wp-json/>; rel="https://api.w.org/""#)],
        request_headers: cookie_and(
            "wordpress_logged_in_5c0ffee=admin%7C1707500000%7Ctoken%7Chash",
            nonce.then(|| Header::new("X-WP-Nonce", "3f9a1c2b7d")),
        ),
        body_text: Some(r#"{"code":"rest_not_logged_in","message":"You are not currently logged in.","data":{"status":401}}"#.into()),
        ..Event::default()
    }
    };
    // Without the nonce the script never sent what WordPress reads; with it, the session ended.
    assert_eq!(
        diagnose(&event(false)).unwrap().cause.id,
        CauseId::CredentialsMissing
    );
    assert_eq!(
        diagnose(&event(true)).unwrap().cause.id,
        CauseId::SessionExpired
    );
}

#[test]
fn an_unread_403_to_a_post_is_csrf_only_when_the_token_was_not_echoed() {
    let event = |echoed: bool| Event {
        url: "https://app.example.com/api/items/".into(),
        method: "POST".into(),
        status_code: 403,
        resource_type: Some("xmlhttprequest".into()),
        response_headers: vec![Header::new("Content-Type", "application/json")],
        request_headers: cookie_and(
            "csrftoken=Zq81nXb0aQ; sessionid=k2j3h4g5f6",
            echoed.then(|| Header::new("X-CSRFToken", "Zq81nXb0aQ")),
        ),
        ..Event::default()
    };
    assert_eq!(
        diagnose(&event(false)).unwrap().cause.id,
        CauseId::CsrfExpired
    );
    // Django REST Framework's permission refusal to a signed-in user looks just like this.
    assert_eq!(diagnose(&event(true)).unwrap().cause.id, CauseId::Forbidden);
    // A pair without `=` is a nameless cookie's value, not a cookie named so (found by fuzzing:
    // the value came back as the evidence's cookie name).
    let nameless = Event {
        request_headers: cookie_and("XSRF-TOKEN", None),
        ..event(false)
    };
    assert_eq!(diagnose(&nameless).unwrap().cause.id, CauseId::Forbidden);
}

#[test]
fn challenge_lines_firefox_joined_read_as_separate_lines() {
    // Firefox's webRequest gives a response's WWW-Authenticate lines as one value joined with
    // LF (nsHttpHeaderArray); Chromium gives one header per line. Both must read alike.
    let event = |headers: Vec<Header>| Event {
        url: "https://intranet.contoso.com/".into(),
        method: "GET".into(),
        status_code: 401,
        resource_type: Some("main_frame".into()),
        response_headers: headers,
        request_headers: Some(vec![]),
        ..Event::default()
    };
    let chromium = diagnose(&event(vec![
        Header::new("WWW-Authenticate", "Negotiate"),
        Header::new("WWW-Authenticate", "NTLM"),
    ]))
    .unwrap();
    let firefox = diagnose(&event(vec![Header::new(
        "WWW-Authenticate",
        "Negotiate\nNTLM",
    )]))
    .unwrap();
    assert_eq!(chromium.cause.id, CauseId::WindowsAuth);
    assert_eq!(firefox.cause, chromium.cause);
    assert_eq!(firefox.challenges, chromium.challenges);
    assert!(firefox.findings.is_empty(), "{:?}", firefox.findings);
}

#[test]
fn a_token_in_the_query_counts_as_sent() {
    // RFC 6750 §2.3: `access_token` in the query is a token sent. A Bearer challenge without an
    // error code then means the server did not read it there; with one, the token was read.
    let event = |url: &str, challenge: &str| Event {
        url: url.into(),
        method: "GET".into(),
        status_code: 401,
        resource_type: Some("main_frame".into()),
        response_headers: vec![Header::new("WWW-Authenticate", challenge)],
        request_headers: Some(vec![]),
        ..Event::default()
    };
    let secret = "abcdefghijklmnopqrstuvwxyz012345";
    let cases: &[(&str, &str, CauseId, FixId)] = &[
        (
            "https://api.example.com?access_token=",
            r#"Bearer realm="example""#,
            CauseId::RequestMalformed,
            FixId::FixAuthorizationHeader,
        ),
        (
            "https://api.example.com/?access_token=",
            r#"Bearer realm="example""#,
            CauseId::RequestMalformed,
            FixId::FixAuthorizationHeader,
        ),
        (
            "https://api.example.com/v1?a=1&access_token=",
            "Bearer",
            CauseId::RequestMalformed,
            FixId::FixAuthorizationHeader,
        ),
        (
            "https://api.example.com?access_token=",
            r#"Bearer realm="example", error="invalid_token""#,
            CauseId::TokenInvalid,
            FixId::SignInAgain,
        ),
    ];
    for &(url, challenge, cause, fix) in cases {
        let url = format!("{url}{secret}");
        let d = diagnose(&event(&url, challenge)).unwrap();
        assert_eq!(
            (d.cause.id, d.fixes[0].id),
            (cause, fix),
            "{url} {challenge}"
        );
        if cause == CauseId::RequestMalformed {
            assert!(
                d.cause
                    .evidence
                    .iter()
                    .any(|e| e.id == EvidenceId::CredentialsInUrl),
                "{url}: {:?}",
                d.cause
            );
        }
        assert!(
            !serde_json::to_string(&d).unwrap().contains(secret),
            "{url}: the token is not kept"
        );
    }
}

#[test]
fn request_kind_shapes_wording_and_actions() {
    let mut e = bearer_event("{}", r#"Bearer realm="api""#, 0);
    e.request_headers = Some(vec![]);
    e.initiator = Some("https://shop.example.org".into());
    let d = diagnose(&e).unwrap();
    assert_eq!(d.cause.id, CauseId::CredentialsMissing);
    assert!(
        d.alternatives
            .iter()
            .any(|c| c.id == CauseId::ThirdPartyAuth),
        "{:?}",
        d.alternatives
    );
    assert_eq!(
        d.fixes[0].action, None,
        "no dialog to bring back for a script's request"
    );
    e.initiator = Some("https://app.example.com".into());
    let same_site = diagnose(&e).unwrap();
    assert!(
        !same_site
            .alternatives
            .iter()
            .any(|c| c.id == CauseId::ThirdPartyAuth)
    );
}

#[test]
fn json_shape_matches_the_contract() {
    let d = diagnose(&fixtures::load("docker-registry-anonymous-pull")).unwrap();
    let v = serde_json::to_value(&d).unwrap();
    assert_eq!(v["status"], 401);
    assert_eq!(v["cause"]["id"], "credentials-missing");
    assert!(
        v["cause"]["confidence"]
            .as_f64()
            .is_some_and(|c| (0.0..=1.0).contains(&c))
    );
    assert_eq!(v["cause"]["evidence"][0]["id"], "no-authorization-sent");
    assert!(v["cause"]["evidence"][0]["args"].is_array());
    assert_eq!(v["challenges"][0]["scheme"], "Bearer");
    assert_eq!(v["challenges"][0]["params"][1]["name"], "service");
    assert_eq!(
        v["fixes"][0],
        serde_json::json!({"id": "sign-in-again", "audience": "visitor"})
    );
    assert!(v["alternatives"].is_array() && v["findings"].is_array());
    let clear = diagnose(&fixtures::load("express-session-expired")).unwrap();
    assert_eq!(
        serde_json::to_value(&clear.fixes[0]).unwrap(),
        serde_json::json!({"id": "clear-site-cookies", "audience": "visitor", "action": "clear-site-cookies"})
    );
}

#[test]
fn every_diagnosis_is_well_formed() {
    for (name, ..) in fixture_cases() {
        let d = diagnose(&fixtures::load(name)).unwrap();
        assert!(!d.fixes.is_empty(), "{name}");
        assert!(
            d.alternatives
                .iter()
                .all(|a| a.id != d.cause.id && a.confidence <= d.cause.confidence),
            "{name}"
        );
        assert!(
            d.alternatives
                .windows(2)
                .all(|w| w[0].confidence >= w[1].confidence),
            "{name}"
        );
        let ids: Vec<FixId> = d.fixes.iter().map(|f| f.id).collect();
        assert!(
            ids.iter().enumerate().all(|(i, f)| !ids[..i].contains(f)),
            "{name}: repeated fix"
        );
    }
}

fn fixture_cases() -> impl Iterator<Item = (&'static str, CauseId, FixId)> {
    fixtures::cases()
}

/// A request full of secrets, answered by a server that echoes them: the secrets, and the event.
pub(crate) fn secret_laden_event() -> (Vec<String>, Event) {
    let jwt = token(&format!(r#"{{"sub":"alice","exp":{}}}"#, NOW - 60));
    let secrets: Vec<String> = [
        jwt.as_str(),
        jwt.split('.').nth(1).unwrap(),
        "hunter2-secret",
        "SESSION-SECRET-VALUE-123",
        "CSRF-SECRET-456",
        "S3cr3tC0de99",
        "alice%40example.com",
        "cHJveHk6cHJveHktcGFzcw==",
        "APIKEY-SECRET-789",
        "VAULT-TOKEN-SECRET-246",
        "SUBSCRIPTION-KEY-SECRET-135",
        "864209",
    ]
    .map(String::from)
    .into();
    let e = Event {
        url: format!(
            "https://alice:hunter2-secret@app.example.com/api/me?email=alice%40example.com&code=S3cr3tC0de99&access_token={jwt}#id_token={jwt}"
        ),
        method: "GET".into(),
        status_code: 401,
        resource_type: Some("xmlhttprequest".into()),
        time_stamp: Some((NOW * 1000) as f64),
        initiator: Some("https://evil.example.net".into()),
        response_headers: vec![
            Header::new("Date", &http_date(NOW)),
            Header::new(
                "WWW-Authenticate",
                &format!(
                    r#"Bearer realm="{jwt}", error="invalid_token", error_description="token {jwt} revoked for session SESSION-SECRET-VALUE-123, key APIKEY-SECRET-789 VAULT-TOKEN-SECRET-246 SUBSCRIPTION-KEY-SECRET-135 code 864209""#
                ),
            ),
            Header::new("Set-Cookie", "session=SESSION-SECRET-VALUE-123; Path=/"),
        ],
        request_headers: Some(vec![
            Header::new("Authorization", &format!("Bearer {jwt}")),
            Header::new(
                "Cookie",
                "session=SESSION-SECRET-VALUE-123; csrftoken=CSRF-SECRET-456",
            ),
            Header::new("Proxy-Authorization", "Basic cHJveHk6cHJveHktcGFzcw=="),
            Header::new("X-Api-Key", "APIKEY-SECRET-789"),
            // Credentials headers of a service's own, known by their names only.
            Header::new("X-Vault-Token", "VAULT-TOKEN-SECRET-246"),
            Header::new("Ocp-Apim-Subscription-Key", "SUBSCRIPTION-KEY-SECRET-135"),
            // A second factor's one-time code: short, and a credential all the same.
            Header::new("X-GitHub-OTP", "864209"),
        ]),
        body_text: Some(format!(
            "{{\"error\":\"invalid token {jwt}\",\"session\":\"SESSION-SECRET-VALUE-123\",\"otp\":\"864209\"}}"
        )),
        ..Event::default()
    };
    (secrets, e)
}

#[test]
fn no_secret_survives_into_the_diagnosis() {
    let (secrets, e) = secret_laden_event();
    let d = diagnose(&e).unwrap();
    assert_eq!(d.cause.id, CauseId::TokenExpired);
    let json = serde_json::to_string(&d).unwrap();
    for secret in &secrets {
        assert!(
            !json.contains(secret.as_str()),
            "diagnosis leaks {secret}: {json}"
        );
    }
}

#[test]
fn headers_named_like_credentials_cannot_crowd_cookies_out_of_the_scrubbed_secrets() {
    let (secrets, mut e) = secret_laden_event();
    let headers = e.request_headers.get_or_insert_default();
    for i in 0..300 {
        headers.insert(
            0,
            Header::new(&format!("X-Decoy{i}-Token"), &format!("decoy-value-{i:04}")),
        );
    }
    let json = serde_json::to_string(&diagnose(&e).unwrap()).unwrap();
    // The page's own header values may go past the bound; the rest of what it sent may not.
    let own = [
        "APIKEY-SECRET-789",
        "VAULT-TOKEN-SECRET-246",
        "SUBSCRIPTION-KEY-SECRET-135",
    ];
    for secret in secrets.iter().filter(|s| !own.contains(&s.as_str())) {
        assert!(
            !json.contains(secret.as_str()),
            "diagnosis leaks {secret}: {json}"
        );
    }
}

#[test]
fn huge_events_get_a_diagnosis() {
    let huge_realm = format!(r#"Basic realm="{}""#, "\\\"x".repeat(32 * 1024));
    let many_params = format!(
        "Bearer {}",
        (0..10_000)
            .map(|i| format!("p{i}=v{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let many_challenges = vec!["Basic realm=\"a\""; 10_000].join(", ");
    let empty_elements = format!("Basic realm=\"a\"{}", ", ".repeat(20_000));
    let unterminated = format!("Digest realm=\"{}", "a".repeat(64 * 1024));
    let cases: Vec<(String, String, String)> = vec![
        (huge_realm, String::new(), String::new()),
        (many_params, "Bearer x.y.z".into(), String::new()),
        (many_challenges, String::new(), String::new()),
        (empty_elements, String::new(), String::new()),
        (unterminated, String::new(), String::new()),
        (
            "Bearer error=\"invalid_token\"".into(),
            "Bearer eyJhbGciOiJub25lIn0.!!!not-base64!!!.sig".into(),
            String::new(),
        ),
        (
            "Bearer error=\"invalid_token\"".into(),
            format!("Bearer eyJhbGciOiJub25lIn0.{}.sig", "A".repeat(1 << 20)),
            String::new(),
        ),
        (
            "Bearer error=\"invalid_token\"".into(),
            "Bearer eyJhbGciOiJub25lIn0.bm90IGpzb24.sig".into(),
            String::new(),
        ),
        (
            "Bearer error=\"invalid_token\"".into(),
            format!(
                "Bearer {}",
                token(&format!("{}{}", "[".repeat(5000), "]".repeat(5000)))
            ),
            String::new(),
        ),
        (
            "Basic realm=\"x\"".into(),
            String::new(),
            "é".repeat(400_000),
        ),
        (
            "Basic realm=\"x\"".into(),
            String::new(),
            "<h3>HTTP Error 401.".repeat(50_000),
        ),
        (
            "\u{0}\u{1}\u{7f}ÿ".into(),
            "\u{0}".into(),
            "\u{0}".repeat(1000),
        ),
    ];
    for (challenge, authorization, body) in cases {
        let mut request = vec![Header::new("Cookie", &"a=b; ".repeat(10_000))];
        if !authorization.is_empty() {
            request.push(Header::new("Authorization", &authorization));
        }
        let mut response = vec![Header::new("WWW-Authenticate", &challenge)];
        response.extend((0..10_000).map(|i| Header::new(&format!("X-Noise-{i}"), "v")));
        let e = Event {
            url: format!("https://example.com/{}", "a/".repeat(10_000)),
            method: "GET".into(),
            status_code: 401,
            response_headers: response,
            request_headers: Some(request),
            body_text: Some(body),
            ..Event::default()
        };
        let d = diagnose(&e).unwrap();
        assert!(!d.fixes.is_empty());
        for c in &d.challenges {
            assert!(
                c.params.iter().all(|p| p.value.len() <= MAX_PARAM + 3),
                "values are cut"
            );
        }
        assert!(serde_json::to_string(&d).unwrap().len() < 4 << 20);
    }
}

#[test]
fn extreme_clocks_get_a_diagnosis() {
    // Found by fuzzing: a `timeStamp` of ±1e300 ms saturated the local clock to i64::MIN/MAX,
    // and its difference with the server's `Date` overflowed.
    let dates = [
        "Fri, 31 Dec 9999 23:59:59 GMT",
        "Sat, 01 Jan 0000 00:00:00 GMT",
        "Mon, 02 Sep 2024 10:00:00 GMT",
    ];
    let stamps = [
        1e300,
        -1e300,
        f64::MAX,
        f64::MIN,
        i64::MAX as f64,
        i64::MIN as f64,
        0.0,
        -1.0,
        1e15,
        -1e15,
    ];
    for date in dates {
        for stamp in stamps {
            let mut e = bearer_event(
                r#"{"exp":99999999999,"nbf":0,"iat":0}"#,
                r#"Bearer error="invalid_token""#,
                0,
            );
            e.time_stamp = Some(stamp);
            e.response_headers.extend([
                Header::new("Date", date),
                Header::new("Retry-After", dates[0]),
                Header::new("Retry-After", dates[1]),
            ]);
            e.response_headers.swap(1, 2);
            for status in [401, 429, 503] {
                e.status_code = status;
                let d = diagnose(&e).unwrap_or_else(|err| panic!("{date} {stamp}: {err}"));
                assert!((0.0..=1.0).contains(&d.cause.confidence));
            }
        }
    }
}

/// A xorshift generator: reproducible scrambles without a dependency.
struct Scramble(u64);

impl Scramble {
    const PIECES: &[&str] = &[
        "Basic",
        "Bearer",
        "Digest",
        "Negotiate",
        "NTLM",
        "realm=",
        "\"",
        "\\",
        ",",
        " ",
        "=",
        "error=",
        "invalid_token",
        "stale=true",
        "nonce=",
        "eyJ",
        ".",
        "é",
        "\u{0}",
        "401.",
        "HTTP Error ",
        "Retry-After",
        "expired",
        "rest_",
    ];
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[(self.next() % from.len() as u64) as usize]
    }
    fn text(&mut self, n: usize) -> String {
        (0..n).map(|_| self.pick(Self::PIECES)).collect()
    }
}

#[test]
fn scrambled_events_never_panic() {
    let mut r = Scramble(0x9e37_79b9_7f4a_7c15);
    for _ in 0..3000 {
        let (challenge, auth, body, date) = (r.text(12), r.text(6), r.text(20), r.text(5));
        let e = Event {
            url: format!("https://x.example/{}", r.text(3)),
            method: r.pick(&["GET", "OPTIONS", "POST"]).into(),
            status_code: r.pick(&[400, 401, 403, 407, 419, 429, 440, 498, 499, 511]),
            resource_type: Some(
                r.pick(&["main_frame", "sub_frame", "xmlhttprequest", "other"])
                    .into(),
            ),
            time_stamp: Some((r.next() % 4_000_000_000_000) as f64),
            initiator: Some(format!("https://{}.example", r.text(1))),
            response_headers: vec![
                Header::new("WWW-Authenticate", &challenge),
                Header::new("Proxy-Authenticate", &challenge),
                Header::new("Date", &date),
                Header::new("Retry-After", &date),
            ],
            request_headers: Some(vec![
                Header::new("Authorization", &auth),
                Header::new("Cookie", &r.text(2)),
            ]),
            body_text: Some(body),
            retried: Some(r.next().is_multiple_of(2)),
            ..Event::default()
        };
        let d = diagnose(&e).unwrap();
        assert!((0.0..=1.0).contains(&d.cause.confidence));
        for c in std::iter::once(&d.cause).chain(&d.alternatives) {
            assert!(
                c.evidence.iter().all(|ev| ev.args.len() == ev.id.arity()),
                "{c:?}"
            );
        }
    }
}

/// What a hostile case must show, besides a well-formed diagnosis.
enum Shows {
    Challenges(usize),
    Params(usize),
    Finding(crate::FindingId),
    Evidence(EvidenceId),
    Cause(CauseId),
}

/// An event carrying `challenge`, and `authorization` when not empty.
fn hostile_event(challenge: &str, authorization: &str, url: &str, body: &str) -> Event {
    let request = if authorization.is_empty() {
        vec![]
    } else {
        vec![Header::new("Authorization", authorization)]
    };
    Event {
        url: url.into(),
        method: "GET".into(),
        status_code: 401,
        time_stamp: Some((NOW * 1000) as f64),
        response_headers: vec![
            Header::new("WWW-Authenticate", challenge),
            Header::new("Date", &http_date(NOW)),
        ],
        request_headers: Some(request),
        body_text: Some(body.into()),
        ..Event::default()
    }
}

#[test]
fn hostile_input_gets_a_diagnosis_or_a_finding() {
    use crate::FindingId as F;
    use CauseId as C;
    use EvidenceId as E;
    const URL: &str = "https://a.example/";
    const INVALID: &str = r#"Bearer error="invalid_token""#;
    let payload = |json: &str| token(json).split('.').nth(1).unwrap().to_owned();
    let expired = format!(r#""exp":{}"#, NOW - 600);
    let obs_text: String = ('\u{80}'..='\u{ff}').collect();
    let cases: Vec<(&str, String, String, &str, String, Shows)> = vec![
        (
            "64 KiB realm",
            format!("Basic realm=\"{}\"", "a".repeat(64 << 10)),
            "".into(),
            URL,
            "".into(),
            Shows::Challenges(1),
        ),
        (
            "64 KiB realm of obs-text",
            format!("Basic realm=\"{}\"", obs_text.repeat(512)),
            "".into(),
            URL,
            "".into(),
            Shows::Challenges(1),
        ),
        (
            "64 KiB unquoted realm",
            format!("Basic realm={}", "x".repeat(64 << 10)),
            "".into(),
            URL,
            "".into(),
            Shows::Finding(F::UnquotedRealm),
        ),
        (
            "64 KiB unterminated realm",
            format!("Basic realm=\"{}", "x".repeat(64 << 10)),
            "".into(),
            URL,
            "".into(),
            Shows::Finding(F::UnterminatedQuotedString),
        ),
        (
            "1,000 challenges",
            vec!["Basic realm=\"a\""; 1000].join(", "),
            "".into(),
            URL,
            "".into(),
            Shows::Challenges(1000),
        ),
        (
            "10,000 parameters",
            format!(
                "Bearer {}",
                (0..10_000)
                    .map(|i| format!("p{i}=v"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "".into(),
            URL,
            "".into(),
            Shows::Params(10_000),
        ),
        (
            "NUL in a quoted realm",
            "Basic realm=\"a\u{0}b\"".into(),
            "".into(),
            URL,
            "".into(),
            Shows::Finding(F::InvalidQuotedChar),
        ),
        (
            "DEL and C1 controls in a quoted realm",
            "Basic realm=\"\u{7f}\u{85}\"".into(),
            "".into(),
            URL,
            "".into(),
            Shows::Finding(F::InvalidQuotedChar),
        ),
        (
            "control character after the scheme",
            "Basic\u{1}realm=\"a\"".into(),
            "".into(),
            URL,
            "".into(),
            Shows::Finding(F::SkippedText),
        ),
        (
            "a lone NUL",
            "\u{0}".into(),
            "".into(),
            URL,
            "".into(),
            Shows::Finding(F::NoChallenge),
        ),
        (
            "obs-text in a token",
            "Basic realm=caf\u{e9}".into(),
            "".into(),
            URL,
            "".into(),
            Shows::Finding(F::InvalidUnquotedValue),
        ),
        (
            "invalid percent-escapes in the URL",
            "Basic realm=\"a\"".into(),
            "".into(),
            "https://a.example/%zz%/%E0%A4?q=%%&r=%G1#%",
            "".into(),
            Shows::Cause(C::CredentialsMissing),
        ),
        (
            "invalid percent-escapes in a query token",
            "Bearer realm=\"a\"".into(),
            "".into(),
            "https://a.example/?access_token=%G1%%",
            "".into(),
            Shows::Challenges(1),
        ),
        (
            "control characters for a URL",
            "Basic realm=\"a\"".into(),
            "".into(),
            "\u{0}\u{1}%%%://",
            "".into(),
            Shows::Cause(C::CredentialsMissing),
        ),
        (
            "JWT of bad base64",
            INVALID.into(),
            "Bearer eyJhbGciOiJub25lIn0.!!!.sig".into(),
            URL,
            "".into(),
            Shows::Evidence(E::TokenUnreadable),
        ),
        (
            "JWT of 1 MB",
            INVALID.into(),
            format!("Bearer eyJhbGciOiJub25lIn0.{}.sig", "A".repeat(1 << 20)),
            URL,
            "".into(),
            Shows::Evidence(E::TokenUnreadable),
        ),
        (
            "JWT of non-JSON",
            INVALID.into(),
            format!("Bearer eyJhbGciOiJub25lIn0.{}.sig", payload("not json")),
            URL,
            "".into(),
            Shows::Evidence(E::TokenUnreadable),
        ),
        (
            "JWT of JSON 5,000 arrays deep",
            INVALID.into(),
            format!(
                "Bearer {}",
                token(&format!(
                    "{{\"a\":{}{},{expired}}}",
                    "[".repeat(5000),
                    "]".repeat(5000)
                ))
            ),
            URL,
            "".into(),
            Shows::Cause(C::TokenExpired),
        ),
        (
            "JWT of JSON 2,000 objects deep",
            INVALID.into(),
            format!(
                "Bearer {}",
                token(&format!(
                    "{}{expired}{}",
                    "{\"a\":".repeat(2000),
                    "}".repeat(2000)
                ))
            ),
            URL,
            "".into(),
            Shows::Cause(C::TokenInvalid),
        ),
        (
            "JWT of unclosed nesting",
            INVALID.into(),
            format!("Bearer {}", token(&format!("{{\"a\":{}", "[".repeat(9000)))),
            URL,
            "".into(),
            Shows::Evidence(E::TokenUnreadable),
        ),
        (
            "JWT with NUL in its JSON",
            INVALID.into(),
            format!(
                "Bearer {}",
                token(&format!("{{\"\u{0}\":\"\u{0}\",{expired}}}"))
            ),
            URL,
            "".into(),
            Shows::Cause(C::TokenExpired),
        ),
        (
            "Authorization of control characters",
            "Basic realm=\"a\"".into(),
            "\u{0}\u{1}\u{7f}".into(),
            URL,
            "".into(),
            Shows::Challenges(1),
        ),
        (
            "body of NUL and obs-text",
            "Basic realm=\"a\"".into(),
            "".into(),
            URL,
            "\u{0}\u{ff}".repeat(40_000),
            Shows::Cause(C::CredentialsMissing),
        ),
    ];
    for (label, challenge, authorization, url, body, shows) in cases {
        let event = hostile_event(&challenge, &authorization, url, &body);
        let d = diagnose(&event).unwrap_or_else(|e| panic!("{label}: {e}"));
        let evidence = || {
            std::iter::once(&d.cause)
                .chain(&d.alternatives)
                .flat_map(|c| &c.evidence)
        };
        let ok = match shows {
            Shows::Challenges(n) => d.challenges.len() == n,
            Shows::Params(n) => d.challenges.first().is_some_and(|c| c.params.len() == n),
            Shows::Finding(id) => d.findings.iter().any(|f| f.id == id),
            Shows::Evidence(id) => evidence().any(|e| e.id == id),
            Shows::Cause(id) => d.cause.id == id,
        };
        assert!(
            ok,
            "{label}: {} {:?}, findings {:?}",
            d.cause.id, d.cause.evidence, d.findings
        );
        assert!(
            d.challenges
                .iter()
                .flat_map(|c| &c.params)
                .all(|p| p.value.len() <= MAX_PARAM + 3),
            "{label}: values are cut"
        );
        let report = crate::report(
            &crate::ReportContext::from_event(&event, "Test"),
            &d,
            &|key, args| format!("{key} {}", args.join(" ")),
        );
        assert!(report.len() < 64 << 10, "{label}: the report stays short");
    }
}

/// A 401 from `https://api.example.com` to a script's request carrying `request`, with an
/// optional challenge and body.
fn api_401(request: &[(&str, &str)], challenge: Option<&str>, body: &str) -> Event {
    Event {
        url: "https://api.example.com/v1/items".into(),
        method: "GET".into(),
        status_code: 401,
        resource_type: Some("xmlhttprequest".into()),
        response_headers: challenge
            .map(|c| Header::new("WWW-Authenticate", c))
            .into_iter()
            .collect(),
        request_headers: Some(request.iter().map(|(n, v)| Header::new(n, v)).collect()),
        body_text: Some(body.into()),
        ..Event::default()
    }
}

#[test]
fn headers_named_like_tokens_that_prove_no_identity_change_nothing() {
    let cookie = ("Cookie", "session=s3ss10n-value-0001");
    for decoy in [
        "X-Continuation-Token",
        "RequestVerificationToken",
        "X-Atlassian-Token",
        "X-Page-Token",
    ] {
        for (request, challenge, body) in [
            (vec![], Some("Bearer"), ""),
            (vec![cookie], None, ""),
            (vec![], None, r#"{"error":"session expired"}"#),
        ] {
            let bare = diagnose(&api_401(&request, challenge, body)).unwrap();
            let mut with = request.clone();
            with.push((decoy, "no-check-or-cursor-42"));
            let d = diagnose(&api_401(&with, challenge, body)).unwrap();
            assert_eq!(
                d.cause.id, bare.cause.id,
                "{decoy} with {request:?} {challenge:?} {body:?}"
            );
        }
    }
}

#[test]
fn a_key_header_the_server_says_it_never_received_was_not_read() {
    let key = [("X-API-Key", "k3y-v4lue-0123456789")];
    let ignored = api_401(
        &key,
        Some("Bearer"),
        r#"{"detail":"Authentication credentials were not provided."}"#,
    );
    assert_eq!(
        diagnose(&ignored).unwrap().cause.id,
        CauseId::SchemeMismatch
    );
    // Without those words the key was read and refused.
    let refused = api_401(&key, Some("Bearer"), r#"{"detail":"Invalid API key."}"#);
    assert_eq!(
        diagnose(&refused).unwrap().cause.id,
        CauseId::CredentialsRejected
    );
    // OpenAI's words to a request without a key.
    let none = api_401(
        &[],
        Some(r#"Bearer realm="OpenAI API""#),
        r#"{"error":{"message":"Missing bearer or basic authentication in header","type":"invalid_request_error"}}"#,
    );
    let d = diagnose(&none).unwrap();
    assert_eq!(d.cause.id, CauseId::CredentialsMissing);
    assert!(
        d.cause
            .evidence
            .iter()
            .any(|e| e.id == EvidenceId::ServerSays),
        "{d:?}"
    );
}

#[test]
fn iis_generic_page_does_not_show_the_credentials_were_read() {
    // A Bearer token to IIS offering Basic only: IIS's own page answered (it says "invalid
    // credentials" to anything), so IIS's Basic module refused it unread: the mismatch stands.
    let e = api_401(
        &[("Authorization", "Bearer abc.def.ghi-0123456789")],
        Some(r#"Basic realm="api.example.com""#),
        "<h2>401 - Unauthorized: Access is denied due to invalid credentials.</h2>",
    );
    assert_eq!(diagnose(&e).unwrap().cause.id, CauseId::SchemeMismatch);
}

#[test]
fn a_session_a_token_stands_for_is_expired_only_when_the_server_says_so() {
    let token = [("Authorization", "Bearer 00Dxx0000001gPL!AQ4AQFxx")];
    let expired = api_401(
        &token,
        None,
        r#"[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]"#,
    );
    assert_eq!(diagnose(&expired).unwrap().cause.id, CauseId::TokenExpired);
    let invalid = api_401(
        &token,
        None,
        r#"[{"message":"Invalid Session ID found in SessionHeader: Illegal Session","errorCode":"INVALID_SESSION_ID"}]"#,
    );
    assert_ne!(diagnose(&invalid).unwrap().cause.id, CauseId::TokenExpired);
}

#[test]
fn json_quotes_cannot_complete_a_secret_around_what_its_removal_left() {
    // Removing the first cookie's value from the realm leaves `inv…st`; JSON's closing quote
    // would make it the second cookie's value.
    let e = api_401(
        &[("Cookie", "a=alid_reque; b=inv…st\"")],
        Some(r#"Digest realm="invalid_request", nonce="abc""#),
        "",
    );
    let json = serde_json::to_string(&diagnose(&e).unwrap()).unwrap();
    assert!(!json.contains("inv…st\""), "{json}");
}

#[test]
fn a_signed_url_is_expired_by_its_own_parameters_and_the_servers_clock() {
    // NOW is 2024-09-02T10:00:00Z; each URL's expiry is a minute before or after it.
    let cases: &[(&str, bool)] = &[
        // AWS Signature V4 presigned: X-Amz-Date plus X-Amz-Expires.
        (
            "X-Amz-Date=20240902T095400Z&X-Amz-Expires=300&X-Amz-Signature=0a1b2c3d4e5f6a7b8c9d",
            true,
        ),
        (
            "X-Amz-Date=20240902T095400Z&X-Amz-Expires=420&X-Amz-Signature=0a1b2c3d4e5f6a7b8c9d",
            false,
        ),
        // AWS's older query signing: Expires in Unix seconds beside Signature.
        (
            "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1725271140&Signature=c2lnbmF0dXJlMDEyMzQ1Njc4OQ%3D%3D",
            true,
        ),
        (
            "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1725271260&Signature=c2lnbmF0dXJlMDEyMzQ1Njc4OQ%3D%3D",
            false,
        ),
        // Azure SAS, colons percent-encoded as the SDKs write them, or a date alone.
        (
            "sv=2021-08-06&sp=r&se=2024-09-02T09%3A59%3A00Z&sig=c2lnbmF0dXJlMDEyMzQ1Njc4OQ%3D%3D",
            true,
        ),
        (
            "sv=2021-08-06&sp=r&se=2024-09-02&sig=c2lnbmF0dXJlMDEyMzQ1Njc4OQ%3D%3D",
            true,
        ),
        (
            "sv=2021-08-06&sp=r&se=2024-09-02T10:01:00Z&sig=c2lnbmF0dXJlMDEyMzQ1Njc4OQ%3D%3D",
            false,
        ),
        // An `se` without a signature beside it is no SAS.
        ("se=2024-09-01", false),
        // Times no calendar shows are no expiry (and their sum must not overflow).
        (
            "X-Amz-Date=20240902T095400Z&X-Amz-Expires=9223372036854775807&X-Amz-Signature=0a1b2c3d4e5f6a7b8c9d",
            false,
        ),
        (
            "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=-9223372036854775808&Signature=c2lnbmF0dXJlMDEyMzQ1Njc4OQ%3D%3D",
            false,
        ),
    ];
    for &(query, expired) in cases {
        let e = Event {
            url: format!("https://files.example.com/reports/q3.pdf?{query}"),
            method: "GET".into(),
            status_code: 403,
            resource_type: Some("main_frame".into()),
            response_headers: vec![Header::new("Date", &http_date(NOW))],
            request_headers: Some(Vec::new()),
            ..Event::default()
        };
        let d = diagnose(&e).unwrap();
        assert_eq!(
            d.cause.id == CauseId::TokenExpired,
            expired,
            "{query}: {d:?}"
        );
        let json = serde_json::to_string(&d).unwrap();
        assert!(
            !json.contains("c2lnbmF0dXJl") && !json.contains("0a1b2c3d"),
            "{json}"
        );
    }
}

#[test]
fn words_and_headers_other_servers_also_send_keep_their_own_cause() {
    fn with(name: &str, change: impl Fn(&mut Event)) -> CauseId {
        let mut e = fixtures::load(name);
        change(&mut e);
        diagnose(&e).unwrap().cause.id
    }
    // A page saying a password reset request has expired is no expired token.
    let reset = with("aws-s3-presigned-url-expired", |e| {
        e.url = "https://www.example.org/account/reset".into();
        e.status_code = 400;
        e.body_text = Some("<p>Your password reset request has expired.</p>".into());
    });
    assert_ne!(reset, CauseId::TokenExpired);
    // A leftover Django session cookie reaching a gateway that wants an API key.
    let kong = with("kong-key-auth-no-key", |e| {
        e.request_headers
            .get_or_insert_with(Vec::new)
            .push(Header::new("Cookie", "sessionid=k3v9q2x7w1m5n8b4c6z0"));
    });
    assert_eq!(kong, CauseId::CredentialsMissing);
    // GitHub names X-GitHub-OTP on answers that ask for nothing.
    let github = |status| {
        with("github-otp-required", move |e| {
            e.status_code = status;
            e.body_text = None;
        })
    };
    assert_eq!(github(401), CauseId::SecondFactorRequired);
    assert_ne!(github(403), CauseId::SecondFactorRequired);
}

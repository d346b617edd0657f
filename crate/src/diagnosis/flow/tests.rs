//! `diagnose_flow` on any input: it never panics, names only hops that exist, and the work its
//! trail and its cookie and loop rules do grows with the trail, not with its square. Work is
//! counted where it could multiply ([`take_work`]: cookies compared with requests, hops looked
//! at when a rule follows one through the rest of the trail, sign-in starts), so the checks are
//! exact on any machine.

use super::diagnose_flow;
use super::trail::{Trail, take_work};
use crate::event::{Event, Header};
use crate::flow::{Flow, Hop, StoredCookie};

/// A hop from its parts; headers as `name: value` lines.
fn hop(url: &str, status: u16, kind: &str, request: &[&str], response: &[&str]) -> Hop {
    let headers = |lines: &[&str]| -> Vec<Header> {
        lines
            .iter()
            .map(|l| {
                let (n, v) = l.split_once(": ").unwrap_or((l, ""));
                Header::new(n, v)
            })
            .collect()
    };
    let response_headers = headers(response);
    let redirect_url = (300..400)
        .contains(&status)
        .then(|| {
            response_headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case("location"))
                .and_then(|h| h.value.clone())
        })
        .flatten();
    Hop {
        event: Event {
            url: url.into(),
            method: "GET".into(),
            status_code: status,
            resource_type: Some(kind.into()),
            request_headers: Some(headers(request)),
            response_headers,
            ..Event::default()
        },
        redirect_url,
        ..Hop::default()
    }
}

/// Judges `flow` and returns the work it took; the diagnosis must name only real hops.
fn work_of(flow: &Flow) -> usize {
    take_work();
    let d = diagnose_flow(flow).expect("a valid flow");
    for f in &d.failures {
        assert!(f.hops.iter().all(|&h| h < flow.hops.len()));
    }
    take_work()
}

/// Hostile trails, each as long as `n` hops: the shapes that would make a rule rescan the rest
/// of the trail for every hop, or compare every cookie with every request.
fn hostile(n: usize) -> Vec<(&'static str, Flow)> {
    let flow = |hops: Vec<Hop>| Flow {
        hops,
        third_party_cookies_blocked: None,
    };
    let mut shapes = Vec::new();
    // Every hop sets another refused sign-in cookie, then the site is visited on and on.
    shapes.push((
        "refused cookies",
        flow(
            (0..n)
                .map(|i| {
                    let set = format!("set-cookie: sid{i}=v{i}; SameSite=None");
                    hop(
                        &format!("https://app.example/page{i}"),
                        200,
                        "main_frame",
                        &[],
                        &[set.as_str()],
                    )
                })
                .collect(),
        ),
    ));
    // Hundreds of cookies kept, then thousands of requests that go without all of them.
    let mut hops: Vec<Hop> = (0..300)
        .map(|i| {
            let set = format!("set-cookie: c{i}=v{i}; Path=/");
            hop(
                "https://app.example/",
                200,
                "main_frame",
                &[],
                &[set.as_str()],
            )
        })
        .collect();
    hops.extend((0..n).map(|i| {
        hop(
            &format!("https://app.example/p{i}"),
            200,
            "xmlhttprequest",
            &["cookie: other=1"],
            &[],
        )
    }));
    shapes.push(("cookies and requests", flow(hops)));
    // Sign-in starts at thousands of different places, and at one place with a password typed
    // in between every time.
    shapes.push((
        "sign-in starts",
        flow(
            (0..n)
                .map(|i| {
                    let (url, kind) = if i % 2 == 0 {
                        (format!("https://idp{i}.example/login"), "main_frame")
                    } else {
                        ("https://app.example/login".to_owned(), "main_frame")
                    };
                    let mut h = hop(&url, 200, kind, &[], &[]);
                    if i % 3 == 0 {
                        h.event.method = "POST".into();
                        h.form_data = Some(vec![("password".into(), vec!["x".into()])]);
                    }
                    h
                })
                .collect(),
        ),
    ));
    // Thousands of hidden frames asking silently and told login_required.
    shapes.push((
        "silent frames",
        flow(
            (0..n)
                .map(|i| {
                    let location = format!(
                        "location: https://app.example/cb?error=login_required&state=s{i}"
                    );
                    let mut h = hop(
                        &format!("https://idp.example/authorize?client_id=a&response_type=code&prompt=none&state=s{i}"),
                        302,
                        "sub_frame",
                        &[],
                        &[location.as_str()],
                    );
                    h.frame_id = Some(3);
                    h.stored_cookies = Some(vec![StoredCookie {
                        name: "idp".into(),
                        same_site: Some("no_restriction".into()),
                    }]);
                    h
                })
                .collect(),
        ),
    ));
    // An authorization request answered with the provider's page, again and again: each
    // looks ahead for where its sign-in stopped.
    shapes.push((
        "provider pages",
        flow(
            (0..n)
                .map(|i| {
                    hop(
                        &format!("https://idp.example/authorize?client_id=a&response_type=code&state=s{i}"),
                        200,
                        "main_frame",
                        &[],
                        &[],
                    )
                })
                .collect(),
        ),
    ));
    // Thousands of SAML errors, none recovered from: each asks whether a later response was.
    let failed = crate::saml::tests::base64(
        br#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"/></samlp:Status></samlp:Response>"#,
    );
    shapes.push((
        "saml errors",
        flow(
            (0..n)
                .map(|_| {
                    let mut h = hop("https://sp.example/acs", 500, "main_frame", &[], &[]);
                    h.event.method = "POST".into();
                    h.form_data = Some(vec![("SAMLResponse".into(), vec![failed.clone()])]);
                    h
                })
                .collect(),
        ),
    ));
    // Thousands of script requests with a session cookie sent to the sign-in page.
    shapes.push((
        "scripts sent to sign in",
        flow(
            (0..n)
                .map(|i| {
                    hop(
                        &format!("https://app.example/api/{i}"),
                        302,
                        "xmlhttprequest",
                        &["cookie: sessionid=abcdefgh12345678"],
                        &["location: /accounts/login/"],
                    )
                })
                .collect(),
        ),
    ));
    shapes
}

/// Work per hop stays bounded whatever the length: at most a constant per hop (the jar's
/// [`MAX_COOKIES`](super::trail) comparisons dominate) and doubling the trail at most doubles
/// the work.
#[test]
fn hostile_trails_cost_linear_work() {
    let small = hostile(1000);
    let large = hostile(2000);
    for ((what, a), (_, b)) in small.iter().zip(&large) {
        let (wa, wb) = (work_of(a), work_of(b));
        let per_hop = wb / b.hops.len();
        assert!(per_hop <= 300, "{what}: {per_hop} looks per hop");
        assert!(
            wb <= 2 * wa + 2 * 300 * 300,
            "{what}: {wa} looks for {} hops, {wb} for {}",
            a.hops.len(),
            b.hops.len()
        );
    }
}

/// A response setting thousands of cookies costs what one setting the most a browser keeps
/// costs: the cookies judged in one response are bounded.
#[test]
fn a_storm_of_cookies_in_one_response_costs_a_bounded_amount() {
    let storm = |cookies: usize| {
        let lines: Vec<String> = (0..cookies)
            .map(|i| format!("set-cookie: sess{i}=v; Path=/; SameSite=None"))
            .collect();
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let mut hops = vec![hop("https://app.example/", 200, "main_frame", &[], &lines)];
        hops.push(hop(
            "https://app.example/next",
            200,
            "main_frame",
            &["cookie: a=b"],
            &lines,
        ));
        Flow {
            hops,
            third_party_cookies_blocked: None,
        }
    };
    let (some, many) = (work_of(&storm(300)), work_of(&storm(5000)));
    assert_eq!(some, many, "{some} looks for 300 cookies, {many} for 5000");
}

/// A long, realistic trail: thousands of hops and hundreds of cookies judged in one go.
#[test]
fn a_long_trail_of_sign_ins_stays_cheap() {
    let mut hops = Vec::new();
    for round in 0..1500 {
        let set = format!(
            "set-cookie: app{}=v{round}; Path=/; Secure; SameSite=Lax",
            round % 200
        );
        hops.push(hop(
            "https://app.example/",
            302,
            "main_frame",
            &["cookie: app0=v0"],
            &["location: https://idp.example/authorize?client_id=app&response_type=code&state=s"],
        ));
        hops.push(hop(
            "https://idp.example/authorize?client_id=app&response_type=code&state=s",
            302,
            "main_frame",
            &[],
            &["location: https://app.example/cb?code=c0d3c0d3c0d3&state=s"],
        ));
        hops.push(hop(
            "https://app.example/cb?code=c0d3c0d3c0d3&state=s",
            302,
            "main_frame",
            &[],
            &["location: /", set.as_str()],
        ));
    }
    let flow = Flow {
        hops,
        third_party_cookies_blocked: None,
    };
    let work = work_of(&flow);
    assert!(
        work <= 300 * flow.hops.len(),
        "{work} looks for {} hops",
        flow.hops.len()
    );
    let d = diagnose_flow(&flow).unwrap();
    assert_eq!(d.timeline.len(), flow.hops.len());
    assert_eq!(
        d.failures.first().map(|f| f.cause),
        Some(super::CauseId::LoginLoop)
    );
}

/// A trail that repeats itself repeats its secrets: they are scrubbed once each.
#[test]
fn secrets_are_kept_once_each() {
    let one = hop(
        "https://app.example/cb?code=c0d3c0d3c0d3c0d3&state=st4t3st4t3",
        200,
        "main_frame",
        &["cookie: sid=s3ss10ns3ss10n"],
        &[],
    );
    let flow = Flow {
        hops: vec![one; 3000],
        third_party_cookies_blocked: None,
    };
    let trail = Trail::new(&flow);
    let secrets = trail.secrets();
    assert!(secrets.len() < 20, "{} secrets", secrets.len());
    for s in ["c0d3c0d3c0d3c0d3", "st4t3st4t3", "s3ss10ns3ss10n"] {
        assert!(secrets.contains(&s), "{s} not scrubbed");
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn url() -> impl Strategy<Value = String> {
        let host = prop::sample::select(vec![
            "app.example",
            "www.app.example",
            "idp.example.net",
            "sso.example.co.uk",
            "localhost:3000",
            "127.0.0.1",
            "[::1]:8080",
            "x",
        ]);
        let path = prop::sample::select(vec![
            "/",
            "",
            "/login",
            "/logout",
            "/wp-login.php",
            "/oauth2/authorize?client_id=c&response_type=code&prompt=none&state=s&redirect_uri=https%3A%2F%2Fapp.example%2Fcb",
            "/cb?code=abcdefgh1234&state=s",
            "/cb#error=login_required&state=s",
            "/cb?error=access_denied&error_description=%ZZ",
            "/api/me",
            "/a/b/c?x=%E2%82%AC&&=&y",
        ]);
        prop_oneof![
            9 => (prop::sample::select(vec!["https", "http", "HTTPS", "wss"]), host, path)
                .prop_map(|(s, h, p)| format!("{s}://{h}{p}")),
            1 => "[ -~]{0,30}",
        ]
    }

    /// `Set-Cookie` lines built from the pieces browsers argue about, and junk.
    fn set_cookie() -> impl Strategy<Value = String> {
        let name = prop::sample::select(vec![
            "sid",
            "__Host-sid",
            "__secure-sid",
            "",
            "=__Host-x",
            "_ga",
            "sessionid",
            "KEYCLOAK_IDENTITY",
        ]);
        let value = prop_oneof![
            "[a-zA-Z0-9]{0,12}",
            Just("x".repeat(4100)),
            Just("deleted".into())
        ];
        let attribute = prop::sample::select(vec![
            "Secure",
            "HttpOnly",
            "Partitioned",
            "SameSite=None",
            "SameSite=Lax",
            "SameSite=Strict",
            "SameSite=bogus",
            "Domain=app.example",
            "Domain=.example",
            "Domain=co.uk",
            "Domain=127.0.0.1",
            "Domain=.",
            "Domain=",
            "Path=/",
            "Path=/cb",
            "Path=relative",
            "Max-Age=0",
            "Max-Age=-1",
            "Max-Age=99999999999999999999999",
            "Max-Age=1x",
            "Expires=Thu, 01 Jan 1970 00:00:00 GMT",
            "Expires=Wed, 21 Oct 2015 07:28:00 GMT",
            "Expires=Fri, 31 Dec 9999 23:59:59 GMT",
            "Expires=junk",
            "\u{1}",
            "é€😀",
        ]);
        (name, value, prop::collection::vec(attribute, 0..6)).prop_map(|(n, v, a)| {
            let mut line = if n.starts_with('=') {
                n.trim_start_matches('=').to_owned()
            } else {
                format!("{n}={v}")
            };
            for attr in a {
                line.push_str("; ");
                line.push_str(attr);
            }
            line
        })
    }

    fn one_hop() -> impl Strategy<Value = Hop> {
        (
            url(),
            prop::sample::select(vec![200u16, 302, 303, 307, 401, 403, 500, 0, 1000]),
            prop::sample::select(vec![
                "main_frame",
                "sub_frame",
                "xmlhttprequest",
                "image",
                "",
            ]),
            prop::option::of(prop::collection::vec(
                prop::sample::select(vec!["sid", "_ga", "sessionid", "idp", "__Host-sid"]),
                0..4,
            )),
            prop::collection::vec(set_cookie(), 0..4),
            prop::option::of(url()),
            (
                prop::option::of(-2i64..4),
                prop::option::of(prop::sample::select(vec![
                    "net::ERR_TOO_MANY_REDIRECTS",
                    "NS_ERROR_REDIRECT_LOOP",
                    "net::ERR_ABORTED",
                ])),
                prop::option::of(prop::sample::select(vec![
                    0.0f64,
                    1.7e12,
                    -1.0,
                    f64::NAN,
                    f64::INFINITY,
                ])),
                prop::option::of(prop::sample::select(vec![
                    "Mon, 26 Feb 2024 10:00:00 GMT",
                    "garbage",
                ])),
                any::<bool>(),
                any::<bool>(),
            ),
        )
            .prop_map(
                |(
                    url,
                    status,
                    kind,
                    sent,
                    set,
                    redirect,
                    (frame, error, time, date, post, stored),
                )| {
                    let mut response: Vec<Header> =
                        set.iter().map(|l| Header::new("Set-Cookie", l)).collect();
                    response.extend(date.map(|d| Header::new("Date", d)));
                    response.extend(redirect.as_deref().map(|r| Header::new("Location", r)));
                    let cookie = sent.map(|names| {
                        vec![Header::new(
                            "Cookie",
                            &names
                                .iter()
                                .map(|n| format!("{n}=v4lu3v4lu3"))
                                .collect::<Vec<_>>()
                                .join("; "),
                        )]
                    });
                    Hop {
                        event: Event {
                            url,
                            method: if post { "POST" } else { "GET" }.into(),
                            status_code: status,
                            resource_type: (!kind.is_empty()).then(|| kind.into()),
                            time_stamp: time,
                            request_headers: cookie,
                            response_headers: response,
                            ..Event::default()
                        },
                        redirect_url: redirect,
                        form_data: post.then(|| {
                            vec![
                                ("password".into(), vec!["hunter2hunter2".into()]),
                                ("SAMLResponse".into(), vec!["PHg+".into()]),
                            ]
                        }),
                        frame_id: frame,
                        parent_frame_id: frame.map(|_| 0),
                        error: error.map(Into::into),
                        stored_cookies: stored.then(|| {
                            vec![StoredCookie {
                                name: "idp".into(),
                                same_site: Some("no_restriction".into()),
                            }]
                        }),
                    }
                },
            )
    }

    proptest! {
        #[test]
        fn any_trail_is_judged_without_panic_in_linear_work(
            hops in prop::collection::vec(one_hop(), 0..40),
            blocked in prop::option::of(any::<bool>()),
        ) {
            let flow = Flow { hops, third_party_cookies_blocked: blocked };
            take_work();
            if let Ok(d) = diagnose_flow(&flow) {
                prop_assert_eq!(d.timeline.len(), flow.hops.len());
                for f in &d.failures {
                    prop_assert!(f.hops.iter().all(|&h| h < flow.hops.len()));
                    prop_assert!(f.confidence > 0.0 && f.confidence <= 1.0);
                }
                let cookies: usize = flow.hops.iter().map(|h| h.event.response_headers.len()).sum();
                let work = take_work();
                prop_assert!(
                    work <= 300 * (flow.hops.len() + cookies) + 300,
                    "{} looks for {} hops", work, flow.hops.len()
                );
            }
        }
    }
}

/// The cookies a trail's hop `i` set, with what the trail concluded: name, refusal.
fn judged_cookies(flow: &Flow, i: usize) -> Vec<(String, Option<crate::diagnosis::CookieReason>)> {
    Trail::new(flow).hops[i]
        .set_cookies
        .iter()
        .map(|c| (c.cookie.name.to_owned(), c.refused))
        .collect()
}

#[test]
fn a_refusal_only_chromium_makes_counts_when_the_next_request_goes_without_the_cookie() {
    use crate::diagnosis::CookieReason::PrefixViolation;
    // `__Host-` without `Path=/`: Chromium refuses it, Firefox keeps it (default path `/`).
    let set = hop(
        "https://app.example/login",
        302,
        "main_frame",
        &[],
        &["location: /", "set-cookie: __Host-sid=1; Secure"],
    );
    let next = |cookie: &str| hop("https://app.example/", 200, "main_frame", &[cookie], &[]);
    let chromium = Flow {
        hops: vec![set.clone(), next("cookie: other=1")],
        third_party_cookies_blocked: None,
    };
    let firefox = Flow {
        hops: vec![set.clone(), next("cookie: __Host-sid=1")],
        third_party_cookies_blocked: None,
    };
    let unknown = Flow {
        hops: vec![set],
        third_party_cookies_blocked: None,
    };
    assert_eq!(
        judged_cookies(&chromium, 0),
        [("__Host-sid".to_owned(), Some(PrefixViolation))]
    );
    assert_eq!(
        judged_cookies(&firefox, 0),
        [("__Host-sid".to_owned(), None)]
    );
    assert_eq!(
        judged_cookies(&unknown, 0),
        [("__Host-sid".to_owned(), None)]
    );
    assert!(Trail::new(&chromium).withheld.is_empty());
    assert!(Trail::new(&firefox).withheld.is_empty());
}

#[test]
fn a_cookie_set_in_another_sites_frame_is_expected_only_under_the_same_top_level_site() {
    let mut widget = hop(
        "https://chat.example.net/widget",
        200,
        "sub_frame",
        &[],
        &["set-cookie: chat=1; Secure; SameSite=None; Partitioned"],
    );
    widget.event.initiator = Some("https://shop.example".into());
    let shop = hop("https://shop.example/", 200, "main_frame", &[], &[]);
    let elsewhere = hop("https://chat.example.net/", 200, "main_frame", &[], &[]);
    let mut framed_again = widget.clone();
    framed_again.event.response_headers.clear();
    // Visiting the widget's own site at the top level: the partitioned cookie is not there.
    let top = Flow {
        hops: vec![shop.clone(), widget.clone(), elsewhere],
        third_party_cookies_blocked: None,
    };
    assert!(Trail::new(&top).withheld.is_empty());
    // Framed again under the shop, without it: that is a cookie kept back.
    let framed = Flow {
        hops: vec![shop, widget, framed_again],
        third_party_cookies_blocked: None,
    };
    let withheld: Vec<(&str, usize)> = Trail::new(&framed)
        .withheld
        .iter()
        .map(|w| (w.name, w.at))
        .collect();
    assert_eq!(withheld, [("chat", 2)]);
}

#[test]
fn chromiums_two_minutes_for_a_cross_site_post_without_samesite() {
    use crate::diagnosis::CookieReason::SameSiteCrossSite;
    let reason_after = |seconds: f64| {
        let mut set = hop(
            "https://app.example/start",
            302,
            "main_frame",
            &[],
            &[
                "location: https://idp.example/authorize?client_id=a&response_type=code&response_mode=form_post",
                "set-cookie: nonce=1; Path=/; Secure",
            ],
        );
        set.event.time_stamp = Some(1_700_000_000_000.0);
        let mut post = hop(
            "https://app.example/cb",
            302,
            "main_frame",
            &[],
            &["location: /"],
        );
        post.event.method = "POST".into();
        post.event.initiator = Some("https://idp.example".into());
        post.event.time_stamp = Some(1_700_000_000_000.0 + seconds * 1000.0);
        let flow = Flow {
            hops: vec![set, post],
            third_party_cookies_blocked: None,
        };
        let trail = Trail::new(&flow);
        trail
            .withheld
            .first()
            .map(|w| (w.name.to_owned(), w.reason))
    };
    // Missing within two minutes: Chromium would have sent it; the trail cannot say why.
    assert_eq!(reason_after(60.0), Some(("nonce".to_owned(), None)));
    assert_eq!(
        reason_after(180.0),
        Some(("nonce".to_owned(), Some(SameSiteCrossSite)))
    );
}

#[test]
fn a_sign_in_cookie_dated_in_the_past_where_the_sign_in_completes_arrived_dead() {
    use crate::diagnosis::CookieReason::ExpiredOnArrival;
    let mut login = hop(
        "https://app.example/login",
        302,
        "main_frame",
        &[],
        &[
            "date: Thu, 22 Feb 2018 16:40:09 GMT",
            "location: /",
            "set-cookie: app.sid=s1; Path=/; Expires=Thu, 01 Jan 1970 01:00:00 GMT",
            "set-cookie: stale=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
        ],
    );
    login.event.method = "POST".into();
    login.form_data = Some(vec![("password".into(), vec!["x".into()])]);
    let flow = Flow {
        hops: vec![login.clone()],
        third_party_cookies_blocked: None,
    };
    assert_eq!(
        judged_cookies(&flow, 0),
        [
            ("app.sid".to_owned(), Some(ExpiredOnArrival)),
            ("stale".to_owned(), None)
        ]
    );
    // The same lines at a sign-out are deletions.
    login.event.url = "https://app.example/logout".into();
    login.form_data = None;
    let flow = Flow {
        hops: vec![login],
        third_party_cookies_blocked: None,
    };
    assert_eq!(
        judged_cookies(&flow, 0),
        [("app.sid".to_owned(), None), ("stale".to_owned(), None)]
    );
}

#[test]
fn a_posted_answers_error_description_is_the_providers_words_and_its_state_a_secret() {
    let start = hop(
        "https://app.example/login",
        302,
        "main_frame",
        &[],
        &[
            "Location: https://idp.example/authorize?client_id=app&response_type=code&response_mode=form_post&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&state=s7a7e5ecre7",
        ],
    );
    let mut callback = hop(
        "https://app.example/cb",
        302,
        "main_frame",
        &[],
        &["Location: /login?error=1"],
    );
    callback.event.method = "POST".into();
    callback.event.initiator = Some("https://idp.example".into());
    callback.form_data = Some(vec![
        ("error".into(), vec!["access_denied".into()]),
        (
            "error_description".into(),
            vec!["The user declined to share the account".into()],
        ),
        ("state".into(), vec!["s7a7e5ecre7".into()]),
    ]);
    let flow = Flow {
        hops: vec![start, callback],
        ..Flow::default()
    };
    let d = diagnose_flow(&flow).unwrap();
    let json = serde_json::to_string(&d).unwrap();
    assert!(
        json.contains("The user declined to share the account"),
        "{json}"
    );
    assert!(!json.contains("s7a7e5ecre7"), "{json}");
}

/// Entra names the signed-in user in its error description ("The signed in user
/// 'jo@contoso.com' is not assigned…"): the words are shown, the address is not.
#[test]
fn an_address_in_an_error_description_is_personal_data() {
    let start = hop(
        "https://app.example/login",
        302,
        "main_frame",
        &[],
        &[
            "Location: https://idp.example/authorize?client_id=app&response_type=code&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&state=st",
        ],
    );
    let back = hop(
        "https://app.example/cb?error=access_denied&error_description=AADSTS50105%3A+The+signed+in+user+%27jo.doe%40contoso.com%27+is+not+assigned+to+a+role&state=st",
        200,
        "main_frame",
        &[],
        &[],
    );
    let flow = Flow {
        hops: vec![start, back],
        ..Flow::default()
    };
    let json = serde_json::to_string(&diagnose_flow(&flow).unwrap()).unwrap();
    assert!(json.contains("is not assigned"), "{json}");
    assert!(!json.contains("jo.doe"), "{json}");
}

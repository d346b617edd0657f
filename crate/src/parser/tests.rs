//! Parser tests. Expected challenges are written compactly: `Scheme` alone, `Scheme(token68)`,
//! or `Scheme{name:"value", ...}` (values in Rust debug form), challenges joined by `, `.
//! An expected `err(N)` is a strict error at byte offset N.

use super::*;

fn render(challenges: &[Challenge]) -> String {
    let one = |c: &Challenge| {
        let mut s = c.scheme.clone();
        if let Some(t) = &c.token68 {
            s += &format!("({t})");
        }
        if !c.params.is_empty() {
            let params: Vec<String> = c
                .params
                .iter()
                .map(|p| format!("{}:{:?}", p.name, p.value))
                .collect();
            s += &format!("{{{}}}", params.join(", "));
        }
        s
    };
    challenges.iter().map(one).collect::<Vec<_>>().join(", ")
}

fn strict(input: &str) -> Result<String, usize> {
    parse_challenges(input)
        .map(|c| render(&c))
        .map_err(|e| e.offset)
}

enum Expected {
    Challenges(&'static str),
    Error(usize),
}

impl From<&'static str> for Expected {
    fn from(rendered: &'static str) -> Self {
        Expected::Challenges(rendered)
    }
}

fn err(offset: usize) -> Expected {
    Expected::Error(offset)
}

/// A strict case; a valid input must also give the same challenges in lenient mode, with no
/// grammar finding.
fn check_strict(input: &str, expected: Expected) {
    match expected {
        Expected::Error(offset) => assert_eq!(strict(input), Err(offset), "input {input:?}"),
        Expected::Challenges(rendered) => {
            assert_eq!(strict(input), Ok(rendered.to_string()), "input {input:?}");
            let (challenges, findings) = parse_challenges_lenient(&[input]);
            assert_eq!(render(&challenges), rendered, "lenient {input:?}");
            assert!(
                findings.iter().all(|f| !f.id.is_syntax()),
                "lenient {input:?}: {findings:?}"
            );
        }
    }
}

macro_rules! strict {
    ($($name:ident: $input:expr => $expected:expr;)*) => {$(
        #[test]
        fn $name() {
            check_strict($input, $expected.into());
        }
    )*};
}

// Julian Reschke's browser test cases, http://test.greenbytes.de/tech/tc/httpauth/ (the
// names are his). Where browsers are lenient, the strict result is the RFC 9110 one.
strict! {
    simplebasic: r#"Basic realm="foo""# => r#"Basic{realm:"foo"}"#;
    simplebasiclf: "Basic\r\n realm=\"foo\"" => r#"Basic{realm:"foo"}"#;
    simplebasicucase: r#"BASIC REALM="foo""# => r#"BASIC{realm:"foo"}"#;
    simplebasictok: "Basic realm=foo" => r#"Basic{realm:"foo"}"#;
    simplebasictokbs: r"Basic realm=\f\o\o" => err(12);
    simplebasicsq: "Basic realm='foo'" => r#"Basic{realm:"'foo'"}"#;
    simplebasicpct: r#"Basic realm="foo%20bar""# => r#"Basic{realm:"foo%20bar"}"#;
    simplebasiccomma: r#"Basic , realm="foo""# => r#"Basic{realm:"foo"}"#;
    simplebasiccomma2: r#"Basic, realm="foo""# => err(12);
    simplebasicnorealm: "Basic" => "Basic";
    simplebasic2realms: r#"Basic realm="foo", realm="bar""# => err(19);
    simplebasicwsrealm: r#"Basic realm = "foo""# => r#"Basic{realm:"foo"}"#;
    simplebasicrealmsqc: r#"Basic realm="\f\o\o""# => r#"Basic{realm:"foo"}"#;
    simplebasicrealmsqc2: r#"Basic realm="\"foo\"""# => r#"Basic{realm:"\"foo\""}"#;
    simplebasicnewparam1: r#"Basic realm="foo", bar="xyz",, a=b,,,c=d"# => r#"Basic{realm:"foo", bar:"xyz", a:"b", c:"d"}"#;
    simplebasicnewparam2: r#"Basic bar="xyz", realm="foo""# => r#"Basic{bar:"xyz", realm:"foo"}"#;
    simplebasicrealmiso88591: "Basic realm=\"foo-\u{e4}\"" => "Basic{realm:\"foo-\u{e4}\"}";
    simplebasicrealmutf8: "Basic realm=\"foo-\u{c3}\u{a4}\"" => "Basic{realm:\"foo-\u{c3}\u{a4}\"}";
    simplebasicrealmrfc2047: r#"Basic realm="=?ISO-8859-1?Q?foo-=E4?=""# => r#"Basic{realm:"=?ISO-8859-1?Q?foo-=E4?="}"#;
    multibasicunknown: r#"Basic realm="basic", Newauth realm="newauth""# => r#"Basic{realm:"basic"}, Newauth{realm:"newauth"}"#;
    multibasicunknownnoparam: r#"Basic realm="basic", Newauth"# => r#"Basic{realm:"basic"}, Newauth"#;
    multibasicunknown2: r#"Newauth realm="newauth", Basic realm="basic""# => r#"Newauth{realm:"newauth"}, Basic{realm:"basic"}"#;
    multibasicunknown2np: r#"Newauth, Basic realm="basic""# => r#"Newauth, Basic{realm:"basic"}"#;
    multibasicempty: r#",Basic realm="basic""# => r#"Basic{realm:"basic"}"#;
    multibasicqs: r#"Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple""# =>
        r#"Newauth{realm:"apps", type:"1", title:"Login to \"apps\""}, Basic{realm:"simple"}"#;
    multidisgscheme: r#"Newauth realm="Newauth Realm", basic=foo, Basic realm="Basic Realm""# =>
        r#"Newauth{realm:"Newauth Realm", basic:"foo"}, Basic{realm:"Basic Realm"}"#;
    unknown: r#"Newauth param="value""# => r#"Newauth{param:"value"}"#;
    parametersnotrequired: "A, B" => "A, B";
    disguisedrealm: r#"Basic foo="realm=nottherealm", realm="basic""# => r#"Basic{foo:"realm=nottherealm", realm:"basic"}"#;
    disguisedrealm2: r#"Basic nottherealm="nottherealm", realm="basic""# => r#"Basic{nottherealm:"nottherealm", realm:"basic"}"#;
    missingquote: r#"Basic realm="basic"# => err(18);
}

/// A case strict mode rejects at byte `$at`, and the recovering mode reads as `$rendered`,
/// reporting at least one grammar finding.
macro_rules! recovered {
    ($($name:ident: $input:expr => err($at:expr), $rendered:expr;)*) => {$(
        #[test]
        fn $name() {
            assert_eq!(strict($input), Err($at), "input {:?}", $input);
            let (challenges, findings) = parse_challenges_lenient(&[$input]);
            assert_eq!(render(&challenges), $rendered, "lenient {:?}", $input);
            assert!(findings.iter().any(|f| f.id.is_syntax()), "lenient {:?}: {findings:?}", $input);
        }
    )*};
}

// The invalid greenbytes cases, read the way Firefox's test_authentication.js (which runs
// them all) expects, except where the module docs say why not.
recovered! {
    simplebasictokbs_recovered: r"Basic realm=\f\o\o" => err(12), r#"Basic{realm:"\\f\\o\\o"}"#;
    simplebasiccomma2_recovered: r#"Basic, realm="foo""# => err(12), r#"Basic{realm:"foo"}"#;
    simplebasic2realms_recovered: r#"Basic realm="foo", realm="bar""# => err(19), r#"Basic{realm:"foo", realm:"bar"}"#;
    missingquote_recovered: r#"Basic realm="basic"# => err(18), r#"Basic{realm:"basic"}"#;
}

// Chromium: net/http/http_auth_challenge_tokenizer_unittest.cc (tokenizer), and the
// challenges of http_auth_handler_basic_unittest.cc and http_auth_handler_digest_unittest.cc.
strict! {
    chromium_tokenizer_basic: r#"Basic realm="foobar""# => r#"Basic{realm:"foobar"}"#;
    chromium_tokenizer_multiple: r#"Digest algorithm=md5, realm="Oblivion", qop=auth-int"# => r#"Digest{algorithm:"md5", realm:"Oblivion", qop:"auth-int"}"#;
    chromium_tokenizer_no_property: "NTLM" => "NTLM";
    chromium_tokenizer_base64: "NTLM  SGVsbG8sIFdvcmxkCg===" => "NTLM(SGVsbG8sIFdvcmxkCg===)";
    chromium_tokenizer_no_value: "Digest qop=" => "Digest(qop=)";
    chromium_basic_empty_realm: r#"Basic realm="""# => r#"Basic{realm:""}"#;
    chromium_basic_unknown_after: r#"Basic realm="test_realm",unknown_token=foobar"# => r#"Basic{realm:"test_realm", unknown_token:"foobar"}"#;
    chromium_basic_unknown_before: r#"Basic unknown_token=foobar,realm="test_realm""# => r#"Basic{unknown_token:"foobar", realm:"test_realm"}"#;
    chromium_digest_minimal: r#"Digest nonce="xyz", realm="Thunder Bluff""# => r#"Digest{nonce:"xyz", realm:"Thunder Bluff"}"#;
    chromium_digest_token_realm: r#"Digest nonce="xyz", realm=ThunderBluff"# => r#"Digest{nonce:"xyz", realm:"ThunderBluff"}"#;
    chromium_digest_token_nonce: r#"Digest nonce=xyz, realm="Thunder Bluff""# => r#"Digest{nonce:"xyz", realm:"Thunder Bluff"}"#;
    chromium_digest_unknown_algorithm: r#"Digest nonce="xyz", algorithm="awezum", realm="Thunder""# => r#"Digest{nonce:"xyz", algorithm:"awezum", realm:"Thunder"}"#;
    chromium_digest_qop_list: r#"Digest nonce="xyz", realm="Oblivion", qop="auth,auth-int""# => r#"Digest{nonce:"xyz", realm:"Oblivion", qop:"auth,auth-int"}"#;
    chromium_digest_domains: r#"Digest nonce="xyz", realm="Thunder Bluff", domain="http://intranet.example.com/protection http://www.google.com""# =>
        r#"Digest{nonce:"xyz", realm:"Thunder Bluff", domain:"http://intranet.example.com/protection http://www.google.com"}"#;
}

recovered! {
    chromium_tokenizer_no_quotes: "Basic realm=foobar@baz.com" => err(18), r#"Basic{realm:"foobar@baz.com"}"#;
    chromium_tokenizer_mismatched_quotes: r#"Basic realm="foobar@baz.com"# => err(27), r#"Basic{realm:"foobar@baz.com"}"#;
    chromium_tokenizer_mismatched_quotes_no_value: r#"Basic realm=""# => err(13), r#"Basic{realm:""}"#;
    chromium_tokenizer_mismatched_quotes_spaces: r#"Basic realm="foo bar"# => err(20), r#"Basic{realm:"foo bar"}"#;
    chromium_tokenizer_mismatched_quotes_multiple: r#"Digest qop=auth-int, algorithm=md5, realm="foo"# => err(46),
        r#"Digest{qop:"auth-int", algorithm:"md5", realm:"foo"}"#;
    chromium_basic_space_separated: r#"Basic realm="test_realm" unknown_token=foobar"# => err(25), r#"Basic{realm:"test_realm", unknown_token:"foobar"}"#;
    chromium_basic_space_separated_before: r#"Basic unknown_token=foobar realm="test_realm""# => err(27), r#"Basic{unknown_token:"foobar", realm:"test_realm"}"#;
    chromium_basic_two_realms: r#"Basic realm="foo",realm="bar""# => err(18), r#"Basic{realm:"foo", realm:"bar"}"#;
}

// Python's urllib (Lib/test/test_urllib2.py, test_basic_auth) and the Docker registry client
// (distribution's registry/client/auth/challenge/authchallenge_test.go).
strict! {
    python_other_scheme_first: r#"Otherscheme xxx, Basic realm="realm2@example.com""# => r#"Otherscheme(xxx), Basic{realm:"realm2@example.com"}"#;
    python_digest_then_basic: r#"Digest realm="realm2@example.com", qop="auth, auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41", Basic realm="realm2@example.com""# =>
        r#"Digest{realm:"realm2@example.com", qop:"auth, auth-int", nonce:"dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque:"5ccc069c403ebaf9f0171e9517f40e41"}, Basic{realm:"realm2@example.com"}"#;
    docker_bearer_escapes: r#"Bearer realm="https://auth.example.com/token",service="registry.example.com",other=fun,slashed="he\"\l\lo""# =>
        r#"Bearer{realm:"https://auth.example.com/token", service:"registry.example.com", other:"fun", slashed:"he\"llo"}"#;
}

recovered! {
    // Python strips single quotes; `'` is a tchar, and Firefox and Chromium keep them.
    python_single_quotes: "Basic realm='realm2@example.com'" => err(19), r#"Basic{realm:"'realm2@example.com'"}"#;
    python_unquoted_at: "Basic realm=realm2@example.com" => err(18), r#"Basic{realm:"realm2@example.com"}"#;
}

// httplib2 (tests/test_auth.py: test_parse_www_authenticate_correct and _malformed, and the
// cases it still marks FIXME, which the grammar derives).
strict! {
    httplib2_spaces_around_commas: r#"Test realm="test realm" , foo=foo ,bar="bar", baz=baz,qux=qux"# =>
        r#"Test{realm:"test realm", foo:"foo", bar:"bar", baz:"baz", qux:"qux"}"#;
    httplib2_tchar_names: r#"T*!%#st realm=to*!%#en, to*!%#en="quoted string""# => r#"T*!%#st{realm:"to*!%#en", to*!%#en:"quoted string"}"#;
    httplib2_quoted_pairs: r#"Test realm="a \"test\" realm""# => r#"Test{realm:"a \"test\" realm"}"#;
    httplib2_trailing_space: r#"Basic realm="me",other="fred" "# => r#"Basic{realm:"me", other:"fred"}"#;
    httplib2_name_case: r#"Basic REAlm="me" "# => r#"Basic{realm:"me"}"#;
    httplib2_padded_nonce: r#"Digest realm="myrealm", nonce="KBAA=3", algorithm=MD5, qop="auth", stale=true"# =>
        r#"Digest{realm:"myrealm", nonce:"KBAA=3", algorithm:"MD5", qop:"auth", stale:"true"}"#;
    httplib2_three_schemes: r#"Digest realm="com3d", Basic realm="com3b", WSSE realm="com3w", profile="token""# =>
        r#"Digest{realm:"com3d"}, Basic{realm:"com3b"}, WSSE{realm:"com3w", profile:"token"}"#;
    httplib2_syntax_figures: "Digest realm=\"brig\", qop \t=\t\"\tauth,auth-int\", nonce=\"(*)&^&$%#\",opaque=\"5ccc\", Basic REAlm=\"zoo\", WSSE realm=\"very\", profile=\"UsernameToken\"" =>
        r#"Digest{realm:"brig", qop:"\tauth,auth-int", nonce:"(*)&^&$%#", opaque:"5ccc"}, Basic{realm:"zoo"}, WSSE{realm:"very", profile:"UsernameToken"}"#;
}

recovered! {
    httplib2_missing_comma_between_schemes: r#"Digest realm="multi-d", nonce="8b11d0f6", opaque="cc069c" Basic realm="multi-b" "# => err(58),
        r#"Digest{realm:"multi-d", nonce:"8b11d0f6", opaque:"cc069c"}, Basic{realm:"multi-b"}"#;
    httplib2_malformed_quoted_words: r#"OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token.""# => err(6), "OAuth";
    // httplib2 reads `'single`; a browser reads the unquoted value to the comma.
    httplib2_single_quote: "Basic param='single quote'" => err(20), r#"Basic{param:"'single quote'"}"#;
    // RFC 9110 §11.3 allows only SP between the scheme and its data (httplib2 accepts HTAB).
    httplib2_tabs_after_scheme: "scheme  \t \t key=value, \t \t quoted=\"foo=bar\"" => err(12), r#"scheme{key:"value", quoted:"foo=bar"}"#;
}

// oauth4webapi (panva), test/www-authenticate.test.ts: the cases the grammar decides.
strict! {
    oauth4webapi_hyphen_digit_name: r#"Basic auth-param1="value""# => r#"Basic{auth-param1:"value"}"#;
    oauth4webapi_comma_and_equals_in_quotes: r#"Newauth realm="apps", title="Login to, apps=asd", type=1"# =>
        r#"Newauth{realm:"apps", title:"Login to, apps=asd", type:"1"}"#;
    oauth4webapi_uppercase_token_value: "BASIC REALM=realM" => r#"BASIC{realm:"realM"}"#;
}

recovered! {
    oauth4webapi_param_only: "invalid=true" => err(7), "";
    // Unescaped quotes end the string early: the rest is skipped, the next challenge kept.
    oauth4webapi_unescaped_quotes: r#"Newauth realm="apps", type=1, title="Login to "apps"", Basic realm="simple""# => err(47),
        r#"Newauth{realm:"apps", type:"1", title:"Login to "}, Basic{realm:"simple"}"#;
}

// KDE KIO's HTTP authentication tests (greenbytes-derived and their own).
strict! {
    kio_ntlm_trailing_spaces: "NTLM   " => "NTLM";
    kio_unterminated: r#"Basic realm=""# => err(13);
    kio_spacing_and_tabs: "bAsic bar\t =\t\"baz\", realm =\t\"foo\"" => r#"bAsic{bar:"baz", realm:"foo"}"#;
    kio_empty_fields: "Basic realm=foo , , ,  ,, bar=\"baz\"\t," => r#"Basic{realm:"foo", bar:"baz"}"#;
    kio_spacing: "Basic realm=foo, bar = baz" => r#"Basic{realm:"foo", bar:"baz"}"#;
    kio_missing_comma: "Basic realm=foo bar = baz" => err(16);
    kio_quote_excess: r#"Basic realm="\"\f\o\o\"""# => r#"Basic{realm:"\"foo\""}"#;
    kio_quoted_backslash: r#"Basic realm="\"foo\\\\""# => r#"Basic{realm:"\"foo\\\\"}"#;
    kio_quoted_backslash_and_quote: r#"Basic realm="\"foo\\\"""# => r#"Basic{realm:"\"foo\\\""}"#;
    kio_invalid_quoted: r#"Basic realm="\"foo\\\""# => err(22);
    kio_invalid_quote: r#"Basic realm="\"foo\\\"# => err(21);
    kio_all_schemes: "Digest , NTLM , Basic , NewAuth" => "Digest, NTLM, Basic, NewAuth";
    kio_ntlm_basic_ntlm: "NTLM   , Basic realm=foo, bar = baz, NTLM" => r#"NTLM, Basic{realm:"foo", bar:"baz"}, NTLM"#;
    kio_ntlm_type2: "NTLM VFlQRV8yX09SXzNfTUVTU0FHRQo=" => "NTLM(VFlQRV8yX09SXzNfTUVTU0FHRQo=)";
}

// OkHttp's HeadersChallengesTest.
strict! {
    okhttp_digest_rfc2617: r#"Digest realm="myrealm", nonce="fjalskdflwejrlaskdfjlaskdjflaksjdflkasdf", qop="auth", stale="FALSE""# =>
        r#"Digest{realm:"myrealm", nonce:"fjalskdflwejrlaskdfjlaskdjflaksjdflkasdf", qop:"auth", stale:"FALSE"}"#;
    okhttp_extra_spaces: r#"Digest qop="auth",    realm="myrealm", nonce="n", stale="FALSE""# =>
        r#"Digest{qop:"auth", realm:"myrealm", nonce:"n", stale:"FALSE"}"#;
    okhttp_spaces_before_first_param: r#"Digest    realm="myrealm", nonce="n""# => r#"Digest{realm:"myrealm", nonce:"n"}"#;
    okhttp_camel_case: r#"DiGeSt qop="auth", rEaLm="myrealm""# => r#"DiGeSt{qop:"auth", realm:"myrealm"}"#;
    okhttp_token_realm: "Digest realm=myrealm" => r#"Digest{realm:"myrealm"}"#;
    okhttp_scheme_only: "Digest" => "Digest";
    okhttp_basic_space_in_realm: r#"Basic realm="protected area", charset="UTF-8""# => r#"Basic{realm:"protected area", charset:"UTF-8"}"#;
    okhttp_separators_first: " ,  , Basic realm=myrealm" => r#"Basic{realm:"myrealm"}"#;
    okhttp_two_challenges: r#"Basic realm = "myrealm",Digest"# => r#"Basic{realm:"myrealm"}, Digest"#;
    okhttp_same_scheme_twice: r#"Basic realm = "myrealm",Basic realm=myotherrealm"# => r#"Basic{realm:"myrealm"}, Basic{realm:"myotherrealm"}"#;
    okhttp_separators_before_param: r#"Digest, Basic ,,realm="myrealm""# => r#"Digest, Basic{realm:"myrealm"}"#;
    okhttp_only_comma: r#"Digest,Basic realm="myrealm""# => r#"Digest, Basic{realm:"myrealm"}"#;
    okhttp_many_separators: r#"Digest,,,, Basic ,,realm="myrealm""# => r#"Digest, Basic{realm:"myrealm"}"#;
    okhttp_unknown_params: r#"Digest,,,, Basic ,,foo=bar,realm="myrealm""# => r#"Digest, Basic{foo:"bar", realm:"myrealm"}"#;
    okhttp_escapes: r#"Digest,,,, Basic ,,,realm="my\\\"r\ealm""# => r#"Digest, Basic{realm:"my\\\"realm"}"#;
    okhttp_comma_in_quotes: r#",Digest,,,, Basic ,,,realm="my, realm,""# => r#"Digest, Basic{realm:"my, realm,"}"#;
    okhttp_even_backslashes: r#"Digest,,,, Basic ,,,realm="my\\\\"r\ealm""# => err(34);
    okhttp_unescaped_quote: r#"Digest,,,, Basic ,,,realm="my"realm""# => err(30);
    okhttp_quote_in_token: r#"Digest,,,, Basic ,,,realm=my"realm"# => err(28);
    okhttp_token68: "Other abc==" => "Other(abc==)";
    okhttp_token68_then_param: "Other abc==, realm=myrealm" => err(18);
    okhttp_repeated_param: "Other realm=myotherrealm, realm=myrealm" => err(26);
}

// Apache HttpClient's TestAuthChallengeParser inputs, with the RFC 9110 result (that parser
// is more lenient than the grammar).
strict! {
    apache_basic: "Basic realm=blah" => r#"Basic{realm:"blah"}"#;
    apache_blanks: "   Basic  realm = blah   " => r#"Basic{realm:"blah"}"#;
    apache_two_token68: "This  xxxxxxxxxxxxxxxxxxxxxx, That yyyyyyyyyyyyyyyyyyyyyy  " => "This(xxxxxxxxxxxxxxxxxxxxxx), That(yyyyyyyyyyyyyyyyyyyyyy)";
    apache_params_then_bare: r#"Basic realm=blah, param1 = this, param2=that, Basic realm="\"yada\"", this, that=,this-and-that  "# => err(80);
    apache_comma_in_quotes: r#"Basic realm=blah, param1 = "this, param2=that", Basic realm="\"yada,,,,\"""# =>
        r#"Basic{realm:"blah", param1:"this, param2=that"}, Basic{realm:"\"yada,,,,\""}"#;
    apache_empty: "This" => "This";
    apache_trailing_comma: "This , " => "This";
    apache_equals_after_scheme: "This = that" => err(5);
    apache_three_tokens: "blah blah blah" => err(10);
    apache_token68: "blah blah" => "blah(blah)";
    apache_token68_then_bare: "blah blah, blah" => "blah(blah), blah";
    apache_mix: "scheme1 aaaa  , scheme2 aaaa==,  scheme3 aaaa=aaaa, scheme4 aaaa=" =>
        r#"scheme1(aaaa), scheme2(aaaa==), scheme3{aaaa:"aaaa"}, scheme4(aaaa=)"#;
}

// Other HTTP clients' tests: a Python requests auth plugin, Dart's http_parser, and the
// barebones-digest Java library.
strict! {
    requests_negotiate: "Negotiate" => "Negotiate";
    requests_negotiate_token: "Negotiate abcdef" => "Negotiate(abcdef)";
    requests_negotiate_padding: "Negotiate abcdef=" => "Negotiate(abcdef=)";
    requests_negotiate_padding2: "Negotiate abcdef==" => "Negotiate(abcdef==)";
    requests_bearer_token_realm: "Bearer realm=example.com" => r#"Bearer{realm:"example.com"}"#;
    requests_multi: r#"Basic speCial="paf ram", realm="basIC", Bearer, Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5"# =>
        r#"Basic{special:"paf ram", realm:"basIC"}, Bearer, Digest{realm:"http-auth@example.org", qop:"auth, auth-int", algorithm:"MD5"}"#;
    requests_same_scheme_twice: r#"Basic realm="basIC", Basic realm="complex""# => r#"Basic{realm:"basIC"}, Basic{realm:"complex"}"#;
    dart_bearer: r#"Bearer realm="service", error="invalid_token", error_description="The access token is invalid or has expired""# =>
        r#"Bearer{realm:"service", error:"invalid_token", error_description:"The access token is invalid or has expired"}"#;
    dart_oauth_and_digest: r#"OAuth realm="Example", oauth_consumer_key="0685bd9184jfhq22", oauth_signature="wOJIO9A2W5mFwDgiDvZbTSMK%2FPY%3D", oauth_version="1.0", Digest realm="testrealm@host.com", qop="auth,auth-int""# =>
        r#"OAuth{realm:"Example", oauth_consumer_key:"0685bd9184jfhq22", oauth_signature:"wOJIO9A2W5mFwDgiDvZbTSMK%2FPY%3D", oauth_version:"1.0"}, Digest{realm:"testrealm@host.com", qop:"auth,auth-int"}"#;
    barebones_ows: r#"Basic realm = "simple"  ,  key="value""# => r#"Basic{realm:"simple", key:"value"}"#;
}

// Examples from the RFCs that define the schemes. GNAP's (RFC 9635 §9.1) and SCRAM's
// base64 `data` (RFC 7804 §5) are not valid challenge syntax as printed.
strict! {
    rfc9110_two_challenges: r#"Basic realm="simple", Newauth realm="apps", type=1, title="Login to \"apps\"""# =>
        r#"Basic{realm:"simple"}, Newauth{realm:"apps", type:"1", title:"Login to \"apps\""}"#;
    rfc7617_basic: r#"Basic realm="WallyWorld""# => r#"Basic{realm:"WallyWorld"}"#;
    rfc7617_charset: r#"Basic realm="foo", charset="UTF-8""# => r#"Basic{realm:"foo", charset:"UTF-8"}"#;
    rfc7616_sha256: r#"Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""# =>
        r#"Digest{realm:"http-auth@example.org", qop:"auth, auth-int", algorithm:"SHA-256", nonce:"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque:"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"}"#;
    rfc7616_userhash: r#"Digest realm="api@example.org", qop="auth", algorithm=SHA-512-256, nonce="5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK", opaque="HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS", charset=UTF-8, userhash=true"# =>
        r#"Digest{realm:"api@example.org", qop:"auth", algorithm:"SHA-512-256", nonce:"5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK", opaque:"HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS", charset:"UTF-8", userhash:"true"}"#;
    rfc2617_digest: r#"Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41""# =>
        r#"Digest{realm:"testrealm@host.com", qop:"auth,auth-int", nonce:"dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque:"5ccc069c403ebaf9f0171e9517f40e41"}"#;
    rfc6750_realm: r#"Bearer realm="example""# => r#"Bearer{realm:"example"}"#;
    rfc6750_expired: r#"Bearer realm="example", error="invalid_token", error_description="The access token expired""# =>
        r#"Bearer{realm:"example", error:"invalid_token", error_description:"The access token expired"}"#;
    rfc9449_algs: r#"DPoP algs="ES256 PS256""# => r#"DPoP{algs:"ES256 PS256"}"#;
    rfc9449_error: r#"DPoP error="invalid_token", error_description="Invalid DPoP key binding", algs="ES256""# =>
        r#"DPoP{error:"invalid_token", error_description:"Invalid DPoP key binding", algs:"ES256"}"#;
    rfc9449_nonce: r#"DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof""# =>
        r#"DPoP{error:"use_dpop_nonce", error_description:"Resource server requires nonce in DPoP proof"}"#;
    rfc9470_acr: r#"Bearer error="insufficient_user_authentication", error_description="A different authentication level is required", acr_values="myACR""# =>
        r#"Bearer{error:"insufficient_user_authentication", error_description:"A different authentication level is required", acr_values:"myACR"}"#;
    rfc9728_metadata: r#"Bearer resource_metadata="https://resource.example.com/.well-known/oauth-protected-resource""# =>
        r#"Bearer{resource_metadata:"https://resource.example.com/.well-known/oauth-protected-resource"}"#;
    rfc4559_initial: "Negotiate" => "Negotiate";
    rfc4559_token: "Negotiate a87421000492aa874209af8bc028" => "Negotiate(a87421000492aa874209af8bc028)";
    rfc9577_draft: "PrivateToken challenge=abc..., token-key=123..." => r#"PrivateToken{challenge:"abc...", token-key:"123..."}"#;
    rfc9577_two: r#"PrivateToken challenge="abc=", token-key="123=", PrivateToken challenge="def=", token-key="234=""# =>
        r#"PrivateToken{challenge:"abc=", token-key:"123="}, PrivateToken{challenge:"def=", token-key:"234="}"#;
    rfc7804_realm: r#"SCRAM-SHA-256 realm="testrealm@example.com""# => r#"SCRAM-SHA-256{realm:"testrealm@example.com"}"#;
    rfc7804_base64_data: "SCRAM-SHA-256 sid=AAAABBBBCCCCDDDD, data=cj1yT3ByTkdmd0ViZVJXZ2JORWtxTw==" => err(71);
    rfc9635_gnap: "GNAP as_uri=https://as.example/tx;access=FWWIKYBQ6U56NL1;referrer=https://rs.example" => err(17);
    rfc7486_hoba: r#"HOBA challenge="dGVzdA", max-age=10"# => r#"HOBA{challenge:"dGVzdA", max-age:"10"}"#;
    rfc8120_mutual: r#"Mutual realm="example.com", reason=initial, algorithm=iso-kam3-dl-2048-sha256, validation=host, auth-scope="https://example.com/""# =>
        r#"Mutual{realm:"example.com", reason:"initial", algorithm:"iso-kam3-dl-2048-sha256", validation:"host", auth-scope:"https://example.com/"}"#;
}

// Grammar corners, derived from the ABNF.
strict! {
    empty_value: "" => "";
    only_whitespace: " \t " => "";
    only_commas: " , ,, " => "";
    trailing_whitespace: "Basic realm=x \t" => r#"Basic{realm:"x"}"#;
    trailing_ows_after_scheme: "Basic\t" => "Basic";
    scheme_then_tab_comma: "A\t, B" => "A, B";
    tab_before_data: "Basic\trealm=x" => err(6);
    space_tab_before_data: "Basic \trealm=x" => err(7);
    space_tab_comma_param: "Basic \t,realm=x" => r#"Basic{realm:"x"}"#;
    tab_space_comma_param: "Basic\t ,realm=x" => err(13);
    obs_fold_crlf_tab: "Basic\r\n\trealm=x" => r#"Basic{realm:"x"}"#;
    obs_fold_lf: "Basic\n realm=x" => r#"Basic{realm:"x"}"#;
    obs_fold_around_comma: "A x=1\r\n ,\r\n B" => r#"A{x:"1"}, B"#;
    obs_fold_with_tab_counts_as_space: "Basic\t\r\n realm=x" => r#"Basic{realm:"x"}"#;
    bare_cr: "Basic\rrealm=x" => err(5);
    bare_lf_at_end: "Basic\n" => err(5);
    crlf_in_quoted_string: "Basic realm=\"a\r\n b\"" => err(14);
    bws_everywhere: "A a =1, b= 2 , c = \"3\"" => r#"A{a:"1", b:"2", c:"3"}"#;
    empty_quoted: r#"A a="""# => r#"A{a:""}"#;
    quoted_pair_of_space_and_tab: "A a=\"\\ \\\t\"" => "A{a:\" \\t\"}";
    quoted_obs_text: "A a=\"\u{e9}\u{1F600}\"" => "A{a:\"\u{e9}\u{1F600}\"}";
    quoted_pair_obs_text: "A a=\"\\\u{e9}\"" => "A{a:\"\u{e9}\"}";
    quoted_control: "A a=\"x\u{1}\"" => err(6);
    quoted_del: "A a=\"\u{7f}\"" => err(5);
    quoted_pair_control: "A a=\"\\\u{0}\"" => err(6);
    obs_text_in_token: "A a=\u{e9}" => err(4);
    obs_text_in_scheme: "B\u{e9}sic" => err(1);
    token68_all_chars: "A aZ09-._~+/==" => "A(aZ09-._~+/==)";
    token68_only_padding: "A ===" => err(2);
    token68_with_trailing_ows: "A abc==  ,B" => "A(abc==), B";
    token68_slash_is_not_a_param: "A a/b=c" => err(6);
    token68_then_garbage: "A abc def" => err(6);
    token68_single_equals: "A realm=" => "A(realm=)";
    token68_space_equals: "A realm =" => err(9);
    param_value_missing_at_comma: "A x=1, y=" => err(9);
    param_value_missing_before_comma: "A x=1, y=, z=2" => err(9);
    param_double_equals: "A a==b" => err(5);
    param_then_equals: "A a=b=c" => err(5);
    param_space_equals_value: "A a= =b" => err(5);
    param_with_non_token68_tchar: "A a!b" => err(5);
    tchar_only_token68: "A !x" => err(4);
    quoted_at_data: r#"A "x""# => err(2);
    scheme_then_quote: r#"A"x""# => err(1);
    equals_at_start: "=x" => err(0);
    comma_then_equals: "A, =" => err(3);
    param_at_start: "realm=x" => err(5);
    param_after_token68: "A b, c=d" => err(6);
    bare_scheme_then_param: "A x=1, B, c=2" => err(11);
    scheme_space_comma_then_param: "A x=1, B , c=2" => r#"A{x:"1"}, B{c:"2"}"#;
    new_challenge_with_token68: "A x=1, B c" => r#"A{x:"1"}, B(c)"#;
    new_challenge_with_param: "A x=1, B c=1" => r#"A{x:"1"}, B{c:"1"}"#;
    param_named_like_scheme: "A basic=1, Basic realm=x" => r#"A{basic:"1"}, Basic{realm:"x"}"#;
    param_bws_is_param: "A x=1, b =2" => r#"A{x:"1", b:"2"}"#;
    element_after_comma_is_quote: r#"A x=1, "y""# => err(7);
    duplicate_case_insensitive: "A Realm=1, REALM=2" => err(11);
    same_name_in_two_challenges: "A a=1, B a=2" => r#"A{a:"1"}, B{a:"2"}"#;
    prefix_names_are_distinct: "A a=1, ab=2, abc=3, b=4" => r#"A{a:"1", ab:"2", abc:"3", b:"4"}"#;
    duplicate_after_prefixes: "A abc=1, ab=2, a=3, ab=4" => err(20);
    // Names are compared one by one up to eight, in a trie after: a repeat on either side.
    nine_distinct_names: "A a=1, b=2, c=3, d=4, e=5, f=6, g=7, h=8, I=9" => r#"A{a:"1", b:"2", c:"3", d:"4", e:"5", f:"6", g:"7", h:"8", i:"9"}"#;
    ninth_repeats_the_first: "A a=1, b=2, c=3, d=4, e=5, f=6, g=7, h=8, A=9" => err(42);
    tenth_repeats_the_ninth: "A a=1, b=2, c=3, d=4, e=5, f=6, g=7, h=8, ii=9, II=0" => err(48);
    names_after_a_new_challenge: "A a=1, b=2, c=3, d=4, e=5, f=6, g=7, h=8, i=9, B i=1, a=2" => r#"A{a:"1", b:"2", c:"3", d:"4", e:"5", f:"6", g:"7", h:"8", i:"9"}, B{i:"1", a:"2"}"#;
    junk_after_quoted: r#"A a="x"y"# => err(7);
    quoted_then_missing_comma: r#"A a="x" b="y""# => err(8);
    value_then_scheme_without_comma: "A a=b C" => err(6);
}

#[test]
fn multiple_lines_combine_with_comma() {
    let lines = [r#"Newauth realm="newauth""#, r#"Basic realm="basic""#];
    assert_eq!(
        render(&parse_challenge_lines(&lines).unwrap()),
        r#"Newauth{realm:"newauth"}, Basic{realm:"basic"}"#
    );
    // A line may continue the parameters of the line before (RFC 9110 §5.3).
    let lines = [r#"Basic realm="x","#, "charset=UTF-8"];
    assert_eq!(
        render(&parse_challenge_lines(&lines).unwrap()),
        r#"Basic{realm:"x", charset:"UTF-8"}"#
    );
    assert_eq!(parse_challenge_lines(&[]).unwrap(), Vec::new());
    assert_eq!(parse_challenge_lines(&["", "Digest"]).unwrap().len(), 1);
    // Offsets are in the joined value: "Digest, Basic realm=\"x" is 22 bytes.
    let e = parse_challenge_lines(&["Digest", "Basic realm=\"x"]).unwrap_err();
    assert_eq!(e.offset, 22);
    assert_eq!(
        e.to_string(),
        "invalid challenge at offset 22: expected '\"' closing the quoted-string"
    );
    // greenbytes multibasicunknown2mf: one challenge per line.
    let lines = [r#"Newauth realm="newauth""#, r#"Basic realm="basic""#];
    assert_eq!(
        render(&parse_challenge_lines(&lines).unwrap()),
        r#"Newauth{realm:"newauth"}, Basic{realm:"basic"}"#
    );
    // Chromium's http_auth_unittest.cc ChooseBestChallenge: a line holding only a parameter
    // continues the challenge of the line before once the lines are joined.
    let lines = [
        r#"Basic realm="FooBar""#,
        r#"Fake realm="FooBar""#,
        r#"nonce="aaaaaaaaaa""#,
        r#"Digest realm="DigestRealm", nonce="aaaaaaaaaa""#,
    ];
    assert_eq!(
        render(&parse_challenge_lines(&lines).unwrap()),
        r#"Basic{realm:"FooBar"}, Fake{realm:"FooBar", nonce:"aaaaaaaaaa"}, Digest{realm:"DigestRealm", nonce:"aaaaaaaaaa"}"#
    );
    assert_eq!(
        render(&parse_challenge_lines(&["Negotiate", "NTLM"]).unwrap()),
        "Negotiate, NTLM"
    );
    // A line break that is no obs-fold is not field content (RFC 9110 §5.5).
    assert_eq!(
        parse_challenge_lines(&["Negotiate\nNTLM"])
            .unwrap_err()
            .offset,
        9
    );
}

#[test]
fn lenient_line_breaks_separate_lines() {
    // Firefox hands over a header's lines joined with LF; offsets stay in the value as given.
    assert_eq!(
        lenient(&["Negotiate\nNTLM"]),
        ("Negotiate, NTLM".to_string(), vec![])
    );
    let (rendered, findings) =
        lenient(&["Basic realm=\"a\r\nDigest realm=\"b\", nonce=\"c\", qop=auth"]);
    assert_eq!(
        rendered,
        r#"Basic{realm:"a"}, Digest{realm:"b", nonce:"c", qop:"auth"}"#
    );
    assert_eq!(
        findings,
        [(
            FindingId::UnterminatedQuotedString,
            Some(14),
            vec!["realm".to_string()]
        )]
    );
    // An obs-fold is whitespace, not a line break.
    assert_eq!(lenient(&["Basic\r\n realm=\"x\""]).0, r#"Basic{realm:"x"}"#);
    assert_eq!(
        lenient(&["Basic realm=\"x\"\n"]),
        (r#"Basic{realm:"x"}"#.to_string(), vec![])
    );
}

/// A finding as the tests compare it.
type Seen = (FindingId, Option<usize>, Vec<String>);

// Lenient mode: what broken servers send, read the way browsers read it.
fn lenient(lines: &[&str]) -> (String, Vec<Seen>) {
    let (challenges, findings) = parse_challenges_lenient(lines);
    (
        render(&challenges),
        findings
            .into_iter()
            .map(|f| (f.id, f.offset, f.args))
            .collect(),
    )
}

macro_rules! lenient {
    ($($name:ident: $input:expr => $expected:expr, [$(($id:ident, $at:expr $(, $arg:expr)*)),*];)*) => {$(
        #[test]
        fn $name() {
            let expected: Vec<Seen> = vec![$((FindingId::$id, $at.into(), vec![$($arg.to_string()),*])),*];
            assert_eq!(lenient(&[$input]), ($expected.to_string(), expected), "input {:?}", $input);
        }
    )*};
}

lenient! {
    unquoted_url: "Bearer realm=https://example.com/x, error=invalid_token" =>
        r#"Bearer{realm:"https://example.com/x", error:"invalid_token"}"#,
        [(InvalidUnquotedValue, 13, "realm"), (UnquotedRealm, 7, "Bearer")];
    unquoted_at_sign: "Basic realm=@corp" => r#"Basic{realm:"@corp"}"#,
        [(InvalidUnquotedValue, 12, "realm"), (UnquotedRealm, 6, "Basic")];
    unquoted_with_spaces: "Basic realm=My Site, charset=UTF-8" => r#"Basic{realm:"My Site", charset:"UTF-8"}"#,
        [(InvalidUnquotedValue, 12, "realm"), (UnquotedRealm, 6, "Basic")];
    unterminated: r#"Basic realm="basic"# => r#"Basic{realm:"basic"}"#, [(UnterminatedQuotedString, 18, "realm")];
    unterminated_after_backslash: r#"Basic realm="a\"# => r#"Basic{realm:"a"}"#, [(UnterminatedQuotedString, 15, "realm")];
    missing_comma_params: r#"Digest realm="r" nonce="n", qop="auth""# => r#"Digest{realm:"r", nonce:"n", qop:"auth"}"#,
        [(MissingComma, 17, "nonce")];
    missing_comma_unquoted: "Digest realm=r nonce=n qop=auth" => r#"Digest{realm:"r", nonce:"n", qop:"auth"}"#,
        [(UnquotedRealm, 7, "Digest"), (MissingComma, 15, "nonce"), (MissingComma, 23, "qop")];
    missing_comma_challenges: r#"Basic realm="a" Digest realm="b", nonce="n", qop=auth"# =>
        r#"Basic{realm:"a"}, Digest{realm:"b", nonce:"n", qop:"auth"}"#, [(MissingComma, 16, "Digest")];
    duplicate_realm: r#"Basic realm="a", realm="b""# => r#"Basic{realm:"a", realm:"b"}"#, [(DuplicateParam, 17, "realm")];
    tab_after_scheme: "Basic\trealm=\"x\"" => r#"Basic{realm:"x"}"#, [(TabAfterScheme, 6, "Basic")];
    stray_param: r#"Basic, realm="foo""# => r#"Basic{realm:"foo"}"#, [(StrayParam, 12, "realm")];
    stray_param_at_start: r#"realm="foo", Basic"# => "Basic", [(StrayParam, 5, "realm"), (MissingRealm, 13, "Basic")];
    stray_param_after_token68: "Negotiate abc, realm=x" => r#"Negotiate(abc){realm:"x"}"#,
        [(StrayParam, 20, "realm"), (UnquotedRealm, 15, "Negotiate"), (UnexpectedParams, 0, "Negotiate")];
    missing_value: "Basic realm=\"x\", charset=" => r#"Basic{realm:"x", charset:""}"#,
        [(MissingParamValue, 25, "charset"), (InvalidParamValue, 0, "Basic", "charset", "")];
    control_in_quotes: "Basic realm=\"a\u{1}b\u{2}\"" => r#"Basic{realm:"a\u{1}b\u{2}"}"#, [(InvalidQuotedChar, 14, "realm")];
    token68_then_junk: "Negotiate abc def, Basic realm=\"x\"" => r#"Negotiate(abc), Basic{realm:"x"}"#, [(SkippedText, 14, "def")];
    // One finding for one fault: no "missing comma" before text that starts nothing.
    semicolon_separator: r#"Basic realm="x"; charset=UTF-8"# => r#"Basic{realm:"x"}"#, [(SkippedText, 15, "; charset=UTF-8")];
    junk_element: r#"Basic realm="x", @@@, charset="UTF-8""# => r#"Basic{realm:"x", charset:"UTF-8"}"#, [(SkippedText, 17, "@@@")];
    junk_after_scheme: r#"Basic "x", realm="y""# => r#"Basic{realm:"y"}"#, [(SkippedText, 6, "\"x\"")];
    junk_at_start: r#""x", Basic realm="y""# => r#"Basic{realm:"y"}"#, [(SkippedText, 0, "\"x\"")];
    equals_after_token68_start: "Basic realm==x" => r#"Basic{realm:"=x"}"#,
        [(InvalidUnquotedValue, 12, "realm"), (UnquotedRealm, 6, "Basic")];
}

#[test]
fn lenient_lines_are_parsed_one_by_one() {
    // The unterminated quote ends with its line; offsets count the ", " between lines.
    let (rendered, findings) = lenient(&[
        r#"Basic realm="a"#,
        r#"Digest realm="b", nonce="n", qop="auth""#,
    ]);
    assert_eq!(
        rendered,
        r#"Basic{realm:"a"}, Digest{realm:"b", nonce:"n", qop:"auth"}"#
    );
    assert_eq!(
        findings,
        [(
            FindingId::UnterminatedQuotedString,
            Some(14),
            vec!["realm".to_string()]
        )]
    );
    // A line of parameters continues the challenge before.
    let (rendered, findings) = lenient(&[r#"Basic realm="a""#, "charset=UTF-8"]);
    assert_eq!(rendered, r#"Basic{realm:"a", charset:"UTF-8"}"#);
    assert_eq!(
        findings,
        [(FindingId::StrayParam, Some(24), vec!["charset".to_string()])]
    );
}

#[test]
fn findings_are_capped() {
    let input = "A ".to_string() + &"x=\"\u{1}\" ".repeat(1000);
    let (_, findings) = parse_challenges_lenient(&[&input]);
    assert_eq!(
        findings.iter().filter(|f| f.id.is_syntax()).count(),
        MAX_FINDINGS
    );
}

#[test]
fn long_finding_args_are_shortened() {
    let junk = "@".repeat(1000);
    let (_, findings) = parse_challenges_lenient(&[&junk]);
    assert_eq!(findings[0].args[0].chars().count(), MAX_ARG + 1);
}

/// Records every event, to test the low-level API.
#[derive(Default)]
struct Events(Vec<String>);

impl Sink for Events {
    fn challenge(&mut self, scheme: Range<usize>) {
        self.0.push(format!("challenge {scheme:?}"));
    }
    fn token68(&mut self, token68: Range<usize>) {
        self.0.push(format!("token68 {token68:?}"));
    }
    fn param(&mut self, name: Range<usize>, value: Range<usize>, quoted: bool, escaped: bool) {
        self.0
            .push(format!("param {name:?} {value:?} {quoted} {escaped}"));
    }
    fn finding(&mut self, id: FindingId, at: usize, subject: Range<usize>) {
        self.0
            .push(format!("finding {} {at} {subject:?}", id.as_str()));
    }
}

#[test]
fn sink_gets_byte_ranges() {
    let mut events = Events::default();
    let input = br#"Basic realm="a\"b", charset=UTF-8, Negotiate YII="#;
    parse_with(input, Mode::Strict, &mut events).unwrap();
    assert_eq!(
        events.0,
        [
            "challenge 0..5",
            "param 6..11 13..17 true true",
            "param 20..27 28..33 false false",
            "challenge 35..44",
            "token68 45..49",
        ]
    );
    let mut events = Events::default();
    parse_with(b"Basic realm=a b", Mode::Lenient, &mut events).unwrap();
    assert_eq!(
        events.0,
        [
            "challenge 0..5",
            "finding invalid-unquoted-value 12 6..11",
            "param 6..11 12..15 false false"
        ]
    );
}

#[test]
fn offsets_sink_layout() {
    let mut offsets = Offsets::default();
    parse_with(br#"A b, C d="\"", e=f"#, Mode::Strict, &mut offsets).unwrap();
    let quoted_escaped = Offsets::PARAM + Offsets::QUOTED + Offsets::ESCAPED;
    assert_eq!(
        offsets.0,
        [
            0,
            0,
            1,
            1,
            2,
            3,
            0,
            5,
            6,
            quoted_escaped,
            7,
            8,
            10,
            12,
            2,
            15,
            16,
            17,
            18
        ]
    );
    let mut offsets = Offsets::default();
    parse_with(b"A\tb", Mode::Lenient, &mut offsets).unwrap();
    let tab = FindingId::ALL
        .iter()
        .position(|&i| i == FindingId::TabAfterScheme)
        .unwrap() as u32;
    assert_eq!(
        offsets.0,
        [0, 0, 1, Offsets::FINDING, tab, 2, 0, 1, 1, 2, 3]
    );
}

#[test]
fn bytes_that_are_not_utf8_are_obs_text() {
    // A JavaScript byte string passed one byte per code unit.
    let mut events = Events::default();
    parse_with(b"Basic realm=\"caf\xe9\"", Mode::Strict, &mut events).unwrap();
    assert_eq!(
        events.0,
        ["challenge 0..5", "param 6..11 13..17 true false"]
    );
}

#[test]
fn unescape_removes_backslashes() {
    assert_eq!(unescape(br#"a\"b\\c\"#), br#"a"b\c"#);
    assert_eq!(unescape(b""), b"");
}

// Hostile input: every case must finish (linear time is the benchmark's to measure) and
// give the right answer.
#[test]
fn hostile_64k_quoted_string_of_escapes() {
    let input = format!("Basic realm=\"{}\"", "\\\"".repeat(32 * 1024));
    let c = parse_challenges(&input).unwrap();
    assert_eq!(c[0].realm().map(str::len), Some(32 * 1024));
    let unterminated = format!("Basic realm=\"{}", "\\\"".repeat(32 * 1024));
    assert_eq!(
        parse_challenges(&unterminated).unwrap_err().offset,
        unterminated.len()
    );
    let (c, _) = parse_challenges_lenient(&[&unterminated]);
    assert_eq!(c[0].realm().map(str::len), Some(32 * 1024));
}

#[test]
fn hostile_thousands_of_params() {
    let params: Vec<String> = (0..5000).map(|i| format!("p{i}=v")).collect();
    let input = format!("Newauth {}", params.join(", "));
    assert_eq!(parse_challenges(&input).unwrap()[0].params.len(), 5000);
    let repeated = format!("Newauth {}", vec!["p=v"; 5000].join(", "));
    assert_eq!(parse_challenges(&repeated).unwrap_err().offset, 13);
    let (c, findings) = parse_challenges_lenient(&[&repeated]);
    assert_eq!(c[0].params.len(), 5000);
    assert_eq!(findings.len(), MAX_FINDINGS);
}

#[test]
fn hostile_long_colliding_names() {
    // Names sharing long prefixes: the trie walk stays linear in their total length.
    let params: Vec<String> = (0..2000)
        .map(|i| format!("{}{i}=v", "n".repeat(30)))
        .collect();
    let input = format!("A {}", params.join(","));
    assert_eq!(parse_challenges(&input).unwrap()[0].params.len(), 2000);
}

#[test]
fn hostile_thousands_of_empty_elements() {
    let input = format!(
        "{}Basic {}realm=x{}, Digest{}",
        ", ".repeat(10_000),
        ",".repeat(10_000),
        " ,".repeat(10_000),
        ",".repeat(10_000)
    );
    assert_eq!(
        render(&parse_challenges(&input).unwrap()),
        r#"Basic{realm:"x"}, Digest"#
    );
}

#[test]
fn hostile_unterminated_quotes_and_junk() {
    let input = format!("A a=\"{}", "x, b=".repeat(10_000));
    assert_eq!(parse_challenges(&input).unwrap_err().offset, input.len());
    let (c, _) = parse_challenges_lenient(&[&input]);
    assert_eq!(c[0].params.len(), 1);
    let junk = "\"".repeat(65_536);
    assert_eq!(parse_challenges(&junk).unwrap_err().offset, 0);
    assert!(parse_challenges_lenient(&[&junk]).0.is_empty());
    let words = "a ".repeat(30_000);
    assert_eq!(parse_challenges(&words).unwrap_err().offset, 4);
    let lenient_value = format!("A x={}", "y ".repeat(30_000));
    assert_eq!(
        parse_challenges_lenient(&[&lenient_value]).0[0]
            .params
            .len(),
        1
    );
    let spaces = format!("A{}", " \t".repeat(30_000));
    assert_eq!(render(&parse_challenges(&spaces).unwrap()), "A");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn token() -> impl Strategy<Value = String> {
        "[A-Za-z0-9!#$%&'*+.^_`|~-]{1,8}"
    }

    fn token68() -> impl Strategy<Value = String> {
        "[A-Za-z0-9._~+/-]{1,12}=*"
    }

    /// Any value bytes a quoted-string can carry: qdtext, escaped specials, UTF-8 text.
    fn text() -> impl Strategy<Value = String> {
        "[ \t!#-\\[\\]-~\"\\\\é€😀]{0,12}"
    }

    #[derive(Debug, Clone)]
    enum Data {
        None,
        Token68(String),
        Params(Vec<(String, String, bool)>),
    }

    fn challenge() -> impl Strategy<Value = (String, Data)> {
        let param = (
            token(),
            prop_oneof![
                token().prop_map(|t| (t, false)),
                text().prop_map(|t| (t, true))
            ],
        )
            .prop_map(|(n, (v, q))| (n, v, q));
        let data = prop_oneof![
            Just(Data::None),
            token68().prop_map(Data::Token68),
            prop::collection::vec(param, 1..5).prop_map(Data::Params),
        ];
        (token(), data)
    }

    /// OWS, sometimes with empty list elements.
    fn ows() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just(" ".into()),
            Just("\t ".into()),
            Just(" , ,".into())
        ]
    }

    fn quote(v: &str) -> String {
        let mut out = String::from("\"");
        for c in v.chars() {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('"');
        out
    }

    proptest! {
        #[test]
        fn serialized_challenges_parse_back(challenges in prop::collection::vec(challenge(), 0..4), seps in prop::collection::vec(ows(), 8)) {
            let mut input = String::new();
            let mut expected = Vec::new();
            for (i, (scheme, data)) in challenges.iter().enumerate() {
                if i > 0 {
                    input += &seps[i % seps.len()];
                    input += ",";
                    input += &seps[(i + 1) % seps.len()];
                }
                input += scheme;
                let mut c = Challenge { scheme: scheme.clone(), token68: None, params: Vec::new() };
                match data {
                    Data::None => {}
                    Data::Token68(t) => {
                        input += " ";
                        input += t;
                        c.token68 = Some(t.clone());
                    }
                    Data::Params(params) => {
                        input += " ";
                        let mut seen = std::collections::HashSet::new();
                        let mut first = true;
                        for (name, value, quoted) in params {
                            if !seen.insert(name.to_ascii_lowercase()) {
                                continue;
                            }
                            if !first {
                                input += ",";
                                input += &seps[name.len() % seps.len()];
                            }
                            first = false;
                            input += name;
                            input += if name.len() % 2 == 0 { "=" } else { " = " };
                            input += &if *quoted { quote(value) } else { value.clone() };
                            c.params.push(Param { name: name.to_ascii_lowercase(), value: value.clone() });
                        }
                    }
                }
                expected.push(c);
            }
            prop_assert_eq!(parse_challenges(&input), Ok(expected.clone()));
            prop_assert_eq!(parse_challenges_lenient(&[&input]).0, expected);
        }

        #[test]
        fn never_panics_and_lenient_agrees(input in prop::collection::vec(prop::sample::select(b" \t\r\n,=\"\\aB/+!\xc3\xa9".to_vec()), 0..40)) {
            let mut strict_events = Events::default();
            let strict_result = parse_with(&input, Mode::Strict, &mut strict_events);
            let mut lenient_events = Events::default();
            prop_assert!(parse_with(&input, Mode::Lenient, &mut lenient_events).is_ok());
            match strict_result {
                Ok(()) => prop_assert_eq!(strict_events.0, lenient_events.0),
                Err(e) => {
                    prop_assert!(e.offset <= input.len());
                    prop_assert!(lenient_events.0.iter().any(|e| e.starts_with("finding")));
                }
            }
        }

        #[test]
        fn any_string_is_safe(input in any::<String>()) {
            let strict = parse_challenges(&input);
            let (lenient, _) = parse_challenges_lenient(&[&input, &input]);
            if let Ok(c) = strict {
                prop_assert_eq!(lenient.len(), 2 * c.len());
            }
        }
    }
}

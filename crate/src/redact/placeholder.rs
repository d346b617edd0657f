//! Named placeholders for the secrets of recorded exchanges (HAR entries), so that a curl
//! command or a HAR file made from them can be attached to a bug report: `Authorization: Bearer
//! $TOKEN`, `Cookie: session=$COOKIE_session`, `password=$PASSWORD`. A placeholder is a shell
//! variable's name: the developer who runs the command sets it.
//!
//! Every decision is an allow-list, as the extension's own redaction is: a query or form
//! value, a request header's value or a JSON string in a request body is kept only when its
//! name says it is no secret (`error`, `client_id`, `Accept`); everything else a request
//! carries becomes a placeholder named after where it was. What a response says is a server's
//! text, which the diagnosis needs: it is kept with every secret the requests carried replaced
//! by its placeholder, and anything token-shaped removed.
//!
//! One [`Placeholders`] serves a whole export: the same secret gets the same placeholder
//! everywhere, and a second secret under a name already taken gets `_2` (`$TOKEN_2`), which
//! tells the reader that two requests carried different tokens.

use super::secrets::{ONE_TIME_CODE_HEADERS, SECRET_HEADERS, credential_header};
use super::{MIN_SECRET, without_tokens};
use crate::event::same;
use crate::url;

/// Query and form fields whose values are no secret and say what a sign-in asked or answered:
/// the ones the extension's trail keeps (docs/flows.md), and the grant type.
const PLAIN_FIELDS: &[&str] = &[
    "error",
    "error_description",
    "error_uri",
    "client_id",
    "redirect_uri",
    "response_type",
    "response_mode",
    "prompt",
    "scope",
    "grant_type",
    "code_challenge_method",
];

/// Request headers whose values describe the browser and the request, never who sends it.
/// `Origin`, `Referer` and HTTP/2's `:path` are URLs, redacted as one.
const PLAIN_REQUEST_HEADERS: &[&str] = &[
    "accept",
    "accept-encoding",
    "accept-language",
    "cache-control",
    "connection",
    "content-length",
    "content-type",
    "dnt",
    "host",
    "pragma",
    "priority",
    "te",
    "upgrade-insecure-requests",
    "user-agent",
    "x-requested-with",
    ":method",
    ":authority",
    ":scheme",
];

/// Request header name prefixes of the same kind: Fetch metadata and client hints.
const PLAIN_REQUEST_PREFIXES: &[&str] = &["sec-fetch-", "sec-ch-"];

/// Headers that hold one URL.
const URL_HEADERS: &[&str] = &["origin", "referer", "location", "content-location"];

/// JSON members of a response body whose values are credentials the server hands out.
const SECRET_MEMBERS: &[&str] = &[
    "access_token",
    "refresh_token",
    "id_token",
    "token",
    "code",
    "password",
    "secret",
    "client_secret",
    "session",
    "session_id",
    "sessionid",
    "api_key",
    "apikey",
];

/// The secrets replaced so far and the placeholders that stand for them.
#[derive(Debug, Default)]
pub(crate) struct Placeholders {
    /// `(secret, name)`: the name without its `$`.
    replaced: Vec<(String, String)>,
}

/// A placeholder's name made a shell variable's: letters, digits and `_`.
fn identifier(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// `X-API-Key` → `X_API_KEY`.
fn header_identifier(name: &str) -> String {
    identifier(name.trim_start_matches(':')).to_ascii_uppercase()
}

/// A field whose value is a password, by its name (`password`, `passwd`, `user[pwd]`).
fn is_password(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["password", "passwd", "pwd", "passcode"]
        .iter()
        .any(|p| name.contains(p))
        || name == "pass"
}

fn is_plain_field(name: &str) -> bool {
    PLAIN_FIELDS.contains(&name)
}

fn is_one_of(name: &str, list: &[&str]) -> bool {
    list.iter().any(|n| same(name, n))
}

impl Placeholders {
    /// `$NAME` standing for `secret`: the same one as before for a secret seen before, else a
    /// new one named `name` (`name_2`… when taken).
    fn stand_in(&mut self, name: &str, secret: &str) -> String {
        // Nothing is no secret, and must not take the name of one.
        if secret.is_empty() {
            return String::new();
        }
        if let Some((_, taken)) = self.replaced.iter().find(|(s, _)| s == secret) {
            return format!("${taken}");
        }
        let base = identifier(name);
        let mut chosen = base.clone();
        let mut n = 1;
        while self.replaced.iter().any(|(_, taken)| *taken == chosen) {
            n += 1;
            chosen = format!("{base}_{n}");
        }
        self.replaced.push((secret.to_owned(), chosen.clone()));
        // A JWS's signature is a secret by itself, which a server may quote alone.
        if let Some((_, signature)) = secret
            .rsplit_once('.')
            .filter(|_| secret.matches('.').count() == 2)
        {
            self.replaced.push((signature.to_owned(), chosen.clone()));
        }
        // What a server echoes is the decoded value; both forms are replaced in its texts.
        let decoded = url::decode(secret, true);
        if decoded != secret {
            self.replaced.push((decoded, chosen.clone()));
        }
        format!("${chosen}")
    }

    /// Whether `name` (without `$`) is a placeholder this made.
    pub(crate) fn is_placeholder(&self, name: &str) -> bool {
        self.replaced.iter().any(|(_, taken)| taken == name)
    }

    /// A request header's value, redacted: credentials and cookies as placeholders, URLs
    /// redacted, values of headers not known to be plain as a placeholder named after them.
    pub(crate) fn request_header(&mut self, name: &str, value: &str) -> String {
        if same(name, "authorization") {
            return self.credentials("", value);
        }
        if same(name, "proxy-authorization") {
            return self.credentials("PROXY_", value);
        }
        if same(name, "cookie") {
            return self.cookie_header(value);
        }
        if is_one_of(name, ONE_TIME_CODE_HEADERS) {
            return self.stand_in("OTP", value.trim());
        }
        if is_one_of(name, URL_HEADERS) {
            return self.url(value);
        }
        if same(name, ":path") {
            return self.path_and_query(value);
        }
        let plain = is_one_of(name, PLAIN_REQUEST_HEADERS)
            || PLAIN_REQUEST_PREFIXES.iter().any(|p| {
                name.len() >= p.len()
                    && name.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
            });
        if plain && !is_one_of(name, SECRET_HEADERS) && credential_header(name).is_none() {
            return self.text(value);
        }
        self.stand_in(&header_identifier(name), value.trim())
    }

    /// A response header's value, redacted: cookies set as placeholders, URLs redacted, a
    /// credential header's value a placeholder, any other the server's text with the requests'
    /// secrets replaced.
    pub(crate) fn response_header(&mut self, name: &str, value: &str) -> String {
        if same(name, "set-cookie") {
            // Firefox gives repeated Set-Cookie lines as one value joined by line feeds.
            return value
                .split('\n')
                .map(|line| self.set_cookie(line))
                .collect::<Vec<_>>()
                .join("\n");
        }
        if is_one_of(name, URL_HEADERS) {
            return self.url(value);
        }
        if is_one_of(name, SECRET_HEADERS) || credential_header(name).is_some() {
            return self.stand_in(&header_identifier(name), value.trim());
        }
        self.text(value)
    }

    /// `Authorization` (or, with `PROXY_`, `Proxy-Authorization`): the scheme kept, its
    /// credentials a placeholder: `$TOKEN` for Bearer, `$BASIC_CREDENTIALS`, `$<SCHEME>_CREDENTIALS`.
    fn credentials(&mut self, prefix: &str, value: &str) -> String {
        let value = value.trim();
        let Some((scheme, credentials)) = value.split_once([' ', '\t']) else {
            return self.stand_in(&format!("{prefix}CREDENTIALS"), value);
        };
        let credentials = credentials.trim();
        let name = if same(scheme, "bearer") {
            format!("{prefix}TOKEN")
        } else {
            format!("{prefix}{}_CREDENTIALS", header_identifier(scheme))
        };
        if same(scheme, "basic") {
            // A server may echo the user name or password decoded: both are secrets too.
            self.basic(prefix, credentials);
        }
        format!("{scheme} {}", self.stand_in(&name, credentials))
    }

    /// Basic credentials (`user:password` in base64): the placeholders of the user name and the
    /// password, `$USERNAME` and `$PASSWORD` (with `prefix`), when they decode.
    pub(crate) fn basic(&mut self, prefix: &str, credentials: &str) -> Option<(String, String)> {
        let decoded = String::from_utf8(crate::base64::decode(credentials.trim())?).ok()?;
        let (user, password) = decoded.split_once(':').unwrap_or((&decoded, ""));
        let user = self.stand_in(&format!("{prefix}USERNAME"), user);
        let password = self.stand_in(&format!("{prefix}PASSWORD"), password);
        self.stand_in(&format!("{prefix}USER_AND_PASSWORD"), &decoded);
        Some((user, password))
    }

    /// `a=1; b=2` → `a=$COOKIE_a; b=$COOKIE_b`.
    pub(crate) fn cookie_header(&mut self, value: &str) -> String {
        value
            .split(';')
            .map(str::trim)
            .filter(|pair| !pair.is_empty())
            .map(|pair| match pair.split_once('=') {
                Some((name, v)) => format!("{name}={}", self.cookie(name.trim(), v.trim())),
                None => self.cookie("", pair),
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// A cookie's value as its placeholder, `$COOKIE_<name>`.
    pub(crate) fn cookie(&mut self, name: &str, value: &str) -> String {
        self.stand_in(&format!("COOKIE_{name}"), value)
    }

    /// `sid=abc; Path=/; Secure` → `sid=$COOKIE_sid; Path=/; Secure`: the attributes are no
    /// secret and say why a browser would refuse the cookie.
    fn set_cookie(&mut self, line: &str) -> String {
        let (pair, attributes) = line.split_once(';').unwrap_or((line, ""));
        let (name, value) = pair.split_once('=').unwrap_or(("", pair));
        let mut out = format!("{}={}", name.trim(), self.cookie(name.trim(), value.trim()));
        if !attributes.is_empty() {
            out.push(';');
            out.push_str(&self.text(attributes));
        }
        out
    }

    /// An absolute URL: user info as `$USERNAME:$PASSWORD`, query values but the plain ones
    /// as `$QUERY_<name>`, token-shaped path segments as `$PATH_SECRET`, no fragment. Not a
    /// URL (`null`, as an opaque `Origin` is): kept when it holds nothing token-shaped.
    pub(crate) fn url(&mut self, url: &str) -> String {
        let url = url.trim();
        let Some(u) = url::parse(url) else {
            return self.text(url.split(['?', '#']).next().unwrap_or_default());
        };
        let mut out = format!("{}://", u.scheme);
        if let Some(info) = u.userinfo {
            let (user, password) = info.split_once(':').unwrap_or((info, ""));
            out.push_str(&self.stand_in("USERNAME", user));
            if !password.is_empty() {
                out.push(':');
                out.push_str(&self.stand_in("PASSWORD", password));
            }
            out.push('@');
        }
        out.push_str(u.host);
        if let Some(port) = u.port {
            out.push(':');
            out.push_str(port);
        }
        let rest = match u.query {
            Some(q) => format!("{}?{q}", u.path),
            None => u.path.to_owned(),
        };
        out.push_str(&self.path_and_query(&rest));
        out
    }

    /// `/a/b?x=1` as [`Placeholders::url`] redacts a URL's path and query.
    fn path_and_query(&mut self, value: &str) -> String {
        let (path, query) = value.split_once('?').unwrap_or((value, ""));
        let path = path.split('#').next().unwrap_or_default();
        let mut out = path
            .split('/')
            .map(|segment| {
                if without_tokens(segment) == segment {
                    segment.to_owned()
                } else {
                    self.stand_in("PATH_SECRET", segment)
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        let query = query.split('#').next().unwrap_or_default();
        if !query.is_empty() {
            out.push('?');
            out.push_str(&self.fields(query, "QUERY_"));
        }
        out
    }

    /// `a=1&b=2` (a query, or an urlencoded body): each value but the plain fields' a
    /// placeholder named `<prefix><name>` (`$PASSWORD` for a password).
    fn fields(&mut self, text: &str, prefix: &str) -> String {
        text.split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                format!(
                    "{name}={}",
                    self.field(&url::decode(name, true), value, prefix)
                )
            })
            .collect::<Vec<_>>()
            .join("&")
    }

    /// One field's value as it is kept (`name` decoded, `value` as it was written).
    pub(crate) fn field(&mut self, name: &str, value: &str, prefix: &str) -> String {
        if value.is_empty() {
            String::new()
        } else if is_plain_field(name) {
            self.text(value)
        } else if is_password(name) {
            self.stand_in("PASSWORD", value)
        } else {
            self.stand_in(&format!("{prefix}{name}"), value)
        }
    }

    /// A request body: an urlencoded form field by field, JSON with every string a placeholder
    /// named after its member, anything else (multipart, XML, text) one placeholder, `$BODY`.
    pub(crate) fn request_body(&mut self, mime: &str, text: &str) -> String {
        let mime = mime.to_ascii_lowercase();
        if mime.starts_with("application/x-www-form-urlencoded") {
            return self.fields(text, "FORM_");
        }
        if mime.contains("json")
            && let Ok(mut value) = serde_json::from_str::<serde_json::Value>(text)
        {
            self.json(&mut value, "", &|_| true);
            return serde_json::to_string(&value).unwrap_or_default();
        }
        if text.is_empty() {
            return String::new();
        }
        self.stand_in("BODY", text)
    }

    /// A response body: the server's text, as [`Placeholders::text`] keeps it; in JSON, the
    /// members that hand out credentials (`access_token`, `id_token`…) as placeholders too.
    pub(crate) fn response_body(&mut self, mime: &str, text: &str) -> String {
        if mime.to_ascii_lowercase().contains("json")
            && let Ok(mut value) = serde_json::from_str::<serde_json::Value>(text)
        {
            self.json(&mut value, "", &|name| {
                SECRET_MEMBERS.iter().any(|s| same(name, s)) || is_password(name)
            });
            return serde_json::to_string(&value).unwrap_or_default();
        }
        self.text(text)
    }

    /// Replaces the strings of members `secret` names (and the strings in them) with
    /// placeholders named `JSON_<member>` (`$PASSWORD` for a password); other strings are kept
    /// as [`Placeholders::text`] keeps a server's text.
    fn json(&mut self, value: &mut serde_json::Value, member: &str, secret: &dyn Fn(&str) -> bool) {
        use serde_json::Value;
        match value {
            Value::String(s) if secret(member) => {
                let name = if is_password(member) {
                    "PASSWORD".to_owned()
                } else {
                    format!("JSON_{member}")
                };
                *s = self.stand_in(&name, s);
            }
            Value::String(s) => *s = self.text(s),
            Value::Array(items) => {
                for item in items {
                    self.json(item, member, secret);
                }
            }
            Value::Object(members) => {
                for (name, v) in members.iter_mut() {
                    self.json(v, name, secret);
                }
            }
            _ => {}
        }
    }

    /// A server's text (a header value, a body, a status text): every secret replaced so far
    /// as its placeholder, then anything token-shaped as `…`. Control characters go, but line
    /// feeds and tabs stay: a body keeps its lines.
    pub(crate) fn text(&self, text: &str) -> String {
        let mut secrets: Vec<(usize, &str)> = self
            .replaced
            .iter()
            .enumerate()
            .filter(|(_, (s, _))| s.len() >= MIN_SECRET)
            .map(|(i, (s, _))| (i, s.as_str()))
            .collect();
        // Longest first: a cookie holding a token goes whole, not around it.
        secrets.sort_by_key(|(_, s)| std::cmp::Reverse(s.len()));
        let mut marked = text
            .chars()
            .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
            .collect::<String>();
        // Marks that no token-shaped run can swallow, put back as placeholders at the end.
        for (i, secret) in &secrets {
            if marked.contains(secret) {
                marked = marked.replace(secret, &format!("\u{1}{i}\u{2}"));
            }
        }
        let cleaned = without_tokens(&marked);
        let mut out = String::with_capacity(cleaned.len());
        let mut rest = cleaned.as_str();
        while let Some(start) = rest.find('\u{1}') {
            out.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            let end = after.find('\u{2}').unwrap_or(after.len());
            if let Some((_, name)) = after[..end]
                .parse::<usize>()
                .ok()
                .and_then(|i| self.replaced.get(i))
            {
                out.push('$');
                out.push_str(name);
            }
            rest = after.get(end + 1..).unwrap_or_default();
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_become_named_placeholders() {
        let mut p = Placeholders::default();
        let cases: &[(&str, &str, &str)] = &[
            ("Authorization", "Bearer eyJ.SECRET-1.sig", "Bearer $TOKEN"),
            ("Authorization", "Bearer OTHER-SECRET-2", "Bearer $TOKEN_2"),
            ("authorization", "Bearer eyJ.SECRET-1.sig", "Bearer $TOKEN"),
            (
                "Authorization",
                "Basic YWxpY2U6aHVudGVyMi1zZWNyZXQ=",
                "Basic $BASIC_CREDENTIALS",
            ),
            (
                "Authorization",
                "Negotiate YIIGhgYGKwYBBQUC",
                "Negotiate $NEGOTIATE_CREDENTIALS",
            ),
            (
                "Proxy-Authorization",
                "Basic cHJveHk6cHJveHktcGFzcw==",
                "Basic $PROXY_BASIC_CREDENTIALS",
            ),
            (
                "Cookie",
                "session=abc123; theme=dark;csrf=x9",
                "session=$COOKIE_session; theme=$COOKIE_theme; csrf=$COOKIE_csrf",
            ),
            ("X-API-Key", "k3y-v4lue-0123456789", "$X_API_KEY"),
            (
                "PRIVATE-TOKEN",
                "glpat-Wm2cR8vK4nT6qJ1sX9dF",
                "$PRIVATE_TOKEN",
            ),
            ("X-CSRF-Token", "csrf-value-1", "$X_CSRF_TOKEN"),
            ("X-GitHub-OTP", "864209", "$OTP"),
            ("X-Client-Secret", "plain words", "$X_CLIENT_SECRET"),
            ("Accept-Language", "en-US,en;q=0.9", "en-US,en;q=0.9"),
            ("sec-ch-ua-platform", "\"Linux\"", "\"Linux\""),
            (
                "Referer",
                "https://app.example.com/cb?code=CODE-SECRET&error=access_denied",
                "https://app.example.com/cb?code=$QUERY_code&error=access_denied",
            ),
            (
                ":path",
                "/api/me?access_token=AT-SECRET",
                "/api/me?access_token=$QUERY_access_token",
            ),
        ];
        for (name, value, want) in cases {
            assert_eq!(p.request_header(name, value), *want, "{name}: {value}");
        }
        // A JWT's signature alone is named as the token it belongs to.
        assert_eq!(
            p.text("bad signature: sig"),
            "bad signature: sig",
            "too short to be a secret"
        );
        p.request_header("Authorization", "Bearer eyJh.eyJz.SIGNATURE-ONLY-SECRET");
        assert_eq!(
            p.text("bad signature: SIGNATURE-ONLY-SECRET"),
            "bad signature: $TOKEN_3"
        );
        // Basic's parts are secrets too, wherever a server echoes them.
        assert_eq!(
            p.text("user alice, password hunter2-secret"),
            "user alice, password $PASSWORD"
        );
    }

    #[test]
    fn urls_keep_their_shape_and_the_plain_fields() {
        let mut p = Placeholders::default();
        let cases: &[(&str, &str)] = &[
            (
                "https://login.example.com/authorize?client_id=app&state=S3&redirect_uri=https%3A%2F%2Fapp%2Fcb&scope=openid%20email#frag",
                "https://login.example.com/authorize?client_id=app&state=$QUERY_state&redirect_uri=https%3A%2F%2Fapp%2Fcb&scope=openid%20email",
            ),
            (
                "https://u:pw-secret-1@example.com:8443/a",
                "https://$USERNAME:$PASSWORD@example.com:8443/a",
            ),
            (
                "https://example.com/reset/Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eA/ok",
                "https://example.com/reset/$PATH_SECRET/ok",
            ),
            (
                "https://example.com/?flag&x=",
                "https://example.com/?flag=&x=",
            ),
            ("null", "null"),
        ];
        for (url, want) in cases {
            assert_eq!(p.url(url), *want, "{url}");
        }
    }

    #[test]
    fn bodies() {
        let mut p = Placeholders::default();
        assert_eq!(
            p.request_body(
                "application/x-www-form-urlencoded; charset=UTF-8",
                "user=alice&password=hunter2-secret&grant_type=password"
            ),
            "user=$FORM_user&password=$PASSWORD&grant_type=password"
        );
        assert_eq!(
            p.request_body(
                "application/json",
                r#"{"user":{"name":"alice","pass":"hunter2-secret"},"remember":true,"tags":["a"]}"#
            ),
            // The same user name as in the form above: the same placeholder.
            r#"{"remember":true,"tags":["$JSON_tags"],"user":{"name":"$FORM_user","pass":"$PASSWORD"}}"#
        );
        assert_eq!(
            p.request_body("multipart/form-data; boundary=x", "--x\r\nsecret\r\n--x--"),
            "$BODY"
        );
        // A response keeps its words; what it hands out or echoes goes.
        let body = p.response_body(
            "application/json",
            r#"{"error":"invalid_grant","error_description":"password hunter2-secret is wrong","refresh_token":"rt"}"#,
        );
        assert_eq!(
            body,
            r#"{"error":"invalid_grant","error_description":"password $PASSWORD is wrong","refresh_token":"$JSON_refresh_token"}"#
        );
    }

    #[test]
    fn texts_lose_echoed_secrets_and_token_shapes() {
        let mut p = Placeholders::default();
        p.request_header("Cookie", "sid=COOKIE-VALUE-SECRET");
        let long_name = "a_cookie_name_that_is_very_long_indeed";
        p.request_header("Cookie", &format!("{long_name}=another-secret"));
        assert_eq!(
            p.text("sid COOKIE-VALUE-SECRET and another-secret, key ghp_16C7e42F292c6912E7710c838347Ae178B4a\u{0}\nnext"),
            format!("sid $COOKIE_sid and $COOKIE_{long_name}, key …\nnext")
        );
        assert_eq!(
            p.response_header(
                "Set-Cookie",
                "sid=new-secret-value; Path=/; HttpOnly\nx=1; Secure"
            ),
            "sid=$COOKIE_sid_2; Path=/; HttpOnly\nx=$COOKIE_x; Secure"
        );
        assert!(p.is_placeholder("COOKIE_sid_2") && !p.is_placeholder("COOKIE_y"));
    }
}

//! A recorded request (a HAR entry's `request`) as a curl command a developer can paste into a
//! bug report or a terminal, its secrets replaced by named placeholders
//! ([`crate::redact::placeholder`]): shell variables the reader sets before running it.
//!
//! The command is for bash and zsh, like the "Copy as cURL (bash)" of the browsers' DevTools:
//! an argument without special characters is written in double quotes, where its placeholders
//! expand (`-H "Authorization: Bearer $TOKEN"`); any other in single quotes, where nothing
//! expands, joined to its placeholders in double quotes (`'a"b'"$TOKEN"`).

use serde_json::Value;

use crate::event::same;
use crate::redact::placeholder::Placeholders;

/// Request headers curl writes itself, or that describe a connection of the browser's own.
const SET_BY_CURL: &[&str] = &["host", "content-length", "connection", "accept-encoding"];

/// The curl command for `request` (a HAR entry's `request` object), and the variables it uses.
pub(crate) struct Command {
    /// `curl "https://…" -H "…"`, one option per line.
    pub text: String,
    /// The placeholders' names, in the order they first appear (`TOKEN`, `COOKIE_session`).
    pub variables: Vec<String>,
}

/// Why a request cannot be written as a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unwritable(pub String);

fn string<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value.get(key).and_then(Value::as_str)
}

/// The command for one HAR `request`, redacted with `p`.
pub(crate) fn command(request: &Value, p: &mut Placeholders) -> Result<Command, Unwritable> {
    let url = string(request, "url").ok_or_else(|| Unwritable("request.url: missing".into()))?;
    let method = string(request, "method").unwrap_or("GET");
    if method.is_empty() || !method.bytes().all(crate::event::is_tchar) {
        return Err(Unwritable(format!(
            "request.method: {method:?} is not an HTTP method"
        )));
    }
    let mut args: Vec<String> = vec![quote(&p.url(url), p)];
    // Headers before the body: a secret both carry is named after where a reader expects it
    // (the user name of Basic credentials, not the form field that repeats it).
    let mut compressed = false;
    let mut header_args = Vec::new();
    let headers = request.get("headers").and_then(Value::as_array);
    for h in headers.into_iter().flatten() {
        let (Some(name), value) = (string(h, "name"), string(h, "value").unwrap_or_default())
        else {
            continue;
        };
        if name.starts_with(':') || SET_BY_CURL.iter().any(|n| same(name, n)) {
            compressed |= same(name, "accept-encoding");
            continue;
        }
        if same(name, "cookie") {
            header_args.push(format!("-b {}", quote(&p.cookie_header(value), p)));
            continue;
        }
        if same(name, "authorization")
            && let Some((scheme, credentials)) = value.trim().split_once(' ')
            && same(scheme, "basic")
            && let Some((user, password)) = p.basic("", credentials)
        {
            header_args.push(format!("-u {}", quote(&format!("{user}:{password}"), p)));
            continue;
        }
        let value = p.request_header(name, value);
        header_args.push(format!("-H {}", quote(&format!("{name}: {value}"), p)));
    }
    let post = request.get("postData");
    let body = post.map(|post| {
        let mime = string(post, "mimeType").unwrap_or_default();
        match string(post, "text") {
            Some(text) => p.request_body(mime, text),
            // Some exporters give a form's fields only as `params`.
            None => params(post, p),
        }
    });
    let has_body = body.as_deref().is_some_and(|b| !b.is_empty());
    match method {
        "GET" => {}
        "POST" if has_body => {}
        "HEAD" => args.push("--head".into()),
        _ => args.push(format!("-X {method}")),
    }
    args.append(&mut header_args);
    if let Some(body) = body.filter(|b| !b.is_empty()) {
        args.push(format!("--data-raw {}", quote(&body, p)));
    }
    if compressed {
        args.push("--compressed".into());
    }
    let text = format!("curl {}", args.join(" \\\n  "));
    let variables = variables(&text, p);
    Ok(Command { text, variables })
}

/// A form given as `params` (`[{ name, value }]`), urlencoded and redacted.
fn params(post: &Value, p: &mut Placeholders) -> String {
    let fields = post.get("params").and_then(Value::as_array);
    fields
        .into_iter()
        .flatten()
        .filter_map(|f| {
            let name = string(f, "name")?;
            let value = string(f, "value").unwrap_or_default();
            Some(format!("{name}={}", p.field(name, value, "FORM_")))
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// One piece of an argument: text as it is, or a placeholder's name.
enum Piece<'a> {
    Literal(&'a str),
    Variable(&'a str),
}

/// `s` cut into literal text and the placeholders `p` made (`$NAME`).
fn pieces<'a>(s: &'a str, p: &Placeholders) -> Vec<Piece<'a>> {
    let mut out = Vec::new();
    let mut literal_start = 0;
    let mut i = 0;
    while let Some(dollar) = s[i..].find('$').map(|d| i + d) {
        let name_end = s[dollar + 1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(s.len(), |e| dollar + 1 + e);
        let name = &s[dollar + 1..name_end];
        if p.is_placeholder(name) {
            if literal_start < dollar {
                out.push(Piece::Literal(&s[literal_start..dollar]));
            }
            out.push(Piece::Variable(name));
            literal_start = name_end;
        }
        i = dollar + 1;
    }
    if literal_start < s.len() {
        out.push(Piece::Literal(&s[literal_start..]));
    }
    out
}

/// `s` as one shell word, its placeholders expanding and nothing else.
fn quote(s: &str, p: &Placeholders) -> String {
    let pieces = pieces(s, p);
    let plain = |t: &str| !t.chars().any(|c| "\"\\$`!".contains(c) || c.is_control());
    let variable = |name: &str, next: Option<&Piece>| match next {
        Some(Piece::Literal(t))
            if t.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') =>
        {
            format!("${{{name}}}")
        }
        _ => format!("${name}"),
    };
    if pieces.iter().all(|piece| match piece {
        Piece::Literal(t) => plain(t),
        Piece::Variable(_) => true,
    }) {
        let mut out = String::from("\"");
        for (i, piece) in pieces.iter().enumerate() {
            match piece {
                Piece::Literal(t) => out.push_str(t),
                Piece::Variable(name) => out.push_str(&variable(name, pieces.get(i + 1))),
            }
        }
        out.push('"');
        return out;
    }
    let mut out = String::new();
    for piece in &pieces {
        match piece {
            Piece::Literal(t) => {
                out.push('\'');
                out.push_str(&t.replace('\'', "'\\''"));
                out.push('\'');
            }
            Piece::Variable(name) => out.push_str(&format!("\"${name}\"")),
        }
    }
    if out.is_empty() {
        out.push_str("''");
    }
    out
}

/// The placeholders a command uses, in order, each once.
fn variables(text: &str, p: &Placeholders) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for piece in pieces(text, p) {
        if let Piece::Variable(name) = piece
            && !out.iter().any(|n| n == name)
        {
            out.push(name.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(json: Value) -> Command {
        command(&json, &mut Placeholders::default()).unwrap()
    }

    #[test]
    fn a_bearer_request_as_chrome_records_it() {
        let c = request(serde_json::json!({
            "method": "GET",
            "url": "https://api.example.com/v1/orders?page=2&access_token=AT-SECRET-1",
            "httpVersion": "http/2.0",
            "headers": [
                { "name": ":authority", "value": "api.example.com" },
                { "name": ":path", "value": "/v1/orders?page=2&access_token=AT-SECRET-1" },
                { "name": "accept", "value": "application/json" },
                { "name": "accept-encoding", "value": "gzip, deflate, br" },
                { "name": "authorization", "value": "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.SIG-SECRET" },
                { "name": "cookie", "value": "session=COOKIE-SECRET; theme=dark" },
                { "name": "x-request-id", "value": "7f3a" }
            ]
        }));
        assert_eq!(
            c.text,
            "curl \"https://api.example.com/v1/orders?page=$QUERY_page&access_token=$QUERY_access_token\" \\\n  \
             -H \"accept: application/json\" \\\n  \
             -H \"authorization: Bearer $TOKEN\" \\\n  \
             -b \"session=$COOKIE_session; theme=$COOKIE_theme\" \\\n  \
             -H \"x-request-id: $X_REQUEST_ID\" \\\n  \
             --compressed"
        );
        assert_eq!(
            c.variables,
            [
                "QUERY_page",
                "QUERY_access_token",
                "TOKEN",
                "COOKIE_session",
                "COOKIE_theme",
                "X_REQUEST_ID"
            ]
        );
    }

    #[test]
    fn a_form_post_with_basic_credentials() {
        let c = request(serde_json::json!({
            "method": "POST",
            "url": "https://login.example.com/session",
            "headers": [
                { "name": "Authorization", "value": "Basic YWxpY2U6aHVudGVyMi1zZWNyZXQ=" },
                { "name": "Content-Type", "value": "application/x-www-form-urlencoded" }
            ],
            "postData": { "mimeType": "application/x-www-form-urlencoded", "text": "login=alice&password=hunter2-secret&remember=1" }
        }));
        assert_eq!(
            c.text,
            "curl \"https://login.example.com/session\" \\\n  \
             -u \"$USERNAME:$PASSWORD\" \\\n  \
             -H \"Content-Type: application/x-www-form-urlencoded\" \\\n  \
             --data-raw \"login=$USERNAME&password=$PASSWORD&remember=$FORM_remember\""
        );
    }

    #[test]
    fn special_characters_are_quoted_and_placeholders_still_expand() {
        let c = request(serde_json::json!({
            "method": "PUT",
            "url": "https://api.example.com/it's",
            "headers": [{ "name": "Authorization", "value": "Bearer tok`$(reboot)`" },
                        { "name": "Accept", "value": "a\"b!c$HOME" }],
            "postData": { "mimeType": "text/plain", "text": "x" }
        }));
        assert_eq!(
            c.text,
            "curl \"https://api.example.com/it's\" \\\n  \
             -X PUT \\\n  \
             -H \"Authorization: Bearer $TOKEN\" \\\n  \
             -H 'Accept: a\"b!c$HOME' \\\n  \
             --data-raw \"$BODY\""
        );
        let mut p = Placeholders::default();
        p.request_header("Authorization", "Bearer t0k3n-secret");
        assert_eq!(quote("it's $TOKEN", &p), "\"it's $TOKEN\"");
        assert_eq!(quote("a\"b'c $TOKEN", &p), "'a\"b'\\''c '\"$TOKEN\"");
        assert_eq!(quote("$TOKEN", &p), "\"$TOKEN\"");
        assert_eq!(quote("$TOKEN.x", &p), "\"$TOKEN.x\"");
        assert_eq!(
            quote("${TOKEN}x", &p),
            "'${TOKEN}x'",
            "no placeholder: text"
        );
        assert_eq!(quote("$TOKENx", &p), "'$TOKENx'", "no placeholder: text");
    }

    #[test]
    fn a_request_without_url_or_with_a_bad_method_is_refused() {
        let mut p = Placeholders::default();
        assert_eq!(
            command(&serde_json::json!({ "method": "GET" }), &mut p).map(|c| c.text),
            Err(Unwritable("request.url: missing".into()))
        );
        assert!(
            command(
                &serde_json::json!({ "method": "G T", "url": "https://a/" }),
                &mut p
            )
            .is_err()
        );
    }
}

//! A redacted HAR file of the exchanges a developer chose (the auth failures and sign-in hops
//! the panel or the HAR page found), ready to attach to a bug report.
//!
//! It is written field by field from what HAR 1.2 defines (an allow-list: a field an exporter
//! added, such as Chrome's `_initiator`, is not carried over), with every secret replaced by a
//! named placeholder ([`crate::redact::placeholder`]): one set of placeholders for the whole
//! file, so the same token is `$TOKEN` in every request that carried it. Response bodies are
//! kept only for failed responses (the diagnosis reads them), cut to what the core reads of
//! one, and scrubbed; every other body goes.

use serde_json::{Map, Value, json};

use crate::redact::placeholder::Placeholders;

/// How much of a failed response's body is kept: what the core reads of one.
const BODY_LIMIT: usize = 8192;

/// Timings HAR 1.2 names (§ timings); `send`, `wait` and `receive` are required.
const TIMINGS: &[&str] = &[
    "blocked", "dns", "connect", "ssl", "send", "wait", "receive",
];

/// The redacted HAR text of `entries` (each a HAR entry object), written by AuthLens `version`.
pub fn redacted_har(entries: &[&Value], version: &str) -> String {
    let mut p = Placeholders::default();
    // Every secret of every request first, so that a body that echoes a later request's token
    // already knows it; then the file, which names each secret as the first pass did.
    for entry in entries {
        let _ = redacted_entry(entry, &mut p);
    }
    let entries: Vec<Value> = entries.iter().map(|e| redacted_entry(e, &mut p)).collect();
    let har = json!({
        "log": {
            "version": "1.2",
            "creator": { "name": "AuthLens", "version": version },
            "comment": "Redacted by AuthLens: credentials, cookies, tokens, query and form values are named placeholders ($TOKEN, $COOKIE_<name>, $PASSWORD, $QUERY_<name>); only failed responses keep their bodies.",
            "entries": entries,
        }
    });
    serde_json::to_string_pretty(&har).unwrap_or_default()
}

fn string<'v>(value: &'v Value, key: &str) -> &'v str {
    value.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn number(value: &Value, key: &str, default: f64) -> Value {
    json!(value.get(key).and_then(Value::as_f64).unwrap_or(default))
}

fn redacted_entry(entry: &Value, p: &mut Placeholders) -> Value {
    let request = entry.get("request").unwrap_or(&Value::Null);
    let response = entry.get("response").unwrap_or(&Value::Null);
    let mut out = Map::new();
    out.insert(
        "startedDateTime".into(),
        json!(p.text(string(entry, "startedDateTime"))),
    );
    out.insert("time".into(), number(entry, "time", 0.0));
    out.insert("request".into(), redacted_request(request, p));
    out.insert("response".into(), redacted_response(response, p));
    out.insert("cache".into(), json!({}));
    let timings = entry.get("timings").unwrap_or(&Value::Null);
    let timings: Map<String, Value> = TIMINGS
        .iter()
        .filter(|t| ["send", "wait", "receive"].contains(t) || timings.get(**t).is_some())
        .map(|t| ((*t).to_owned(), number(timings, t, -1.0)))
        .collect();
    out.insert("timings".into(), Value::Object(timings));
    // What the request was (document, fetch): no secret, and what a reader needs first.
    if let Some(kind) = entry.get("_resourceType").and_then(Value::as_str) {
        out.insert("_resourceType".into(), json!(p.text(kind)));
    }
    Value::Object(out)
}

fn headers(
    value: &Value,
    p: &mut Placeholders,
    redact: fn(&mut Placeholders, &str, &str) -> String,
) -> Value {
    let list = value.get("headers").and_then(Value::as_array);
    Value::Array(
        list.into_iter()
            .flatten()
            .filter_map(|h| {
                let name = h.get("name")?.as_str()?;
                let value = redact(p, name, string(h, "value"));
                Some(json!({ "name": p.text(name), "value": value }))
            })
            .collect(),
    )
}

/// `cookies`: each one's value a placeholder; its attributes (path, domain, expiry, flags) are
/// no secret.
fn cookies(value: &Value, p: &mut Placeholders) -> Value {
    let list = value.get("cookies").and_then(Value::as_array);
    Value::Array(
        list.into_iter()
            .flatten()
            .filter_map(|c| {
                let name = c.get("name")?.as_str()?;
                let mut out = Map::new();
                out.insert("name".into(), json!(p.text(name)));
                out.insert("value".into(), json!(p.cookie(name, string(c, "value"))));
                for key in ["path", "domain", "expires", "sameSite"] {
                    if let Some(v) = c.get(key).and_then(Value::as_str) {
                        out.insert(key.into(), json!(p.text(v)));
                    }
                }
                for key in ["httpOnly", "secure"] {
                    if let Some(v) = c.get(key).and_then(Value::as_bool) {
                        out.insert(key.into(), json!(v));
                    }
                }
                Some(Value::Object(out))
            })
            .collect(),
    )
}

fn redacted_request(request: &Value, p: &mut Placeholders) -> Value {
    let url = p.url(string(request, "url"));
    let mut out = Map::new();
    out.insert("method".into(), json!(p.text(string(request, "method"))));
    out.insert(
        "httpVersion".into(),
        json!(p.text(string(request, "httpVersion"))),
    );
    out.insert(
        "headers".into(),
        headers(request, p, Placeholders::request_header),
    );
    out.insert("cookies".into(), cookies(request, p));
    // The query as the redacted URL has it: names, and the placeholders of their values.
    let query = url.split_once('?').map(|(_, q)| q).unwrap_or_default();
    let query: Vec<Value> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            json!({ "name": crate::url::decode(name, true), "value": value })
        })
        .collect();
    out.insert("queryString".into(), Value::Array(query));
    out.insert("url".into(), json!(url));
    out.insert("headersSize".into(), number(request, "headersSize", -1.0));
    out.insert("bodySize".into(), number(request, "bodySize", -1.0));
    if let Some(post) = request.get("postData").filter(|v| v.is_object()) {
        let mime = string(post, "mimeType");
        let mut data = Map::new();
        data.insert("mimeType".into(), json!(p.text(mime)));
        if let Some(text) = post.get("text").and_then(Value::as_str) {
            data.insert("text".into(), json!(p.request_body(mime, text)));
        }
        if let Some(params) = post.get("params").and_then(Value::as_array) {
            let params: Vec<Value> = params
                .iter()
                .filter_map(|f| {
                    let name = f.get("name")?.as_str()?;
                    let value = p.field(name, string(f, "value"), "FORM_");
                    Some(json!({ "name": p.text(name), "value": value }))
                })
                .collect();
            data.insert("params".into(), Value::Array(params));
        }
        out.insert("postData".into(), Value::Object(data));
    }
    Value::Object(out)
}

fn redacted_response(response: &Value, p: &mut Placeholders) -> Value {
    let status = response.get("status").and_then(Value::as_u64).unwrap_or(0);
    let mut out = Map::new();
    out.insert("status".into(), json!(status));
    out.insert(
        "statusText".into(),
        json!(p.text(string(response, "statusText"))),
    );
    out.insert(
        "httpVersion".into(),
        json!(p.text(string(response, "httpVersion"))),
    );
    out.insert(
        "headers".into(),
        headers(response, p, Placeholders::response_header),
    );
    out.insert("cookies".into(), cookies(response, p));
    let content = response.get("content").unwrap_or(&Value::Null);
    let mime = string(content, "mimeType");
    let mut kept = Map::new();
    kept.insert("size".into(), number(content, "size", -1.0));
    kept.insert("mimeType".into(), json!(p.text(mime)));
    if status >= 400
        && let Some(text) = body_text(content)
    {
        let cut: String = text.chars().take(BODY_LIMIT).collect();
        kept.insert("text".into(), json!(p.response_body(mime, &cut)));
    }
    out.insert("content".into(), Value::Object(kept));
    let redirect = string(response, "redirectURL");
    let redirect = if redirect.contains("://") {
        p.url(redirect)
    } else {
        // A relative `Location`, as Chrome records it: a path and query.
        p.text(redirect.split(['?', '#']).next().unwrap_or_default())
    };
    out.insert("redirectURL".into(), json!(redirect));
    out.insert("headersSize".into(), number(response, "headersSize", -1.0));
    out.insert("bodySize".into(), number(response, "bodySize", -1.0));
    Value::Object(out)
}

/// A body's text, decoded when the exporter wrote it in base64; `None` for bytes that are no
/// UTF-8 text.
fn body_text(content: &Value) -> Option<String> {
    let text = content.get("text")?.as_str()?;
    if content.get("encoding").and_then(Value::as_str) == Some("base64") {
        let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        return String::from_utf8(crate::base64::decode(&compact)?).ok();
    }
    Some(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> Value {
        json!({
            "startedDateTime": "2026-12-07T10:00:00.000Z",
            "time": 12.5,
            "_resourceType": "fetch",
            "_initiator": { "type": "script", "url": "https://app.example.com/?sid=INIT-SECRET" },
            "serverIPAddress": "10.0.0.1",
            "request": {
                "method": "POST",
                "url": "https://api.example.com/token?client_id=app&code=CODE-SECRET-1",
                "httpVersion": "HTTP/1.1",
                "headers": [
                    { "name": "Authorization", "value": "Bearer ACCESS-SECRET-2" },
                    { "name": "Cookie", "value": "sid=COOKIE-SECRET-3" },
                    { "name": "Accept", "value": "application/json" }
                ],
                "cookies": [{ "name": "sid", "value": "COOKIE-SECRET-3", "httpOnly": true }],
                "queryString": [{ "name": "code", "value": "CODE-SECRET-1" }],
                "postData": { "mimeType": "application/x-www-form-urlencoded", "text": "password=PASSWORD-SECRET-4&grant_type=password",
                              "params": [{ "name": "password", "value": "PASSWORD-SECRET-4" }] },
                "headersSize": -1, "bodySize": 44
            },
            "response": {
                "status": 401, "statusText": "Unauthorized", "httpVersion": "HTTP/1.1",
                "headers": [
                    { "name": "WWW-Authenticate", "value": "Bearer error=\"invalid_token\", error_description=\"token ACCESS-SECRET-2 expired\"" },
                    { "name": "Set-Cookie", "value": "sid=NEW-COOKIE-SECRET-5; Path=/; Secure" },
                    { "name": "Location", "value": "https://app.example.com/cb?code=CODE-SECRET-6" }
                ],
                "cookies": [{ "name": "sid", "value": "NEW-COOKIE-SECRET-5", "path": "/" }],
                "content": { "size": 60, "mimeType": "application/json",
                             "text": "{\"error\":\"invalid_token\",\"error_description\":\"ACCESS-SECRET-2 has expired\"}" },
                "redirectURL": "https://app.example.com/cb?code=CODE-SECRET-6",
                "headersSize": -1, "bodySize": 60
            },
            "cache": {}, "timings": { "send": 1, "wait": 10, "receive": 1.5, "_queued": 3 }
        })
    }

    #[test]
    fn the_export_keeps_the_shape_and_names_every_secret() {
        let e = entry();
        let text = redacted_har(&[&e], "0.1.0");
        for secret in [
            "CODE-SECRET",
            "ACCESS-SECRET",
            "COOKIE-SECRET",
            "PASSWORD-SECRET",
            "INIT-SECRET",
        ] {
            assert!(!text.contains(secret), "{secret} in\n{text}");
        }
        let har: Value = serde_json::from_str(&text).unwrap();
        let e = &har["log"]["entries"][0];
        assert_eq!(har["log"]["version"], "1.2");
        assert_eq!(
            e["request"]["url"],
            "https://api.example.com/token?client_id=app&code=$QUERY_code"
        );
        assert_eq!(
            e["request"]["queryString"],
            json!([{ "name": "client_id", "value": "app" }, { "name": "code", "value": "$QUERY_code" }])
        );
        assert_eq!(e["request"]["headers"][0]["value"], "Bearer $TOKEN");
        assert_eq!(e["request"]["headers"][1]["value"], "sid=$COOKIE_sid");
        assert_eq!(e["request"]["headers"][2]["value"], "application/json");
        assert_eq!(
            e["request"]["cookies"],
            json!([{ "name": "sid", "value": "$COOKIE_sid", "httpOnly": true }])
        );
        assert_eq!(
            e["request"]["postData"]["text"],
            "password=$PASSWORD&grant_type=password"
        );
        assert_eq!(e["request"]["postData"]["params"][0]["value"], "$PASSWORD");
        assert_eq!(
            e["response"]["headers"][0]["value"],
            "Bearer error=\"invalid_token\", error_description=\"token $TOKEN expired\""
        );
        assert_eq!(
            e["response"]["headers"][1]["value"],
            "sid=$COOKIE_sid_2; Path=/; Secure"
        );
        assert_eq!(
            e["response"]["headers"][2]["value"],
            "https://app.example.com/cb?code=$QUERY_code_2"
        );
        assert_eq!(
            e["response"]["redirectURL"],
            "https://app.example.com/cb?code=$QUERY_code_2"
        );
        assert_eq!(
            e["response"]["content"]["text"],
            "{\"error\":\"invalid_token\",\"error_description\":\"$TOKEN has expired\"}"
        );
        assert_eq!(
            e["timings"],
            json!({ "send": 1.0, "wait": 10.0, "receive": 1.5 })
        );
        assert_eq!(e["_resourceType"], "fetch");
        assert!(e.get("_initiator").is_none() && e.get("serverIPAddress").is_none());
    }

    #[test]
    fn a_later_request_names_a_secret_an_earlier_body_echoed() {
        let mut first = entry();
        first["response"]["content"]["text"] = json!("hello LATER-TOKEN-SECRET-7");
        let mut second = entry();
        second["request"]["headers"][0]["value"] = json!("Bearer LATER-TOKEN-SECRET-7");
        let text = redacted_har(&[&first, &second], "0.1.0");
        assert!(!text.contains("LATER-TOKEN-SECRET"), "{text}");
        assert!(text.contains("hello $TOKEN_2"), "{text}");
    }

    #[test]
    fn bodies_of_successes_go_and_base64_bodies_are_read() {
        let mut ok = entry();
        ok["response"]["status"] = json!(200);
        let mut encoded = entry();
        encoded["response"]["content"] = json!({ "size": 5, "mimeType": "text/plain", "encoding": "base64", "text": "aGVsbG8=" });
        let har: Value = serde_json::from_str(&redacted_har(&[&ok, &encoded], "0.1.0")).unwrap();
        assert!(
            har["log"]["entries"][0]["response"]["content"]
                .get("text")
                .is_none()
        );
        assert_eq!(
            har["log"]["entries"][1]["response"]["content"]["text"],
            "hello"
        );
    }
}

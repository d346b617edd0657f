//! HAR files (HTTP Archive 1.2, <http://www.softwareishard.com/blog/har-12-spec/>) as browsers
//! and debugging proxies export them, read one entry at a time into the hops the core judges.
//!
//! The file is streamed: only the entry being read is in memory, so a 100 MB capture costs
//! what its largest entry costs. Each entry becomes a [`Hop`] (an [`crate::Event`] and the
//! flow fields): request and response headers, the first [`BODY_LIMIT`] characters of the
//! response body (decoded from base64 when the exporter encoded it), a POSTed form's fields,
//! where a redirect went, and what the request was (document, frame, script).
//!
//! Dialects met in real exports, and how each is read:
//! - Chrome (`creator.name` `WebInspector`): `_resourceType`, `_initiator`, `redirectURL` as
//!   the raw `Location` (possibly relative), failed requests as status 0 with `_error`, and by
//!   default a "sanitized" export without `Cookie`, `Set-Cookie` and `Authorization`
//!   (devtools-frontend `front_end/models/har/Log.ts`).
//! - Firefox: no resource type (the request's `Sec-Fetch-Dest` says it), local-time offsets in
//!   `startedDateTime`, pages without titles.
//! - Safari (`WebKit Web Inspector`): `_fetchType` (how it was loaded, not what it is).
//! - Charles: no `pages`, `redirectURL: null`, `_charlesStatus`.
//! - Fiddler: `pages: null`, a byte-order mark.
//! - HTTP Toolkit: one page per client (`pageref` names it), `redirectURL` always empty
//!   (httptoolkit-ui `src/model/http/har.ts`).
//! - Slack's exports: headers as `[name, value]` pairs (mitmproxy `mitmproxy/io/har.py`).
//!
//! Errors name the field (`log.entries[3].response.status: expected a number`) or, for
//! broken JSON, the entry being read and the line and column.

use std::io::Read;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::event::{Event, Header};
use crate::flow::Hop;
use crate::url;

/// How much of a response body is kept: what the extension reads of one (its `BODY_LIMIT`).
pub const BODY_LIMIT: usize = 8192;

/// One entry of `log.entries`, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Its index in `log.entries`.
    pub index: usize,
    /// The tab or client it was recorded from, when the file tells them apart (see
    /// [`tab_of`]); `None` for a file that records one.
    pub tab: Option<String>,
    /// The request and its response, as the core reads them. A request that got no response
    /// (blocked, cancelled, a network error) has status 0 and its error in `hop.error`.
    pub hop: Hop,
    /// The request or its response showed a credential header (`Cookie`, `Authorization`,
    /// `Set-Cookie`) or a cookie in HAR's own lists: the exporter kept them.
    pub shows_credentials: bool,
}

/// The file's own facts, known once it is read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Log {
    /// `log.creator.name`: the tool that exported it.
    pub creator: Option<String>,
    /// How many entries it has.
    pub entries: usize,
}

/// Why a file cannot be read: where (a field's path, or a line and column) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HarError {
    /// `log.entries[3].response.status`, or `log.entries[3], line 12, column 5`.
    pub at: String,
    /// `expected a number`.
    pub problem: String,
}

impl std::fmt::Display for HarError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.problem)
    }
}

impl std::error::Error for HarError {}

/// Chrome's DevTools exports without credential headers unless asked for "sensitive data": a
/// file from it that shows none may have had them removed.
pub fn may_hide_credentials(creator: Option<&str>) -> bool {
    creator == Some("WebInspector")
}

/// Reads a HAR file, calling `each` with every entry in file order. `log.creator` is known
/// (in [`Log`]) from the entry after it; every exporter writes it first.
pub fn read(input: impl Read, each: &mut dyn FnMut(Entry, &Log)) -> Result<Log, HarError> {
    let mut state = State {
        each,
        log: Log::default(),
        entry: None,
        error: None,
        entries_seen: false,
    };
    let mut json = serde_json::Deserializer::from_reader(input);
    let outcome = Root(&mut state)
        .deserialize(&mut json)
        .and_then(|()| json.end());
    match outcome {
        Ok(()) if !state.entries_seen => Err(HarError {
            at: "log.entries".into(),
            problem: "missing: this is JSON but not a HAR file".into(),
        }),
        Ok(()) => Ok(state.log),
        Err(e) => Err(state
            .error
            .take()
            .unwrap_or_else(|| syntax(&e, state.entry))),
    }
}

/// Where the reading is, shared by the visitors below.
struct State<'e> {
    each: &'e mut dyn FnMut(Entry, &Log),
    log: Log,
    /// The entry being read, for errors in its JSON.
    entry: Option<usize>,
    /// A field's error, kept whole: serde's own errors would add a line and column to it.
    error: Option<HarError>,
    entries_seen: bool,
}

impl State<'_> {
    fn fail<E: de::Error>(&mut self, e: HarError) -> E {
        self.error = Some(e);
        E::custom("invalid HAR entry")
    }
}

/// A JSON syntax or I/O error, said in the reader's words.
fn syntax(e: &serde_json::Error, entry: Option<usize>) -> HarError {
    let place = format!("line {}, column {}", e.line(), e.column());
    let at = match entry {
        Some(i) => format!("log.entries[{i}], {place}"),
        None => place,
    };
    let problem = match e.classify() {
        serde_json::error::Category::Eof => "the file ends here (truncated?)".to_owned(),
        serde_json::error::Category::Io => format!("could not be read: {e}"),
        _ => {
            // serde_json ends its messages with " at line L column C", said above already.
            let message = e.to_string();
            let bare = message
                .rsplit_once(" at line ")
                .map_or(&*message, |(m, _)| m);
            if bare.starts_with("invalid type") {
                "not a HAR file (expected an object with log.entries)".to_owned()
            } else {
                format!("invalid JSON: {bare}")
            }
        }
    };
    HarError { at, problem }
}

struct Root<'s, 'e>(&'s mut State<'e>);

impl<'de> DeserializeSeed<'de> for Root<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Root<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a HAR file (an object with log.entries)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "log" {
                map.next_value_seed(LogSeed(&mut *self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct LogSeed<'s, 'e>(&'s mut State<'e>);

impl<'de> DeserializeSeed<'de> for LogSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for LogSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("the log object { creator, pages, entries }")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "creator" => {
                    let creator: Value = map.next_value()?;
                    self.0.log.creator = creator["name"].as_str().map(str::to_owned);
                }
                "entries" => {
                    map.next_value_seed(EntriesSeed(&mut *self.0))?;
                    self.0.entries_seen = true;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct EntriesSeed<'s, 'e>(&'s mut State<'e>);

impl<'de> DeserializeSeed<'de> for EntriesSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EntriesSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("log.entries: an array of entries")
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        let state = self.0;
        loop {
            let index = state.log.entries;
            state.entry = Some(index);
            let Some(value) = seq.next_element::<Value>()? else {
                break;
            };
            let entry = entry(index, &value, state.log.creator.as_deref())
                .map_err(|e| state.fail::<S::Error>(e))?;
            drop(value);
            state.log.entries += 1;
            (state.each)(entry, &state.log);
        }
        state.entry = None;
        Ok(())
    }
}

/// One entry's fields, each error naming its path.
struct Fields<'v> {
    object: &'v Map<String, Value>,
    path: String,
}

impl<'v> Fields<'v> {
    fn of(value: &'v Value, path: String) -> Result<Self, HarError> {
        match value {
            Value::Object(object) => Ok(Fields { object, path }),
            other => Err(HarError {
                at: path,
                problem: format!("expected an object, got {}", kind(other)),
            }),
        }
    }

    fn at(&self, key: &str) -> String {
        format!("{}.{key}", self.path)
    }

    fn error(&self, key: &str, problem: impl Into<String>) -> HarError {
        HarError {
            at: self.at(key),
            problem: problem.into(),
        }
    }

    /// A field that may be missing or null.
    fn get(&self, key: &str) -> Option<&'v Value> {
        self.object.get(key).filter(|v| !v.is_null())
    }

    fn object(&self, key: &str) -> Result<Fields<'v>, HarError> {
        let value = self
            .object
            .get(key)
            .ok_or_else(|| self.error(key, "missing"))?;
        Fields::of(value, self.at(key))
    }

    fn optional_object(&self, key: &str) -> Result<Option<Fields<'v>>, HarError> {
        self.get(key)
            .map(|v| Fields::of(v, self.at(key)))
            .transpose()
    }

    fn string(&self, key: &str) -> Result<&'v str, HarError> {
        match self.object.get(key) {
            Some(Value::String(s)) => Ok(s),
            Some(other) => Err(self.error(key, format!("expected a string, got {}", kind(other)))),
            None => Err(self.error(key, "missing")),
        }
    }

    fn optional_string(&self, key: &str) -> Result<Option<&'v str>, HarError> {
        match self.get(key) {
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(self.error(key, format!("expected a string, got {}", kind(other)))),
            None => Ok(None),
        }
    }

    fn array(&self, key: &str) -> Result<&'v [Value], HarError> {
        match self.get(key) {
            Some(Value::Array(items)) => Ok(items),
            Some(other) => Err(self.error(key, format!("expected an array, got {}", kind(other)))),
            None => Ok(&[]),
        }
    }

    /// `headers`: `{ name, value }` objects, or `[name, value]` pairs as Slack writes them.
    fn headers(&self, key: &str) -> Result<Vec<Header>, HarError> {
        let path = self.at(key);
        self.array(key)?
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let pair = match h {
                    Value::Object(o) => (o.get("name"), o.get("value")),
                    Value::Array(a) if a.len() == 2 => (a.first(), a.get(1)),
                    _ => (None, None),
                };
                match pair {
                    (Some(Value::String(name)), Some(Value::String(value))) => {
                        Ok(Header::new(name, value))
                    }
                    (Some(Value::String(name)), None | Some(Value::Null)) => Ok(Header {
                        name: name.clone(),
                        value: None,
                    }),
                    _ => Err(HarError {
                        at: format!("{path}[{i}]"),
                        problem: "expected a header { name, value }".into(),
                    }),
                }
            })
            .collect()
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Reads entry `index`.
fn entry(index: usize, value: &Value, creator: Option<&str>) -> Result<Entry, HarError> {
    let e = Fields::of(value, format!("log.entries[{index}]"))?;
    let request = e.object("request")?;
    let response = e.object("response")?;
    let url = request.string("url")?.to_owned();
    let method = request.string("method")?.to_owned();
    // RFC 9110 §9.1: method = token.
    if method.is_empty() || !method.bytes().all(crate::event::is_tchar) {
        // The value is not repeated: an error message must not carry what a field held.
        return Err(request.error("method", "not an HTTP method (a token)"));
    }
    if url.trim().is_empty() {
        return Err(request.error("url", "is empty"));
    }
    let request_headers = request.headers("headers")?;
    let response_headers = response.headers("headers")?;
    let status = match response.object.get("status") {
        Some(Value::Number(n)) => n
            .as_u64()
            .filter(|&s| s == 0 || (100..=599).contains(&s))
            .ok_or_else(|| response.error("status", format!("{n} is not an HTTP status")))?
            as u16,
        Some(_) => return Err(response.error("status", "expected a number")),
        None => return Err(response.error("status", "missing")),
    };
    let started = e.optional_string("startedDateTime")?;
    let time_stamp = started
        .map(|s| {
            started_ms(s).ok_or_else(|| e.error("startedDateTime", "not an ISO 8601 date and time"))
        })
        .transpose()?
        .map(|ms| {
            ms + e
                .get("time")
                .and_then(Value::as_f64)
                .filter(|t| *t > 0.0)
                .unwrap_or(0.0)
        });
    let body_text = match response.optional_object("content")? {
        Some(content) => body(&content)?,
        None => None,
    };
    let redirect_url = (300..400)
        .contains(&status)
        .then(|| {
            let given = response
                .optional_string("redirectURL")?
                .filter(|r| !r.is_empty());
            let location = response_headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case("location"))
                .and_then(|h| h.value.as_deref());
            Ok::<_, HarError>(given.or(location).map(|r| url::resolve(&url, r)))
        })
        .transpose()?
        .flatten();
    let form_data = match request.optional_object("postData")? {
        Some(post) => form(&post)?,
        None => None,
    };
    let error = response
        .optional_string("_error")?
        .filter(|e| !e.is_empty());
    let shows_credentials = request_headers.iter().any(|h| {
        ["cookie", "authorization"]
            .iter()
            .any(|n| h.name.eq_ignore_ascii_case(n))
    }) || response_headers
        .iter()
        .any(|h| h.name.eq_ignore_ascii_case("set-cookie"))
        || !request.array("cookies")?.is_empty()
        || !response.array("cookies")?.is_empty();
    let resource_type = resource_type(&e, &request_headers)?;
    let initiator = initiator(&e, &request_headers)?;
    let tab = tab_of(creator, e.optional_string("pageref")?);
    Ok(Entry {
        index,
        tab,
        hop: Hop {
            event: Event {
                url,
                method,
                status_code: status,
                resource_type: resource_type.map(str::to_owned),
                time_stamp,
                initiator,
                response_headers,
                request_headers: Some(request_headers),
                body_text,
                ..Event::default()
            },
            redirect_url,
            form_data,
            error: error.map(str::to_owned),
            ..Hop::default()
        },
        shows_credentials,
    })
}

/// The tab or client an entry belongs to. A browser's DevTools record one tab, whose pages
/// are its navigations (a sign-in crosses several): one trail. HTTP Toolkit names the client
/// (`Chrome 120 (Linux)`, `curl`) as the page: one trail each. Charles and Fiddler name none.
fn tab_of(creator: Option<&str>, pageref: Option<&str>) -> Option<String> {
    const DEVTOOLS: &[&str] = &["WebInspector", "Firefox", "WebKit Web Inspector"];
    if creator.is_some_and(|c| DEVTOOLS.contains(&c)) {
        return None;
    }
    pageref.map(str::to_owned)
}

/// What the request was, in webRequest's words: the browser's own `Sec-Fetch-Dest` first
/// (Fetch §3.2: every browser sends it to secure origins), then Chrome's `_resourceType`, then
/// an `Accept` that asks for HTML, which only navigations send. `None` when nothing says.
fn resource_type(e: &Fields, request_headers: &[Header]) -> Result<Option<&'static str>, HarError> {
    let header = |name: &str| {
        request_headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .and_then(|h| h.value.as_deref())
    };
    if let Some(dest) = header("sec-fetch-dest") {
        return Ok(Some(match dest.trim().to_ascii_lowercase().as_str() {
            "document" => "main_frame",
            "iframe" | "frame" | "fencedframe" => "sub_frame",
            "empty" => "xmlhttprequest",
            "script" | "worker" | "sharedworker" | "serviceworker" => "script",
            "style" => "stylesheet",
            "image" => "image",
            "font" => "font",
            "audio" | "video" | "track" => "media",
            "object" | "embed" => "object",
            _ => "other",
        }));
    }
    if let Some(chrome) = e.optional_string("_resourceType")? {
        return Ok(Some(match chrome {
            "document" => "main_frame",
            "xhr" | "fetch" | "eventsource" => "xmlhttprequest",
            "script" => "script",
            "stylesheet" => "stylesheet",
            "image" => "image",
            "font" => "font",
            "media" => "media",
            "websocket" => "websocket",
            "ping" => "ping",
            _ => "other",
        }));
    }
    Ok(header("accept")
        .is_some_and(|a| a.trim_start().starts_with("text/html"))
        .then_some("main_frame"))
}

/// The origin that made the request, as webRequest's `initiator` names it: Chrome's
/// `_initiator.url`, else the request's `Origin`, else its `Referer`.
fn initiator(e: &Fields, request_headers: &[Header]) -> Result<Option<String>, HarError> {
    let chrome = e
        .optional_object("_initiator")?
        .map(|i| i.optional_string("url"))
        .transpose()?
        .flatten();
    let header = |name: &str| {
        request_headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .and_then(|h| h.value.as_deref())
    };
    let url = chrome
        .or_else(|| header("origin").filter(|o| *o != "null"))
        .or_else(|| header("referer"));
    Ok(url.and_then(url::parse).map(|u| match u.port {
        Some(port) => format!("{}://{}:{port}", u.scheme, u.host),
        None => format!("{}://{}", u.scheme, u.host),
    }))
}

/// The start of the response body, as text.
fn body(content: &Fields) -> Result<Option<String>, HarError> {
    let Some(text) = content.optional_string("text")? else {
        return Ok(None);
    };
    let text = match content.optional_string("encoding")? {
        Some("base64") => {
            // Four characters make three bytes; a character of UTF-8 is at most four bytes.
            let wanted = (BODY_LIMIT * 4).div_ceil(3) * 4;
            let encoded: String = text
                .chars()
                .filter(|c| !c.is_ascii_whitespace())
                .take(wanted)
                .collect();
            let bytes = crate::base64::decode(&encoded)
                .ok_or_else(|| content.error("text", "not base64, as its encoding says"))?;
            String::from_utf8_lossy(&bytes).into_owned()
        }
        _ => text.to_owned(),
    };
    Ok(Some(text.chars().take(BODY_LIMIT).collect()))
}

/// A form's fields, each with its values, as webRequest's `formData` gives them.
type Form = Vec<(String, Vec<String>)>;

/// A POSTed form's fields: its urlencoded text (percent-decoded), or the exporter's `params`.
fn form(post: &Fields) -> Result<Option<Form>, HarError> {
    let mime = post.optional_string("mimeType")?.unwrap_or_default();
    let text = post.optional_string("text")?;
    if let Some(text) = text.filter(|_| {
        mime.to_ascii_lowercase()
            .starts_with("application/x-www-form-urlencoded")
    }) {
        return Ok(Some(url::form_fields(text)));
    }
    let params = post.array("params")?;
    if params.is_empty() {
        return Ok(None);
    }
    let path = post.at("params");
    let mut fields: Form = Vec::new();
    for (i, p) in params.iter().enumerate() {
        let p = Fields::of(p, format!("{path}[{i}]"))?;
        let name = p.string("name")?.to_owned();
        let value = p.optional_string("value")?.unwrap_or_default().to_owned();
        match fields.iter_mut().find(|(n, _)| *n == name) {
            Some((_, values)) => values.push(value),
            None => fields.push((name, vec![value])),
        }
    }
    Ok(Some(fields))
}

/// `startedDateTime` (ISO 8601 with a fraction and an offset, as every exporter writes it:
/// `2023-03-30T00:00:54.250Z`, `2023-03-29T16:58:59.303-07:00`) in ms since the epoch.
fn started_ms(value: &str) -> Option<f64> {
    let seconds = crate::date::parse_iso_extended(value)?;
    // The fraction of a second, which the date parser checks and leaves out.
    let fraction: String = value
        .split_once('.')
        .map(|(_, rest)| {
            rest.chars()
                .take_while(char::is_ascii_digit)
                .take(3)
                .collect()
        })
        .unwrap_or_default();
    let ms = format!("{fraction:0<3}").parse::<f64>().ok()?;
    Some(seconds as f64 * 1000.0 + ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The command line's HAR fixtures: each exporter's own shape (tests/cli/har/README.md).
    fn fixture(name: &str) -> String {
        let path = format!("{}/../tests/cli/har/{name}.har", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn entries(text: &str) -> Result<(Vec<Entry>, Log), HarError> {
        let mut all = Vec::new();
        let log = read(text.as_bytes(), &mut |e, _| all.push(e))?;
        Ok((all, log))
    }

    fn header<'a>(headers: &'a [Header], name: &str) -> Option<&'a str> {
        headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .and_then(|h| h.value.as_deref())
    }

    #[test]
    fn chrome_types_initiators_base64_bodies_and_failed_requests() {
        let (all, log) = entries(&fixture("chrome-spa-token-expired")).unwrap();
        assert_eq!(
            (log.creator.as_deref(), log.entries),
            (Some("WebInspector"), 3)
        );
        let [page, blocked, api] = &all[..] else {
            panic!("{all:?}")
        };
        assert_eq!(page.hop.event.resource_type.as_deref(), Some("main_frame"));
        assert!(
            page.hop
                .event
                .body_text
                .as_deref()
                .unwrap()
                .contains("<title>Your orders</title>"),
            "the base64 body is decoded"
        );
        assert_eq!(blocked.hop.event.status_code, 0);
        assert_eq!(
            blocked.hop.error.as_deref(),
            Some("net::ERR_BLOCKED_BY_CLIENT")
        );
        let e = &api.hop.event;
        assert_eq!(e.resource_type.as_deref(), Some("xmlhttprequest"));
        assert_eq!(e.initiator.as_deref(), Some("https://shop.example.com"));
        assert!(header(e.request_headers.as_deref().unwrap(), "authorization").is_some());
        assert!(api.shows_credentials && page.shows_credentials && !blocked.shows_credentials);
        assert_eq!(e.body_text, None, "Chrome writes no text for an empty body");
        // startedDateTime 17:35:01.900Z, time 84.2 ms.
        assert_eq!(e.time_stamp, Some(1_691_602_501_984.2));
        assert!(
            all.iter().all(|e| e.tab.is_none()),
            "one tab: DevTools records one"
        );
    }

    #[test]
    fn sanitized_chrome_shows_no_credentials() {
        let (all, log) = entries(&fixture("chrome-sanitized-token-expired")).unwrap();
        assert!(all.iter().all(|e| !e.shows_credentials));
        assert!(may_hide_credentials(log.creator.as_deref()));
        assert!(!may_hide_credentials(Some("Firefox")));
        let listed = r#"{"log":{"entries":[{"request":{"method":"GET","url":"https://a/","headers":[],"cookies":[{"name":"sid","value":"x"}]},"response":{"status":200,"headers":[],"cookies":[]}}]}}"#;
        let (all, _) = entries(listed).unwrap();
        assert!(all[0].shows_credentials, "a cookie in HAR's own list");
    }

    #[test]
    fn firefox_offsets_and_relative_locations() {
        let (all, _) = entries(&fixture("firefox-login-loop")).unwrap();
        assert_eq!(all.len(), 12);
        let first = &all[0].hop;
        // `2024-02-26T11:00:00.000+01:00` is the response's `Date: Mon, 26 Feb 2024 10:00:00 GMT`.
        let date = crate::date::parse_http_date("Mon, 26 Feb 2024 10:00:00 GMT").unwrap();
        assert_eq!(first.event.time_stamp, Some(date as f64 * 1000.0 + 41.0));
        assert_eq!(first.event.resource_type.as_deref(), Some("main_frame"));
        assert_eq!(
            first.redirect_url.as_deref(),
            Some("https://shop.example.com/login?returnUrl=%2Faccount"),
            "Firefox writes the raw Location"
        );
        assert_eq!(
            all[2].hop.event.initiator.as_deref(),
            Some("https://shop.example.com")
        );
    }

    #[test]
    fn charles_has_no_pages_and_null_redirects() {
        let (all, log) = entries(&fixture("charles-nextcloud-wrong-password")).unwrap();
        assert_eq!(log.creator.as_deref(), Some("Charles Proxy"));
        let e = &all[0];
        assert_eq!(
            (e.tab.as_deref(), e.hop.redirect_url.as_deref()),
            (None, None)
        );
        assert_eq!(e.hop.event.method, "PROPFIND");
        assert_eq!(e.hop.form_data, None, "an XML body is no form");
        assert!(
            e.hop
                .event
                .body_text
                .as_deref()
                .unwrap()
                .contains("NotAuthenticated")
        );
        assert_eq!(
            e.hop.event.resource_type, None,
            "a WebDAV client asks for no HTML"
        );
    }

    #[test]
    fn http_toolkit_names_its_clients_and_leaves_redirects_to_location() {
        let (all, _) = entries(&fixture("httptoolkit-redirect-uri-mismatch")).unwrap();
        let tabs: Vec<Option<&str>> = all.iter().map(|e| e.tab.as_deref()).collect();
        assert_eq!(
            tabs,
            vec![
                Some("Chrome 131.0.0.0 (Linux)"),
                Some("curl 8.5.0"),
                Some("Chrome 131.0.0.0 (Linux)")
            ]
        );
        assert!(
            all[0]
                .hop
                .redirect_url
                .as_deref()
                .unwrap()
                .starts_with("https://accounts.google.com/o/oauth2/v2/auth?client_id="),
            "redirectURL is empty; the Location header says it"
        );
    }

    #[test]
    fn safari_documents_are_known_by_what_they_accept() {
        let (all, log) = entries(&fixture("safari-wordpress-nonce")).unwrap();
        assert_eq!(log.creator.as_deref(), Some("WebKit Web Inspector"));
        assert_eq!(
            all[0].hop.event.resource_type.as_deref(),
            Some("main_frame")
        );
        assert_eq!(all[1].hop.event.resource_type, None);
        assert_eq!(
            all[1].hop.event.initiator.as_deref(),
            Some("https://blog.example.com")
        );
        assert_eq!(all[1].hop.event.status_code, 403);
    }

    #[test]
    fn forms_byte_order_marks_slack_headers_and_pages_null() {
        let har = r#"{"log":{"version":"1.2","creator":{"name":"Fiddler","version":"5.0"},"pages":null,"entries":[
            {"startedDateTime":"2024-02-26T10:00:00.123456+00:00","request":{"method":"POST","url":"https://sp.example/acs",
             "headers":[["Content-Type","application/x-www-form-urlencoded"],["Cookie",null]],
             "postData":{"mimeType":"application/x-www-form-urlencoded; charset=UTF-8","text":"SAMLResponse=PHg%2B&RelayState=a+b","params":[{"name":"SAMLResponse","value":"PHg%2B"}]}},
             "response":{"status":302,"headers":[{"name":"Location","value":"../home"}],"redirectURL":null,"content":{"size":0,"text":null}}},
            {"request":{"method":"POST","url":"https://a.example/login","headers":[],
             "postData":{"mimeType":"multipart/form-data; boundary=x","params":[{"name":"user","value":"alice"},{"name":"file","fileName":"a.txt"},{"name":"user","value":"bob"}]}},
             "response":{"status":200,"headers":[]}}]}}"#;
        let (all, _) = entries(har).unwrap();
        let post = &all[0].hop;
        assert_eq!(
            post.form_data.as_deref(),
            Some(
                &[
                    ("SAMLResponse".to_owned(), vec!["PHg+".to_owned()]),
                    ("RelayState".to_owned(), vec!["a b".to_owned()]),
                ][..]
            ),
            "the urlencoded text, decoded, before the exporter's params"
        );
        assert_eq!(
            post.redirect_url.as_deref(),
            Some("https://sp.example/home")
        );
        assert_eq!(post.event.time_stamp, Some(1_708_941_600_123.0));
        assert!(
            all[0].shows_credentials,
            "a Cookie header, even without a value"
        );
        assert_eq!(
            all[1].hop.form_data.as_deref(),
            Some(
                &[
                    (
                        "user".to_owned(),
                        vec!["alice".to_owned(), "bob".to_owned()]
                    ),
                    ("file".to_owned(), vec![String::new()]),
                ][..]
            )
        );
        assert_eq!(all[1].hop.event.time_stamp, None);
    }

    #[test]
    fn started_date_times_as_exporters_write_them() {
        let cases: &[(&str, Option<f64>)] = &[
            ("2023-03-30T00:00:54.250Z", Some(1_680_134_454_250.0)),
            ("2023-03-29T17:00:54.250-07:00", Some(1_680_134_454_250.0)),
            (
                "2023-12-12T16:23:16.067544+00:00",
                Some(1_702_398_196_067.0),
            ),
            ("2023-03-30T00:00:54Z", Some(1_680_134_454_000.0)),
            ("2023-03-30T05:30:54+05:30", Some(1_680_134_454_000.0)),
            ("2023-03-30 00:00:54", None),
            ("2023-03-30T00:00:54.x5Z", None),
            ("yesterday", None),
            ("", None),
        ];
        for (value, want) in cases {
            assert_eq!(started_ms(value), *want, "{value}");
        }
    }

    #[test]
    fn bad_files_name_the_field_or_the_line() {
        let entry = |request: &str, response: &str| {
            format!(r#"{{"log":{{"entries":[{{"request":{request},"response":{response}}}]}}}}"#)
        };
        let ok_request = r#"{"method":"GET","url":"https://a.example/","headers":[]}"#;
        let cases: Vec<(String, &str)> = vec![
            (
                entry(ok_request, r#"{"status":"401","headers":[]}"#),
                "log.entries[0].response.status: expected a number",
            ),
            (
                entry(ok_request, r#"{"headers":[]}"#),
                "log.entries[0].response.status: missing",
            ),
            (
                entry(ok_request, r#"{"status":70000,"headers":[]}"#),
                "log.entries[0].response.status: 70000 is not an HTTP status",
            ),
            (
                entry(ok_request, r#"{"status":600,"headers":[]}"#),
                "log.entries[0].response.status: 600 is not an HTTP status",
            ),
            (
                entry(r#"{"method":"GET /x","url":"https://a/"}"#, r#"{"status":401}"#),
                "log.entries[0].request.method: not an HTTP method (a token)",
            ),
            (
                entry(r#"{"method":"GET","url":" "}"#, r#"{"status":401}"#),
                "log.entries[0].request.url: is empty",
            ),
            (
                entry(ok_request, r#"{"status":401,"headers":{}}"#),
                "log.entries[0].response.headers: expected an array, got an object",
            ),
            (
                entry(
                    r#"{"method":"GET","url":"https://a.example/","headers":[{"name":"A","value":"1"},{"value":"x"}]}"#,
                    r#"{"status":401}"#,
                ),
                "log.entries[0].request.headers[1]: expected a header { name, value }",
            ),
            (
                entry(r#"{"method":"GET","url":7}"#, r#"{"status":401}"#),
                "log.entries[0].request.url: expected a string, got a number",
            ),
            (
                entry(
                    ok_request,
                    r#"{"status":401,"content":{"text":"%%%","encoding":"base64"}}"#,
                ),
                "log.entries[0].response.content.text: not base64, as its encoding says",
            ),
            (
                r#"{"log":{"entries":[{"request":{"method":"GET","url":"https://a/"}}]}}"#.into(),
                "log.entries[0].response: missing",
            ),
            (
                r#"{"log":{"entries":[{"startedDateTime":"yesterday","request":{"method":"GET","url":"https://a/"},"response":{"status":200}}]}}"#.into(),
                "log.entries[0].startedDateTime: not an ISO 8601 date and time",
            ),
            (
                r#"{"log":{"entries":[7]}}"#.into(),
                "log.entries[0]: expected an object, got a number",
            ),
            (
                r#"{"log":{"version":"1.2","pages":[]}}"#.into(),
                "log.entries: missing: this is JSON but not a HAR file",
            ),
            (r#"{"har":1}"#.into(), "log.entries: missing"),
            (
                r#"[1,2]"#.into(),
                "line 1, column 1: not a HAR file (expected an object with log.entries)",
            ),
            (
                r#"{"log":{"entries":{}}}"#.into(),
                "line 1, column 19: not a HAR file (expected an object with log.entries)",
            ),
            (
                r#"{"log":{"entries":[{"request":{"method":"GET",}}]}}"#.into(),
                "log.entries[0], line 1, column 47: invalid JSON: trailing comma",
            ),
            (
                format!("{}x", entry(ok_request, r#"{"status":200}"#)),
                "invalid JSON: trailing characters",
            ),
            (String::new(), "line 1, column 0: the file ends here (truncated?)"),
        ];
        for (json, want) in &cases {
            let got = entries(json).map(|_| ()).unwrap_err().to_string();
            assert!(got.contains(want), "{json}\n got: {got}\nwant: {want}");
        }
    }

    #[test]
    fn a_truncated_file_names_the_entry_it_ends_in() {
        let whole = fixture("chrome-spa-token-expired");
        let cut = &whole[..whole.find("\"_resourceType\": \"fetch\"").unwrap()];
        let mut seen = 0;
        let err = read(cut.as_bytes(), &mut |_, _| seen += 1).unwrap_err();
        assert_eq!(seen, 2, "the entries before the cut are read");
        assert!(err.at.starts_with("log.entries[2], line "), "{err}");
        assert_eq!(err.problem, "the file ends here (truncated?)");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// Any bytes: an error or entries, never a panic.
        #[test]
        fn never_panics_on_any_input(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let _ = read(&bytes[..], &mut |_, _| {});
        }

        /// A real file cut anywhere, or with one byte changed: an error or entries, never a panic.
        #[test]
        fn never_panics_on_a_damaged_file(cut in 0usize..9000, at in 0usize..9000, byte in proptest::prelude::any::<u8>()) {
            let mut bytes = fixture("chrome-spa-token-expired").into_bytes();
            let at = at % bytes.len();
            bytes[at] = byte;
            bytes.truncate(cut.min(bytes.len()));
            let _ = read(&bytes[..], &mut |_, _| {});
        }

        #[test]
        fn dates_never_panic(value in "\\PC{0,40}") {
            let _ = started_ms(&value);
        }
    }
}

//! What the browser saw of one failed request: the input of [`crate::diagnose`].

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};

/// One HTTP header field line as webRequest reports it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Header {
    /// Field name, any case.
    pub name: String,
    /// Field value; webRequest omits it for values it only has as bytes.
    #[serde(default)]
    pub value: Option<String>,
}

impl Header {
    /// A header line from a name and a value.
    pub fn new(name: &str, value: &str) -> Self {
        Header {
            name: name.into(),
            value: Some(value.into()),
        }
    }
}

/// One failed request, as the extension observed it. Field names follow webRequest
/// (camelCase in JavaScript); unknown fields such as `requestId` or `tabId` are ignored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Event {
    /// The request URL.
    pub url: String,
    /// The request method, e.g. `GET` or `OPTIONS`.
    pub method: String,
    /// The response status code.
    pub status_code: u16,
    /// webRequest resource type (`type`): `main_frame`, `sub_frame`, `xmlhttprequest`, ...
    pub resource_type: Option<String>,
    /// When the response arrived, in ms since the epoch by the local clock.
    pub time_stamp: Option<f64>,
    /// The origin that made the request.
    pub initiator: Option<String>,
    /// Response header lines, in order, repeated names kept.
    pub response_headers: Vec<Header>,
    /// Request header lines, when the browser showed them. Read, never kept.
    pub request_headers: Option<Vec<Header>>,
    /// The browser's own auth prompt fired for this request.
    pub auth_prompted: Option<bool>,
    /// A repeat failure after credentials were supplied.
    pub retried: Option<bool>,
    /// The first kilobytes of the response body, when the browser let us read it.
    pub body_text: Option<String>,
}

/// Why an event cannot be diagnosed; names the offending field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventError {
    /// The field, as named in the JavaScript contract (camelCase).
    pub field: &'static str,
    /// What is wrong with it.
    pub problem: String,
}

impl std::fmt::Display for EventError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid event: {}: {}", self.field, self.problem)
    }
}

impl std::error::Error for EventError {}

impl Event {
    /// Checks what deserialisation cannot: value ranges.
    pub fn validate(&self) -> Result<(), EventError> {
        let error = |field, problem: &str| {
            Err(EventError {
                field,
                problem: problem.into(),
            })
        };
        if !(100..=599).contains(&self.status_code) {
            return Err(EventError {
                field: "statusCode",
                problem: format!("{} is not an HTTP status", self.status_code),
            });
        }
        if self.url.trim().is_empty() {
            return error("url", "is empty");
        }
        // RFC 9110 §9.1: method = token.
        if self.method.is_empty() || !self.method.bytes().all(is_tchar) {
            return error("method", "is not an HTTP method token");
        }
        if self.time_stamp.is_some_and(|t| !t.is_finite()) {
            return error("timeStamp", "is not a finite number");
        }
        Ok(())
    }

    /// Values of every response header line called `name` (case-insensitive).
    pub fn response_header_values<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = &'a str> + 'a {
        header_values(&self.response_headers, name)
    }

    /// Values of every request header line called `name`, if request headers were seen.
    pub fn request_header_values<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = &'a str> + 'a {
        header_values(self.request_headers.as_deref().unwrap_or_default(), name)
    }
}

/// ASCII case-insensitive equality (header names, schemes, methods), kept out of line: with a
/// literal argument the compiler would otherwise unroll it at every call site.
#[inline(never)]
pub(crate) fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// RFC 9110 §5.6.2 `tchar`.
pub(crate) fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn header_values<'a>(headers: &'a [Header], name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    headers
        .iter()
        .filter(move |h| same(&h.name, name))
        .map(|h| h.value.as_deref().unwrap_or_default())
}

/// Hand-written so that every error names the field it is about: serde's derived errors say
/// "invalid type: string, expected u16" without saying where.
impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(EventVisitor)
    }
}

struct EventVisitor;

impl<'de> Visitor<'de> for EventVisitor {
    type Value = Event;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an event object { url, method, statusCode, responseHeaders, ... }")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Event, A::Error> {
        let mut fields = EventFields::default();
        while let Some(key) = map.next_key::<String>()? {
            if !fields.read(&key, &mut map)? {
                map.next_value::<IgnoredAny>()?;
            }
        }
        fields.finish(&["url", "method", "statusCode", "responseHeaders"])
    }
}

/// An event read field by field from a JS object; [`crate::flow`]'s hops are read the same way.
#[derive(Default)]
pub(crate) struct EventFields {
    event: Event,
    seen: Vec<&'static str>,
    /// Firefox's `originUrl`: the whole URL of the document that made the request, where
    /// Chrome gives `initiator`, its origin.
    origin_url: Option<String>,
}

impl EventFields {
    /// Reads the value of `key` if it is an event field; `false` for any other key, whose value
    /// the caller still has to take.
    pub(crate) fn read<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error> {
        let e = &mut self.event;
        let name = match key {
            "url" => {
                e.url = field(map, "url")?;
                "url"
            }
            "method" => {
                e.method = field(map, "method")?;
                "method"
            }
            "statusCode" => {
                e.status_code = field(map, "statusCode")?;
                "statusCode"
            }
            "responseHeaders" => {
                e.response_headers = field(map, "responseHeaders")?;
                "responseHeaders"
            }
            "type" => {
                e.resource_type = field(map, "type")?;
                "type"
            }
            "timeStamp" => {
                e.time_stamp = field(map, "timeStamp")?;
                "timeStamp"
            }
            "initiator" => {
                e.initiator = field(map, "initiator")?;
                "initiator"
            }
            "requestHeaders" => {
                e.request_headers = field(map, "requestHeaders")?;
                "requestHeaders"
            }
            "authPrompted" => {
                e.auth_prompted = field(map, "authPrompted")?;
                "authPrompted"
            }
            "retried" => {
                e.retried = field(map, "retried")?;
                "retried"
            }
            "bodyText" => {
                e.body_text = field(map, "bodyText")?;
                "bodyText"
            }
            "originUrl" => {
                self.origin_url = field(map, "originUrl")?;
                "originUrl"
            }
            _ => return Ok(false),
        };
        self.seen.push(name);
        Ok(true)
    }

    /// The event, once every field in `required` was there.
    pub(crate) fn finish<E: de::Error>(self, required: &[&'static str]) -> Result<Event, E> {
        if let Some(missing) = required.iter().find(|r| !self.seen.contains(r)) {
            return Err(de::Error::missing_field(missing));
        }
        let mut event = self.event;
        // Only the origin: the document's path and query are not the initiator's, and may
        // hold secrets (a callback's code).
        if event.initiator.is_none() {
            event.initiator = self.origin_url.as_deref().and_then(origin);
        }
        Ok(event)
    }
}

/// `scheme://host[:port]` of an absolute URL.
fn origin(url: &str) -> Option<String> {
    let u = crate::url::parse(url)?;
    let port = u.port.map(|p| format!(":{p}")).unwrap_or_default();
    Some(format!("{}://{}{port}", u.scheme, u.host))
}

/// Reads one field's value, prefixing any error with the field's name.
pub(crate) fn field<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    name: &str,
) -> Result<T, A::Error> {
    map.next_value().map_err(|e| named(name, e))
}

/// The error, prefixed with the field's name (out of line: one copy, not one per field type).
#[inline(never)]
pub(crate) fn named<E: de::Error>(name: &str, e: E) -> E {
    E::custom(format_args!("{name}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Event, String> {
        serde_json::from_str::<Event>(json).map_err(|e| e.to_string())
    }

    const OK: &str =
        r#""url":"https://a.example/","method":"GET","statusCode":401,"responseHeaders":[]"#;

    #[test]
    fn bad_input_names_the_field() {
        let cases: &[(&str, &str)] = &[
            (
                r#"{"method":"GET","statusCode":401,"responseHeaders":[]}"#,
                "url",
            ),
            (
                r#"{"url":"https://a/","statusCode":401,"responseHeaders":[]}"#,
                "method",
            ),
            (
                r#"{"url":"https://a/","method":"GET","responseHeaders":[]}"#,
                "statusCode",
            ),
            (
                r#"{"url":"https://a/","method":"GET","statusCode":401}"#,
                "responseHeaders",
            ),
            (
                r#"{"url":"https://a/","method":"GET","statusCode":"401","responseHeaders":[]}"#,
                "statusCode",
            ),
            (
                r#"{"url":"https://a/","method":"GET","statusCode":70000,"responseHeaders":[]}"#,
                "statusCode",
            ),
            (
                r#"{"url":7,"method":"GET","statusCode":401,"responseHeaders":[]}"#,
                "url",
            ),
            (
                r#"{"url":"https://a/","method":"GET","statusCode":401,"responseHeaders":{}}"#,
                "responseHeaders",
            ),
            (
                r#"{"url":"https://a/","method":"GET","statusCode":401,"responseHeaders":[{"value":"x"}]}"#,
                "responseHeaders",
            ),
            (
                r#"{"url":"https://a/","method":"GET","statusCode":401,"responseHeaders":[{"name":1}]}"#,
                "responseHeaders",
            ),
            (
                r#"{"url":"https://a/","method":"GET","statusCode":401,"responseHeaders":[],"requestHeaders":"x"}"#,
                "requestHeaders",
            ),
            (
                r#"{"url":"https://a/","method":"GET","statusCode":401,"responseHeaders":[],"timeStamp":"now"}"#,
                "timeStamp",
            ),
            (
                r#"{"url":"https://a/","method":"GET","statusCode":401,"responseHeaders":[],"retried":"yes"}"#,
                "retried",
            ),
            (
                r#"{"url":"https://a/","method":"GET","statusCode":401,"responseHeaders":[],"authPrompted":1}"#,
                "authPrompted",
            ),
            (
                r#"{"url":"https://a/","method":"GET","statusCode":401,"responseHeaders":[],"bodyText":[]}"#,
                "bodyText",
            ),
            (
                r#"{"url":"https://a/","method":"GET","statusCode":401,"responseHeaders":[],"type":5}"#,
                "type",
            ),
            (
                r#"{"url":"https://a/","method":"GET","statusCode":401,"responseHeaders":[],"initiator":{}}"#,
                "initiator",
            ),
        ];
        for (json, field) in cases {
            let err = parse(json).unwrap_err();
            assert!(err.contains(field), "{json}: {err}");
        }
        assert!(parse("[]").is_err());
        assert!(parse("null").is_err());
    }

    #[test]
    fn range_errors_name_the_field() {
        let cases: &[(&str, &str)] = &[
            (
                r#"{"url":"https://a/","method":"GET","statusCode":42,"responseHeaders":[]}"#,
                "statusCode",
            ),
            (
                r#"{"url":" ","method":"GET","statusCode":401,"responseHeaders":[]}"#,
                "url",
            ),
            (
                r#"{"url":"https://a/","method":"","statusCode":401,"responseHeaders":[]}"#,
                "method",
            ),
            (
                r#"{"url":"https://a/","method":"G T","statusCode":401,"responseHeaders":[]}"#,
                "method",
            ),
        ];
        for (json, field) in cases {
            assert_eq!(
                parse(json).unwrap().validate().unwrap_err().field,
                *field,
                "{json}"
            );
        }
        let nan = Event {
            time_stamp: Some(f64::NAN),
            ..parse(&format!("{{{OK}}}")).unwrap()
        };
        assert_eq!(nan.validate().unwrap_err().field, "timeStamp");
    }

    #[test]
    fn optional_fields_may_be_null_absent_or_unknown() {
        let e = parse(&format!(
            r#"{{{OK},"type":null,"initiator":null,"requestHeaders":null,"requestId":"7","tabId":3,"frameId":0,"timeStamp":1.7e12}}"#
        ))
        .unwrap();
        assert_eq!(e.status_code, 401);
        assert_eq!(e.time_stamp, Some(1.7e12));
        assert!(e.request_headers.is_none() && e.resource_type.is_none());
        let binary = parse(&format!(
            r#"{{{OK},"requestHeaders":[{{"name":"X-Bin","binaryValue":[1,2]}}]}}"#
        ))
        .unwrap();
        assert_eq!(
            binary.request_header_values("x-bin").collect::<Vec<_>>(),
            vec![""]
        );
        assert!(binary.validate().is_ok());
    }

    #[test]
    fn firefoxs_origin_url_stands_for_the_initiator_as_its_origin() {
        let firefox = parse(&format!(
            r#"{{{OK},"originUrl":"https://app.example:8443/cb?code=s3cr3t-c0de#x","documentUrl":"https://app.example/"}}"#
        ))
        .unwrap();
        assert_eq!(
            firefox.initiator.as_deref(),
            Some("https://app.example:8443")
        );
        let both = parse(&format!(
            r#"{{"originUrl":"https://other.example/p",{OK},"initiator":"https://app.example"}}"#
        ))
        .unwrap();
        assert_eq!(both.initiator.as_deref(), Some("https://app.example"));
        let typed = parse(&format!(r#"{{{OK},"originUrl":"about:blank"}}"#)).unwrap();
        assert_eq!(typed.initiator, None);
        assert!(
            parse(&format!(r#"{{{OK},"originUrl":3}}"#))
                .unwrap_err()
                .contains("originUrl")
        );
    }
}

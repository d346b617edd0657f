//! What the browser saw of one failed request: the input of [`crate::diagnose`].

use serde::Deserialize;

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
        Header { name: name.into(), value: Some(value.into()) }
    }
}

/// One failed request, as the extension observed it. Field names follow webRequest.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// The request URL.
    pub url: String,
    /// The request method, e.g. `GET` or `OPTIONS`.
    pub method: String,
    /// The response status code.
    pub status_code: u16,
    /// webRequest resource type: `main_frame`, `sub_frame`, `xmlhttprequest`, ...
    #[serde(default, rename = "type")]
    pub resource_type: Option<String>,
    /// When the response arrived, in ms since the epoch by the local clock.
    #[serde(default)]
    pub time_stamp: Option<f64>,
    /// The origin that made the request.
    #[serde(default)]
    pub initiator: Option<String>,
    /// Response header lines, in order, repeated names kept.
    pub response_headers: Vec<Header>,
    /// Request header lines, when the browser showed them. Read, never kept.
    #[serde(default)]
    pub request_headers: Option<Vec<Header>>,
    /// The browser's own auth prompt fired for this request.
    #[serde(default)]
    pub auth_prompted: Option<bool>,
    /// A repeat failure after credentials were supplied.
    #[serde(default)]
    pub retried: Option<bool>,
    /// The first kilobytes of the response body, when the browser let us read it.
    #[serde(default)]
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
        if !(100..=599).contains(&self.status_code) {
            return Err(EventError { field: "statusCode", problem: format!("{} is not an HTTP status", self.status_code) });
        }
        if self.method.is_empty() {
            return Err(EventError { field: "method", problem: "is empty".into() });
        }
        Ok(())
    }

    /// Values of every response header line called `name` (case-insensitive).
    pub fn response_header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        header_values(&self.response_headers, name)
    }

    /// Values of every request header line called `name`, if request headers were seen.
    pub fn request_header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        header_values(self.request_headers.as_deref().unwrap_or_default(), name)
    }
}

fn header_values<'a>(headers: &'a [Header], name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    headers
        .iter()
        .filter(move |h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.as_deref().unwrap_or_default())
}

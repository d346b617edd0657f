//! What the browser saw of a sign-in in one tab: the input of [`crate::diagnose_flow`].

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::event::{Event, EventError, EventFields, field, named};

/// One tab's trail of hops, in the order the browser saw them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flow {
    /// The hops: requests with their responses, redirects included.
    pub hops: Vec<Hop>,
    /// The browser's own third-party cookie setting, when the shell knows it.
    pub third_party_cookies_blocked: Option<bool>,
}

/// One request and its response within a flow: an [`Event`] (whose `method` defaults to `GET`
/// and `responseHeaders` to none) and where the hop sits in the tab.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hop {
    /// The request and its response, as the event pipeline reads them.
    pub event: Event,
    /// For a redirect: where the browser went next, fragment included.
    pub redirect_url: Option<String>,
    /// The fields of a POSTed form, each with its values. Read, never kept.
    pub form_data: Option<Vec<(String, Vec<String>)>>,
    /// The frame: 0 is the tab's top frame.
    pub frame_id: Option<i64>,
    /// The frame that holds this one (-1 or absent for the top frame).
    pub parent_frame_id: Option<i64>,
    /// The browser's network error, when the request ended in one
    /// (`net::ERR_TOO_MANY_REDIRECTS`, `NS_ERROR_REDIRECT_LOOP`).
    pub error: Option<String>,
    /// For a request that carried no cookie: the (unpartitioned) cookies the browser holds for
    /// its URL, which it kept from the request. Names and `SameSite` only.
    pub stored_cookies: Option<Vec<StoredCookie>>,
}

/// A cookie the browser holds, as its cookies API describes it (names only, never values).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredCookie {
    /// The cookie's name.
    pub name: String,
    /// `no_restriction`, `lax`, `strict` or `unspecified` (the cookies API's `SameSiteStatus`).
    #[serde(default)]
    pub same_site: Option<String>,
}

impl Flow {
    /// Checks what deserialisation cannot: each hop's values. The error's `problem` names
    /// the hop and the field: `hops[3].statusCode: 42 is not an HTTP status`.
    pub fn validate(&self) -> Result<(), EventError> {
        for (i, hop) in self.hops.iter().enumerate() {
            hop.event.validate().map_err(|e| EventError {
                field: e.field,
                problem: format!("hops[{i}].{}: {}", e.field, e.problem),
            })?;
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Flow {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(FlowVisitor)
    }
}

struct FlowVisitor;

impl<'de> Visitor<'de> for FlowVisitor {
    type Value = Flow;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a flow object { hops: [...], thirdPartyCookiesBlocked? }")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Flow, A::Error> {
        let mut flow = Flow::default();
        let mut hops = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "hops" => {
                    flow.hops = map
                        .next_value_seed(HopsSeed)
                        .map_err(|e| named("hops", e))?;
                    hops = true;
                }
                "thirdPartyCookiesBlocked" => {
                    flow.third_party_cookies_blocked = field(&mut map, "thirdPartyCookiesBlocked")?
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !hops {
            return Err(de::Error::missing_field("hops"));
        }
        Ok(flow)
    }
}

/// The `hops` array, each error prefixed with the hop's index.
struct HopsSeed;

impl<'de> DeserializeSeed<'de> for HopsSeed {
    type Value = Vec<Hop>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Hop>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for HopsSeed {
    type Value = Vec<Hop>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of hops")
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Vec<Hop>, S::Error> {
        let mut hops = Vec::new();
        loop {
            let i = hops.len();
            match seq.next_element::<Hop>() {
                Ok(Some(hop)) => hops.push(hop),
                Ok(None) => return Ok(hops),
                Err(e) => return Err(named(&format!("[{i}]"), e)),
            }
        }
    }
}

impl<'de> Deserialize<'de> for Hop {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(HopVisitor)
    }
}

struct HopVisitor;

impl<'de> Visitor<'de> for HopVisitor {
    type Value = Hop;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a hop object { url, statusCode, ... }")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Hop, A::Error> {
        let mut fields = EventFields::default();
        let mut hop = Hop::default();
        while let Some(key) = map.next_key::<String>()? {
            if fields.read(&key, &mut map)? {
                continue;
            }
            match key.as_str() {
                "redirectUrl" => hop.redirect_url = field(&mut map, "redirectUrl")?,
                "formData" => {
                    hop.form_data = map
                        .next_value::<Option<Form>>()
                        .map_err(|e| named("formData", e))?
                        .map(|f| f.0)
                }
                "frameId" => hop.frame_id = field(&mut map, "frameId")?,
                "parentFrameId" => hop.parent_frame_id = field(&mut map, "parentFrameId")?,
                "error" => hop.error = field(&mut map, "error")?,
                "storedCookies" => hop.stored_cookies = field(&mut map, "storedCookies")?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        hop.event = fields.finish(&["url", "statusCode"])?;
        if hop.event.method.is_empty() {
            hop.event.method = "GET".into();
        }
        Ok(hop)
    }
}

/// `formData` as webRequest gives it, `{ name: [values] }`; a lone string stands for one value.
struct Form(Vec<(String, Vec<String>)>);

impl<'de> Deserialize<'de> for Form {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(FormVisitor)
    }
}

struct FormVisitor;

impl<'de> Visitor<'de> for FormVisitor {
    type Value = Form;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object of form fields { name: [values] }")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Form, A::Error> {
        let mut fields = Vec::new();
        while let Some(name) = map.next_key::<String>()? {
            let values = map.next_value::<Values>().map_err(|e| named(&name, e))?;
            fields.push((name, values.0));
        }
        Ok(Form(fields))
    }
}

/// A form field's values: an array of strings, or one string.
struct Values(Vec<String>);

impl<'de> Deserialize<'de> for Values {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValuesVisitor)
    }
}

struct ValuesVisitor;

impl<'de> Visitor<'de> for ValuesVisitor {
    type Value = Values;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string or an array of strings")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Values, E> {
        Ok(Values(vec![v.to_owned()]))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Values, E> {
        Ok(Values(vec![v]))
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Values, S::Error> {
        let mut values = Vec::new();
        while let Some(v) = seq.next_element::<String>()? {
            values.push(v);
        }
        Ok(Values(values))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Flow, String> {
        let flow = serde_json::from_str::<Flow>(json).map_err(|e| e.to_string())?;
        flow.validate()
            .map_err(|e| format!("{}: {}", e.field, e.problem))?;
        Ok(flow)
    }

    #[test]
    fn a_hop_needs_only_a_url_and_a_status() {
        let f = parse(
            r#"{"hops":[{"url":"https://app.example/","statusCode":302,"redirectUrl":"https://idp.example/authorize?x#y","frameId":0,"parentFrameId":-1,"tabId":4}],"thirdPartyCookiesBlocked":true}"#,
        )
        .unwrap();
        let hop = &f.hops[0];
        assert_eq!(hop.event.method, "GET");
        assert!(hop.event.response_headers.is_empty());
        assert_eq!(
            hop.redirect_url.as_deref(),
            Some("https://idp.example/authorize?x#y")
        );
        assert_eq!((hop.frame_id, hop.parent_frame_id), (Some(0), Some(-1)));
        assert_eq!(f.third_party_cookies_blocked, Some(true));
        assert_eq!(parse(r#"{"hops":[]}"#).unwrap().hops.len(), 0);
    }

    #[test]
    fn form_fields_take_arrays_or_single_strings() {
        let f = parse(
            r#"{"hops":[{"url":"https://sp.example/acs","method":"POST","statusCode":200,"formData":{"SAMLResponse":["PHNhbWw+"],"RelayState":"x"}}]}"#,
        )
        .unwrap();
        assert_eq!(
            f.hops[0].form_data.as_deref(),
            Some(
                &[
                    ("SAMLResponse".to_owned(), vec!["PHNhbWw+".to_owned()]),
                    ("RelayState".to_owned(), vec!["x".to_owned()]),
                ][..]
            )
        );
    }

    #[test]
    fn bad_input_names_the_field_and_the_hop() {
        let cases: &[(&str, &[&str])] = &[
            (r#"{}"#, &["hops"]),
            (r#"{"hops":{}}"#, &["hops"]),
            (r#"{"hops":[{"statusCode":200}]}"#, &["hops", "[0]", "url"]),
            (
                r#"{"hops":[{"url":"https://a/","statusCode":200},{"url":"https://a/","statusCode":"302"}]}"#,
                &["hops", "[1]", "statusCode"],
            ),
            (
                r#"{"hops":[{"url":"https://a/","statusCode":200,"formData":{"a":[1]}}]}"#,
                &["hops", "[0]", "formData", "a"],
            ),
            (
                r#"{"hops":[{"url":"https://a/","statusCode":200,"frameId":"top"}]}"#,
                &["frameId"],
            ),
            (
                r#"{"hops":[{"url":"https://a/","statusCode":200,"redirectUrl":5}]}"#,
                &["redirectUrl"],
            ),
            (
                r#"{"hops":[],"thirdPartyCookiesBlocked":"yes"}"#,
                &["thirdPartyCookiesBlocked"],
            ),
            (
                r#"{"hops":[{"url":"https://a/","statusCode":200},{"url":"https://a/","statusCode":9}]}"#,
                &["statusCode", "hops[1]"],
            ),
            (
                r#"{"hops":[{"url":" ","statusCode":200}]}"#,
                &["url", "hops[0]"],
            ),
        ];
        for (json, words) in cases {
            let err = parse(json).unwrap_err();
            for w in *words {
                assert!(err.contains(w), "{json}: {err} lacks {w}");
            }
        }
    }
}

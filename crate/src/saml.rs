//! SAML 2.0 protocol messages as the browser carries them (SAML Bindings §3.4, §3.5), read for
//! what a diagnosis may say: the message's kind, its status, whether a sign-in was to be
//! passive, the assertion's validity window. Everything personal in it (the subject's NameID,
//! attribute values, the session index, the address it was issued to) comes out only as
//! secrets to scrub; nothing of the message is kept.
//!
//! Signatures are not checked (the service provider does that) and encrypted assertions are
//! not opened: their times are unknown.

use std::borrow::Cow;

use crate::date::parse_iso_extended;
use crate::xml::{self, Tag, Token};

/// The largest message read, decoded: real responses are a few kilobytes, signed ones with
/// many attributes a few dozen.
pub(crate) const MAX_MESSAGE: usize = 512 * 1024;

/// The most personal values kept for scrubbing; a response with more attribute values than
/// this is not a sign-in a browser carries.
const MAX_PERSONAL: usize = 256;

/// How a message travels in the browser's request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Binding {
    /// HTTP POST (§3.5.4): a form field holding the base64 of the XML, line breaks allowed.
    Post,
    /// HTTP Redirect (§3.4.4.1): a query value, percent-encoded base64 of the XML compressed
    /// with raw DEFLATE (RFC 1951).
    Redirect,
}

/// The protocol messages a browser carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `<samlp:AuthnRequest>` (Core §3.4.1): the service provider asks for a sign-in.
    AuthnRequest,
    /// `<samlp:Response>` (§3.3.3): the identity provider answers it.
    Response,
    /// `<samlp:LogoutRequest>` (§3.7.1).
    LogoutRequest,
    /// `<samlp:LogoutResponse>` (§3.7.2).
    LogoutResponse,
}

/// A response's `<samlp:Status>` (Core §3.2.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Status {
    /// The top-level code's last segment: `Success`, `Requester`, `Responder`,
    /// `VersionMismatch` (§3.2.2.2).
    pub top: String,
    /// The second-level code's, when there is one: `AuthnFailed`, `NoPassive`, `RequestDenied`…
    pub second: Option<String>,
    /// `<samlp:StatusMessage>`, whitespace collapsed, every word holding an `@` (an e-mail
    /// address, a user principal name) replaced by `…`.
    pub message: Option<String>,
}

/// A validity window (Core §2.5.1.2, §2.4.1.2), in Unix seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Window {
    /// Not valid before this instant.
    pub not_before: Option<i64>,
    /// Not valid at or after this instant.
    pub not_on_or_after: Option<i64>,
}

/// What a message says that a diagnosis may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Message {
    pub kind: Kind,
    /// A response's status.
    pub status: Option<Status>,
    /// An `AuthnRequest` with `IsPassive="true"`: the provider must not interact with the
    /// visitor, and answers `NoPassive` when it would have to (§3.4.1).
    pub is_passive: bool,
    /// When the sender says it wrote the message.
    pub issue_instant: Option<i64>,
    /// Where the sender meant it to go.
    pub destination: Option<String>,
    /// The response's assertion is encrypted (`<saml:EncryptedAssertion>`): its times are
    /// unknown.
    pub encrypted: bool,
    /// The assertion's `<saml:Conditions>`.
    pub conditions: Window,
    /// The bearer `<saml:SubjectConfirmationData>`.
    pub confirmation: Window,
    /// The personal values the message carries, for scrubbing: NameID and attribute value
    /// texts, the session index, the confirmed address, the `@` words of the status message.
    pub personal: Vec<String>,
}

impl Message {
    /// A response whose top-level status is `Success`; `None` for requests.
    pub(crate) fn succeeded(&self) -> Option<bool> {
        self.status.as_ref().map(|s| s.top == "Success")
    }

    /// When the assertion may be used: the later `NotBefore` and the earlier `NotOnOrAfter` of
    /// its conditions and its subject confirmation (Profiles §4.1.4.2 asks for both).
    pub(crate) fn window(&self) -> Window {
        let (a, b) = (self.conditions, self.confirmation);
        let pick = |x: Option<i64>, y: Option<i64>, f: fn(i64, i64) -> i64| match (x, y) {
            (Some(x), Some(y)) => Some(f(x, y)),
            (x, y) => x.or(y),
        };
        Window {
            not_before: pick(a.not_before, b.not_before, i64::max),
            not_on_or_after: pick(a.not_on_or_after, b.not_on_or_after, i64::min),
        }
    }
}

/// Why a message could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unreadable {
    /// The field was empty.
    Empty,
    /// More than [`MAX_MESSAGE`] bytes once decoded.
    TooLarge,
    /// Not base64.
    NotBase64,
    /// A Redirect-binding value that does not inflate.
    NotDeflate,
    /// XML that stops short: an unterminated tag, stray `<`, text before the root element.
    Malformed,
    /// A document type declaration, which no SAML message has; refused unread.
    Declaration,
    /// Well-formed enough, but not one of the four messages a browser carries.
    NotSaml,
}

/// Reads a message from the value of a `SAMLRequest` or `SAMLResponse` field, as `binding`
/// carries it. Tolerates the usual deviations: line breaks in the base64, and a POST value
/// that was compressed or a Redirect value that was not.
pub(crate) fn decode(value: &str, binding: Binding) -> Result<Message, Unreadable> {
    let value = match binding {
        Binding::Post => Cow::Borrowed(value),
        Binding::Redirect => Cow::Owned(crate::url::decode(value, false)),
    };
    if value.len() > MAX_MESSAGE * 2 {
        return Err(Unreadable::TooLarge);
    }
    let compact: String = value.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    if compact.is_empty() {
        return Err(Unreadable::Empty);
    }
    let bytes = crate::base64::decode(&compact).ok_or(Unreadable::NotBase64)?;
    let xml = match binding {
        Binding::Post if looks_like_xml(&bytes) => bytes,
        Binding::Post => inflate(&bytes)?,
        Binding::Redirect => match inflate(&bytes) {
            Err(Unreadable::NotDeflate) if looks_like_xml(&bytes) => bytes,
            inflated => inflated?,
        },
    };
    if xml.len() > MAX_MESSAGE {
        return Err(Unreadable::TooLarge);
    }
    read(&String::from_utf8_lossy(&xml))
}

/// Whether `bytes` start like an XML document: a `<` after an optional byte order mark and
/// whitespace.
fn looks_like_xml(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<')
}

/// Raw DEFLATE, stopped at [`MAX_MESSAGE`]: a small value cannot inflate into a large cost.
fn inflate(bytes: &[u8]) -> Result<Vec<u8>, Unreadable> {
    use miniz_oxide::inflate::{TINFLStatus, decompress_to_vec_with_limit};
    decompress_to_vec_with_limit(bytes, MAX_MESSAGE).map_err(|e| match e.status {
        TINFLStatus::HasMoreOutput => Unreadable::TooLarge,
        _ => Unreadable::NotDeflate,
    })
}

/// Reads a message from its XML.
pub(crate) fn read(doc: &str) -> Result<Message, Unreadable> {
    let mut tokens = xml::scan(doc);
    let root = loop {
        match tokens.next() {
            Some(Ok(Token::Start(tag))) => break tag,
            Some(Ok(Token::Text(t)))
                if t.decoded().trim_start_matches('\u{FEFF}').trim().is_empty() => {}
            Some(Err(xml::Error::Declaration)) => return Err(Unreadable::Declaration),
            Some(Ok(Token::End(_) | Token::Text(_)) | Err(_)) => return Err(Unreadable::Malformed),
            None => return Err(Unreadable::NotSaml),
        }
    };
    let kind = match root.local_name() {
        "AuthnRequest" => Kind::AuthnRequest,
        "Response" => Kind::Response,
        "LogoutRequest" => Kind::LogoutRequest,
        "LogoutResponse" => Kind::LogoutResponse,
        _ => return Err(Unreadable::NotSaml),
    };
    let mut reader = Reader {
        message: Message {
            kind,
            status: None,
            is_passive: false,
            issue_instant: None,
            destination: None,
            encrypted: false,
            conditions: Window::default(),
            confirmation: Window::default(),
            personal: Vec::new(),
        },
        depth: 1,
        status: Open::default(),
        open_codes: 0,
        codes: [None, None],
        status_message: Open::default(),
        status_text: None,
        personal: Open::default(),
        conditions_seen: false,
        confirmation_seen: false,
    };
    reader.root(&root);
    if !root.empty {
        for token in tokens {
            match token {
                Ok(Token::Start(tag)) => reader.start(&tag),
                Ok(Token::End(name)) => reader.end(name),
                Ok(Token::Text(text)) => reader.text(&text.decoded()),
                Err(xml::Error::Declaration) => return Err(Unreadable::Declaration),
                Err(_) => return Err(Unreadable::Malformed),
            }
            if reader.depth == 0 {
                break;
            }
        }
        if reader.depth > 0 {
            return Err(Unreadable::Malformed);
        }
    }
    Ok(reader.finish())
}

/// An element the scan may be inside: the depth it opened at, and its text so far (the text
/// of elements nested in it included).
#[derive(Default)]
struct Open {
    at: Option<usize>,
    text: String,
}

impl Open {
    fn enter(&mut self, depth: usize) {
        self.at.get_or_insert(depth);
    }

    fn inside(&self) -> bool {
        self.at.is_some()
    }

    fn text(&mut self, text: &str) {
        if self.inside() {
            self.text.push_str(text);
        }
    }

    /// Its whole text, once the scan is back at `depth` above it.
    fn leave(&mut self, depth: usize) -> Option<String> {
        let closed = self.at.is_some_and(|at| depth < at);
        closed.then(|| {
            self.at = None;
            std::mem::take(&mut self.text)
        })
    }
}

/// The scan's state: how deep it is, and which of the elements that matter it is inside.
struct Reader {
    message: Message,
    /// Elements open, the root included.
    depth: usize,
    /// The response's `<samlp:Status>`.
    status: Open,
    /// `<samlp:StatusCode>` elements open inside it, and the first two levels' values.
    open_codes: usize,
    codes: [Option<String>; 2],
    status_message: Open,
    /// The first status message's text.
    status_text: Option<String>,
    /// A `<saml:NameID>` or `<saml:AttributeValue>`: its whole text is personal.
    personal: Open,
    conditions_seen: bool,
    confirmation_seen: bool,
}

impl Reader {
    fn root(&mut self, tag: &Tag) {
        let m = &mut self.message;
        for (name, value) in tag.attributes() {
            match name {
                "IssueInstant" => m.issue_instant = parse_iso_extended(value),
                "Destination" => m.destination = Some(xml::decode(value).trim().to_owned()),
                "IsPassive" => m.is_passive = matches!(value.trim(), "true" | "1"),
                _ => {}
            }
        }
    }

    fn start(&mut self, tag: &Tag) {
        if !tag.empty {
            self.depth += 1;
        }
        let depth = self.depth;
        match tag.local_name() {
            "Status" if depth == 2 && !tag.empty => self.status.enter(depth),
            "StatusCode" if self.status.inside() => {
                if let Some(slot @ None) = self.codes.get_mut(self.open_codes) {
                    *slot = tag.attribute("Value").map(|v| code(&v).to_owned());
                }
                if !tag.empty {
                    self.open_codes += 1;
                }
            }
            "StatusMessage" if self.status.inside() && !tag.empty => {
                self.status_message.enter(depth)
            }
            "NameID" | "AttributeValue" if !tag.empty => self.personal.enter(depth),
            "EncryptedAssertion" => self.message.encrypted = true,
            "Conditions" if !self.conditions_seen => {
                self.conditions_seen = true;
                self.message.conditions = window(tag);
            }
            "SubjectConfirmationData" if !self.confirmation_seen => {
                self.confirmation_seen = true;
                self.message.confirmation = window(tag);
                self.personal_attribute(tag, "Address");
            }
            "AuthnStatement" => self.personal_attribute(tag, "SessionIndex"),
            _ => {}
        }
    }

    fn personal_attribute(&mut self, tag: &Tag, name: &str) {
        if let Some(v) = tag.attribute(name) {
            self.personal(v.trim());
        }
    }

    fn personal(&mut self, value: &str) {
        if !value.is_empty() && self.message.personal.len() < MAX_PERSONAL {
            self.message.personal.push(value.to_owned());
        }
    }

    fn end(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        if name == "StatusCode" && self.status.inside() {
            self.open_codes = self.open_codes.saturating_sub(1);
        }
        if let Some(text) = self.personal.leave(self.depth) {
            self.personal(text.trim());
        }
        if let Some(text) = self.status_message.leave(self.depth) {
            self.status_text.get_or_insert(text);
        }
        self.status.leave(self.depth);
    }

    fn text(&mut self, text: &str) {
        self.personal.text(text);
        self.status_message.text(text);
    }

    fn finish(mut self) -> Message {
        let message = self.status_text.take().unwrap_or_default();
        let mut words: Vec<String> = Vec::new();
        for w in message.split_whitespace() {
            // An address in brackets or before a comma: the address goes, the punctuation stays.
            // An `@` among the punctuation (`(a@b@)`) takes the whole word with it.
            let Some(address) = crate::redact::address_in(w) else {
                words.push(if w.contains('@') {
                    "…".into()
                } else {
                    w.to_owned()
                });
                continue;
            };
            self.personal(address);
            let bare = w.replacen(address, "…", 1);
            words.push(if bare.contains('@') {
                "…".into()
            } else {
                bare
            });
        }
        let message = words.join(" ");
        let responds = matches!(self.message.kind, Kind::Response | Kind::LogoutResponse);
        let [top, second] = std::mem::take(&mut self.codes);
        self.message.status = match top {
            Some(top) if responds => Some(Status {
                top,
                second,
                message: (!message.is_empty()).then_some(message),
            }),
            _ => None,
        };
        self.message
    }
}

/// A status code's name: the last segment of its URI
/// (`urn:oasis:names:tc:SAML:2.0:status:Responder` → `Responder`).
fn code(uri: &str) -> &str {
    let uri = uri.trim();
    uri.rsplit([':', '/', '#'])
        .find(|s| !s.is_empty())
        .unwrap_or(uri)
}

/// A tag's `NotBefore` and `NotOnOrAfter`.
fn window(tag: &Tag) -> Window {
    let mut w = Window::default();
    for (name, value) in tag.attributes() {
        match name {
            "NotBefore" => w.not_before = parse_iso_extended(value),
            "NotOnOrAfter" => w.not_on_or_after = parse_iso_extended(value),
            _ => {}
        }
    }
    w
}

#[cfg(test)]
pub(crate) mod tests;

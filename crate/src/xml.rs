//! A tag scanner for SAML protocol messages: just enough XML to find elements by their local
//! name, read their attributes and text, and never more.
//!
//! It walks the document once, front to back: start tags (`<p:Name a="v">`, `<p:Name/>`), end
//! tags and the text between them, each as a [`Token`] borrowed from the input. Comments and
//! processing instructions are skipped; a CDATA section is text taken as it is.
//!
//! Deliberately not a parser (XML 1.0 §2–4):
//! - Names are not checked against the Name production and end tags are not matched to start
//!   tags: the caller counts the elements it cares about. Deep nesting therefore costs nothing.
//! - Namespaces are not resolved: an element is known by its local name, whatever its prefix
//!   (`samlp:Response`, `saml2p:Response` and a default-namespace `Response` alike).
//! - A document type declaration (`<!DOCTYPE`, and with it every entity declaration) is
//!   refused: a SAML message has no use for one, SAML libraries refuse them too (python3-saml
//!   parses with `forbid_dtd=True`), and an entity never expanded is an XML bomb that costs
//!   nothing.
//! - Only the five predefined entities and character references are decoded (§4.6, §4.1);
//!   any other `&name;` stays as written.
//!
//! Every byte is looked at a bounded number of times, so time is linear in the input whatever
//! it holds (unterminated tags, megabytes of `<`): the scanner stops at the first thing it
//! cannot read instead of trying again further on.

use std::borrow::Cow;

/// One piece of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    /// A start tag, or an empty-element tag (`<a/>`), which no [`Token::End`] follows.
    Start(Tag<'a>),
    /// An end tag: the element's local name.
    End(&'a str),
    /// Character data between tags.
    Text(Text<'a>),
}

/// A start tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tag<'a> {
    /// The qualified name, `samlp:Response`.
    name: &'a str,
    /// Everything between the name and the closing `>` or `/>`.
    attributes: &'a str,
    /// An empty-element tag: no content, no end tag.
    pub empty: bool,
}

/// Character data: text between tags (entities still encoded) or a CDATA section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Text<'a> {
    raw: &'a str,
    cdata: bool,
}

/// Why the scanner stopped before the end of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Error {
    /// A tag, comment, CDATA section or processing instruction that never ends.
    Unterminated,
    /// `<` followed by something that starts no tag (`< a`, `<=`).
    Malformed,
    /// A document type declaration (`<!DOCTYPE`, `<!ENTITY`): refused, never read.
    Declaration,
}

/// The tokens of `input`, in order; after an [`Error`] nothing more.
pub(crate) fn scan(input: &str) -> Scanner<'_> {
    Scanner {
        input,
        pos: 0,
        done: false,
    }
}

/// Iterates over the tokens of a document; see [`scan`].
pub(crate) struct Scanner<'a> {
    input: &'a str,
    pos: usize,
    done: bool,
}

impl<'a> Iterator for Scanner<'a> {
    type Item = Result<Token<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done && self.pos < self.input.len() {
            let result = self.step();
            match result {
                Ok(Some(token)) => return Some(Ok(token)),
                Ok(None) => {}
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        None
    }
}

impl<'a> Scanner<'a> {
    /// Reads what starts at `pos`: a token, or `None` for something skipped (a comment, a
    /// processing instruction).
    fn step(&mut self) -> Result<Option<Token<'a>>, Error> {
        let rest = &self.input[self.pos..];
        if !rest.starts_with('<') {
            let len = find(rest, "<").unwrap_or(rest.len());
            self.pos += len;
            return Ok(Some(Token::Text(Text {
                raw: &rest[..len],
                cdata: false,
            })));
        }
        if let Some(body) = rest.strip_prefix("<!--") {
            self.pos += 4 + find(body, "-->").ok_or(Error::Unterminated)? + 3;
            return Ok(None);
        }
        if let Some(body) = rest.strip_prefix("<![CDATA[") {
            let len = find(body, "]]>").ok_or(Error::Unterminated)?;
            self.pos += 9 + len + 3;
            return Ok(Some(Token::Text(Text {
                raw: &body[..len],
                cdata: true,
            })));
        }
        if rest.starts_with("<!") {
            return Err(Error::Declaration);
        }
        if let Some(body) = rest.strip_prefix("<?") {
            self.pos += 2 + find(body, "?>").ok_or(Error::Unterminated)? + 2;
            return Ok(None);
        }
        if let Some(body) = rest.strip_prefix("</") {
            let len = find(body, ">").ok_or(Error::Unterminated)?;
            self.pos += 2 + len + 1;
            return Ok(Some(Token::End(local(body[..len].trim_end()))));
        }
        let body = &rest[1..];
        let name_len = body
            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
            .unwrap_or(body.len());
        examined(name_len);
        if name_len == 0 || body[..name_len].contains(['<', '=', '"', '\'']) {
            return Err(Error::Malformed);
        }
        let len = tag_end(&body[name_len..]).ok_or(Error::Unterminated)?;
        let inside = &body[name_len..name_len + len];
        self.pos += 1 + name_len + len + 1;
        let (attributes, empty) = match inside.strip_suffix('/') {
            Some(a) => (a, true),
            None => (inside, false),
        };
        Ok(Some(Token::Start(Tag {
            name: &body[..name_len],
            attributes,
            empty,
        })))
    }
}

/// Where the tag's `>` is: the first one outside a quoted attribute value. A `<` before it
/// means the tag never ended (what follows is another tag): unterminated.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, b) in s.bytes().enumerate() {
        match (quote, b) {
            (None, b'>') => {
                examined(i + 1);
                return Some(i);
            }
            (None, b'<') => {
                examined(i + 1);
                return None;
            }
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            _ => {}
        }
    }
    examined(s.len());
    None
}

/// The offset of `needle` in `hay`, counting what was looked at.
fn find(hay: &str, needle: &str) -> Option<usize> {
    let at = hay.find(needle);
    examined(at.map_or(hay.len(), |i| i + needle.len()));
    at
}

/// A qualified name without its prefix: `samlp:Response` → `Response`.
fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

impl<'a> Tag<'a> {
    /// The element's name without its namespace prefix.
    pub(crate) fn local_name(&self) -> &'a str {
        local(self.name)
    }

    /// The attributes in document order: name as written (with its prefix, if any) and value
    /// with entities still encoded (see [`decode`]). Stops at the first malformed one.
    pub(crate) fn attributes(&self) -> Attributes<'a> {
        Attributes {
            rest: self.attributes,
        }
    }

    /// The value of the attribute named exactly `name` (SAML's own attributes are
    /// unqualified), entities decoded.
    pub(crate) fn attribute(&self, name: &str) -> Option<Cow<'a, str>> {
        self.attributes()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| decode(v))
    }
}

/// Iterates over a tag's attributes; see [`Tag::attributes`].
pub(crate) struct Attributes<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Attributes<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let s = self
            .rest
            .trim_start_matches(|c: char| c.is_ascii_whitespace());
        let name_len = s
            .find(|c: char| c.is_ascii_whitespace() || c == '=')
            .unwrap_or(s.len());
        let (name, after) = s.split_at(name_len);
        let after = after.trim_start_matches(|c: char| c.is_ascii_whitespace());
        let value = after
            .strip_prefix('=')?
            .trim_start_matches(|c: char| c.is_ascii_whitespace());
        let quote = value.chars().next().filter(|q| matches!(q, '"' | '\''))?;
        let body = &value[1..];
        let len = body.find(quote)?;
        examined(self.rest.len() - body.len() + len + 1);
        self.rest = &body[len + 1..];
        (!name.is_empty()).then_some((name, &body[..len]))
    }
}

impl<'a> Text<'a> {
    /// The text with entities decoded (a CDATA section is taken as written).
    pub(crate) fn decoded(&self) -> Cow<'a, str> {
        if self.cdata {
            Cow::Borrowed(self.raw)
        } else {
            decode(self.raw)
        }
    }
}

/// The longest entity reference worth reading: `&#x10FFFF;` and `&#1114111;` are 10 bytes.
const MAX_REFERENCE: usize = 10;

/// `raw` with the predefined entities (`&amp;` `&lt;` `&gt;` `&quot;` `&apos;`) and character
/// references (`&#233;`, `&#xE9;`) decoded. Anything else after `&` stays as written: an
/// unknown entity, a reference to a character XML does not allow, a stray ampersand.
pub(crate) fn decode(raw: &str) -> Cow<'_, str> {
    if !raw.contains('&') {
        examined(raw.len());
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        // A reference is letters, digits and `#` up to its `;`: stop at anything else.
        let name_len = rest.as_bytes()[1..]
            .iter()
            .take(MAX_REFERENCE)
            .position(|&b| !(b.is_ascii_alphanumeric() || b == b'#'))
            .unwrap_or(rest.len().min(MAX_REFERENCE + 1) - 1);
        examined(at + name_len + 2);
        let decoded = (rest.as_bytes().get(1 + name_len) == Some(&b';'))
            .then(|| reference(&rest[1..1 + name_len]))
            .flatten();
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[name_len + 2..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    examined(rest.len());
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character an entity reference (between `&` and `;`) stands for.
fn reference(name: &str) -> Option<char> {
    let code = match name {
        "amp" => return Some('&'),
        "lt" => return Some('<'),
        "gt" => return Some('>'),
        "quot" => return Some('"'),
        "apos" => return Some('\''),
        _ => {
            let (digits, radix) = match name.strip_prefix("#x") {
                Some(hex) => (hex, 16),
                None => (name.strip_prefix('#')?, 10),
            };
            // `from_str_radix` would take a sign, which XML does not.
            if !digits.chars().all(|c| c.is_digit(radix)) {
                return None;
            }
            u32::from_str_radix(digits, radix).ok()?
        }
    };
    // XML 1.0 §2.2 Char: no NUL, no other C0 control but tab, line feed and carriage return.
    let allowed = code >= 0x20 || matches!(code, 0x9 | 0xA | 0xD);
    char::from_u32(code).filter(|_| allowed)
}

#[cfg(test)]
thread_local! {
    static EXAMINED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Counts bytes looked at, for the linearity tests; nothing outside tests.
#[inline(always)]
fn examined(_bytes: usize) {
    #[cfg(test)]
    EXAMINED.with(|c| c.set(c.get() + _bytes));
}

/// The bytes looked at on this thread since the last call.
#[cfg(test)]
pub(crate) fn take_examined() -> usize {
    EXAMINED.with(|c| c.replace(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens as short strings: `<Name a=v …/>`, `</Name>`, `"text"`, `!error`.
    fn render(input: &str) -> Vec<String> {
        scan(input)
            .map(|t| match t {
                Ok(Token::Start(tag)) => {
                    let attrs: String = tag
                        .attributes()
                        .map(|(n, v)| format!(" {n}={}", decode(v)))
                        .collect();
                    let close = if tag.empty { "/" } else { "" };
                    format!("<{}{attrs}{close}>", tag.local_name())
                }
                Ok(Token::End(name)) => format!("</{name}>"),
                Ok(Token::Text(text)) => format!("{:?}", text.decoded()),
                Err(e) => format!("!{e:?}"),
            })
            .collect()
    }

    #[test]
    fn tags_by_local_name_with_attributes_and_text() {
        let doc = r#"<?xml version="1.0" encoding="UTF-8"?>
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID='_a1' Destination=
"https://sp.example/acs?a=1&amp;b=2"><Issuer xmlns="urn:oasis:names:tc:SAML:2.0:assertion">
 https://idp.example/</Issuer><samlp:Status><samlp:StatusCode
 Value="urn:oasis:names:tc:SAML:2.0:status:Responder"/><!-- a > comment --></samlp:Status></samlp:Response >"#;
        assert_eq!(
            render(doc),
            [
                "\"\\n\"",
                "<Response xmlns:samlp=urn:oasis:names:tc:SAML:2.0:protocol ID=_a1 Destination=https://sp.example/acs?a=1&b=2>",
                "<Issuer xmlns=urn:oasis:names:tc:SAML:2.0:assertion>",
                "\"\\n https://idp.example/\"",
                "</Issuer>",
                "<Status>",
                "<StatusCode Value=urn:oasis:names:tc:SAML:2.0:status:Responder/>",
                "</Status>",
                "</Response>",
            ]
        );
    }

    #[test]
    fn quoted_values_may_hold_markup() {
        assert_eq!(
            render(r#"<a x="1>2" y='"<'>t</a>"#),
            ["<a x=1>2 y=\"<>", "\"t\"", "</a>"]
        );
        let tag = scan(r#"<a p:x="1" x = "2"/>"#).next().unwrap().unwrap();
        let Token::Start(tag) = tag else {
            panic!("{tag:?}")
        };
        assert_eq!(tag.attribute("x").as_deref(), Some("2"));
        assert_eq!(tag.attribute("y"), None);
        assert!(tag.empty);
    }

    #[test]
    fn entities_and_character_references() {
        let cases: &[(&str, &str)] = &[
            ("a &amp; b", "a & b"),
            ("&lt;&gt;&quot;&apos;", "<>\"'"),
            ("caf&#233; &#xE9;&#X41;", "café é&#X41;"),
            ("&#128512;", "😀"),
            ("&nbsp; &bogus; & &;", "&nbsp; &bogus; & &;"),
            (
                "&#0; &#xD800; &#x110000; &#1;",
                "&#0; &#xD800; &#x110000; &#1;",
            ),
            ("&#9;", "\t"),
            ("&amp", "&amp"),
            ("&#000000000065;", "&#000000000065;"),
            ("&#+65; &#x+41; &#x;", "&#+65; &#x+41; &#x;"),
        ];
        for (raw, want) in cases {
            assert_eq!(decode(raw), *want, "{raw}");
        }
        assert!(matches!(decode("plain"), Cow::Borrowed("plain")));
    }

    #[test]
    fn cdata_is_text_as_written_and_comments_vanish() {
        assert_eq!(
            render("<a><![CDATA[x &amp; <y>]]><!--c--><?pi x?>z</a>"),
            ["<a>", "\"x &amp; <y>\"", "\"z\"", "</a>"]
        );
    }

    #[test]
    fn declarations_are_refused_not_read() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><lolz>&lol2;</lolz>"#;
        assert_eq!(render(bomb), ["!Declaration"]);
        assert_eq!(render("<a><!ENTITY x 'y'></a>"), ["<a>", "!Declaration"]);
    }

    #[test]
    fn broken_markup_stops_the_scan() {
        let cases: &[(&str, &[&str])] = &[
            ("<a", &["!Unterminated"]),
            ("<a x='1>", &["!Unterminated"]),
            ("<a <b>", &["!Unterminated"]),
            ("<a></a", &["<a>", "!Unterminated"]),
            ("<!-- x", &["!Unterminated"]),
            ("<![CDATA[x", &["!Unterminated"]),
            ("<?x", &["!Unterminated"]),
            ("< a>", &["!Malformed"]),
            ("<>", &["!Malformed"]),
            ("<=a>", &["!Malformed"]),
            ("x<", &["\"x\"", "!Malformed"]),
        ];
        for (input, want) in cases {
            assert_eq!(render(input), *want, "{input}");
        }
        assert_eq!(render(""), Vec::<String>::new());
        // A malformed attribute list ends the attributes, not the tag.
        assert_eq!(render("<a x y=1 z='2'>"), ["<a>"]);
    }

    /// Hostile input must cost a bounded number of looks per byte, whatever its shape. The
    /// count is the scanner's own (not a clock), so the check is exact on any machine.
    #[test]
    fn hostile_input_costs_linear_work() {
        const MB: usize = 1 << 20;
        let cases: Vec<(&str, String)> = vec![
            ("megabyte of <", "<".repeat(MB)),
            ("unterminated tags", "<a ".repeat(MB / 3)),
            ("deep nesting", "<a>".repeat(MB / 3)),
            ("empty elements", "<a/>".repeat(MB / 4)),
            ("open quote", format!("<a x=\"{}", "<b>".repeat(MB / 3))),
            ("attributes", format!("<a {}>", "x='1' ".repeat(MB / 6))),
            ("ampersands", format!("<a>{}</a>", "&".repeat(MB))),
            (
                "near-entities",
                format!("<a>{}</a>", "&#12345678".repeat(MB / 10)),
            ),
            ("entities", format!("<a x='{}'/>", "&amp;".repeat(MB / 5))),
            ("comment starts", "<!--".repeat(MB / 4)),
            ("pi starts", "<?".repeat(MB / 2)),
            ("end tags", "</".repeat(MB / 2)),
        ];
        for (what, input) in cases {
            take_examined();
            let mut tokens = 0usize;
            for token in scan(&input) {
                if let Ok(Token::Start(tag)) = token {
                    for (_, v) in tag.attributes() {
                        let _ = decode(v);
                    }
                }
                if let Ok(Token::Text(t)) = token {
                    let _ = t.decoded();
                }
                tokens += 1;
            }
            let work = take_examined();
            assert!(
                work <= 3 * input.len() + 16,
                "{what}: {work} looks for {} bytes ({tokens} tokens)",
                input.len()
            );
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_input_scans_without_panic_in_linear_work(
                input in prop::collection::vec(
                    prop::sample::select(vec!["<", ">", "/", "!", "?", "-", "[", "]", "'", "\"", "=", " ", "&", ";", "#", "x", "a", ":", "amp", "CDATA[", "é"]),
                    0..200,
                )
            ) {
                let input: String = input.concat();
                take_examined();
                let mut end = 0usize;
                for token in scan(&input) {
                    match token {
                        Ok(Token::Start(tag)) => {
                            prop_assert!(!tag.local_name().is_empty() || tag.name.ends_with(':'));
                            for (n, v) in tag.attributes() {
                                prop_assert!(!n.is_empty());
                                let _ = decode(v);
                            }
                        }
                        Ok(Token::Text(t)) => {
                            let _ = t.decoded();
                        }
                        Ok(Token::End(_)) => {}
                        Err(_) => end += 1,
                    }
                }
                prop_assert!(end <= 1, "nothing after an error");
                prop_assert!(take_examined() <= 3 * input.len() + 16);
            }

            #[test]
            fn written_elements_read_back(
                names in prop::collection::vec("[A-Za-z][A-Za-z0-9]{0,6}", 1..6),
                text in "[^<&]{0,20}",
                value in "[^<&\"]{0,20}",
            ) {
                let mut doc = String::new();
                for n in &names {
                    doc += &format!("<p:{n} v=\"{value}\">");
                }
                doc += &text;
                for n in names.iter().rev() {
                    doc += &format!("</p:{n}>");
                }
                let tokens: Vec<Token> = scan(&doc).collect::<Result<_, _>>().unwrap();
                let starts: Vec<&str> = tokens.iter().filter_map(|t| match t {
                    Token::Start(tag) => {
                        assert_eq!(tag.attribute("v").as_deref(), Some(value.as_str()));
                        Some(tag.local_name())
                    }
                    _ => None,
                }).collect();
                prop_assert_eq!(starts, names.iter().map(String::as_str).collect::<Vec<_>>());
                let texts: String = tokens.iter().filter_map(|t| match t {
                    Token::Text(t) => Some(t.decoded().into_owned()),
                    _ => None,
                }).collect();
                prop_assert_eq!(texts, text);
            }
        }
    }
}

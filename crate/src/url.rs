//! The few URL facts the classifier needs (RFC 3986 §3), read without allocating.

/// The parts of an absolute URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Url<'a> {
    /// Lower-case in practice (browsers normalise it): `https`, `http`, `ws`, ...
    pub scheme: &'a str,
    /// `user:password@`, without the `@`, if present.
    pub userinfo: Option<&'a str>,
    /// Host name or IP literal (IPv6 with its brackets), without the port.
    pub host: &'a str,
    /// `:port`, without the colon.
    pub port: Option<&'a str>,
    /// From the first `/` after the authority up to `?` or `#`.
    pub path: &'a str,
    /// After `?`, up to `#`.
    pub query: Option<&'a str>,
    /// After `#`.
    pub fragment: Option<&'a str>,
}

/// Splits an absolute URL into its parts, or `None` if it has no `scheme://authority`.
#[inline(never)]
pub(crate) fn parse(url: &str) -> Option<Url<'_>> {
    let (scheme, rest) = url.split_once("://")?;
    if scheme.is_empty()
        || !scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    {
        return None;
    }
    let (rest, fragment) = split_off(rest, '#');
    let (rest, query) = split_off(rest, '?');
    let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
    let (userinfo, hostport) = match authority.rfind('@') {
        Some(i) => (Some(&authority[..i]), &authority[i + 1..]),
        None => (None, authority),
    };
    let port_at = if hostport.starts_with('[') {
        hostport.find("]:").map(|i| i + 1)
    } else {
        hostport.rfind(':')
    };
    let (host, port) = match port_at {
        Some(i) => (&hostport[..i], Some(&hostport[i + 1..])),
        None => (hostport, None),
    };
    Some(Url {
        scheme,
        userinfo,
        host,
        port,
        path,
        query,
        fragment,
    })
}

fn split_off(s: &str, at: char) -> (&str, Option<&str>) {
    match s.split_once(at) {
        Some((head, tail)) => (head, Some(tail)),
        None => (s, None),
    }
}

impl<'a> Url<'a> {
    /// The value of query parameter `name` (not percent-decoded), if present.
    pub(crate) fn query_value(&self, name: &str) -> Option<&'a str> {
        self.query?.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (k == name).then_some(v)
        })
    }

    /// Loopback hosts count as secure contexts (W3C Secure Contexts §3.1), so plain http to
    /// them is not a transport risk.
    pub(crate) fn is_loopback(&self) -> bool {
        let host = self.host.to_ascii_lowercase();
        host == "localhost"
            || host.ends_with(".localhost")
            || host.starts_with("127.")
            || host == "[::1]"
    }
}

/// `value` percent-decoded (RFC 3986 §2.1), `+` read as a space when `form` (the
/// `application/x-www-form-urlencoded` of query strings and posted forms). Bytes that do not
/// make UTF-8 become U+FFFD; a `%` without two hex digits stays as it is.
#[inline(never)]
pub(crate) fn decode(value: &str, form: bool) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |at: usize| bytes.get(at).and_then(|d| (*d as char).to_digit(16));
        match (b, hex(i + 1), hex(i + 2)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
            (b'+', ..) if form => out.push(b' '),
            _ => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `reference` (a `Location` value) resolved against the absolute URL `base`, as RFC 3986 §5.2
/// does: absolute, scheme-relative (`//host/x`), absolute-path, query-only, and relative
/// paths with their dot segments removed. A base that is no absolute URL leaves the reference
/// as it is.
pub(crate) fn resolve(base: &str, reference: &str) -> String {
    let reference = reference.trim();
    let absolute = reference.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
            && scheme.as_bytes()[0].is_ascii_alphabetic()
    });
    let Some(b) = parse(base).filter(|_| !absolute) else {
        return reference.into();
    };
    let origin = match b.port {
        Some(port) => format!("{}://{}:{port}", b.scheme, b.host),
        None => format!("{}://{}", b.scheme, b.host),
    };
    if let Some(rest) = reference.strip_prefix("//") {
        return format!("{}://{rest}", b.scheme);
    }
    let base_path = if b.path.is_empty() { "/" } else { b.path };
    let (path, tail) = match reference.find(['?', '#']) {
        Some(i) => reference.split_at(i),
        None => (reference, ""),
    };
    let path = if path.starts_with('/') {
        path.to_owned()
    } else if path.is_empty() {
        // `?x` keeps the base's path; `#x` its query too (RFC 3986 §5.2.2).
        let query = match (tail.starts_with('#'), b.query) {
            (true, Some(q)) => format!("?{q}"),
            _ => String::new(),
        };
        return format!("{origin}{base_path}{query}{tail}");
    } else {
        format!(
            "{}{path}",
            &base_path[..base_path.rfind('/').map_or(0, |i| i + 1)]
        )
    };
    format!("{origin}{}{tail}", without_dot_segments(&path))
}

/// RFC 3986 §5.2.4: `/a/b/../c/./d` → `/a/c/d`.
fn without_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." if last => out.push(""),
            "." => {}
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}

/// An `application/x-www-form-urlencoded` body as webRequest's `formData` gives it: each
/// name once, with its values in order, percent-decoded.
#[cfg(any(test, not(target_arch = "wasm32")))]
pub(crate) fn form_fields(body: &str) -> Vec<(String, Vec<String>)> {
    let mut fields: Vec<(String, Vec<String>)> = Vec::new();
    for (name, value) in crate::oauth::pairs(body) {
        let (name, value) = (decode(name, true), decode(value, true));
        match fields.iter_mut().find(|(n, _)| *n == name) {
            Some((_, values)) => values.push(value),
            None => fields.push((name, vec![value])),
        }
    }
    fields
}

/// Second-level labels that registries under two-letter country codes sell names beneath
/// (`example.co.uk`, `example.com.au`, `example.or.jp`): the common part of the Public Suffix
/// List, which is too large to ship.
const SECOND_LEVELS: &[&str] = &[
    "ac", "co", "com", "edu", "go", "gob", "gov", "govt", "gv", "ltd", "mil", "ne", "net", "nic",
    "nom", "or", "org", "plc", "sch",
];

/// The registrable domain of `host` (the "site"): its last two labels, or three under a
/// country code's `co.uk`-like second level. IP literals and single labels stand for themselves.
#[inline(never)]
pub fn registrable_domain(host: &str) -> &str {
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.starts_with('[') || host.bytes().all(|c| c.is_ascii_digit() || c == b'.') {
        return host;
    }
    let mut labels = host.rsplit('.');
    let (tld, second) = (
        labels.next().unwrap_or_default(),
        labels.next().unwrap_or_default(),
    );
    let under_second_level =
        tld.len() == 2 && SECOND_LEVELS.iter().any(|s| s.eq_ignore_ascii_case(second));
    let keep = if under_second_level { 3 } else { 2 };
    let mut cut = host.len();
    for _ in 0..keep {
        match host[..cut].rfind('.') {
            Some(dot) => cut = dot,
            None => return host,
        }
    }
    &host[cut + 1..]
}

/// Whether two hosts belong to the same site (the same [`registrable_domain`]).
pub(crate) fn same_site(a: &str, b: &str) -> bool {
    crate::event::same(registrable_domain(a), registrable_domain(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts() {
        let u = parse("https://user:pw@api.example.com:8443/v1/items?a=1&access_token=xyz#frag")
            .unwrap();
        assert_eq!(
            (
                u.scheme, u.userinfo, u.host, u.port, u.path, u.query, u.fragment
            ),
            (
                "https",
                Some("user:pw"),
                "api.example.com",
                Some("8443"),
                "/v1/items",
                Some("a=1&access_token=xyz"),
                Some("frag")
            )
        );
        assert_eq!(u.query_value("access_token"), Some("xyz"));
        assert_eq!(u.query_value("b"), None);
        let v6 = parse("http://[::1]:8080").unwrap();
        assert_eq!((v6.host, v6.port, v6.path), ("[::1]", Some("8080"), ""));
        assert!(v6.is_loopback());
        assert!(parse("no scheme").is_none());
        assert!(parse("://x").is_none());
    }

    #[test]
    fn decoding() {
        let cases: &[(&str, bool, &str)] = &[
            ("a%20b+c", true, "a b c"),
            ("a%20b+c", false, "a b+c"),
            (
                "https%3A%2F%2Fapp.example%2Fcb",
                true,
                "https://app.example/cb",
            ),
            ("100%", true, "100%"),
            ("%zz%4", true, "%zz%4"),
            ("%E2%82%AC", false, "€"),
            ("%FF", false, "\u{FFFD}"),
            ("é%41", false, "éA"),
        ];
        for &(value, form, want) in cases {
            assert_eq!(decode(value, form), want, "{value}");
        }
    }

    #[test]
    fn references_resolve_as_rfc_3986_says() {
        let base = "https://app.example:8443/a/b/c?q=1#f";
        let cases: &[(&str, &str)] = &[
            (
                "https://idp.example/authorize?x=1",
                "https://idp.example/authorize?x=1",
            ),
            ("//cdn.example/x", "https://cdn.example/x"),
            ("/login?next=%2F", "https://app.example:8443/login?next=%2F"),
            ("d", "https://app.example:8443/a/b/d"),
            ("../d/./e", "https://app.example:8443/a/d/e"),
            ("../../../..", "https://app.example:8443/"),
            ("?x=2", "https://app.example:8443/a/b/c?x=2"),
            ("#top", "https://app.example:8443/a/b/c?q=1#top"),
            ("./", "https://app.example:8443/a/b/"),
            ("  /padded ", "https://app.example:8443/padded"),
            ("mailto:x@example", "mailto:x@example"),
        ];
        for (reference, want) in cases {
            assert_eq!(resolve(base, reference), *want, "{reference}");
        }
        assert_eq!(resolve("https://a.example", "x"), "https://a.example/x");
        assert_eq!(resolve("not a url", "/x"), "/x");
    }

    #[test]
    fn form_bodies_group_values_by_name() {
        assert_eq!(
            form_fields("SAMLResponse=PHg%2B&RelayState=a+b&a=1&a=2&flag"),
            vec![
                ("SAMLResponse".to_owned(), vec!["PHg+".to_owned()]),
                ("RelayState".to_owned(), vec!["a b".to_owned()]),
                ("a".to_owned(), vec!["1".to_owned(), "2".to_owned()]),
                ("flag".to_owned(), vec![String::new()]),
            ]
        );
        assert!(form_fields("").is_empty());
    }

    #[test]
    fn registrable_domains() {
        let cases: &[(&str, &str)] = &[
            ("a.b.example.co.uk", "example.co.uk"),
            ("www.abc.de", "abc.de"),
            ("news.bbc.co.uk", "bbc.co.uk"),
            ("shop.example.com.au", "example.com.au"),
            ("example.com", "example.com"),
            ("www.example.com.", "example.com"),
            ("localhost", "localhost"),
            ("app.localhost", "app.localhost"),
            ("127.0.0.1", "127.0.0.1"),
            ("[::1]", "[::1]"),
        ];
        for &(host, want) in cases {
            assert_eq!(registrable_domain(host), want, "{host}");
        }
    }

    #[test]
    fn sites() {
        let cases: &[(&str, &str, bool)] = &[
            ("app.example.com", "api.example.com", true),
            ("example.com", "www.example.com", true),
            ("a.example.co.uk", "b.example.co.uk", true),
            ("example.co.uk", "other.co.uk", false),
            ("example.com", "example.org", false),
            ("127.0.0.1", "localhost", false),
            ("127.0.0.1", "127.0.0.1", true),
            ("EXAMPLE.com.", "example.COM", true),
        ];
        for (a, b, want) in cases {
            assert_eq!(same_site(a, b), *want, "{a} {b}");
        }
    }
}

//! What curl printed, read into the hops the core judges: responses as `curl -i` prints them
//! (status line, headers, blank line, body; with `-L`, one after another, the redirects'
//! bodies left out), and `curl -v` transcripts, whose lines say what they are by their first
//! characters (curl's `lib/curl_trc.c`): `> ` the request line and headers sent, `< ` the
//! response's, `* ` curl's own notes, `{ `/`} ` data sizes; unmarked lines are the body (and,
//! with `-vi`, the response headers once more). Both are read the same way whether curl spoke
//! HTTP/1.1 (`HTTP/1.1 401 Unauthorized`) or HTTP/2 (`HTTP/2 401`, lower-case names).
//!
//! `curl -i` does not print the address it asked: the caller may know it (`base_url`), and a
//! redirect's `Location` gives the next one. `curl -v` says it (the `Host` header and the
//! request line, `Issue another request to this URL`, and whether TLS was spoken).

use std::io::BufRead;

use crate::event::{Event, Header, is_tchar};
use crate::flow::Hop;
use crate::har::BODY_LIMIT;
use crate::url;

/// A line longer than this is cut (a binary body without line breaks must not fill memory).
const MAX_LINE: usize = 64 * 1024;

/// One response read, with the request curl showed for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Exchange {
    /// The line of its status line, from 1.
    pub line: usize,
    /// The request and response; `hop.event.url` is empty when the input does not say it.
    pub hop: Hop,
}

/// Why the input cannot be read: the line and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranscriptError {
    /// From 1; 0 for the input as a whole.
    pub line: usize,
    /// `not a header line`.
    pub problem: String,
}

impl std::fmt::Display for TranscriptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            0 => f.write_str(&self.problem),
            n => write!(f, "line {n}: {}", self.problem),
        }
    }
}

impl std::error::Error for TranscriptError {}

/// Reads curl's output, calling `each` with every response in order; `base_url` is where a
/// `curl -i` input came from, when the caller knows it.
pub fn read(
    input: impl BufRead,
    base_url: Option<&str>,
    each: &mut dyn FnMut(Exchange),
) -> Result<usize, TranscriptError> {
    let mut lines = Lines {
        input,
        number: 0,
        buffer: Vec::new(),
    };
    // curl's own error (`curl -sS … 2>&1`) reaches the pipe first: stderr is not buffered.
    let mut said = None;
    let first = loop {
        match lines.next()? {
            None if said.is_some() => return Err(nothing_read(said)),
            None => {
                return Err(TranscriptError {
                    line: 0,
                    problem: "empty input".into(),
                });
            }
            Some(l) if l.trim().is_empty() => {}
            Some(l) => match CurlError::of(&l) {
                Some(e) => said = Some(e),
                None => break l,
            },
        }
    };
    let verbose = ["* ", "> ", "< ", "{ [", "} ["]
        .iter()
        .any(|p| first.starts_with(p))
        || first == "*"
        || first.starts_with("*   Trying");
    let mut reader = Reader {
        each,
        current: None,
        held: None,
        count: 0,
        said,
    };
    if verbose {
        reader.verbose(&mut lines, first)?;
    } else {
        reader.responses(&mut lines, first, base_url)?;
    }
    reader.flush();
    reader.finish();
    if reader.count == 0 {
        return Err(nothing_read(reader.said));
    }
    Ok(reader.count)
}

fn nothing_read(said: Option<CurlError>) -> TranscriptError {
    TranscriptError {
        line: 0,
        problem: match said {
            Some(e) => format!("no HTTP response in it; curl said “{}”", e.text),
            None => "no HTTP response in it (did curl reach the server?)".into(),
        },
    }
}

/// What curl printed when it gave up (`curl: (47) Maximum (50) redirects followed`); `-v`
/// notes the same words (`* Maximum (50) redirects followed`).
#[derive(Debug, Clone)]
struct CurlError {
    code: u16,
    /// `curl: (47) Maximum (50) redirects followed`.
    text: String,
}

/// curl's error for `--max-redirs` reached (CURLE_TOO_MANY_REDIRECTS).
const TOO_MANY_REDIRECTS: u16 = 47;

impl CurlError {
    fn of(line: &str) -> Option<Self> {
        let rest = line.strip_prefix("curl: (")?;
        let (code, _) = rest.split_once(") ")?;
        Some(CurlError {
            code: code.parse().ok()?,
            text: line.trim_end().to_owned(),
        })
    }

    /// The `-v` note of a chain cut short.
    fn of_note(note: &str) -> Option<Self> {
        let count = note
            .strip_prefix("Maximum (")?
            .strip_suffix(") redirects followed")?;
        count
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| CurlError {
                code: TOO_MANY_REDIRECTS,
                text: format!("curl: ({TOO_MANY_REDIRECTS}) {note}"),
            })
    }
}

/// The input's lines, numbered, without their line ends, each cut at [`MAX_LINE`] bytes.
struct Lines<R> {
    input: R,
    number: usize,
    buffer: Vec<u8>,
}

impl<R: BufRead> Lines<R> {
    /// The next line, without curl's progress meter; a line that held only the meter is
    /// skipped (its number still counts).
    fn next(&mut self) -> Result<Option<String>, TranscriptError> {
        loop {
            let Some(line) = self.next_raw()? else {
                return Ok(None);
            };
            if let Some(line) = without_meter(line) {
                return Ok(Some(line));
            }
        }
    }

    fn next_raw(&mut self) -> Result<Option<String>, TranscriptError> {
        self.buffer.clear();
        let mut read_any = false;
        loop {
            let available = self.input.fill_buf().map_err(|e| TranscriptError {
                line: self.number + 1,
                problem: format!("could not be read: {e}"),
            })?;
            if available.is_empty() {
                break;
            }
            read_any = true;
            let (take, done) = match available.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (available.len(), false),
            };
            let room = MAX_LINE.saturating_sub(self.buffer.len());
            self.buffer.extend_from_slice(&available[..take.min(room)]);
            self.input.consume(take);
            if done {
                break;
            }
        }
        if !read_any {
            return Ok(None);
        }
        self.number += 1;
        while matches!(self.buffer.last(), Some(b'\n' | b'\r')) {
            self.buffer.pop();
        }
        Ok(Some(String::from_utf8_lossy(&self.buffer).into_owned()))
    }

    fn error(&self, problem: &str) -> TranscriptError {
        TranscriptError {
            line: self.number,
            problem: problem.into(),
        }
    }
}

/// The headings of curl's progress meter (lib/progress.c), which `curl … 2>&1` without `-s`
/// mixes into what it prints.
const METER_HEADINGS: [&str; 2] = [
    "% Total    % Received % Xferd  Average Speed   Time    Time     Time  Current",
    "Dload  Upload   Total   Spent    Left  Speed",
];

/// Each update of the meter is a carriage return and this many columns: twelve fields of
/// percentages, sizes, speeds and times (`  0     0    0     0 … --:--:--     0`).
const METER_WIDTH: usize = 78;

fn is_meter(segment: &str) -> bool {
    let Some(columns) = segment.get(..METER_WIDTH) else {
        return false;
    };
    let fields: Vec<&str> = columns.split_whitespace().collect();
    columns
        .bytes()
        .all(|b| b == b' ' || b.is_ascii_digit() || b"kMGTP.:-".contains(&b))
        && fields.len() == 12
        && fields[8..11].iter().all(|t| t.contains(':'))
}

/// `line` without the meter's headings and updates; `None` when nothing else was on it. What
/// follows an update on its line (curl's next `*` note) stays.
fn without_meter(line: String) -> Option<String> {
    if METER_HEADINGS.contains(&line.trim()) {
        return None;
    }
    if !line.contains('\r') {
        return Some(line);
    }
    let mut segments = line.split('\r');
    let mut kept = segments.next().unwrap_or_default().to_owned();
    let mut metered = false;
    for segment in segments {
        if is_meter(segment) {
            metered = true;
            kept.push_str(&segment[METER_WIDTH..]);
        } else {
            kept.push('\r');
            kept.push_str(segment);
        }
    }
    (!metered || !kept.trim().is_empty()).then_some(kept)
}

/// The exchange being read and where the finished ones go.
struct Reader<'e> {
    each: &'e mut dyn FnMut(Exchange),
    current: Option<Exchange>,
    /// The last exchange read, held back until the input ends or another follows: curl's
    /// error, when it gave up on a chain, belongs to it.
    held: Option<Exchange>,
    count: usize,
    said: Option<CurlError>,
}

/// `HTTP/1.1 401 Unauthorized`, `HTTP/2 401`: the status.
fn status_of(line: &str) -> Option<u16> {
    let rest = line.strip_prefix("HTTP/")?;
    let (version, rest) = rest.split_once(' ')?;
    if version.is_empty() || !version.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    let code = rest.get(..3)?;
    let after = rest.as_bytes().get(3);
    (code.bytes().all(|b| b.is_ascii_digit()) && after.is_none_or(|&b| b == b' '))
        .then(|| code.parse().ok())
        .flatten()
        .filter(|s| (100..=599).contains(s))
}

/// `Name: value` (RFC 9110 §5.1: the name a token, no space before the colon).
fn header_of(line: &str) -> Option<Header> {
    let (name, value) = line.split_once(':')?;
    (!name.is_empty() && name.bytes().all(is_tchar)).then(|| Header::new(name, value.trim()))
}

impl Reader<'_> {
    /// Hands the exchange being read on, if it got a response.
    fn flush(&mut self) {
        if let Some(done) = self.current.take().filter(|e| e.hop.event.status_code != 0) {
            self.count += 1;
            if let Some(before) = self.held.replace(done) {
                (self.each)(before);
            }
        }
    }

    /// The input has ended: a chain curl stopped following ends in its words, as a browser's
    /// ends in its network error (`net::ERR_TOO_MANY_REDIRECTS`).
    fn finish(&mut self) {
        if let Some(mut last) = self.held.take() {
            if let Some(e) = self.said.as_ref().filter(|e| e.code == TOO_MANY_REDIRECTS)
                && last.hop.redirect_url.is_some()
            {
                last.hop.error = Some(e.text.clone());
            }
            (self.each)(last);
        }
    }

    /// A line of curl's own error, kept (the first one: curl stops at it); never a body's.
    fn curl_said(&mut self, line: &str) -> bool {
        let Some(e) = CurlError::of(line) else {
            return false;
        };
        self.said.get_or_insert(e);
        true
    }

    fn begin_response(&mut self, line: usize, status: u16, url: String) {
        self.current = Some(Exchange {
            line,
            hop: Hop {
                event: Event {
                    url,
                    method: "GET".into(),
                    status_code: status,
                    ..Event::default()
                },
                ..Hop::default()
            },
        });
    }

    fn add_body(&mut self, line: &str) {
        if let Some(e) = self.current.as_mut() {
            let Some(body) = e.hop.event.body_text.as_mut() else {
                return;
            };
            if body.chars().count() < BODY_LIMIT {
                if !body.is_empty() {
                    body.push('\n');
                }
                body.push_str(line);
                if body.chars().count() > BODY_LIMIT {
                    *body = body.chars().take(BODY_LIMIT).collect();
                }
            }
        }
    }

    /// `curl -i`: responses one after another.
    fn responses<R: BufRead>(
        &mut self,
        lines: &mut Lines<R>,
        first: String,
        base_url: Option<&str>,
    ) -> Result<(), TranscriptError> {
        let Some(status) = status_of(&first) else {
            return Err(lines.error(
                "not an HTTP response (a status line such as `HTTP/1.1 401 Unauthorized`) nor curl -v output",
            ));
        };
        let mut url = base_url.unwrap_or_default().to_owned();
        let mut next = Some((lines.number, status, first));
        while let Some((at, status, status_line)) = next.take() {
            self.begin_response(at, status, url.clone());
            // An interim response, or a proxy's answer to CONNECT (RFC 9110 §9.3.6), precedes
            // the response itself.
            let preface = (100..200).contains(&status)
                || status_line
                    .to_ascii_lowercase()
                    .ends_with("connection established");
            while let Some(line) = lines.next()? {
                if line.trim().is_empty() {
                    break;
                }
                self.header(lines, &line)?;
            }
            if preface {
                self.current = None;
            } else {
                self.end_headers();
            }
            while let Some(line) = lines.next()? {
                if let Some(status) = status_of(&line) {
                    next = Some((lines.number, status, line));
                    break;
                }
                if self.curl_said(&line) {
                    continue;
                }
                if preface && !line.trim().is_empty() {
                    return Err(lines.error("expected the next status line"));
                }
                self.add_body(&line);
            }
            if let Some(done) = self.current.as_mut() {
                // curl -L prints no body of a redirect it follows.
                if next.is_some() && done.hop.redirect_url.is_some() {
                    done.hop.event.body_text = None;
                }
                // Only a redirect says where the next response came from.
                url = done.hop.redirect_url.clone().unwrap_or_default();
            }
            self.flush();
        }
        Ok(())
    }

    fn header<R: BufRead>(&mut self, lines: &Lines<R>, line: &str) -> Result<(), TranscriptError> {
        let headers = &mut self
            .current
            .as_mut()
            .ok_or_else(|| lines.error("a response header before its status line"))?
            .hop
            .event
            .response_headers;
        // RFC 9112 §5.2: a line folded onto the next starts with a space or a tab.
        if line.starts_with([' ', '\t']) {
            let last = headers
                .last_mut()
                .ok_or_else(|| lines.error("not a header line"))?;
            let value = last.value.get_or_insert_with(String::new);
            value.push(' ');
            value.push_str(line.trim());
            return Ok(());
        }
        headers.push(header_of(line).ok_or_else(|| lines.error("not a header line"))?);
        Ok(())
    }

    /// The response's headers are all in: where a redirect goes. curl prints the whole body
    /// of a response it does not follow, so an empty one is read, not unknown.
    fn end_headers(&mut self) {
        if let Some(e) = self.current.as_mut() {
            e.hop.event.body_text = Some(String::new());
            let event = &e.hop.event;
            if (300..400).contains(&event.status_code) {
                e.hop.redirect_url = event
                    .response_header_values("location")
                    .next()
                    .map(|l| url::resolve(&event.url, l));
            }
        }
    }

    /// `curl -v`: the lines say what they are.
    fn verbose<R: BufRead>(
        &mut self,
        lines: &mut Lines<R>,
        first: String,
    ) -> Result<(), TranscriptError> {
        let mut connection = Connection::default();
        let mut request: Option<Request> = None;
        let mut in_response_headers = false;
        // `-vi` prints the response headers again, unmarked, after the `<` lines.
        let mut echo = false;
        let mut line = Some(first);
        while let Some(l) = line.take() {
            // curl marks its lines with a character and a space; a body line may start with
            // `<` (HTML) or `*` without one.
            let marked = |c: char| {
                let mut chars = l.chars();
                chars.next() == Some(c) && matches!(chars.next(), None | Some(' '))
            };
            if marked('*') {
                let note = l[1..].trim_start();
                if note.starts_with("Ignoring the response-body")
                    && let Some(e) = self.current.as_mut()
                {
                    e.hop.event.body_text = None;
                }
                if let Some(e) = CurlError::of_note(note) {
                    self.said.get_or_insert(e);
                }
                connection.note(note);
            } else if l.starts_with("{ [") || l.starts_with("} [") {
            } else if marked('>') {
                let sent = l[1..].strip_prefix(' ').unwrap_or_default();
                match request.as_mut() {
                    Some(r) if !r.complete => {
                        if sent.trim().is_empty() {
                            r.complete = true;
                        } else {
                            r.headers.push(
                                header_of(sent).ok_or_else(|| lines.error("not a header line"))?,
                            );
                        }
                    }
                    _ => {
                        let (method, target) = request_line(sent)
                            .ok_or_else(|| lines.error("not an HTTP request line"))?;
                        self.flush();
                        request = Some(Request {
                            method: method.into(),
                            target: target.into(),
                            url: connection.next_url.take(),
                            tls: connection.tls,
                            port: connection.port.clone(),
                            headers: Vec::new(),
                            complete: false,
                        });
                    }
                }
            } else if marked('<') {
                let got = l[1..].strip_prefix(' ').unwrap_or_default();
                if let Some(status) = status_of(got) {
                    self.flush();
                    let url = request.as_ref().map(Request::url).unwrap_or_default();
                    self.begin_response(lines.number, status, url);
                    if let (Some(r), Some(e)) = (request.as_ref(), self.current.as_mut()) {
                        e.hop.event.method = r.method.clone();
                        e.hop.event.request_headers = Some(r.headers.clone());
                    }
                    in_response_headers = true;
                    echo = false;
                } else if !in_response_headers {
                    return Err(lines.error("a response header before its status line"));
                } else if got.trim().is_empty() {
                    in_response_headers = false;
                    // An interim response, or a proxy's tunnel opened (RFC 9110 §9.3.6),
                    // precedes the response itself, as with `-i`.
                    let interim = self.current.as_ref().is_some_and(|e| {
                        let status = e.hop.event.status_code;
                        (100..200).contains(&status)
                            || e.hop.event.method == "CONNECT" && (200..300).contains(&status)
                    });
                    if interim {
                        self.current = None;
                    } else {
                        self.end_headers();
                    }
                } else {
                    self.header(lines, got)?;
                }
            } else if self.curl_said(&l) {
            } else if echo {
                echo = !l.trim().is_empty();
            } else if status_of(&l).is_some() {
                echo = true;
            } else {
                self.add_body(&l);
            }
            line = lines.next()?;
        }
        Ok(())
    }
}

/// What curl said about the connection a request goes on.
#[derive(Default)]
struct Connection {
    tls: bool,
    port: Option<String>,
    /// `Issue another request to this URL: '…'` (`-L`).
    next_url: Option<String>,
}

impl Connection {
    /// Reads one `*` note.
    fn note(&mut self, note: &str) {
        if let Some(rest) = note.strip_prefix("Connected to ") {
            // `Connected to localhost (127.0.0.1) port 8498 (#0)`
            self.tls = false;
            self.port = rest
                .split_once(" port ")
                .and_then(|(_, p)| p.split_whitespace().next())
                .map(str::to_owned);
        } else if note.starts_with("SSL connection using")
            || note.starts_with("ALPN")
            || note.starts_with("TLSv")
        {
            self.tls = true;
        } else if let Some(rest) = note.strip_prefix("Issue another request to this URL: '") {
            self.next_url = rest.strip_suffix('\'').map(str::to_owned);
        }
    }
}

/// A request as `> ` lines showed it.
struct Request {
    method: String,
    target: String,
    url: Option<String>,
    tls: bool,
    port: Option<String>,
    headers: Vec<Header>,
    complete: bool,
}

impl Request {
    /// The address asked: curl's own word for it, an absolute target (to a proxy), or the
    /// scheme (TLS or not) with the `Host` header and the path.
    fn url(&self) -> String {
        if self.target.contains("://") {
            return self.target.clone();
        }
        // CONNECT names only the host and port of the tunnel (RFC 9110 §9.3.6), which curl
        // opens through a proxy for https.
        if self.method == "CONNECT" {
            let authority = self.target.strip_suffix(":443").unwrap_or(&self.target);
            return format!("https://{authority}/");
        }
        if let Some(url) = &self.url {
            return url.clone();
        }
        let host = self
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case("host"))
            .and_then(|h| h.value.clone());
        let Some(host) = host else {
            return String::new();
        };
        let tls = self.tls || self.port.as_deref() == Some("443");
        format!(
            "{}://{host}{}",
            if tls { "https" } else { "http" },
            self.target
        )
    }
}

/// `GET /path HTTP/1.1`: method and target.
fn request_line(line: &str) -> Option<(&str, &str)> {
    let mut parts = line.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    (parts.next().is_none()
        && !method.is_empty()
        && method.bytes().all(is_tchar)
        && version.starts_with("HTTP/"))
    .then_some((method, target))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// curl's real output, captured from the lab (tests/cli/curl/README.md).
    fn capture(name: &str) -> String {
        let path = format!(
            "{}/../tests/cli/curl/{name}.txt",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn exchanges(text: &str, base: Option<&str>) -> Result<Vec<Exchange>, TranscriptError> {
        let mut all = Vec::new();
        read(text.as_bytes(), base, &mut |e| all.push(e))?;
        Ok(all)
    }

    #[test]
    fn curl_i_a_status_line_headers_and_the_body() {
        let all = exchanges(&capture("basic-si"), None).unwrap();
        let [e] = &all[..] else { panic!("{all:?}") };
        let event = &e.hop.event;
        assert_eq!(
            (e.line, event.status_code, event.url.as_str()),
            (1, 401, "")
        );
        assert_eq!(event.request_headers, None, "curl -i shows no request");
        assert_eq!(
            event
                .response_header_values("www-authenticate")
                .collect::<Vec<_>>(),
            ["Basic realm=\"Restricted\""]
        );
        assert!(
            event
                .body_text
                .as_deref()
                .unwrap()
                .contains("401 Authorization Required")
        );
        let based = exchanges(&capture("basic-si"), Some("http://127.0.0.1:8401/basic/x")).unwrap();
        assert_eq!(based[0].hop.event.url, "http://127.0.0.1:8401/basic/x");
    }

    #[test]
    fn curl_i_skips_interim_and_tunnel_responses() {
        let all = exchanges(&capture("laravel-419-continue-si"), None).unwrap();
        assert_eq!(all.len(), 1, "100 Continue is no response of its own");
        assert_eq!((all[0].line, all[0].hop.event.status_code), (3, 419));
        let tunnel = "HTTP/1.1 200 Connection established\r\n\r\nHTTP/2 401\r\nwww-authenticate: Bearer\r\n\r\n";
        let all = exchanges(tunnel, None).unwrap();
        assert_eq!(
            (all.len(), all[0].line, all[0].hop.event.status_code),
            (1, 3, 401)
        );
    }

    /// `curl -v -x proxy:3128 https://www.example.org/`: the proxy's answers to CONNECT are
    /// about the tunnel to the site; the one that opens it is no response of the site's.
    #[test]
    fn curl_v_names_a_tunnel_by_its_site_and_skips_its_opening() {
        let tunnel = "* Establish HTTP proxy tunnel to www.example.org:443\n\
            > CONNECT www.example.org:443 HTTP/1.1\n> Host: www.example.org:443\n> \n\
            < HTTP/1.1 407 Proxy Authentication Required\n< Proxy-Authenticate: Basic realm=\"proxy\"\n< \n\
            > CONNECT www.example.org:443 HTTP/1.1\n> Host: www.example.org:443\n\
            > Proxy-Authorization: Basic YWxpY2U6c2VjcmV0\n> \n\
            < HTTP/1.1 200 Connection established\n< \n\
            * CONNECT tunnel established, response 200\n* ALPN: server accepted h2\n\
            > GET / HTTP/2\n> Host: www.example.org\n> \n< HTTP/2 200 \n< \n";
        let all = exchanges(tunnel, None).unwrap();
        let seen: Vec<(&str, u16, &str)> = all
            .iter()
            .map(|e| {
                (
                    e.hop.event.method.as_str(),
                    e.hop.event.status_code,
                    e.hop.event.url.as_str(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("CONNECT", 407, "https://www.example.org/"),
                ("GET", 200, "https://www.example.org/")
            ]
        );
    }

    #[test]
    fn curl_il_follows_the_chain_by_its_locations() {
        let chain = "HTTP/1.1 302 Found\nLocation: /login?next=%2F\n\nHTTP/1.1 302 Found\nLocation: https://idp.example/authorize?x=1\n\nHTTP/2 401 \nwww-authenticate: Bearer realm=\"x\"\n\n{\"error\":\"nope\"}\n";
        let all = exchanges(chain, Some("https://app.example/")).unwrap();
        let urls: Vec<&str> = all.iter().map(|e| e.hop.event.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://app.example/",
                "https://app.example/login?next=%2F",
                "https://idp.example/authorize?x=1"
            ]
        );
        assert_eq!(all[0].hop.event.body_text, None);
        assert_eq!(
            all[2].hop.event.body_text.as_deref(),
            Some("{\"error\":\"nope\"}")
        );
        // Without a base the first address is unknown, and the relative one after it too.
        let all = exchanges(chain, None).unwrap();
        assert_eq!(all[1].hop.event.url, "/login?next=%2F");
        assert_eq!(all[2].hop.event.url, "https://idp.example/authorize?x=1");
    }

    #[test]
    fn curl_v_reads_the_request_and_the_address() {
        let all = exchanges(&capture("bearer-expired-sv"), None).unwrap();
        let [e] = &all[..] else { panic!("{all:?}") };
        let event = &e.hop.event;
        assert_eq!(event.url, "http://127.0.0.1:8401/bearer-expired//exchange");
        assert_eq!(event.status_code, 401);
        let sent = event.request_headers.as_deref().unwrap();
        assert!(sent.iter().any(|h| h.name == "Authorization"));
        assert_eq!(e.line, 9);
        assert_eq!(
            event.body_text.as_deref(),
            Some(""),
            "curl printed the whole body, an empty one"
        );
        let body = exchanges(&capture("basic-sv"), None).unwrap();
        assert!(
            body[0]
                .hop
                .event
                .body_text
                .as_deref()
                .unwrap()
                .starts_with("<html>"),
            "a body line starting with `<` is no response line"
        );
    }

    #[test]
    fn curl_v_over_http2_and_tls() {
        let all = exchanges(&capture("bearer-expired-h2-sv"), None).unwrap();
        let [e] = &all[..] else { panic!("{all:?}") };
        assert_eq!(e.hop.event.url, "https://localhost:8497/api/orders");
        assert_eq!(e.hop.event.method, "GET");
        assert!(
            e.hop
                .event
                .response_header_values("www-authenticate")
                .next()
                .unwrap()
                .contains("Jwt expired at")
        );
    }

    #[test]
    fn curl_vl_across_two_sites_from_curls_own_notes() {
        let all = exchanges(&capture("oauth-denied-svL"), None).unwrap();
        let got: Vec<(usize, &str, u16)> = all
            .iter()
            .map(|e| (e.line, e.hop.event.url.as_str(), e.hop.event.status_code))
            .collect();
        assert_eq!(
            got,
            [
                (
                    8,
                    "http://127.0.0.1:8401/trail-test/start?outcome=deny",
                    302
                ),
                (
                    28,
                    "http://localhost:8401/trail-test/authorize?response_type=code&client_id=trail-app&redirect_uri=http%3A%2F%2F127.0.0.1%3A8401%2Ftrail-test%2Fcallback&scope=openid&state=lab-state&outcome=deny",
                    302
                ),
                (
                    49,
                    "http://127.0.0.1:8401/trail-test/callback?error=access_denied&error_description=The+user+denied+access&state=lab-state",
                    200
                ),
            ]
        );
        assert_eq!(
            all[0].hop.event.body_text, None,
            "curl ignored the redirect's body"
        );
        assert!(
            all[2]
                .hop
                .event
                .body_text
                .as_deref()
                .unwrap()
                .contains("Sign-in cancelled")
        );
        assert_eq!(all[0].hop.redirect_url.as_deref(), Some(got[1].1));
    }

    #[test]
    fn curl_vil_a_chain_with_its_headers_printed_twice() {
        let text = "*   Trying 127.0.0.1:8499...\n* Connected to 127.0.0.1 (127.0.0.1) port 8499 (#0)\n> GET /a HTTP/1.1\n> Host: 127.0.0.1:8499\n> \n< HTTP/1.1 302 Found\n< Location: /b\n< \n* Ignoring the response-body\n{ [28 bytes data]\n* Issue another request to this URL: 'http://127.0.0.1:8499/b'\n> GET /b HTTP/1.1\n> Host: 127.0.0.1:8499\n> \n< HTTP/1.1 401 Unauthorized\n< WWW-Authenticate: Bearer realm=\"x\"\n< \n{ [28 bytes data]\nHTTP/1.1 302 Found\nLocation: /b\n\nHTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer realm=\"x\"\n\n{\"error\":\"nope\"}\n";
        let all = exchanges(text, None).unwrap();
        let got: Vec<(u16, &str, Option<&str>)> = all
            .iter()
            .map(|e| {
                (
                    e.hop.event.status_code,
                    e.hop.event.url.as_str(),
                    e.hop.event.body_text.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (302, "http://127.0.0.1:8499/a", None),
                (401, "http://127.0.0.1:8499/b", Some("{\"error\":\"nope\"}")),
            ]
        );
        assert_eq!(
            all[0].hop.redirect_url.as_deref(),
            Some("http://127.0.0.1:8499/b")
        );
    }

    #[test]
    fn a_chain_curl_gave_up_on_ends_in_its_error_wherever_curl_printed_it() {
        // `-sS … 2>&1`: the error first (stderr is not buffered); `-sv`: only the note.
        for name in ["login-loop-sSiL", "login-loop-svL"] {
            let base = Some("http://127.0.0.1:8402/account");
            let all = exchanges(&capture(name), base).unwrap();
            assert_eq!(
                all.len(),
                7,
                "{name}: six redirects followed, the seventh not"
            );
            let errors: Vec<Option<&str>> = all.iter().map(|e| e.hop.error.as_deref()).collect();
            assert_eq!(errors[..6], [None; 6], "{name}");
            assert_eq!(
                errors[6],
                Some("curl: (47) Maximum (6) redirects followed"),
                "{name}"
            );
            assert!(
                all.iter().all(|e| !e
                    .hop
                    .event
                    .body_text
                    .as_deref()
                    .unwrap_or_default()
                    .contains("curl:")),
                "{name}: curl's words are no body"
            );
        }
    }

    #[test]
    fn curls_error_ends_only_a_chain_it_cut_and_names_why_nothing_came() {
        let one = "HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic\n\ncurl: (56) Recv failure: Connection reset by peer\n";
        let all = exchanges(one, None).unwrap();
        assert_eq!(all[0].hop.error, None, "no redirect was cut");
        assert_eq!(all[0].hop.event.body_text.as_deref(), Some(""));
        let err = exchanges(&capture("unresolved-sS"), None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no HTTP response in it; curl said “curl: (6) Could not resolve host: nowhere.invalid”"
        );
    }

    #[test]
    fn curls_progress_meter_is_no_part_of_what_it_printed() {
        // `curl -i|-v|-vL … 2>&1` without `-s`: the same exchanges as the silent captures.
        let read = |name: &str, base: Option<&str>| {
            exchanges(&capture(name), base)
                .unwrap()
                .into_iter()
                .map(|e| {
                    let mut event = e.hop.event;
                    event.response_headers.retain(|h| h.name != "Date");
                    (event, e.hop.redirect_url)
                })
                .collect::<Vec<_>>()
        };
        let base = Some("http://127.0.0.1:8401/basic/exchange");
        for (noisy, silent, base) in [
            ("basic-i-meter", "basic-si", base),
            ("basic-v-meter", "basic-sv", None),
            ("oauth-denied-vL-meter", "oauth-denied-svL", None),
        ] {
            assert_eq!(read(noisy, base), read(silent, base), "{noisy}");
        }
        let lines: Vec<usize> = exchanges(&capture("basic-i-meter"), base)
            .unwrap()
            .iter()
            .map(|e| e.line)
            .collect();
        assert_eq!(lines, [4], "the meter's lines still count");
        // A carriage return in a body that is no meter stays.
        let body = "HTTP/1.1 401 Unauthorized\n\nline\rwith a return\n";
        assert_eq!(
            exchanges(body, None).unwrap()[0]
                .hop
                .event
                .body_text
                .as_deref(),
            Some("line\rwith a return")
        );
    }

    #[test]
    fn bad_input_names_the_line() {
        let cases: &[(&str, &str)] = &[
            ("", "empty input"),
            ("\n\n", "empty input"),
            ("hello\n", "line 1: not an HTTP response"),
            (
                "HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic\nthis is no header\n\n",
                "line 3: not a header line",
            ),
            (
                "\nHTTP/1.1 401 Unauthorized\nX: 1\nBad Name: 2\n\n",
                "line 4: not a header line",
            ),
            (
                "HTTP/1.1 100 Continue\n\nsurprise\n",
                "line 3: expected the next status line",
            ),
            (
                "* Connected to a (1.2.3.4) port 80 (#0)\n> GET / HTTP/1.1\n> Host: a\n> \n< Server: x\n",
                "line 5: a response header before its status line",
            ),
            (
                "* Connected to a (1.2.3.4) port 80 (#0)\n> GET / HTTP/1.1\n> oops\n",
                "line 3: not a header line",
            ),
            ("> hello there\n", "line 1: not an HTTP request line"),
            (
                "*   Trying 192.0.2.1:443...\n* Could not resolve host: api.example.com\n* Closing connection 0\n",
                "no HTTP response in it",
            ),
        ];
        for (text, want) in cases {
            let got = exchanges(text, None).map(|_| ()).unwrap_err().to_string();
            assert!(got.contains(want), "{text:?}\n got: {got}\nwant: {want}");
        }
    }

    #[test]
    fn long_lines_and_bodies_are_cut() {
        let text = format!(
            "HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic\n\n{}\n{}\n",
            "a".repeat(MAX_LINE * 3),
            "b".repeat(10)
        );
        let all = exchanges(&text, None).unwrap();
        let body = all[0].hop.event.body_text.as_deref().unwrap();
        assert_eq!(body.chars().count(), BODY_LIMIT);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Any text, or curl's real output damaged: an error or responses, never a panic.
        #[test]
        fn never_panics(text in "(\\PC|\r|\n){0,300}") {
            let _ = exchanges(&text, None);
            let _ = exchanges(&text, Some("https://a.example/x"));
        }

        #[test]
        fn never_panics_on_damaged_captures(which in 0usize..4, at in 0usize..1000, cut in 0usize..1200, insert in "(\\PC|\n){0,12}") {
            let name = ["basic-sv", "bearer-expired-h2-sv", "laravel-419-continue-si", "proxy-407-si"][which];
            let mut text = capture(name);
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert_str(at, &insert);
            let mut cut = cut.min(text.len());
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
            let _ = exchanges(&text, None);
        }
    }
}

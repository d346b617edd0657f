//! `authlens`: the AuthLens core on the command line. Reads a HAR file or curl's output, and
//! prints every authentication failure and failed sign-in in it, explained. The reading and
//! judging live in the library (`har`, `transcript`, `capture`, `text`); this is the arguments,
//! the input and the printing.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use authlens_core::capture::{Exchange, Found, Judge, Summary};
use authlens_core::messages::{Lang, Messages};
use authlens_core::text::{self, Style};
use authlens_core::{har, transcript};

const USAGE: &str = "\
Usage: authlens [--json] [--lang en|ru] [--url URL] FILE
       curl -si https://api.example.com/x | authlens -
       curl -sv https://api.example.com/x 2>&1 | authlens -";

const HELP: &str = "\
authlens: explains the HTTP authentication failures and failed sign-ins in a HAR file or in
curl's output (-i: status line, headers, body; -v: with the request's headers; -L: a chain).

Usage: authlens [options] FILE     a HAR file, or a file of curl's output
       authlens [options] -        the same on standard input

Options:
  --json         one JSON object: {\"failures\": [...], \"flows\": [...], \"summary\": {...}}
  --lang en|ru   the language of the text (default: from LC_ALL, LC_MESSAGES, LANG)
  --url URL      where curl -i output came from (curl -i does not print the address)
  -h, --help     this help
  -V, --version  the version

Output never holds a secret: no token, password, cookie value, code, state or SAML message.
Exit status: 0 when nothing failed authentication, 1 when something did, 2 when the input
cannot be read (the message names the line or field).";

/// Output held back before it is written, so that an input found unreadable halfway leaves
/// stdout empty; past this size it is written as it comes (a capture that large is read in
/// bounded memory).
const HOLD: usize = 8 << 20;

struct Options {
    json: bool,
    lang: Option<Lang>,
    url: Option<String>,
    input: Option<String>,
}

enum Parsed {
    Run(Options),
    Exit(ExitCode),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse_args(&args) {
        Ok(Parsed::Run(o)) => o,
        Ok(Parsed::Exit(code)) => return code,
        Err(problem) => {
            eprintln!("authlens: {problem}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(summary) if summary.failures + summary.flows > 0 => ExitCode::from(1),
        Ok(_) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("authlens: {message}");
            ExitCode::from(2)
        }
    }
}

fn parse_args(args: &[String]) -> Result<Parsed, String> {
    let mut options = Options {
        json: false,
        lang: None,
        url: None,
        input: None,
    };
    let mut rest = args.iter();
    let mut only_files = false;
    while let Some(arg) = rest.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
            _ => (arg.as_str(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| rest.next().cloned())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag {
            _ if only_files || arg == "-" || !arg.starts_with('-') => {
                if options.input.replace(arg.clone()).is_some() {
                    return Err("one input at a time".into());
                }
            }
            "--" | "-h" | "--help" | "-V" | "--version" | "--json" if inline.is_some() => {
                return Err(format!("{flag} takes no value"));
            }
            "--" => only_files = true,
            "-h" | "--help" => {
                println!("{HELP}");
                return Ok(Parsed::Exit(ExitCode::SUCCESS));
            }
            "-V" | "--version" => {
                println!("authlens {}", env!("CARGO_PKG_VERSION"));
                return Ok(Parsed::Exit(ExitCode::SUCCESS));
            }
            "--json" => options.json = true,
            "--lang" => {
                let tag = value("--lang")?;
                options.lang = Some(
                    Lang::from_tag(&tag)
                        .ok_or_else(|| format!("--lang {tag}: AuthLens speaks en and ru"))?,
                );
            }
            "--url" => options.url = Some(value("--url")?),
            _ => return Err(format!("unknown option {arg}")),
        }
    }
    Ok(Parsed::Run(options))
}

/// What is read: its name in messages, its bytes, and their number when known.
struct Input {
    name: String,
    bytes: Box<dyn Read>,
    size: Option<u64>,
}

fn open(input: Option<&str>) -> Result<Input, String> {
    match input {
        None | Some("-") => {
            if input.is_none() && io::stdin().is_terminal() {
                return Err(format!("no input\n{USAGE}"));
            }
            Ok(Input {
                name: "stdin".into(),
                bytes: Box::new(io::stdin().lock()),
                size: None,
            })
        }
        Some(path) => {
            let file = File::open(path).map_err(|e| format!("{path}: {}", io_problem(&e)))?;
            let meta = file.metadata().map_err(|e| format!("{path}: {e}"))?;
            if meta.is_dir() {
                return Err(format!("{path}: is a directory"));
            }
            Ok(Input {
                name: path.into(),
                bytes: Box::new(file),
                size: Some(meta.len()),
            })
        }
    }
}

fn io_problem(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

fn run(options: &Options) -> Result<Summary, String> {
    let lang = options
        .lang
        .unwrap_or_else(|| Lang::from_env(|name| std::env::var(name).ok()));
    let messages = Messages::new(lang);
    let stdout = io::stdout();
    let style = Style {
        color: !options.json
            && stdout.is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let Input { name, bytes, size } = open(options.input.as_deref())?;
    let progress = Progress::new(&name, size);
    let mut input = BufReader::with_capacity(
        1 << 18,
        Counted {
            inner: bytes,
            progress: &progress,
        },
    );
    let head = input
        .fill_buf()
        .map_err(|e| format!("{name}: {}", io_problem(&e)))?;
    let bom = head.starts_with(b"\xEF\xBB\xBF");
    let is_har = head[if bom { 3 } else { 0 }..]
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        == Some(&b'{');
    if bom {
        input.consume(3);
    }

    let mut printer = Printer::new(options.json, &messages, style);
    let mut judge = Judge::new();
    if is_har {
        har::read(&mut input, &mut |entry, log| {
            judge.add(
                Exchange::from_entry(entry, log.creator.as_deref()),
                &mut |found| printer.found(found),
            );
            progress.entries(log.entries);
        })
        .map_err(|e| format!("{name}: {e}"))?;
    } else {
        transcript::read(&mut input, options.url.as_deref(), &mut |exchange| {
            judge.add(Exchange::from_transcript(exchange), &mut |found| {
                printer.found(found)
            });
        })
        .map_err(|e| match e.line {
            0 => format!("{name}: {}", e.problem),
            n => format!("{name} line {n}: {}", e.problem),
        })?;
    }
    let summary = judge.finish(&mut |found| printer.found(found));
    progress.done();
    printer.finish(&summary);
    Ok(summary)
}

/// Writes what is found: text as it comes, or one JSON object whose flows follow its failures.
struct Printer<'m> {
    json: bool,
    messages: &'m Messages,
    style: Style,
    held: Vec<u8>,
    streaming: bool,
    /// A reader that went away (`| head`): the rest is not written, the judging goes on for
    /// the exit status.
    closed: bool,
    failures: usize,
    flows: Vec<String>,
}

impl<'m> Printer<'m> {
    fn new(json: bool, messages: &'m Messages, style: Style) -> Self {
        let mut p = Printer {
            json,
            messages,
            style,
            held: Vec::new(),
            streaming: false,
            closed: false,
            failures: 0,
            flows: Vec::new(),
        };
        if json {
            p.write("{\"failures\":[");
        }
        p
    }

    fn write(&mut self, s: &str) {
        if self.closed {
            return;
        }
        self.held.extend_from_slice(s.as_bytes());
        if self.streaming || self.held.len() > HOLD {
            self.streaming = true;
            self.flush();
        }
    }

    fn flush(&mut self) {
        let mut out = io::stdout().lock();
        if out
            .write_all(&self.held)
            .and_then(|()| out.flush())
            .is_err()
        {
            self.closed = true;
        }
        self.held.clear();
    }

    fn found(&mut self, found: Found) {
        match (self.json, found) {
            (true, Found::Failure(f)) => {
                let comma = if self.failures > 0 { "," } else { "" };
                self.failures += 1;
                let item = serde_json::to_string(&f).unwrap_or_default();
                self.write(&format!("{comma}{item}"));
            }
            (true, Found::Flow(f)) => self
                .flows
                .push(serde_json::to_string(&f).unwrap_or_default()),
            (false, Found::Failure(f)) => {
                let block = text::failure(&f, self.messages, self.style);
                self.write(&format!("{block}\n"));
            }
            (false, Found::Flow(f)) => {
                let block = text::flow(&f, self.messages, self.style);
                self.write(&format!("{block}\n"));
            }
        }
    }

    fn finish(mut self, summary: &Summary) {
        if self.json {
            let flows = std::mem::take(&mut self.flows).join(",");
            let summary = serde_json::to_string(summary).unwrap_or_default();
            self.write(&format!("],\"flows\":[{flows}],\"summary\":{summary}}}\n"));
        } else {
            let last = text::summary(summary, self.messages, self.style);
            self.write(&last);
        }
        self.flush();
    }
}

/// A progress line on stderr while a large input is read, when stderr is a terminal.
struct Progress {
    name: String,
    size: Option<u64>,
    terminal: bool,
    read: Cell<u64>,
    /// When the line was last drawn; `None` until the first entries are in.
    drawn: Cell<Option<Instant>>,
    started: Cell<Option<Instant>>,
}

impl Progress {
    const EVERY: Duration = Duration::from_millis(200);

    fn new(name: &str, size: Option<u64>) -> Self {
        Progress {
            name: name.into(),
            size,
            terminal: io::stderr().is_terminal(),
            read: Cell::new(0),
            drawn: Cell::new(None),
            started: Cell::new(None),
        }
    }

    fn read(&self, bytes: usize) {
        self.read.set(self.read.get() + bytes as u64);
    }

    /// `n` entries are read; the line is redrawn now and then, never for an input read at once.
    fn entries(&self, n: usize) {
        if !self.terminal {
            return;
        }
        let now = Instant::now();
        let since = self.drawn.get().or(self.started.get());
        let Some(since) = since else {
            self.started.set(Some(now));
            return;
        };
        if now.duration_since(since) < Self::EVERY {
            return;
        }
        self.drawn.set(Some(now));
        let percent = self
            .size
            .filter(|&s| s > 0)
            .map(|s| format!(" {}%", self.read.get().saturating_mul(100) / s))
            .unwrap_or_default();
        eprint!("\r\x1b[K{}:{percent} ({n} log.entries)", self.name);
    }

    /// Takes the line away, if it was drawn.
    fn done(&self) {
        if self.drawn.get().is_some() {
            eprint!("\r\x1b[K");
        }
    }
}

/// The input, counting its bytes for the progress line.
struct Counted<'p> {
    inner: Box<dyn Read>,
    progress: &'p Progress,
}

impl Read for Counted<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.read(n);
        Ok(n)
    }
}

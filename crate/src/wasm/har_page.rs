//! The HAR page: a HAR file dropped on it (or picked) is read in chunks (`gloo-file`), each
//! entry judged as soon as it has come ([`crate::har_chunks`]), and what it shows appears in the
//! inspector's list while the rest is still being read, with the progress. Nothing leaves the
//! page and the file is not kept: once read, only the entries the findings name stay, in
//! memory, until the page closes or another file comes.
//!
//! The drop zone's and the file field's listeners are `gloo-events` listeners, removed with the
//! page's object (`free()`).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use gloo_file::Blob;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DragEvent, Element, HtmlInputElement};

use super::inspector::{Screen, Shared, curl, export_har, listen, summary};
use super::text::Text;
use crate::har::HarError;
use crate::har_chunks::Chunks;
use crate::inspect::{Counts, Inspection};

/// How much of the file is read at once: large enough that reading costs little, small enough
/// that the page shows progress and stays responsive between two pieces.
const CHUNK: u64 = 1024 * 1024;

/// The HAR page's state: the file being read (by its generation: a new file stops the old
/// reading) and the inspector that shows what it found.
#[wasm_bindgen]
pub struct HarPage {
    shared: Rc<RefCell<Shared>>,
    _listeners: Vec<EventListener>,
}

/// What reading a file needs, shared with its listeners.
struct Reader {
    status: Element,
    zone: Element,
    t: js_sys::Function,
    /// Which file is being read: a file dropped during another's reading takes over.
    generation: Cell<u32>,
}

impl Reader {
    /// The requests, failures and failed sign-ins as counted phrases, each in the form its
    /// number takes ("1 request", "21 запрос").
    fn counted(&self, counts: Counts) -> [String; 3] {
        let text = Text(&self.t);
        [
            ("har_requests", counts.entries),
            ("cli_failures", counts.failures),
            ("cli_flows", counts.flows),
        ]
        .map(|(key, n)| text.get(key, &[n.to_string()]))
    }

    fn say(&self, key: &str, args: &[String], state: &str) {
        let text = Text(&self.t);
        self.status.set_text_content(Some(&text.get(key, args)));
        let _ = self.status.set_attribute("data-state", state);
    }
}

/// `12.3`: megabytes with one decimal, by hand (no float formatting in the module).
fn megabytes(bytes: u64) -> String {
    let tenths = (bytes * 10 + 524_288) / 1_048_576;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// Reads `file` into the page's inspector, piece by piece.
async fn read(shared: Rc<RefCell<Shared>>, reader: Rc<Reader>, file: web_sys::File) {
    let generation = reader.generation.get().wrapping_add(1);
    reader.generation.set(generation);
    let name = file.name();
    let blob = Blob::from(file);
    let size = blob.size();
    {
        let mut s = shared.borrow_mut();
        s.inspection = Inspection::file();
        let _ = s.screen.clear();
    }
    let _ = reader.zone.set_attribute("aria-busy", "true");
    let mut chunks = Chunks::new();
    let mut offset = 0;
    let outcome: Result<(), HarError> = loop {
        if offset >= size {
            break Ok(());
        }
        let end = (offset + CHUNK).min(size);
        let bytes = match gloo_file::futures::read_as_bytes(&blob.slice(offset, end)).await {
            Ok(bytes) => bytes,
            Err(e) => {
                break Err(HarError {
                    at: name.clone(),
                    problem: format!("could not be read: {e}"),
                });
            }
        };
        if reader.generation.get() != generation {
            // Another file came meanwhile; it has the page now.
            return;
        }
        offset = end;
        let mut s = shared.borrow_mut();
        let Shared { inspection, screen } = &mut *s;
        let pushed = chunks.push(&bytes, &mut |entry, value, creator| {
            inspection.add(entry, value, creator)
        });
        if let Err(e) = pushed {
            break Err(e);
        }
        let _ = screen.render(inspection);
        let [requests, failures, flows] = reader.counted(inspection.counts(screen.findings()));
        reader.say(
            "har_reading",
            &[
                megabytes(offset),
                megabytes(size),
                ((offset * 100).checked_div(size).unwrap_or(100)).to_string(),
                requests,
                failures,
                flows,
            ],
            "reading",
        );
    };
    let _ = reader.zone.remove_attribute("aria-busy");
    let outcome = outcome.and_then(|()| chunks.finish().map(|_| ()));
    let mut s = shared.borrow_mut();
    let Shared { inspection, screen } = &mut *s;
    match outcome {
        Ok(()) => {
            inspection.finish();
            let _ = screen.render(inspection);
            let counts = inspection.counts(screen.findings());
            let nothing = counts.failures + counts.flows == 0;
            let [requests, failures, flows] = reader.counted(counts);
            if nothing {
                reader.say("har_read_nothing", &[name, requests], "done");
            } else {
                reader.say("har_read", &[name, requests, failures, flows], "done");
            }
        }
        Err(e) => {
            // What was found before the error stays shown; the error says where it stopped.
            inspection.finish();
            let _ = screen.render(inspection);
            reader.say("har_unreadable", &[name, e.at, e.problem], "error");
        }
    }
}

#[wasm_bindgen]
impl HarPage {
    /// `new HarPage(zone, input, status, list, detail, t)`: a file dropped on `zone` or picked
    /// in `input` is read; `status` says how far and what came of it.
    #[wasm_bindgen(constructor)]
    pub fn new(
        zone: Element,
        input: HtmlInputElement,
        status: Element,
        list: Element,
        detail: Element,
        t: js_sys::Function,
    ) -> HarPage {
        let shared = Rc::new(RefCell::new(Shared {
            inspection: Inspection::file(),
            screen: Screen::new(list.clone(), detail, t.clone()),
        }));
        let reader = Rc::new(Reader {
            status,
            zone: zone.clone(),
            t,
            generation: Cell::new(0),
        });
        let mut listeners: Vec<EventListener> = listen(&shared, &list).into();
        let prevent = EventListenerOptions::enable_prevent_default();
        // A drop is allowed only where dragover is cancelled (HTML § drag-and-drop processing).
        listeners.push({
            let zone = zone.clone();
            EventListener::new_with_options(&zone.clone(), "dragover", prevent, move |event| {
                event.prevent_default();
                let _ = zone.set_attribute("data-over", "true");
            })
        });
        listeners.push({
            let zone = zone.clone();
            EventListener::new(&zone.clone(), "dragleave", move |_| {
                let _ = zone.remove_attribute("data-over");
            })
        });
        listeners.push({
            let (shared, reader, zone) = (Rc::clone(&shared), Rc::clone(&reader), zone.clone());
            EventListener::new_with_options(&zone.clone(), "drop", prevent, move |event| {
                event.prevent_default();
                let _ = zone.remove_attribute("data-over");
                let file = event
                    .dyn_ref::<DragEvent>()
                    .and_then(DragEvent::data_transfer)
                    .and_then(|d| d.files())
                    .and_then(|files| files.get(0));
                if let Some(file) = file {
                    wasm_bindgen_futures::spawn_local(read(
                        Rc::clone(&shared),
                        Rc::clone(&reader),
                        file,
                    ));
                }
            })
        });
        listeners.push({
            let (shared, reader, field) = (Rc::clone(&shared), Rc::clone(&reader), input.clone());
            EventListener::new(&input, "change", move |_| {
                let file = field.files().and_then(|files| files.get(0));
                if let Some(file) = file {
                    wasm_bindgen_futures::spawn_local(read(
                        Rc::clone(&shared),
                        Rc::clone(&reader),
                        file,
                    ));
                }
                // The same file picked again is read again.
                field.set_value("");
            })
        });
        HarPage {
            shared,
            _listeners: listeners,
        }
    }

    /// `{ entries, findings, failures, flows, withBodies }` as shown last.
    pub fn summary(&self) -> Result<JsValue, JsError> {
        summary(&self.shared.borrow())
    }

    /// The selected failure's request as a curl command: `{ text, variables }`.
    pub fn curl(&self) -> Result<JsValue, JsError> {
        curl(&self.shared.borrow())
    }

    /// The redacted HAR of every finding's requests, written by AuthLens `version`.
    #[wasm_bindgen(js_name = exportHar)]
    pub fn export_har(&self, version: &str) -> String {
        export_har(&self.shared.borrow(), version)
    }
}

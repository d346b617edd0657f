//! Everything the flow rules look at, read once from the hops: each hop's [`Facts`], where it
//! sits in the tab, the top-level site it was loaded under, what sign-in message it carries,
//! the cookies it set and sent. Like [`Facts`], it borrows from the flow and keeps the secrets
//! of every hop for scrubbing what the diagnosis says.

use crate::flow::{Flow, Hop};
use crate::saml::{self, Binding, Message, Unreadable};
use crate::url::{self, Url};

use super::super::facts::Facts;
use super::{Frame, Step, StepKind};

/// One hop, read.
pub(crate) struct HopFacts<'a> {
    /// The hop's index in the flow.
    pub index: usize,
    pub hop: &'a Hop,
    /// The event pipeline's reading of the hop.
    pub facts: Facts<'a>,
    pub url: Option<Url<'a>>,
    pub frame: Frame,
    /// Where a redirect sent the browser next.
    pub redirect: Option<Url<'a>>,
    /// The host of the top-level page this hop belongs to (itself, for a page).
    pub top_host: Option<&'a str>,
    pub kind: StepKind,
    /// The local clock when the response arrived, in seconds.
    pub at: Option<f64>,
    /// The SAML message the request carried (`SAMLResponse` or `SAMLRequest`, in the form
    /// or the query), read or why not.
    pub saml: Option<Result<Message, Unreadable>>,
}

impl HopFacts<'_> {
    /// The hop's host, if its URL has one.
    pub(crate) fn host(&self) -> Option<&str> {
        self.url.map(|u| u.host)
    }

    /// A 3xx with a place to go.
    pub(crate) fn is_redirect(&self) -> bool {
        (300..400).contains(&self.facts.status) && self.redirect.is_some()
    }
}

/// How a service provider answered a SAML response; see [`Trail::answer`].
pub(crate) struct Answer {
    /// The hop that carried the response, then each hop its redirects led to.
    pub hops: Vec<usize>,
    /// Refused: an error status, a redirect to an error page (`?error…=`: Shibboleth's
    /// `errorURL` gets `errorType`, `errorText`, `statusCode`), or back to the identity
    /// provider with a new request.
    pub refused: bool,
}

/// How many redirects [`Trail::answer`] follows: an application's own landing redirects are
/// one or two.
const FOLLOW: usize = 4;

/// The flow, read.
pub(crate) struct Trail<'a> {
    pub hops: Vec<HopFacts<'a>>,
    /// The browser's third-party cookie setting, when known.
    pub third_party_blocked: Option<bool>,
}

impl<'a> Trail<'a> {
    pub(crate) fn new(flow: &'a Flow) -> Self {
        let mut hops: Vec<HopFacts<'a>> = Vec::with_capacity(flow.hops.len());
        let mut top_host: Option<&'a str> = None;
        for (index, hop) in flow.hops.iter().enumerate() {
            let facts = Facts::new(&hop.event);
            let url = url::parse(&hop.event.url);
            let frame = frame_of(hop);
            if frame == Frame::Top {
                top_host = url.map(|u| u.host);
            } else if top_host.is_none() {
                // A trail that starts inside a page: the page is whoever made the request.
                top_host = hop
                    .event
                    .initiator
                    .as_deref()
                    .and_then(url::parse)
                    .map(|u| u.host);
            }
            let redirect = hop.redirect_url.as_deref().and_then(url::parse);
            let (kind, saml) = match saml_message(hop, url) {
                Some((kind, message)) => (kind, Some(message)),
                None => (StepKind::Page, None),
            };
            hops.push(HopFacts {
                index,
                hop,
                facts,
                url,
                frame,
                redirect,
                top_host,
                kind,
                at: hop.event.time_stamp.map(|ms| ms / 1000.0),
                saml,
            });
            // A redirect of the page itself moves it: later hops belong to where it went.
            if frame == Frame::Top
                && let Some(r) = hops.last().and_then(|h| h.redirect)
            {
                top_host = Some(r.host);
            }
        }
        Trail {
            hops,
            third_party_blocked: flow.third_party_cookies_blocked,
        }
    }

    /// Every secret any hop carried, for scrubbing what the diagnosis says: what the event
    /// pipeline finds in each request, the values of posted forms (`SAMLResponse`,
    /// `RelayState`…), which it does not see, and what SAML messages say of their subject.
    pub(crate) fn secrets(&self) -> Vec<&str> {
        self.hops
            .iter()
            .flat_map(|h| {
                let form = h.hop.form_data.iter().flatten();
                let personal = h.saml.iter().flatten().flat_map(|m| &m.personal);
                h.facts
                    .secrets()
                    .iter()
                    .copied()
                    .chain(form.flat_map(|(_, values)| values).map(String::as_str))
                    .chain(personal.map(String::as_str))
            })
            .collect()
    }

    /// How the service provider answered the SAML response hop `at` carried: that hop's own
    /// response and where its redirects led, a few steps at most.
    pub(crate) fn answer(&self, at: usize) -> Answer {
        let mut answer = Answer {
            hops: vec![at],
            refused: false,
        };
        let mut hop = &self.hops[at];
        loop {
            let back_to_provider = hop.index != at && hop.kind == StepKind::SamlRequest;
            let to_error_page = hop.redirect.and_then(|r| r.query).is_some_and(|q| {
                q.split('&')
                    .any(|p| p.get(..5).is_some_and(|n| n.eq_ignore_ascii_case("error")))
            });
            answer.refused |= hop.facts.status >= 400 || back_to_provider || to_error_page;
            let next = hop.hop.redirect_url.as_deref().and_then(|target| {
                let target = target.split('#').next().unwrap_or_default();
                self.hops[hop.index + 1..]
                    .iter()
                    .take(FOLLOW)
                    .find(|h| h.frame == hop.frame && h.hop.event.url == target)
            });
            match next {
                Some(n) if !back_to_provider && answer.hops.len() <= FOLLOW => {
                    answer.hops.push(n.index);
                    hop = n;
                }
                _ => return answer,
            }
        }
    }

    /// The hops as a timeline shows them.
    pub(crate) fn timeline(&self) -> Vec<Step> {
        self.hops
            .iter()
            .map(|h| Step {
                url: crate::redact::url(&h.hop.event.url),
                method: h.hop.event.method.clone(),
                status: h.facts.status,
                kind: h.kind,
                frame: h.frame,
            })
            .collect()
    }

    /// Whether `a` and `b` are hosts of the same site.
    pub(crate) fn same_site(a: &str, b: &str) -> bool {
        url::same_site(a, b)
    }
}

/// The SAML message the hop's request carries: a form field (the POST binding) or a query
/// value (the Redirect binding), a response before a request.
fn saml_message(hop: &Hop, url: Option<Url>) -> Option<(StepKind, Result<Message, Unreadable>)> {
    let field = |name: &str| {
        hop.form_data
            .iter()
            .flatten()
            .find(|(n, _)| n == name)
            .and_then(|(_, values)| values.first())
            .map(|v| saml::decode(v, Binding::Post))
            .or_else(|| {
                url.and_then(|u| u.query_value(name))
                    .map(|v| saml::decode(v, Binding::Redirect))
            })
    };
    field("SAMLResponse")
        .map(|m| (StepKind::SamlResponse, m))
        .or_else(|| field("SAMLRequest").map(|m| (StepKind::SamlRequest, m)))
}

/// Where the hop sits: webRequest's `type`, or its frame ids when the type is not given.
fn frame_of(hop: &Hop) -> Frame {
    match hop.event.resource_type.as_deref() {
        Some("main_frame" | "outermost_frame") => Frame::Top,
        Some("sub_frame") => Frame::Frame,
        Some(_) => Frame::Script,
        None if hop.frame_id.is_some_and(|f| f > 0) => Frame::Frame,
        None => Frame::Top,
    }
}

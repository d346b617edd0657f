//! The provider answered with an OAuth 2.0 / OpenID Connect error (RFC 6749 §4.1.2.1,
//! §4.2.2.1; OIDC Core §3.1.2.6) or stopped on an error page of its own (an unknown client,
//! an app it blocks, a visitor the organisation did not assign). A return address it does not
//! know is `redirect_uri_mismatch`'s.
//!
//! Errors an app is built to receive are quiet: `login_required` and its kin answer a silent
//! request (`prompt=none`) by design, and any error after which the app at once asked again,
//! interactively, was handled (Azure AD B2C's AADB2C90118 "forgot password" starts the reset
//! flow; an app falls back from `prompt=none` to a sign-in page).

use super::prelude::*;
use crate::diagnosis::flow::trail::{LOOK_BACK, cookies_off, work};
use crate::oauth::{AuthorizationResponse, ErrorKind};

/// Seconds within which an app that got an error asks again by itself.
const FOLLOW_UP: f64 = 30.0;

/// Why a provider refused, in its words (a page's text or an answer's description), and who
/// can do something about it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Refusal {
    /// The app's registration: an unknown or deleted client, an app not allowed to sign
    /// people in yet. Its owner's to fix.
    App,
    /// The organisation: the visitor is not assigned to the app, or it needs an
    /// administrator's approval.
    Admin,
    /// The sign-in took too long or was finished elsewhere: start again.
    Expired,
}

/// What providers say, on their pages or in `error_description`, when they refuse; [`refusal`]
/// says what each means.
const REFUSALS: &[&str] = &[
    // Microsoft Entra ID: AADSTS700016 UnauthorizedClient_DoesNotMatchRequest ("Application
    // with identifier '...' was not found in the directory").
    "AADSTS700016",
    // Google's "Error 401: invalid_client" / "deleted_client" pages.
    "Error 401: invalid_client",
    "Error 401: deleted_client",
    // Google: an app in "Testing" status opened by someone not among its testers.
    "has not completed the Google verification process",
    // Keycloak, messages_en.properties clientNotFoundMessage and clientDisabledMessage.
    "Client not found.",
    "Client disabled.",
    // Entra: AADSTS50105 (not assigned), AADSTS65001 (not consented), AADSTS90094 and
    // AADSTS90008 (admin approval needed).
    "AADSTS50105",
    "AADSTS65001",
    "AADSTS90094",
    "AADSTS90008",
    // Entra: AADSTS50020 ("User account ... from identity provider ... does not exist in tenant
    // ... The account needs to be added as an external user in the tenant first"): only the
    // tenant's administrator can invite the account.
    "AADSTS50020",
    // Okta's access_denied for a visitor not assigned to the app.
    "User is not assigned to the client application",
    // Google ("Understand & fix error codes", support.google.com/accounts/answer/16668185):
    // a Workspace administrator's policy blocks the app, or has not set up access to it; an
    // app its organisation keeps to its own accounts.
    "admin_policy_enforced",
    "access_not_configured",
    "org_internal",
    // Keycloak's answer when its login session expired (the page left open, or finished in
    // another tab).
    "authentication_expired",
];

/// What one of [`REFUSALS`] means.
fn refusal(said: &str) -> Refusal {
    match said {
        "AADSTS50105"
        | "AADSTS50020"
        | "AADSTS65001"
        | "AADSTS90094"
        | "AADSTS90008"
        | "User is not assigned to the client application"
        | "admin_policy_enforced"
        | "access_not_configured" => Refusal::Admin,
        "authentication_expired" => Refusal::Expired,
        _ => Refusal::App,
    }
}

/// The description's known words, ignoring ASCII case.
fn described(description: &str) -> Option<Refusal> {
    let d = description.to_ascii_lowercase();
    REFUSALS
        .iter()
        .find(|m| d.contains(&m.to_ascii_lowercase()))
        .map(|m| refusal(m))
}

/// One finding: the best of them makes the proposal.
struct Finding<'t> {
    confidence: f64,
    notes: Notes<'t>,
    hops: Vec<usize>,
    lead: Option<FixId>,
}

#[inline(never)]
pub(super) fn rule<'t>(t: &'t Trail, out: &mut Proposals<'t>) {
    let mut findings: Vec<Finding<'t>> = Vec::new();
    findings.extend(t.answers().filter_map(|(h, a)| answered(t, h, a)));
    for request in t.hops.iter().filter(|h| h.authorization.is_some()) {
        findings.extend(error_page(t, request));
    }
    let best = findings
        .into_iter()
        .reduce(|a, b| if b.confidence > a.confidence { b } else { a });
    if let Some(f) = best {
        let p = out
            .add(CauseId::OauthError, f.confidence, f.notes)
            .at(&f.hops);
        if let Some(fix) = f.lead {
            p.lead(fix);
        }
    }
}

/// An error in an answer: at the app, or on the provider's own page (the fragment of
/// Microsoft's err.srf).
fn answered<'t>(
    t: &'t Trail,
    h: &'t HopFacts,
    answer: &'t AuthorizationResponse,
) -> Option<Finding<'t>> {
    let code = answer.error.as_deref()?;
    let kind = answer.kind()?;
    let request = t.request_for(h);
    let description = answer.error_description.as_deref();
    let refused = description.and_then(described);
    // Without the request in the trail (it began before the trail did), an answer asking for
    // the visitor answered a silent request: OIDC Core §3.1.2.6 returns these for prompt=none.
    let silent = h.frame != Frame::Top
        || request.is_none_or(|r| {
            r.frame != Frame::Top || r.authorization.as_ref().is_some_and(|a| a.silent)
        });
    let confidence = match kind {
        ErrorKind::RedirectUri => return None,
        _ if asked_again(t, h) => return None,
        ErrorKind::Interaction if silent => return None,
        ErrorKind::Interaction => 0.75,
        // The visitor's own Cancel, most likely: a failure they know of.
        ErrorKind::Denied if refused.is_none() => 0.75,
        ErrorKind::Unregistered => 0.8,
        _ => 0.9,
    };
    // A registered code is a word of the protocol, shown as is; another is server text.
    let shown = crate::oauth::registered(code).map_or(Arg::Text(code), Arg::Known);
    let mut notes = Notes::of(&[note1(EvidenceId::OauthErrorCode, shown)]);
    notes.add(description.map(|d| note1(EvidenceId::ErrorDescription, Arg::Text(d))));
    if kind == ErrorKind::Denied && refused.is_none() {
        notes.push(note(EvidenceId::SignInDeclined));
    }
    let mut hops = vec![h.index];
    if let Some(r) = request {
        hops.push(r.index);
        let provider = r.host().unwrap_or_default();
        notes.push(if h.host() == Some(provider) {
            note1(EvidenceId::ProviderErrorPage, Arg::Text(provider))
        } else {
            note1(EvidenceId::SignInService, Arg::Text(provider))
        });
    }
    let lead = match (refused, kind) {
        (Some(Refusal::Admin), _) => Some(FixId::AskAdminConsent),
        (Some(Refusal::Expired), _) => Some(FixId::RestartSignIn),
        (Some(Refusal::App), _) => Some(FixId::ContactSiteOwner),
        (None, _) if code == "consent_required" => Some(FixId::AskAdminConsent),
        // The app asked for something its registration does not allow: only its owner can
        // change that.
        (None, ErrorKind::Request) => Some(FixId::ContactSiteOwner),
        (None, ErrorKind::Server) => Some(FixId::WaitAndRetry),
        _ => None,
    };
    Some(Finding {
        confidence,
        notes,
        hops,
        lead,
    })
}

/// Whether the app asked the provider again by itself soon after the error at `h`,
/// interactively: it handled the error (an error it keeps getting is the last one's to show).
fn asked_again(t: &Trail, h: &HopFacts) -> bool {
    t.after(h.index)
        .take(LOOK_BACK)
        .inspect(|_| work(1))
        .take_while(|n| !matches!((h.at, n.at), (Some(a), Some(b)) if b - a > FOLLOW_UP))
        .any(|n| n.authorization.as_ref().is_some_and(|a| !a.silent))
}

/// The provider's own page refusing the request, in words it is known to use; or, unread, an
/// error status or a page at an address of errors.
fn error_page<'t>(t: &'t Trail, request: &'t HopFacts) -> Option<Finding<'t>> {
    let provider = request.host().unwrap_or_default();
    let page = t.stopped_at_provider(request)?;
    // A return address refused is `redirect_uri_mismatch`'s, in the page or its address.
    if page.return_address_refused().is_some() {
        return None;
    }
    let said = page.facts.says(REFUSALS);
    let entra = said.is_none().then(|| entra_code(page)).flatten();
    let mut notes = Notes::of(&[note1(EvidenceId::ProviderErrorPage, Arg::Text(provider))]);
    let (confidence, lead) = match said {
        Some(marker) => {
            notes.push(note1(EvidenceId::ServerSays, Arg::Known(marker)));
            let lead = match refusal(marker) {
                Refusal::App => FixId::ContactSiteOwner,
                Refusal::Admin => FixId::AskAdminConsent,
                Refusal::Expired => FixId::RestartSignIn,
            };
            (0.9, Some(lead))
        }
        // Entra's error page ("Sorry, but we're having trouble signing you in.") answers 200
        // and names its AADSTS code: the code is the provider's word, its owner's to look up.
        None if entra.is_some() => {
            notes.add(entra.map(|c| note1(EvidenceId::ServerSays, Arg::Text(c))));
            (0.7, None)
        }
        // Unread: an error status of the provider's (a 400 is most often a return address,
        // `redirect_uri_mismatch`'s guess), or a page at an address of errors (Google's
        // /signin/oauth/error, Cognito's /error).
        None if !page.facts.body_read
            && ((401..500).contains(&page.facts.status) || error_address(page)) =>
        {
            notes.push(note(EvidenceId::BodyUnread));
            (0.6, None)
        }
        // Read, in words not known here: an error page all the same, and the code it names
        // if it names one.
        None if page.facts.body_read
            && ((400..500).contains(&page.facts.status) || error_address(page)) =>
        {
            let code = page_code(&page.facts.body);
            // Keycloak's "Cookie not found. Please make sure cookies are enabled in your
            // browser.": the provider's words say what it missed.
            notes
                .add(cookies_off(page).map(|said| note1(EvidenceId::ServerSays, Arg::Known(said))));
            notes.add(code.map(|c| {
                let shown = crate::oauth::registered(c).map_or(Arg::Text(c), Arg::Known);
                note1(EvidenceId::OauthErrorCode, shown)
            }));
            let lead = match code.map(crate::oauth::error_kind) {
                Some(ErrorKind::Request) => Some(FixId::ContactSiteOwner),
                Some(ErrorKind::Server) => Some(FixId::WaitAndRetry),
                _ => None,
            };
            (0.7, lead)
        }
        None => return None,
    };
    notes.add(
        request
            .redirect_uri()
            .map(|r| note1(EvidenceId::RedirectUri, Arg::Text(r))),
    );
    Some(Finding {
        confidence,
        notes,
        hops: vec![request.index, page.index],
        lead,
    })
}

/// The error code a provider's page names: a `snake_case` word after Google's "Error 400: "
/// (its pages say "Error 403: org_internal"), or a code RFC 6749 registers among its words.
/// `words` are the page's, lower-cased.
fn page_code(words: &str) -> Option<&str> {
    let token = |s: &str| s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
    let after_status = words.match_indices("error 4").find_map(|(at, _)| {
        let rest = words.get(at + "error 4".len()..)?;
        let code = rest
            .strip_prefix(|c: char| c.is_ascii_digit())?
            .strip_prefix(|c: char| c.is_ascii_digit())?
            .strip_prefix(": ")?;
        let code = &code[..code
            .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
            .unwrap_or(code.len())];
        (code.contains('_') && token(code)).then_some(code)
    });
    after_status.or_else(|| {
        words
            .split(|c: char| !(c.is_ascii_lowercase() || c == '_'))
            .find(|w| w.contains('_') && crate::oauth::registered(w).is_some())
    })
}

/// The AADSTS code Microsoft Entra's error page names ("AADSTS50020: User account ..."),
/// unless it is one the visitor can get past on the same page (a wrong password, a second
/// factor: `second_factor_required`'s) or the answer to a silent request.
fn entra_code<'t>(page: &'t HopFacts) -> Option<&'t str> {
    /// AADSTS50126 (wrong user name or password), 50076, 50074, 50079, 50072 (a second
    /// factor), 50058 (no session for a silent request).
    const PASSABLE: &[&str] = &["50126", "50076", "50074", "50079", "50072", "50058"];
    let body = page.hop.event.body_text.as_deref()?;
    body.match_indices("AADSTS").find_map(|(at, _)| {
        let rest = &body[at + "AADSTS".len()..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        ((5..=7).contains(&digits) && !PASSABLE.contains(&&rest[..digits]))
            .then(|| &body[at..at + "AADSTS".len() + digits])
    })
}

/// A provider's address for showing errors: a path segment that says so.
fn error_address(h: &HopFacts) -> bool {
    h.url.is_some_and(|u| {
        u.path
            .split('/')
            .any(|s| s.eq_ignore_ascii_case("error") || s.eq_ignore_ascii_case("err.srf"))
    })
}

#[cfg(test)]
mod tests {
    use super::super::super::{FlowDiagnosis, diagnose_flow, fixtures::load};
    use crate::diagnosis::ids::{CauseId, EvidenceId, FixId};
    use crate::flow::Flow;

    fn judged(flow: &Flow) -> FlowDiagnosis {
        diagnose_flow(flow).unwrap()
    }

    fn has(d: &FlowDiagnosis, id: EvidenceId) -> bool {
        d.failures[0].evidence.iter().any(|e| e.id == id)
    }

    /// Whether `d`'s first failure quotes the provider's `words`.
    fn says(d: &FlowDiagnosis, words: &str) -> bool {
        d.failures[0]
            .evidence
            .iter()
            .any(|e| e.id == EvidenceId::ServerSays && e.args == [words])
    }

    #[test]
    fn an_error_the_app_handled_at_once_is_quiet_one_it_did_not_is_not() {
        let mut flow = load("entra-b2c-forgot-password");
        assert!(judged(&flow).failures.is_empty());
        // The same AADB2C90118 with the app not starting the reset flow.
        flow.hops.truncate(4);
        let d = judged(&flow);
        assert_eq!(d.failures[0].cause, CauseId::OauthError);
        assert_eq!(d.failures[0].evidence[0].args, ["access_denied"]);
    }

    #[test]
    fn a_cancel_is_worded_as_declined_a_rule_of_the_provider_as_the_admins() {
        let cancel = judged(&load("github-user-cancels"));
        assert!(has(&cancel, EvidenceId::SignInDeclined));
        assert!(cancel.failures[0].confidence < 0.9);
        // Apple's own word for it, posted to the callback.
        let apple = judged(&load("apple-user-cancelled"));
        assert!(has(&apple, EvidenceId::SignInDeclined));
        assert_eq!(
            apple.failures[0].evidence[0].args,
            ["user_cancelled_authorize"]
        );
        let policy = judged(&load("okta-user-not-assigned"));
        assert!(!has(&policy, EvidenceId::SignInDeclined));
        assert_eq!(policy.failures[0].fixes[0].id, FixId::AskAdminConsent);
        assert!(has(&policy, EvidenceId::SignInService));
    }

    #[test]
    fn the_providers_refusal_page_says_who_can_fix_it_and_unread_only_that_it_refused() {
        let page = judged(&load("entra-aadsts50105-user-not-assigned"));
        let f = &page.failures[0];
        assert_eq!(f.fixes[0].id, FixId::AskAdminConsent);
        assert!(says(&page, "AADSTS50105"));
        // Unread: Google's 403 at its /signin/oauth/error address, said with less confidence.
        let mut flow = load("google-access-blocked-unverified-app");
        let read = judged(&flow).failures[0].confidence;
        for hop in &mut flow.hops {
            hop.event.body_text = None;
        }
        let unread = judged(&flow);
        assert_eq!(unread.failures[0].cause, CauseId::OauthError);
        assert!(
            has(&unread, EvidenceId::BodyUnread) && has(&unread, EvidenceId::ProviderErrorPage)
        );
        assert!(unread.failures[0].confidence < read);
    }

    #[test]
    fn a_providers_page_that_found_no_cookie_says_so() {
        // Keycloak over https: its cookies kept, but the password posted without them (cookies
        // cleared or blocked for the site).
        let mut flow = load("keycloak-24-over-http-cookie-not-found");
        for hop in &mut flow.hops {
            for url in std::iter::once(&mut hop.event.url).chain(hop.redirect_url.as_mut()) {
                *url = url.replace("http://", "https://");
            }
        }
        let d = judged(&flow);
        let f = &d.failures[0];
        assert_eq!(f.cause, CauseId::OauthError);
        assert!(says(&d, "cookie not found"), "{:?}", f.evidence);
    }

    #[test]
    fn entras_error_page_answers_200_and_names_its_code() {
        let guest = judged(&load("entra-aadsts50020-guest-not-in-tenant"));
        let f = &guest.failures[0];
        assert_eq!(f.cause, CauseId::OauthError);
        assert_eq!(f.fixes[0].id, FixId::AskAdminConsent);
        // A code not among the known refusals: the page is an error all the same, its code
        // shown, no fix guessed.
        let mut flow = load("entra-aadsts50020-guest-not-in-tenant");
        let page = flow.hops[2].event.body_text.as_mut().unwrap();
        *page = page.replace("AADSTS50020", "AADSTS700054");
        let other = judged(&flow);
        let f = &other.failures[0];
        assert_eq!(f.cause, CauseId::OauthError);
        assert!(says(&other, "AADSTS700054"));
        assert_ne!(f.fixes[0].id, FixId::AskAdminConsent);
        // A wrong password, on the page where the visitor types it again: not a refusal.
        let page = flow.hops[2].event.body_text.as_mut().unwrap();
        *page = page.replace("AADSTS700054", "AADSTS50126");
        assert!(judged(&flow).failures.is_empty());
    }

    #[test]
    fn interaction_required_is_a_failure_only_for_a_request_that_was_not_silent() {
        let answer = |prompt: &str| {
            let mut flow = load("okta-user-not-assigned");
            let to = "https://wiki.example.com/authorization-code/callback?state=x&error=interaction_required&error_description=MFA+enrollment+is+required.";
            flow.hops[1].event.url.push_str(prompt);
            flow.hops[1].redirect_url = Some(to.into());
            flow.hops[2].event.url = to.into();
            judged(&flow)
        };
        let d = answer("");
        assert_eq!(d.failures[0].cause, CauseId::OauthError);
        assert!(d.failures[0].confidence < 0.9);
        assert!(answer("&prompt=none").failures.is_empty());
    }

    #[test]
    fn a_read_error_page_in_unknown_words_is_a_refusal_that_names_its_code() {
        use super::page_code;
        assert_eq!(
            page_code(
                "access blocked: hr tools can only be used within its organization. error 403: org_internal"
            ),
            Some("org_internal")
        );
        assert_eq!(
            page_code("error 400: invalid_request request details: flowname=generaloauthflow"),
            Some("invalid_request")
        );
        assert_eq!(
            page_code("something went wrong: unauthorized_client"),
            Some("unauthorized_client")
        );
        assert_eq!(page_code("error 404: not found here: x"), None);
        assert_eq!(page_code("sign in to continue"), None);
        // Google's page for an app its organisation keeps to itself: the owner's to open up.
        let d = judged(&load("google-org-internal-app"));
        assert_eq!(d.failures[0].cause, CauseId::OauthError);
        assert_eq!(d.failures[0].fixes[0].id, FixId::ContactSiteOwner);
        // Another provider's error page, in words no list here knows.
        let mut flow = load("google-org-internal-app");
        let page = flow.hops.last_mut().unwrap();
        page.event.body_text = Some(
            "<h1>Sorry, we could not sign you in.</h1><p>Error 400: unknown_tenant_policy</p>"
                .into(),
        );
        let d = judged(&flow);
        assert_eq!(d.failures[0].cause, CauseId::OauthError);
        assert!(
            d.failures[0]
                .evidence
                .iter()
                .any(|e| e.id == EvidenceId::OauthErrorCode && e.args == ["unknown_tenant_policy"])
        );
        // The same words on a page the provider served as a step of the sign-in: no refusal.
        page_of(&mut flow).event.status_code = 200;
        page_of(&mut flow).event.url = "https://accounts.google.com/signin/oauth/consent".into();
        assert!(judged(&flow).failures.is_empty());
    }

    fn page_of(flow: &mut Flow) -> &mut crate::flow::Hop {
        flow.hops.last_mut().unwrap()
    }

    #[test]
    fn an_answer_asking_for_the_visitor_without_its_request_answered_a_silent_one() {
        // The trail begins at the answer: its request went before the trail did.
        let answer = |query: &str| {
            let flow = super::super::super::fixtures::parse(&format!(
                "# Source: test\n=== hop\n#! type: main_frame\n#! initiator: https://idp.example\nGET https://app.example/cb?{query}\n\nHTTP/1.1 302 Found\nDate: Mon, 10 Mar 2025 09:00:00 GMT\nLocation: /\n\n"
            ))
            .unwrap();
            judged(&flow)
        };
        assert!(
            answer("error=login_required&state=s7a7e5ecre7")
                .failures
                .is_empty()
        );
        assert!(
            answer("error=interaction_required&state=s7a7e5ecre7")
                .failures
                .is_empty()
        );
        let d = answer("error=access_denied&state=s7a7e5ecre7");
        assert_eq!(d.failures[0].cause, CauseId::OauthError);
    }

    #[test]
    fn keycloaks_expired_login_is_started_again_not_waited_for() {
        let d = judged(&load("keycloak-login-page-left-open"));
        assert_eq!(d.failures[0].fixes[0].id, FixId::RestartSignIn);
    }
}

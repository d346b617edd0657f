// The app as a SAML 2.0 service provider, the way Spring Security's saml2Login behaves: a page
// without a session saves the request and goes to /saml2/authenticate/<registration>, which
// sends an AuthnRequest with the HTTP-Redirect binding; the provider posts the Response to
// /login/saml2/sso/<registration>; a failure goes to /login?error, whose page shows the
// exception's message; success changes the session id and returns to the saved request.
//
// Source: spring-projects/spring-security saml2-service-provider: OpenSaml5AuthenticationProvider
// / BaseOpenSamlAuthenticationProvider ("Invalid status [%s] for SAML response [%s]", "Invalid
// assertion [%s] for SAML response [%s]: %s", a five-minute clock skew), OpenSAML's
// SAML20AssertionValidator ("Assertion '%s' with NotBefore condition of '%s' is not yet valid",
// "… with NotOnOrAfter condition of '%s' is no longer valid"), DefaultLoginPageGeneratingFilter
// (the failure's message on /login?error, "Invalid credentials" without one); Spring Boot's
// server.servlet.session.cookie.same-site=none, secure (without it the session cookie is not
// sent on the provider's cross-site POST).
import { realmPath } from './flows.mjs';
import { LAB_HOSTS } from './hosts.mjs';
import { authnRequest, readSamlResponse } from './saml.mjs';
import { cookiesOf, escape, formOf, page, redirect, setCookie } from './web.mjs';

const REGISTRATION = 'lab';
const CLOCK_SKEW_MS = 5 * 60_000;
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';

/** Tomcat's session cookie, set as Spring Boot's same-site=none and secure settings say. */
const sessionCookie = (id, base) => setCookie('JSESSIONID', id, [`Path=${base}`, 'Secure', 'HttpOnly', 'SameSite=None']);

/** Why Spring Security refuses `response` for `session`, or undefined when it accepts it. */
function refusal(response, session) {
  if (!response) return 'Unable to parse SAMLResponse';
  if (response.inResponseTo !== session?.authnRequestId) {
    return `The InResponseTo attribute [${response.inResponseTo}] does not match the ID of the authentication request [${session?.authnRequestId ?? null}]`;
  }
  const status = response.statusCodes[0];
  if (status !== SUCCESS) return `Invalid status [${status}] for SAML response [${response.id}]`;
  const { assertion } = response;
  if (!assertion) return 'No assertions found in response.';
  const now = Date.now();
  const invalid = (text) => `Invalid assertion [${assertion.id}] for SAML response [${response.id}]: ${text}`;
  if (assertion.notBefore && Date.parse(assertion.notBefore) > now + CLOCK_SKEW_MS) {
    return invalid(`Assertion '${assertion.id}' with NotBefore condition of '${assertion.notBefore}' is not yet valid`);
  }
  if (assertion.notOnOrAfter && Date.parse(assertion.notOnOrAfter) < now - CLOCK_SKEW_MS) {
    return invalid(`Assertion '${assertion.id}' with NotOnOrAfter condition of '${assertion.notOnOrAfter}' is no longer valid`);
  }
  return undefined;
}

/** The app's pages, by `<method> <path below the app>`, each answering `{ ctx, visit, flow, base }`. */
export const SERVICE_PROVIDER_ROUTES = {
  'GET ': ({ base }) =>
    page({ title: 'Orders', markup: `<p>Welcome. <a id="sign-in" href="${base}account">Sign in</a> to see your orders.</p>`, kind: 'app-home' }),

  'GET account': ({ ctx, visit, base }) => {
    const id = cookiesOf(ctx.req).get('JSESSIONID');
    const session = visit.app.sessions.get(id);
    if (session?.account) {
      return page({ title: 'Your account', markup: `<p>Signed in as ${escape(session.account)}.</p>`, outcome: 'signed-in' });
    }
    const fresh = session ?? { id: visit.mint('jsession') };
    fresh.savedRequest = `${base}account?continue`;
    visit.app.sessions.set(fresh.id, fresh);
    return redirect(`${base}saml2/authenticate/${REGISTRATION}`, {
      headers: session ? [] : [sessionCookie(fresh.id, base)],
      note: 'not signed in: request saved',
    });
  },

  [`GET saml2/authenticate/${REGISTRATION}`]: ({ ctx, visit, base }) => {
    const session = visit.app.sessions.get(cookiesOf(ctx.req).get('JSESSIONID'));
    if (!session) return redirect(`${base}account`, { note: 'no session to remember the request in' });
    const app = `${ctx.origin(LAB_HOSTS.app)}${base}`;
    const sso = `${ctx.origin(LAB_HOSTS.provider)}${realmPath(visit.id)}protocol/saml`;
    const request = authnRequest({ issuer: `${app}saml2/service-provider-metadata/${REGISTRATION}`, destination: sso, acs: `${app}login/saml2/sso/${REGISTRATION}` });
    session.authnRequestId = request.id;
    const query = new URLSearchParams({ SAMLRequest: request.encoded, RelayState: visit.mint('relay') });
    return redirect(`${sso}?${query}`, { note: 'AuthnRequest sent' });
  },

  [`POST login/saml2/sso/${REGISTRATION}`]: ({ ctx, visit, base }) => {
    const form = formOf(ctx.body);
    const session = visit.app.sessions.get(cookiesOf(ctx.req).get('JSESSIONID'));
    const response = readSamlResponse(form.SAMLResponse);
    const why = refusal(response, session);
    if (why) {
      if (session) session.error = why;
      return redirect(`${base}login?error`, { note: why });
    }
    // Session fixation protection: the signed-in session gets a new id.
    visit.app.sessions.delete(session.id);
    const signedIn = { ...session, id: visit.mint('jsession'), account: response.assertion.nameId };
    visit.app.sessions.set(signedIn.id, signedIn);
    return redirect(session.savedRequest ?? `${base}account`, { headers: [sessionCookie(signedIn.id, base)], note: 'signed in' });
  },

  'GET login': ({ ctx, visit }) => {
    const failed = ctx.url.searchParams.has('error');
    const message = visit.app.sessions.get(cookiesOf(ctx.req).get('JSESSIONID'))?.error ?? 'Invalid credentials';
    return page({
      title: 'Please sign in',
      markup: `${failed ? `<div class="alert alert-danger" role="alert">${escape(message)}</div>` : ''}<h2>Login with SAML 2.0</h2><table><tr><td><a href="saml2/authenticate/${REGISTRATION}">${REGISTRATION}</a></td></tr></table>`,
      outcome: failed ? 'app-error' : undefined,
      kind: 'app-sign-in',
    });
  },
};

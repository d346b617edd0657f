// SAML 2.0 messages as the lab's provider and service provider exchange them: the AuthnRequest
// (HTTP-Redirect binding: deflated, base64, in the query) and the Response (HTTP-POST binding:
// base64 in a form). Unsigned: nobody here checks signatures, AuthLens included.
//
// Source: OASIS SAML 2.0 Core (saml-core-2.0-os) §2.3.3 Assertion, §2.5.1 Conditions, §3.2.2
// Response and §3.2.2.2 status codes; Bindings (saml-bindings-2.0-os) §3.4.4.1 DEFLATE
// encoding, §3.5 HTTP-POST. The shape of a success is Keycloak's (saml-core's
// SAML2LoginResponseBuilder: Issuer, Subject with a bearer SubjectConfirmation, Conditions
// with an AudienceRestriction, AuthnStatement, AttributeStatement); a failure is PingFederate's
// as quoted in https://github.com/CityOfBoston/digital/issues/416 (Responder / AuthnFailed,
// "Authentication Failed", no Assertion).
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { escape } from './web.mjs';

const STATUS = 'urn:oasis:names:tc:SAML:2.0:status:';
const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';

const instant = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/** An AuthnRequest as Spring Security sends it (its IDs are "ARQ" and a UUID), for the query. */
export function authnRequest({ issuer, destination, acs, nowMs = Date.now() }) {
  const id = `ARQ${randomUUID().slice(1)}`;
  const xml = `<saml2p:AuthnRequest xmlns:saml2p="${PROTOCOL}" AssertionConsumerServiceURL="${escape(acs)}" Destination="${escape(destination)}" ID="${id}" IssueInstant="${instant(nowMs)}" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Version="2.0"><saml2:Issuer xmlns:saml2="${ASSERTION}">${escape(issuer)}</saml2:Issuer></saml2p:AuthnRequest>`;
  return { id, encoded: deflateRawSync(xml).toString('base64') };
}

const attribute = (xml, name) => xml.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
const element = (xml, name) => xml.match(new RegExp(`<(?:\\w+:)?${name}\\b[^>]*>([^<]*)<`))?.[1];

/** What the provider reads of a received AuthnRequest; undefined if it is not one. */
export function readAuthnRequest(encoded) {
  let xml;
  try {
    xml = inflateRawSync(Buffer.from(encoded, 'base64')).toString('utf8');
  } catch {
    return undefined;
  }
  if (!/<(?:\w+:)?AuthnRequest\b/.test(xml)) return undefined;
  return { id: attribute(xml, 'ID'), acs: attribute(xml, 'AssertionConsumerServiceURL'), issuer: element(xml, 'Issuer') };
}

/**
 * A Response to `request`, base64 for the POST binding. With `status` ({ codes: [top, second],
 * message }) it is a failure without an assertion; otherwise it asserts `account` for
 * `audience`, valid five minutes from the provider's clock `nowMs`.
 */
export function samlResponse({ issuer, request, audience, account, sessionIndex, nowMs, status }) {
  const issued = instant(nowMs);
  const head = `<samlp:Response xmlns:samlp="${PROTOCOL}" xmlns:saml="${ASSERTION}" Destination="${escape(request.acs)}" ID="ID_${randomUUID()}" InResponseTo="${escape(request.id)}" IssueInstant="${issued}" Version="2.0"><saml:Issuer>${escape(issuer)}</saml:Issuer>`;
  if (status) {
    const [top, second] = status.codes;
    const codes = `<samlp:StatusCode Value="${STATUS}${top}">${second ? `<samlp:StatusCode Value="${STATUS}${second}"/>` : ''}</samlp:StatusCode>`;
    const xml = `${head}<samlp:Status>${codes}<samlp:StatusMessage>${escape(status.message)}</samlp:StatusMessage></samlp:Status></samlp:Response>`;
    return Buffer.from(xml).toString('base64');
  }
  const until = instant(nowMs + 5 * 60_000);
  const values = [
    ['email', 'urn:oid:1.2.840.113549.1.9.1', account.email],
    ['givenName', 'urn:oid:2.5.4.42', account.givenName],
    ['surname', 'urn:oid:2.5.4.4', account.familyName],
    ['displayName', 'urn:oid:2.16.840.1.113730.3.1.241', `${account.givenName} ${account.familyName}`],
  ];
  const attributes = values.map(([friendly, name, value]) =>
    `<saml:Attribute FriendlyName="${friendly}" Name="${name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"><saml:AttributeValue>${escape(value)}</saml:AttributeValue></saml:Attribute>`).join('');
  const assertion = `<saml:Assertion ID="ID_${randomUUID()}" IssueInstant="${issued}" Version="2.0"><saml:Issuer>${escape(issuer)}</saml:Issuer>`
    + `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${escape(account.email)}</saml:NameID>`
    + `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData InResponseTo="${escape(request.id)}" NotOnOrAfter="${until}" Recipient="${escape(request.acs)}"/></saml:SubjectConfirmation></saml:Subject>`
    + `<saml:Conditions NotBefore="${issued}" NotOnOrAfter="${until}"><saml:AudienceRestriction><saml:Audience>${escape(audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>`
    + `<saml:AuthnStatement AuthnInstant="${issued}" SessionIndex="${escape(sessionIndex)}" SessionNotOnOrAfter="${instant(nowMs + 10 * 3_600_000)}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`
    + `<saml:AttributeStatement>${attributes}</saml:AttributeStatement></saml:Assertion>`;
  const xml = `${head}<samlp:Status><samlp:StatusCode Value="${STATUS}Success"/></samlp:Status>${assertion}</samlp:Response>`;
  return Buffer.from(xml).toString('base64');
}

/** What the service provider reads of a posted Response. */
export function readSamlResponse(encoded) {
  const xml = Buffer.from(encoded ?? '', 'base64').toString('utf8');
  if (!/<(?:\w+:)?Response\b/.test(xml)) return undefined;
  const statusCodes = [...xml.matchAll(/<(?:\w+:)?StatusCode\s+Value="([^"]*)"/g)].map((m) => m[1]);
  const assertion = xml.match(/<(?:\w+:)?Assertion\b[\s\S]*<\/(?:\w+:)?Assertion>/)?.[0];
  const conditions = assertion?.match(/<(?:\w+:)?Conditions\b[^>]*>/)?.[0];
  return {
    id: attribute(xml, 'ID'),
    inResponseTo: attribute(xml, 'InResponseTo'),
    statusCodes,
    assertion: assertion && {
      id: attribute(assertion, 'ID'),
      nameId: element(assertion, 'NameID'),
      notBefore: conditions && attribute(conditions, 'NotBefore'),
      notOnOrAfter: conditions && attribute(conditions, 'NotOnOrAfter'),
    },
  };
}

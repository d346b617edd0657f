// One play of a flow scenario is a visit: its own path under the app (`/flows/<flow>/<visit>/`)
// and its own realm at the provider (`/realms/<visit>/`), so no cookie or session of one visit
// reaches another. What the app and the provider remember of it lives here, per lab.
import { randomBytes } from 'node:crypto';

/** A visit id as scenarios make them (`<tag>-<n>`): letters, digits, dots and dashes. */
const VISIT_ID = /^[A-Za-z0-9.-]+$/;

export function createVisits() {
  const visits = new Map();
  return {
    /**
     * The visit `id` that `url` is part of, made on first sight; a `secret` in the URL (the
     * privacy test's) becomes the visit's. Undefined for what is not a visit id.
     */
    enter(id, url) {
      if (!VISIT_ID.test(id ?? '')) return undefined;
      if (!visits.has(id)) visits.set(id, newVisit(id));
      const visit = visits.get(id);
      visit.secret ??= url.searchParams.get('secret') ?? undefined;
      return visit;
    },
    /** Every value minted for visits whose secret is `secret`. */
    minted: (secret) => [...visits.values()].filter((v) => v.secret === secret).flatMap((v) => v.minted),
  };
}

function newVisit(id) {
  return {
    id,
    /** The privacy test's secret for this visit: every value minted below carries it. */
    secret: undefined,
    minted: [],
    /** The app's memory: sign-ins under way (by state) and sessions (by id). */
    app: { pending: new Map(), sessions: new Map() },
    /** The provider's: sign-ins under way (by tab id), sessions, codes not yet redeemed. */
    provider: { pending: new Map(), sessions: new Map(), codes: new Map() },
    /**
     * A fresh random value for `kind` (a state, a code, a session id…), with the visit's
     * secret in it when it has one, so that the privacy test can look for it anywhere.
     */
    mint(kind) {
      const value = `${this.secret ? `${this.secret}-` : ''}${kind}-${randomBytes(12).toString('base64url')}`;
      if (this.secret) this.minted.push(value);
      return value;
    },
    /** Records a value made from minted ones (a signed-looking token, a SAML message). */
    keep(value) {
      if (this.secret) this.minted.push(value);
      return value;
    },
  };
}

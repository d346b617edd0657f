// JSON Web Tokens that look like a provider's (RFC 7519, RS256 header), with a signature that
// is only filler: nobody in the lab verifies one, AuthLens included.

const base64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A filler signature: base64url of "lab-signature". */
const FILLER_SIGNATURE = 'bGFiLXNpZ25hdHVyZQ';

export const jwt = (claims, signature = FILLER_SIGNATURE) =>
  [base64url({ alg: 'RS256', typ: 'JWT' }), base64url(claims), signature].join('.');

/** The claims of a JWT's payload. */
export const claimsOf = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));

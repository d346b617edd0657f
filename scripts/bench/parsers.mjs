// The contenders for parsing a WWW-Authenticate value from JS: AuthLens (wasm, boundary
// included), the npm parsers people use, and a floor that only reads each char code once.
// Each returns what its library returns; `normalised` puts every result in one shape to see
// which ones read the value as RFC 9110 does.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../paths.mjs';

const require = createRequire(join(ROOT, 'package.json'));

/**
 * oauth4webapi keeps its parser private: it runs on a fetch `Response` inside
 * `processXxxResponse`. Its source text is taken as published, run on a stand-in that carries
 * only the header, so that the bench times the parse and nothing of the OAuth processing.
 */
function oauth4webapiParser() {
  const source = readFileSync(require.resolve('oauth4webapi'), 'utf8');
  const start = source.indexOf('const tokenMatch =');
  const fn = source.indexOf('function parseWwwAuthenticateChallenges(');
  const end = source.indexOf('\n}\n', fn) + 3;
  if (start < 0 || fn < start || end < fn) throw new Error('bench: oauth4webapi parser not found (new version?)');
  const body = `${source.slice(start, end)}\nreturn parseWwwAuthenticateChallenges;`;
  const parse = new Function('looseInstanceOf', 'Response', 'CodedTypeError', 'ERR_INVALID_ARG_TYPE', body)(
    () => true, undefined, (m) => new TypeError(m), 'ERR_INVALID_ARG_TYPE',
  );
  return (value) => parse({ headers: { get: () => value } });
}

const { parsers: wwwAuthenticate } = require('www-authenticate');
const authHeader = require('auth-header');

const orNull = (f) => (value) => {
  try {
    return f(value);
  } catch {
    return null;
  }
};

/** The npm parsers; a throw counts as a result (null), not as a failed run. */
export const NPM = {
  'www-authenticate': orNull((v) => new wwwAuthenticate.WWW_Authenticate(v)),
  'auth-header': orNull((v) => authHeader.parse(v)),
  'oauth4webapi': orNull(oauth4webapiParser()),
};

/** One pass over the string's char codes: the least any JS parser must do. */
export function floor(value) {
  let sum = 0;
  for (let i = 0; i < value.length; i++) sum = (sum + value.charCodeAt(i)) | 0;
  return sum;
}

const challenge = (scheme, token68, params) => ({
  scheme: scheme.toLowerCase(),
  token68: token68 ?? null,
  params: Object.entries(params ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
});

/** Each parser's result as [{ scheme (lower case), token68, params: [[name, value]] }]. */
export const normalised = {
  ours: (r) => r.map((c) => challenge(c.scheme, c.token68, Object.fromEntries(c.params.map((p) => [p.name, p.value])))),
  'www-authenticate': (r) => (r && !r.err ? [challenge(r.scheme, null, r.parms)] : null),
  'auth-header': (r) => (r ? [challenge(r.scheme, r.token, r.params)] : null),
  'oauth4webapi': (r) => r?.map((c) => challenge(c.scheme, c.token68, c.parameters)) ?? null,
};

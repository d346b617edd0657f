// parseChallenges contract cases, one a line: [input, expected]. `expected` is the challenge
// list, or { offset, expected } for an error: `offset` is a JS string index (UTF-16 code
// units) and `expected` a piece of the message's "expected ..." part.
const c = (scheme, params = [], token68 = null) => ({ scheme, token68, params: params.map(([name, value]) => ({ name, value })) });
const err = (offset, expected) => ({ offset, expected });

export const CASES = [
  ['Basic realm="AuthLens lab"', [c('Basic', [['realm', 'AuthLens lab']])]],
  ['Basic', [c('Basic')]],
  ['', []],
  [' , ,', []],
  ['BASIC REALM="foo", Charset=UTF-8', [c('BASIC', [['realm', 'foo'], ['charset', 'UTF-8']])]],
  ['Basic realm=foo', [c('Basic', [['realm', 'foo']])]],
  ['Basic realm = "foo"', [c('Basic', [['realm', 'foo']])]],
  ['Basic realm="\\f\\o\\o"', [c('Basic', [['realm', 'foo']])]],
  ['Basic realm="\\"foo\\"", x="a\\\\b"', [c('Basic', [['realm', '"foo"'], ['x', 'a\\b']])]],
  ['Basic realm="Ω"', [c('Basic', [['realm', 'Ω']])]],
  // obs-text: a header as webRequest gives it (one code unit per byte) and as decoded text.
  ['Basic realm="\u00e4\u00f6\u00fc", Bearer realm="x"', [c('Basic', [['realm', '\u00e4\u00f6\u00fc']]), c('Bearer', [['realm', 'x']])]],
  ['Basic realm="caf\u00c3\u00a9" , Digest nonce="\\\u00e9"', [c('Basic', [['realm', 'caf\u00c3\u00a9']]), c('Digest', [['nonce', '\u00e9']])]],
  ['Basic realm="😀 \\😀", Bearer', [c('Basic', [['realm', '😀 😀']]), c('Bearer')]],
  ['Basic realm="\ufeff\\x", Bearer x="\\\ufeff"', [c('Basic', [['realm', '\ufeffx']]), c('Bearer', [['x', '\ufeff']])]],
  ['Negotiate', [c('Negotiate')]],
  ['Negotiate YIIBhg==', [c('Negotiate', [], 'YIIBhg==')]],
  ['NTLM TlRMTVNTUAACAAAADAAMADgAAAAFgomi, Negotiate', [c('NTLM', [], 'TlRMTVNTUAACAAAADAAMADgAAAAFgomi'), c('Negotiate')]],
  ['Bearer abc.def-_~+/==', [c('Bearer', [], 'abc.def-_~+/==')]],
  ['Bearer realm="api", error="invalid_token", error_description="The access token expired"', [
    c('Bearer', [['realm', 'api'], ['error', 'invalid_token'], ['error_description', 'The access token expired']]),
  ]],
  ['Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple"', [
    c('Newauth', [['realm', 'apps'], ['type', '1'], ['title', 'Login to "apps"']]),
    c('Basic', [['realm', 'simple']]),
  ]],
  ['Digest realm="x", nonce="n", qop="auth, auth-int", stale=TRUE,Basic realm="y",,DPoP algs="ES256 PS256"', [
    c('Digest', [['realm', 'x'], ['nonce', 'n'], ['qop', 'auth, auth-int'], ['stale', 'TRUE']]),
    c('Basic', [['realm', 'y']]),
    c('DPoP', [['algs', 'ES256 PS256']]),
  ]],
  ['Basic\r\n realm="foo"', [c('Basic', [['realm', 'foo']])]],
  // Errors: the offset is where the value stops being valid, in string indices.
  ['Basic realm=\\f\\o\\o', err(12, "'=', ',' or the end")],
  ['Basic, realm="foo"', err(12, 'an auth-scheme')],
  ['Basic realm="foo", realm="bar"', err(19, 'a parameter name not used before')],
  ['Basic realm="foo', err(16, "'\"' closing the quoted-string")],
  ['Basic realm="foo\\', err(17, 'a character to escape')],
  ['Basic\trealm="foo"', err(6, 'only SP may separate')],
  ['Basic realm="a\u00e9", \u00e9', err(18, 'an auth-param or an auth-scheme')],
  ['Basic realm="\u00e9" x', err(16, "',' or the end of the field value")],
  ['Basic realm="😀", 😀', err(18, 'an auth-param or an auth-scheme')],
  ['Basic realm="a\nb"', err(14, 'a quoted-string character')],
  ['=Basic', err(0, 'an auth-scheme')],
];

// parseChallenges through the built wasm: the JS contract of issue 2, boundary included.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseChallenges } from './core.mjs';
import { CASES } from './parse-cases.mjs';

const MESSAGE = /^invalid challenge at offset (\d+): expected (.+)$/;

for (const [input, expected] of CASES) {
  test(`parseChallenges(${JSON.stringify(input)})`, () => {
    if (Array.isArray(expected)) {
      // deepEqual on fresh objects also proves the key order and that nothing else is there.
      assert.deepEqual(parseChallenges(input), expected);
      return;
    }
    assert.throws(() => parseChallenges(input), (e) => {
      assert.ok(e instanceof Error, 'an Error');
      const [, offset, what] = e.message.match(MESSAGE) ?? assert.fail(`message: ${e.message}`);
      assert.equal(Number(offset), expected.offset);
      assert.ok(what.includes(expected.expected), `"${what}" names "${expected.expected}"`);
      return true;
    });
  });
}

test('a value that is not a string is an Error, not a crash', () => {
  for (const value of [undefined, null, 42, {}, ['Basic', 1], [null]]) {
    assert.throws(() => parseChallenges(value), Error, String(value));
  }
});

test('several field lines are one value joined with ", " (RFC 9110 §5.3)', () => {
  // greenbytes multibasicunknown2mf; a line of parameters continues the challenge before.
  assert.deepEqual(parseChallenges(['Newauth realm="newauth"', 'Basic realm="basic"']), [
    { scheme: 'Newauth', token68: null, params: [{ name: 'realm', value: 'newauth' }] },
    { scheme: 'Basic', token68: null, params: [{ name: 'realm', value: 'basic' }] },
  ]);
  assert.deepEqual(parseChallenges(['Basic realm="x",', 'charset=UTF-8']), parseChallenges('Basic realm="x", charset=UTF-8'));
  assert.deepEqual(parseChallenges([]), []);
  assert.throws(() => parseChallenges(['Digest', 'Basic realm="x']), /offset 22:/);
});

test('every case agrees with the same value written one code unit per UTF-8 byte', () => {
  // webRequest may give a header's bytes as Latin-1 code units or as decoded text: both must
  // parse alike (a non-ASCII byte is obs-text either way), each sliced from its own string.
  const asBytes = (s) => String.fromCharCode(...new TextEncoder().encode(s));
  for (const [input, expected] of CASES.filter(([, e]) => Array.isArray(e))) {
    const bytes = asBytes(input);
    const fromBytes = JSON.stringify(parseChallenges(bytes));
    assert.equal(fromBytes, asBytes(JSON.stringify(expected)), input);
  }
});

test('hostile sizes parse, each value intact', () => {
  const escaped = `Basic realm="${'\\"'.repeat(32 * 1024)}"`;
  assert.equal(parseChallenges(escaped)[0].params[0].value, '"'.repeat(32 * 1024));
  const params = `Digest ${Array.from({ length: 1000 }, (_, i) => `P${i}="v${i}"`).join(', ')}`;
  const parsed = parseChallenges(params)[0].params;
  assert.equal(parsed.length, 1000);
  assert.deepEqual(parsed[999], { name: 'p999', value: 'v999' });
  assert.equal(parseChallenges(Array(1000).fill('Negotiate YIIBhg==').join(', ')).length, 1000);
  assert.equal(parseChallenges(`${','.repeat(1000)}Basic${','.repeat(1000)}`).length, 1);
  assert.throws(() => parseChallenges(`Basic realm="${'x'.repeat(65536)}`), /offset 65549/);
});

test('random values: decoded text and its UTF-8 bytes parse alike, offsets in step', () => {
  // Pieces of field values, valid and not, ASCII and not; a fixed seed for a repeatable run.
  const pieces = ['Basic', 'Bearer', ' ', ',', ', ', '=', '"', '\\', 'Realm', 'x=1', 'y="q\\"z"', '\t', '\r\n ',
    'é', '\u00ff', '😀', 'abc==', '/', '\u0080', ';', '"\\é"', '""'];
  let seed = 7;
  const next = (n) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  const encoder = new TextEncoder();
  const asBytes = (s) => String.fromCharCode(...encoder.encode(s));
  const run = (s) => {
    try {
      return { ok: parseChallenges(s) };
    } catch (e) {
      assert.ok(e instanceof Error, String(e));
      return { offset: Number(e.message.match(MESSAGE)[1]), expected: e.message.match(MESSAGE)[2] };
    }
  };
  for (let k = 0; k < 20_000; k++) {
    const s = Array.from({ length: next(10) }, () => pieces[next(pieces.length)]).join('');
    const text = run(s);
    const bytes = run(asBytes(s));
    if (text.ok) {
      assert.equal(JSON.stringify(bytes.ok), asBytes(JSON.stringify(text.ok)), s);
    } else {
      assert.equal(bytes.expected, text.expected, s);
      assert.equal(encoder.encode(s.slice(0, text.offset)).length, bytes.offset, s);
    }
  }
});

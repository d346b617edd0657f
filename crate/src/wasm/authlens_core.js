// The core's JS API (dist/wasm/authlens_core.js, a contract): wasm-bindgen's glue, re-exported,
// plus `parseChallenges`, which bypasses wasm-bindgen. Passing a string in and building objects
// through wasm-bindgen cost three times the parse; here JS writes the string into wasm memory
// itself, wasm answers with numbers only (challenges.rs), and JS builds the objects by slicing
// the caller's own string.
import initGlue, { initSync as initGlueSync } from './authlens_core_glue.js';

export * from './authlens_core_glue.js';

/** @type {any} the instance's exports, once initialised */
let wasm;

// Views of wasm memory, made again only when needed: growing memory detaches the old buffer
// (byteLength 0), and a new view per call would cost more than parsing a short header.
let input;
let inputAt;
let inputSize;
let words;

function use(exports) {
  wasm = exports;
  input = new Uint8Array(0);
  inputAt = 0;
  inputSize = 0;
  words = new Uint32Array(0);
  return exports;
}

/** Instantiates the core (async): the glue's `init`, whose options it takes. */
export default async function init(options) {
  return use(await initGlue(options));
}

/** Instantiates the core from bytes or a compiled module: the glue's `initSync`. */
export function initSync(options) {
  return use(initGlueSync(options));
}

// Record layout and tags: `Offsets` in crate/src/parser.rs (strict mode has no finding
// records) and `UPPER` in crate/src/wasm/challenges.rs.
const CHALLENGE = 0;
const TOKEN68 = 1;
const ESCAPED = 8;
const UPPER = 16;

const encoder = new TextEncoder();
// ignoreBOM: a value that starts with U+FEFF keeps it.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** Room in wasm memory for `bytes` bytes of UTF-8 (the input buffer moves only when it grows). */
function room(bytes) {
  if (bytes > inputSize) {
    inputAt = wasm.challenge_input(bytes) >>> 0;
    inputSize = bytes;
  } else if (input.byteLength !== 0) {
    return input;
  }
  input = new Uint8Array(wasm.memory.buffer, inputAt, inputSize);
  return input;
}

/**
 * `parseChallenges(value)`: the challenges of one `WWW-Authenticate` or `Proxy-Authenticate`
 * field value, strictly by RFC 9110 §11, as `[{ scheme, token68, params: [{ name, value }] }]`
 * (names lower-cased, quoted values unescaped). Throws an `Error` that names the offset (a
 * string index) and what was expected there. An array of strings is the field's lines, one
 * value joined with ", " (RFC 9110 §5.3); offsets are then in that joined value.
 * @param {string | string[]} value
 */
export function parseChallenges(value) {
  if (Array.isArray(value) && value.every((line) => typeof line === 'string')) value = value.join(', ');
  if (typeof value !== 'string') throw new TypeError('parseChallenges: the field value is not a string or an array of strings');
  // UTF-8 takes at most three bytes per UTF-16 code unit; try the room there is first.
  let { read, written } = encoder.encodeInto(value, room(0));
  if (read < value.length) ({ written } = encoder.encodeInto(value, room(value.length * 3)));
  const count = wasm.challenge_parse(written);
  const at = wasm.challenge_output() >>> 0;
  if (count < 0) throw new Error(decoder.decode(new Uint8Array(wasm.memory.buffer, at, -count)));
  if (words.byteLength === 0) words = new Uint32Array(wasm.memory.buffer);
  return challengesFrom(value, words, room(0), at >>> 2, at / 4 + count);
}

/**
 * `value.slice(from, to)`, or `last` when it is the same text: a header repeating one scheme or
 * parameter name a thousand times then makes one string, not a thousand (less for the GC).
 */
const sliceOr = (last, value, from, to) =>
  last.length === to - from && value.startsWith(last, from) ? last : value.slice(from, to);

function challengesFrom(value, words, input, start, end) {
  const challenges = [];
  let challenge;
  let scheme = '';
  let name = '';
  for (let i = start; i < end;) {
    const tag = words[i];
    if (tag === CHALLENGE) {
      scheme = sliceOr(scheme, value, words[i + 1], words[i + 2]);
      challenge = { scheme, token68: null, params: [] };
      challenges.push(challenge);
      i += 3;
    } else if (tag === TOKEN68) {
      challenge.token68 = value.slice(words[i + 1], words[i + 2]);
      i += 3;
    } else {
      // A token is ASCII: JS lower-casing is ASCII lower-casing here.
      if (tag & UPPER) name = value.slice(words[i + 1], words[i + 2]).toLowerCase();
      else name = sliceOr(name, value, words[i + 1], words[i + 2]);
      // An escaped value was unescaped by wasm in the input buffer (challenges.rs).
      const text = tag & ESCAPED
        ? decoder.decode(input.subarray(words[i + 3], words[i + 4]))
        : value.slice(words[i + 3], words[i + 4]);
      challenge.params.push({ name, value: text });
      i += 5;
    }
  }
  return challenges;
}

// The wasm module's allocator (std's default, dlmalloc) reuses freed blocks: a long run
// of calls of every size must not grow memory past what the first round needed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtures } from '../../scripts/bench/fixtures.mjs';
import { diagnose, memory, parseChallenges } from './core.mjs';

test('memory stops growing once every kind of call has run', () => {
  const events = fixtures().map((f) => f.event);
  const values = [1, 10, 100, 1000, 10000].map((n) => `Digest ${Array.from({ length: n }, (_, i) => `p${i}="v\\${i}"`).join(', ')}`);
  const round = () => {
    for (const event of events) diagnose(event);
    for (const value of values) parseChallenges(value);
    for (const value of values) assert.throws(() => parseChallenges(`${value},=`));
  };
  round();
  round();
  const settled = memory.buffer.byteLength;
  for (let i = 0; i < 20; i++) round();
  assert.equal(memory.buffer.byteLength, settled);
});

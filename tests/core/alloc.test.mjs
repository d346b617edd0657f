// The wasm build's global allocator (std's default, dlmalloc, as the extension's builds
// compile it: dist/test/core, cargo feature `alloc-test`) under a long randomized workload:
// sizes from one byte to hundreds of kilobytes, alignments up to 4 KiB, frees and reallocs
// interleaved, memory grown past many pages. Every block is filled with its own pattern when it
// is made, and checked whole when it is freed or moved and, every few thousand steps, all at
// once; no two live blocks may overlap, each is aligned as asked, and a realloc keeps what the
// block held. Native tests and fuzzing never run the wasm allocator: only the wasm build does.
// (It found the hand-written allocator that shipped before never reusing over-aligned blocks.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DIST } from '../../scripts/paths.mjs';

const DIR = join(DIST, 'test', 'core');
const PAGE = 65536;

/** A small, seeded generator (mulberry32): the same workload on every run. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function allocator() {
  const glue = await import(join(DIR, 'alloc.js'));
  const { memory } = glue.initSync({ module: readFileSync(join(DIR, 'alloc_bg.wasm')) });
  return { ...glue, memory };
}

/**
 * Runs `steps` random operations; returns what it saw. Sizes: mostly small, as the core's
 * strings and vectors are, some of a few KiB, a few past a page (growth), rare ones of
 * hundreds of KiB; alignments mostly the core's (1–16), some up to 4 KiB.
 */
function workload(a, { seed, steps, checkEvery }) {
  const rand = random(seed);
  const pick = (n) => Math.floor(rand() * n);
  const size = () => {
    const r = rand();
    if (r < 0.7) return 1 + pick(64);
    if (r < 0.92) return 65 + pick(4096);
    if (r < 0.99) return 4097 + pick(3 * PAGE);
    return 3 * PAGE + pick(6 * PAGE);
  };
  const align = () => (rand() < 0.9 ? 2 ** pick(5) : 2 ** (5 + pick(8)));

  const live = new Map(); // ptr → { size, align, pattern }
  let made = 0;
  let peakBytes = 0;
  let liveBytes = 0;
  const startBytes = a.memory.buffer.byteLength;
  const bytes = (ptr, n) => Buffer.from(a.memory.buffer, ptr, n);
  const patternOf = (id) => {
    const p = Buffer.alloc(8);
    p.writeUInt32LE(id, 0);
    p.writeUInt32LE((id * 2654435761) >>> 0, 4);
    return p;
  };
  const expect = (block, n = block.size) => Buffer.alloc(n, block.pattern);
  const check = (ptr, block, why) => {
    assert.ok(bytes(ptr, block.size).equals(expect(block)), `block at ${ptr} (${block.size} bytes) changed: ${why}`);
  };
  const place = (ptr, block, why) => {
    assert.notEqual(ptr, 0, `refused ${block.size} bytes aligned ${block.align} (${why})`);
    assert.equal(ptr % block.align, 0, `${ptr} is not aligned to ${block.align}`);
    assert.ok(ptr + block.size <= a.memory.buffer.byteLength, `block at ${ptr} ends past memory`);
    // A new block overlaps no live one: checked against its neighbours by address.
    for (const [other, o] of live) {
      if (other < ptr + block.size && ptr < other + o.size) assert.fail(`block at ${ptr} (${block.size}) overlaps ${other} (${o.size})`);
    }
  };
  const fresh = () => {
    const block = { size: size(), align: align(), pattern: patternOf((made += 1)) };
    const ptr = a.testAlloc(block.size, block.align);
    place(ptr, block, 'alloc');
    bytes(ptr, block.size).fill(block.pattern);
    live.set(ptr, block);
    liveBytes += block.size;
  };
  const anyLive = () => [...live.keys()][pick(live.size)];

  for (let step = 1; step <= steps; step += 1) {
    const r = rand();
    // The live set drifts between 50 and 400 blocks, its bytes past several pages.
    if (live.size < 50 || (live.size < 400 && r < 0.45)) fresh();
    else if (r < 0.8) {
      const ptr = anyLive();
      const block = live.get(ptr);
      check(ptr, block, 'before its free');
      a.testDealloc(ptr, block.size, block.align);
      live.delete(ptr);
      liveBytes -= block.size;
    } else {
      const ptr = anyLive();
      const block = live.get(ptr);
      check(ptr, block, 'before its realloc');
      const newSize = rand() < 0.5 ? block.size + 1 + pick(block.size * 2 + 16) : 1 + pick(block.size);
      live.delete(ptr);
      const moved = { ...block, size: newSize };
      const to = a.testRealloc(ptr, block.size, block.align, newSize);
      place(to, moved, 'realloc');
      const kept = Math.min(block.size, newSize);
      assert.ok(bytes(to, kept).equals(expect(block, kept)), `realloc ${ptr} → ${to} lost what the block held`);
      bytes(to, newSize).fill(block.pattern);
      live.set(to, moved);
      liveBytes += newSize - block.size;
    }
    peakBytes = Math.max(peakBytes, liveBytes);
    if (step % checkEvery === 0) for (const [ptr, block] of live) check(ptr, block, `at step ${step}`);
  }
  for (const [ptr, block] of live) {
    check(ptr, block, 'at the end');
    a.testDealloc(ptr, block.size, block.align);
  }
  return { made, peakBytes, grownPages: (a.memory.buffer.byteLength - startBytes) / PAGE };
}

test('the wasm allocator under a long randomized workload keeps every block whole, aligned and apart', async () => {
  const a = await allocator();
  const seen = workload(a, { seed: 0x5eed, steps: 60_000, checkEvery: 5_000 });
  assert.ok(seen.made > 20_000, `only ${seen.made} blocks made`);
  assert.ok(seen.grownPages >= 8, `memory grew only ${seen.grownPages} pages`);
  assert.ok(seen.peakBytes > 4 * PAGE, `the live bytes never passed four pages (${seen.peakBytes})`);
});

test('freed memory is used again: the same workload twice grows memory little more', async () => {
  const a = await allocator();
  const first = workload(a, { seed: 7, steps: 20_000, checkEvery: 10_000 });
  const second = workload(a, { seed: 7, steps: 20_000, checkEvery: 10_000 });
  assert.ok(second.grownPages <= Math.max(4, first.grownPages / 2), `grew ${first.grownPages} pages, then ${second.grownPages} more`);
});

test('impossible requests are refused, never served wrong', async () => {
  const a = await allocator();
  assert.equal(a.testAlloc(0, 8), 0);
  assert.equal(a.testAlloc(8, 3), 0);
  // Past what 32-bit memory can hold.
  assert.equal(a.testAlloc(0xffff_fff0, 8), 0);
  const ptr = a.testAlloc(16, 8);
  assert.notEqual(ptr, 0);
  assert.equal(a.testRealloc(ptr, 16, 8, 0xffff_fff0), 0);
  a.testDealloc(ptr, 16, 8);
});

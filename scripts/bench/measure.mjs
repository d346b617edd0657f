// Timing helpers: medians over rounds, contenders interleaved round by round, so that a
// machine that slows down for a while (other processes, thermal) slows every contender alike.

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** The `q` quantile (0–1) of `xs`, interpolated between the two nearest samples. */
export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (at - lo);
}

/** How samples spread: `{ median, q1, q3, min, max, n }` (q1, q3: the quartiles). */
export const spread = (xs) => ({
  median: median(xs), q1: quantile(xs, 0.25), q3: quantile(xs, 0.75), min: Math.min(...xs), max: Math.max(...xs), n: xs.length,
});

/** Keeps results alive so that the JIT cannot drop the work that made them. */
export let sink = 0;
export const keep = (x) => {
  sink = (sink + (x == null ? 1 : typeof x === 'object' ? (x.length ?? 1) : 1)) | 0;
};

/**
 * Runs `fn(i)` for i in 0..n, `reps` times per round, each contender in turn (order rotated
 * every round); returns each contender's median time per call, in nanoseconds.
 * @param {Record<string, (i: number) => unknown>} contenders
 */
export function interleaved(contenders, { n, reps, rounds = 15, warmup = 3 }) {
  const names = Object.keys(contenders);
  const times = Object.fromEntries(names.map((k) => [k, []]));
  for (let round = -warmup; round < rounds; round++) {
    const order = names.map((_, j) => names[(j + Math.max(round, 0)) % names.length]);
    for (const name of order) {
      const fn = contenders[name];
      const start = process.hrtime.bigint();
      for (let r = 0; r < reps; r++) for (let i = 0; i < n; i++) keep(fn(i));
      const ns = Number(process.hrtime.bigint() - start) / (reps * n);
      if (round >= 0) times[name].push(ns);
    }
  }
  return Object.fromEntries(names.map((k) => [k, median(times[k])]));
}

/** Median time of `fn()` in ms over `rounds` runs (at least one), stopping early past `budgetMs`. */
export function timeMs(fn, { rounds = 7, budgetMs = 2000 } = {}) {
  const times = [];
  const begin = performance.now();
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    keep(fn());
    times.push(performance.now() - start);
    if (performance.now() - begin > budgetMs) break;
  }
  return median(times);
}

/** `1234.5` → `1,235`; small values keep a decimal. */
export const fmt = (x, digits = x < 10 ? 2 : x < 100 ? 1 : 0) =>
  x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** A Markdown table from a header row and rows of cells. */
export function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((h, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

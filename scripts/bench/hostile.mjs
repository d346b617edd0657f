// Hostile WWW-Authenticate values (issue 7), each at a scale: 1 is the size the issue names,
// 4 and 16 show whether time grows linearly. Numbers are padded so that every element has the
// same length: 16 times the elements is exactly 16 times the bytes.
const pad = (i) => String(i).padStart(5, '0');

export const HOSTILE = {
  '64 KiB quoted string of escapes': (s) => `Basic realm="${'\\"'.repeat(32 * 1024 * s)}"`,
  '1,000 parameters': (s) => `Digest ${Array.from({ length: 1000 * s }, (_, i) => `p${pad(i)}="v${pad(i)}"`).join(', ')}`,
  '1,000 challenges': (s) => Array.from({ length: 1000 * s }, (_, i) => `Basic realm="r${pad(i)}"`).join(', '),
  '1,000 empty list elements': (s) => `Basic realm="x"${', '.repeat(1000 * s)}, Bearer`,
  '64 KiB unterminated quote': (s) => `Basic realm="${'a'.repeat(64 * 1024 * s)}`,
};

export const SCALES = [1, 4, 16];

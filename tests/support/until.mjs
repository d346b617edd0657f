// Waiting in the browser suites for what the extension does in its own time (a log written, a
// badge cleared, a flow judged), polling rather than sleeping a guessed while.

/**
 * Polls `check` until it resolves to something truthy and resolves to that; fails naming
 * `what` after `timeout` ms.
 */
export async function until(what, check, timeout = 20_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

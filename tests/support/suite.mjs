// The frame every browser suite shares: one `describe` per browser, whose tests share one lab
// and one browser session with AuthLens loaded, started before them and stopped after.
import { after, before, describe } from 'node:test';
import { startLab } from '../lab/server.mjs';
import { BROWSER_NAMES, launch } from './browsers.mjs';

/**
 * Registers `body(env)` once per browser under `${title} in ${name}`; `env.lab` and
 * `env.session` are there once the suite's tests run. `options` go to `launch`, or are made
 * from the lab when a function (a browser pointed at the lab as its proxy).
 */
export function inEachBrowser(title, body, options = {}) {
  for (const name of BROWSER_NAMES) {
    describe(`${title} in ${name}`, () => {
      const env = { name };
      before(async () => {
        env.lab = await startLab();
        env.session = await launch(name, typeof options === 'function' ? options(env.lab) : options);
      });
      after(async () => {
        await env.session?.close();
        await env.lab?.close();
      });
      body(env);
    });
  }
}

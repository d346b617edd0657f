// The lab's sign-in flows in each real browser with the built extension: a broken flow is
// stored with its cause, badges the tab and leads the popup (its sentence, its timeline with the
// hops that broke, a Clear cookies button per site of the flow that holds cookies); a healthy
// flow raises nothing. A sample in Russian; clearing each site's cookies spares every other
// site's. (tests/e2e/flow-lab.test.mjs proves that the flows break, or not, as designed.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLOWS } from '../lab/flows.mjs';
import { LAB_HOSTS } from '../lab/hosts.mjs';
import { byProfile, clickAction, playFlow, why } from '../support/scenario.mjs';
import { inEachBrowser } from '../support/suite.mjs';

const flow = (id) => FLOWS.find((f) => f.id === id);

/** The broken flow shown in Russian, and the one whose sites' cookies are cleared. */
const RUSSIAN = 'form-post-correlation-lax';
const CLEARED = 'loop-session-lost';

/** How long a healthy flow is watched after it landed, for a failure AuthLens might still store. */
const SETTLE_MS = 1500;

/** What the popup shows of the flows: the first line, and each flow failure's section. */
const popupFlows = (popup) => popup.evaluate(() => ({
  headline: document.querySelector('.headline')?.textContent.trim(),
  sections: [...document.querySelectorAll('section.flow')].map((s) => ({
    cause: s.dataset.cause,
    steps: [...s.querySelectorAll('ol.timeline > li.step')].map((li) => ({ kind: li.dataset.kind, frame: li.dataset.frame, broken: li.classList.contains('broken') })),
    fixes: [...s.querySelectorAll('li.fix[data-fix]')].map((li) => li.dataset.fix),
  })),
  clearSites: [...document.querySelectorAll('button[data-action="clear-site-cookies"][data-site]')].map((b) => b.dataset.site),
}));

/** Plays `flow` and checks what AuthLens made of it; resolves to the popup, open. */
async function checkFlow(env, played, flow, lang = 'en') {
  const { session } = env;
  if (!flow.expect.cause) {
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const flows = await session.flows(played.tabId, { failed: 0 });
    assert.deepEqual(flows.filter((f) => f.failure).map((f) => f.failure.cause), [], 'no flow failure is stored');
    assert.equal(await session.badge(played.tabId), '', 'no badge');
    const popup = await session.popup(played.tabId);
    assert.deepEqual((await popupFlows(popup)).sections, [], 'the popup shows no flow failure');
    return popup;
  }
  const flows = await session.flows(played.tabId);
  const failed = flows.filter((f) => f.failure);
  assert.equal(failed[0].failure.cause, flow.expect.cause, `${flow.id}: ${JSON.stringify(failed.map((f) => f.failure))}`);
  assert.ok(failed[0].timeline.length > 1, 'the flow keeps its timeline');
  assert.equal(await session.badge(played.tabId), String(flow.expect.badge));
  const popup = await session.popup(played.tabId);
  const shown = await popupFlows(popup);
  assert.equal(shown.headline, why(lang, flow.expect.cause), 'the first line says why');
  const section = shown.sections.find((s) => s.cause === flow.expect.cause);
  assert.ok(section, `a section for ${flow.expect.cause}: ${JSON.stringify(shown.sections)}`);
  assert.ok(section.steps.length > 1, 'its timeline shows the hops');
  assert.ok(section.steps.some((s) => s.broken), 'and marks where it broke');
  assert.ok(section.fixes.length > 0, 'with fixes');
  return popup;
}

for (const { thirdPartyCookies, flows } of byProfile(FLOWS)) {
  const profile = thirdPartyCookies ? `, third-party cookies ${thirdPartyCookies === 'block' ? 'blocked' : 'allowed'}` : '';
  inEachBrowser(`sign-in flows${profile}`, (env) => {
    for (const f of flows) {
      test(f.title, { skip: f.skip?.[env.name] }, async () => {
        const played = await playFlow(env.session, env.lab, f);
        assert.equal(played.outcome, f.lands, `${f.id} lands where it should`);
        const popup = await checkFlow(env, played, f);
        await popup.close();
        await played.page.close();
      });
    }

    if (flows.includes(flow(CLEARED))) {
      test('clearing a flow\'s cookies, one site at a time, spares every other site', async () => {
        const bystander = await env.session.browser.newPage();
        await bystander.goto(env.lab.url('/lab/set-cookies?bystander_pref=1', LAB_HOSTS.bystander));
        await bystander.close();
        const played = await playFlow(env.session, env.lab, flow(CLEARED));
        const popup = await checkFlow(env, played, flow(CLEARED));
        const held = async (domain) => (await env.session.cookies()).filter((c) => c.domain === domain).map((c) => c.name);
        assert.ok((await held(LAB_HOSTS.app)).length > 0 && (await held(LAB_HOSTS.provider)).length > 0, 'both sites of the flow hold cookies');
        assert.deepEqual((await popupFlows(popup)).clearSites.sort(), [LAB_HOSTS.app, LAB_HOSTS.provider].sort(), 'one button per site');

        await clickAction(popup, `button[data-action="clear-site-cookies"][data-site="${LAB_HOSTS.app}"]`);
        assert.deepEqual(await held(LAB_HOSTS.app), [], 'the app\'s cookies are gone');
        assert.ok((await held(LAB_HOSTS.provider)).length > 0, 'the provider\'s are not');
        await clickAction(popup, `button[data-action="clear-site-cookies"][data-site="${LAB_HOSTS.provider}"]`);
        assert.deepEqual(await held(LAB_HOSTS.provider), [], 'the provider\'s cookies are gone');
        assert.deepEqual(await held(LAB_HOSTS.bystander), ['bystander_pref'], 'a third site\'s cookie survives');
        await popup.close();
        await played.page.close();
      });
    }
  }, thirdPartyCookies ? { thirdPartyCookies } : {});
}

inEachBrowser('sign-in flows, in Russian', (env) => {
  test(flow(RUSSIAN).title, async () => {
    const played = await playFlow(env.session, env.lab, flow(RUSSIAN));
    const popup = await checkFlow(env, played, flow(RUSSIAN), 'ru');
    assert.ok(!(await popup.evaluate(() => document.body.innerText)).includes(why('en', flow(RUSSIAN).expect.cause)), 'and not in English');
    await popup.close();
    await played.page.close();
  });
}, { locale: 'ru' });

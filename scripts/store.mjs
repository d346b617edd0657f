// The store's images and texts, made from the product itself, into dist/store/:
//   screenshot-<n>.<lang>.png  1280×800: the real popup on a lab scenario or sign-in flow
//                              (store/screenshots.json), played in Chromium, beside its caption
//   promo-tile.<lang>.png      440×280: the icon, the name and the extension's own description
//   icon-128.png               the extension's icon, as the stores show it
//   listing.<lang>.md          every listing text (store/listing.<lang>.json, the manifest's name
//                              and summary, each store's category), ready to paste
// Each image is checked against the size its store wants (store/stores.json).
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLab } from '../tests/lab/server.mjs';
import { SCENARIOS } from '../tests/lab/scenarios.mjs';
import { FLOWS } from '../tests/lab/flows.mjs';
import * as playing from '../tests/support/scenario.mjs';
import { launch } from '../tests/support/browsers.mjs';
import { DIST, ROOT, extensionDir } from './paths.mjs';

const OUT = join(DIST, 'store');
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const STORES = readJson(join(ROOT, 'store', 'stores.json'));
const { shots: SHOTS } = readJson(join(ROOT, 'store', 'screenshots.json'));
const LANGUAGES = readdirSync(join(ROOT, 'extension', '_locales')).sort();
const SCREENSHOT = STORES.chrome.images.screenshot;
const TILE = STORES.chrome.images.promoTile;

/** A PNG's width and height, from its IHDR chunk. */
const pngSize = (png) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

function write(name, png, { width, height }) {
  const size = pngSize(png);
  if (size.width !== width || size.height !== height) throw new Error(`store: ${name} is ${size.width}×${size.height}, not ${width}×${height}`);
  writeFileSync(join(OUT, name), png);
  console.log(`store: ${join('dist/store', name)}`);
}

const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const dataUrl = (type, bytes) => `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;
const ICON = dataUrl('image/svg+xml', readFileSync(join(ROOT, 'extension', 'icons', 'icon.svg')));

/** The frame around a shot: the caption on the left, the popup as it rendered on the right. */
const screenshotPage = ([title, text], popupPng, lang) => `<!doctype html><html lang="${lang}"><meta charset="utf-8">
<style>
  body { margin: 0; width: ${SCREENSHOT.width}px; height: ${SCREENSHOT.height}px; display: flex; align-items: center; gap: 64px;
    padding: 0 72px; box-sizing: border-box; font-family: system-ui, sans-serif; color: #1b1b1f; background: linear-gradient(135deg, #eef3fb, #dfe8f7); }
  .words { flex: 1; }
  .brand { display: flex; align-items: center; gap: 12px; font-size: 22px; font-weight: 600; color: #1f5fbf; }
  .brand img { width: 40px; height: 40px; }
  h1 { font-size: 44px; line-height: 1.15; margin: 28px 0 18px; }
  p { font-size: 22px; line-height: 1.45; margin: 0; color: #3a3a42; }
  .popup { max-height: 720px; border-radius: 10px; box-shadow: 0 12px 40px rgba(20, 40, 80, .28); }
</style>
<div class="words"><div class="brand"><img src="${ICON}" alt="">AuthLens</div><h1>${escape(title)}</h1><p>${escape(text)}</p></div>
<img class="popup" src="${dataUrl('image/png', popupPng)}" alt="">`;

const tilePage = (name, summary, lang) => `<!doctype html><html lang="${lang}"><meta charset="utf-8">
<style>
  body { margin: 0; width: ${TILE.width}px; height: ${TILE.height}px; box-sizing: border-box; padding: 36px 32px; font-family: system-ui, sans-serif;
    color: #fff; background: linear-gradient(135deg, #1f5fbf, #123a7a); display: flex; flex-direction: column; justify-content: center; gap: 18px; }
  .brand { display: flex; align-items: center; gap: 14px; font-size: 38px; font-weight: 700; }
  .brand img { width: 64px; height: 64px; background: #fff; border-radius: 14px; padding: 6px; }
  p { font-size: 19px; line-height: 1.35; margin: 0; }
</style>
<div class="brand"><img src="${ICON}" alt="">${escape(name)}</div><p>${escape(summary)}</p>`;

/** Renders `html` at `size` in `page` and resolves to the PNG. */
async function render(page, html, size) {
  await page.setViewport({ width: size.width, height: size.height, deviceScaleFactor: 1 });
  await page.setContent(html, { waitUntil: 'load' });
  return page.screenshot({ type: 'png', clip: { x: 0, y: 0, ...size } });
}

/** The popup's own picture: its page, at the popup's size, as the user sees it. */
async function popupPicture(popup) {
  await popup.setViewport({ width: 400, height: 600 });
  const png = await (await popup.$('body')).screenshot({ type: 'png' });
  await popup.close();
  return png;
}

/** Plays a lab scenario; resolves to the popup's picture once it has explained the failure. */
async function scenarioShot(session, lab, id) {
  const scenario = SCENARIOS.find((s) => s.id === id);
  if (!scenario) throw new Error(`store: no lab scenario ${id} (store/screenshots.json)`);
  const { popup, page } = await playing.play(session, lab, scenario, { tag: 'store' });
  const png = await popupPicture(popup);
  await page.close();
  return png;
}

/** Plays a lab sign-in flow in a browser set up as it needs; resolves to the popup's picture. */
async function flowShot(lang, lab, flow) {
  const session = await launch('chrome', { locale: lang, thirdPartyCookies: flow.thirdPartyCookies });
  try {
    const { page, tabId } = await playing.playFlow(session, lab, flow, { tag: 'store' });
    await session.flows(tabId, { failed: 1 });
    const png = await popupPicture(await session.popup(tabId));
    await page.close();
    return png;
  } finally {
    await session.close();
  }
}

function listingText(lang) {
  const listing = readJson(join(ROOT, 'store', `listing.${lang}.json`));
  const messages = readJson(join(extensionDir('chrome'), '_locales', lang, 'messages.json'));
  const section = (title, text) => `## ${title}\n\n${text}\n`;
  return [
    `# AuthLens — ${lang}\n`,
    section('Name', messages.ext_name.message),
    section('Summary', messages.ext_description.message),
    section('Description', listing.description),
    section('Category', Object.values(STORES).map((s) => `${s.title}: ${s.category}`).join('\n')),
    section('Single purpose', listing.singlePurpose),
    section('Permissions', Object.entries(listing.permissions).map(([p, why]) => `- \`${p}\`: ${why}`).join('\n')),
    section('Data use', Object.entries(listing.dataUse).map(([k, text]) => `- ${k}: ${text}`).join('\n')),
  ].join('\n');
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
copyFileSync(join(ROOT, 'extension', 'icons', 'icon-128.png'), join(OUT, 'icon-128.png'));
write('icon-128.png', readFileSync(join(OUT, 'icon-128.png')), STORES.chrome.images.icon);


const lab = await startLab();
try {
  for (const lang of LANGUAGES) {
    writeFileSync(join(OUT, `listing.${lang}.md`), listingText(lang));
    const session = await launch('chrome', { locale: lang });
    try {
      const frame = await session.browser.newPage();
      for (const [i, shot] of SHOTS.entries()) {
        let popupPng;
        if (shot.scenario) popupPng = await scenarioShot(session, lab, shot.scenario);
        else {
          const flow = FLOWS.find((f) => f.id === shot.flow);
          if (!flow) throw new Error(`store: no lab sign-in flow ${shot.flow} (store/screenshots.json)`);
          popupPng = await flowShot(lang, lab, flow);
        }
        write(`screenshot-${i + 1}.${lang}.png`, await render(frame, screenshotPage(shot.caption[lang], popupPng, lang), SCREENSHOT), SCREENSHOT);
      }
      const messages = readJson(join(extensionDir('chrome'), '_locales', lang, 'messages.json'));
      write(`promo-tile.${lang}.png`, await render(frame, tilePage(messages.ext_name.message, messages.ext_description.message, lang), TILE), TILE);
    } finally {
      await session.close();
    }
  }
} finally {
  await lab.close();
}
console.log(`store: ${SHOTS.length} screenshots in each of ${LANGUAGES.join(', ')}, a promo tile each, the icon and the listings, in dist/store/`);

// Renders extension/icons/icon.svg to the PNG sizes the manifests name (run after editing it).
import puppeteer from 'puppeteer-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BROWSERS, ROOT } from './paths.mjs';

const dir = join(ROOT, 'extension/icons');
const svg = readFileSync(join(dir, 'icon.svg'), 'utf8');
const browser = await puppeteer.launch({
  executablePath: BROWSERS.chrome.binary, headless: true, args: ['--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage();
for (const size of [16, 32, 48, 128]) {
  await page.setViewport({ width: size, height: size });
  await page.setContent(`<style>body{margin:0}svg{width:${size}px;height:${size}px;display:block}</style>${svg}`);
  await page.screenshot({ path: join(dir, `icon-${size}.png`), omitBackground: true });
}
await browser.close();

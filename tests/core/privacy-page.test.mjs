// The privacy policy's converter (scripts/privacy-page.mjs): the Markdown PRIVACY.md uses, and
// nothing it does not know silently dropped.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { markdownToHtml } from '../../scripts/privacy-page.mjs';

test('a wrapped list item stays one item, its lines joined', () => {
  const html = markdownToHtml('# T\n\n- one,\n  wrapped;\n- two `code`.', 'x.md');
  assert.equal(html, '<h1>T</h1>\n<ul>\n  <li>one, wrapped;</li>\n  <li>two <code>code</code>.</li>\n</ul>');
});

test('a block the converter does not know is an error naming the file', () => {
  assert.throws(() => markdownToHtml('1. first\n2. second', 'x.md'), /x\.md: a block this converter does not know: 1\. first/);
  assert.throws(() => markdownToHtml('  indented\n- item', 'x.md'), /does not know/);
});

test('every sentence of both policies reaches the page', () => {
  for (const file of ['PRIVACY.md', 'PRIVACY.ru.md']) {
    const markdown = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
    const text = markdownToHtml(markdown, file).replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
    const words = markdown.replace(/^#+ |^- |`/gm, '').replace(/`/g, '').split(/\s+/).filter(Boolean);
    for (const word of words) assert.ok(text.includes(word.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')), `${file}: ${word}`);
  }
});

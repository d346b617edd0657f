// The privacy policy inside the extension: PRIVACY.md (English) and PRIVACY.<lang>.md, each
// made into privacy/privacy.<lang>.html, a static page the options page links to. Only the
// Markdown those files use is understood (headings, paragraphs, lists, `code`); anything else
// is an error, so the pages never silently lose a sentence.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.mjs';

const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const inline = (text) => escape(text).replace(/`([^`]+)`/g, '<code>$1</code>');

/** The HTML of `markdown`'s blocks. */
export function markdownToHtml(markdown, source) {
  const html = [];
  for (const block of markdown.trim().split(/\n{2,}/)) {
    const lines = block.split('\n');
    const heading = block.match(/^(#{1,2}) (.+)$/);
    if (heading && lines.length === 1) html.push(`<h${heading[1].length}>${inline(heading[2])}</h${heading[1].length}>`);
    // A list item may wrap: its next lines are indented by two spaces.
    else if (lines[0].startsWith('- ') && lines.every((l) => l.startsWith('- ') || l.startsWith('  '))) {
      const items = [];
      for (const l of lines) {
        if (l.startsWith('- ')) items.push(l.slice(2));
        else items[items.length - 1] += ` ${l.trim()}`;
      }
      html.push(`<ul>\n${items.map((item) => `  <li>${inline(item)}</li>`).join('\n')}\n</ul>`);
    }
    else if (lines.some((l) => /^(#|- |\d+\. |>|\||```)/.test(l))) throw new Error(`privacy page: ${source}: a block this converter does not know: ${lines[0]}`);
    else html.push(`<p>${inline(lines.join(' '))}</p>`);
  }
  return html.join('\n');
}

/** The policy in `lang`: PRIVACY.md for English, PRIVACY.<lang>.md for the others. */
const policyFile = (lang) => join(ROOT, lang === 'en' ? 'PRIVACY.md' : `PRIVACY.${lang}.md`);

/** Writes `dest/privacy/privacy.<lang>.html` for each of `languages`. */
export function writePrivacyPages(dest, languages) {
  mkdirSync(join(dest, 'privacy'), { recursive: true });
  for (const lang of languages) {
    const file = policyFile(lang);
    if (!existsSync(file)) throw new Error(`privacy page: no ${file} for the extension's language ${lang}`);
    const body = markdownToHtml(readFileSync(file, 'utf8'), file);
    const title = body.match(/<h1>(.*?)<\/h1>/)?.[1] ?? 'AuthLens';
    writeFileSync(join(dest, 'privacy', `privacy.${lang}.html`), `<!doctype html>
<html lang="${lang}">
<head>
  <meta charset="utf-8">
  <meta name="color-scheme" content="light dark">
  <link rel="stylesheet" href="../options/options.css">
  <title>${title}</title>
</head>
<body>
${body}
</body>
</html>
`);
  }
}

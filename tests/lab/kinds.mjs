// A page that loads one request of each kind a page makes (a frame, a fetch, an image, a
// script, a style sheet), each answered 401 without a challenge, the way a server whose
// session expired answers: what AuthLens watches of each kind, and the cookies each carried,
// are checked against what the lab received (tests/e2e/observer.test.mjs).
//   /lab/kinds?tag=T&at=ORIGIN   the page; its requests go to ORIGIN (default: its own)
//   /lab/kinds/fail/T/<file>     401, no challenge, the file's content type
//   /lab/kinds/set-none?n=v      sets SameSite=None cookies (Secure: loopback is trustworthy)

export const KINDS_PREFIX = '/lab/kinds';

const TYPES = { html: 'text/html', json: 'application/json', png: 'image/png', js: 'text/javascript', css: 'text/css' };

/** The files of the page, each loaded as its kind: a file's name says which. */
export const KIND_FILES = { sub_frame: 'frame.html', xmlhttprequest: 'api.json', image: 'image.png', script: 'app.js', stylesheet: 'style.css' };

function kindsPage(url) {
  const tag = url.searchParams.get('tag') ?? 'x';
  const at = url.searchParams.get('at') ?? '';
  const file = (name) => `${at}${KINDS_PREFIX}/fail/${encodeURIComponent(tag)}/${name}`;
  // The title says "done" once every request has answered.
  return `<!doctype html><html><head><meta charset="utf-8"><title>loading</title>
<link rel="stylesheet" href="${file(KIND_FILES.stylesheet)}"></head><body><h1>Kinds</h1>
<img src="${file(KIND_FILES.image)}" alt="">
<iframe src="${file(KIND_FILES.sub_frame)}"></iframe>
<script src="${file(KIND_FILES.script)}"></script>
<script>
const fetched = fetch(${JSON.stringify(file(KIND_FILES.xmlhttprequest))}, { credentials: 'include' }).catch(() => {});
addEventListener('load', () => fetched.then(() => { document.title = 'done'; }));
</script></body></html>`;
}

export function kindsAnswer(url) {
  if (url.pathname === KINDS_PREFIX) {
    return { status: 200, headers: [{ name: 'Content-Type', value: 'text/html' }], body: kindsPage(url) };
  }
  if (url.pathname === `${KINDS_PREFIX}/set-none`) {
    return {
      status: 200,
      headers: [
        { name: 'Content-Type', value: 'text/html' },
        ...[...url.searchParams].map(([name, value]) => ({ name: 'Set-Cookie', value: `${name}=${value}; Path=/; Secure; SameSite=None` })),
      ],
      body: '<!doctype html><title>set</title>',
    };
  }
  const extension = url.pathname.split('.').at(-1);
  return {
    status: 401,
    headers: [{ name: 'Content-Type', value: TYPES[extension] ?? 'text/plain' }],
    body: extension === 'html' ? '<!doctype html><title>401</title><p>Unauthorized.</p>' : '',
  };
}

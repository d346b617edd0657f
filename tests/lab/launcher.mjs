// The lab page that leads the browser into a scenario's failing exchange the way a real site
// does: it sets the site's cookies, then navigates, fetch()es, or posts a form.

/** The page's whole behaviour, serialised into it: no templating of data into code. */
function lead({ via, method, headers, cookies, target }) {
  // Scoped to this visit, so one scenario's cookies never reach another's exchange.
  for (const cookie of cookies) document.cookie = `${cookie}; path=${location.pathname}`;
  const done = (text) => { document.getElementById('outcome').textContent = text; };
  if (via === 'page') {
    location.replace(target);
  } else if (via === 'form') {
    const form = Object.assign(document.createElement('form'), { method: 'post', action: target });
    form.append(Object.assign(document.createElement('input'), { type: 'hidden', name: '_token', value: 'lab-form-token' }));
    document.body.append(form);
    form.submit();
  } else {
    // The answer is read, as a site reads its API's: Chromium's DevTools report a response whose
    // body no one read as never finished (devtools.network.onRequestFinished stays silent).
    fetch(target, { method, headers, credentials: 'include' })
      .then(async (r) => done(`The request got ${r.status}: ${(await r.text()).length} characters.`), (e) => done(`The request failed: ${e.message}`));
  }
}

export function launcher(scenario, request, exchangePath, otherOrigin) {
  const via = scenario.via ?? 'page';
  const target = via === 'cross-site' ? `${otherOrigin}${exchangePath}` : exchangePath;
  const data = JSON.stringify({ via, target, ...request }).replace(/</g, '\\u003c');
  const body = `<!doctype html><html><head><meta charset="utf-8"><title>${scenario.title}</title></head>
<body><h1>${scenario.title}</h1><p id="outcome">This page calls the site's API the way the real one does.</p>
<script>(${lead})(${data});</script></body></html>`;
  return { status: 200, headers: [{ name: 'Content-Type', value: 'text/html; charset=utf-8' }], body };
}

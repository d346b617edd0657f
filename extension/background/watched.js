// Which requests AuthLens watches, and what it asks the browser for each kind. Every option
// costs every matching request: with any webRequest listener, each request the filter matches
// is reported to the extension; `extraHeaders` (Chrome) also sends it through the browser
// process before it may go on, and a blocking listener (Firefox) holds its response until the
// extension answers. So each kind gets only what a diagnosis of it reads (measured:
// scripts/bench/RESULTS.md, "Real browser").
//
// Scripts, style sheets, fonts, pings and reports are not watched: a failure there shows a
// person no sign-in wall, only a page that works less well, and they are half of a page's
// requests.

/**
 * - `documents`: pages and frames, what a person sees fail. Everything: the request's headers
 *   with its Cookie line, a POSTed form's fields (the sign-in trail), Set-Cookie, the body.
 * - `scripts`: a page's fetch/XHR and WebSockets, where apps meet their APIs' 401s. The same but
 *   the form; Chrome shows a CORS preflight only to an `extraHeaders` listener of its kind.
 * - `media`: images, audio, video, embedded objects: a broken image from an expired signed URL
 *   or an intranet server. The response only; the cookies it carried are learned from the
 *   cookies API when it fails (carried.js), and its body is not read.
 */
export const WATCHED = [
  { name: 'documents', types: ['main_frame', 'sub_frame'], requestHeaders: true, form: true, cookies: true, body: true },
  { name: 'scripts', types: ['xmlhttprequest', 'websocket'], requestHeaders: true, form: false, cookies: true, body: true },
  { name: 'media', types: ['image', 'imageset', 'media', 'object'], requestHeaders: false, form: false, cookies: false, body: false },
];

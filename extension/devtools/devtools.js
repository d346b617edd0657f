// The DevTools page: loaded with DevTools for one tab, and gone with them. It adds the AuthLens
// panel and records the tab's requests from the moment DevTools open (the panel's own page
// loads only when it is first shown), in memory only: the panel asks for them (recorder.js).
import { api } from '../platform/browser.js';
import { startRecording } from './recorder.js';

// The callback form: Chrome's panels.create takes no promise, Firefox's takes both.
api.devtools.panels.create('AuthLens', '/icons/icon-32.png', '/devtools/panel.html', () => {});
startRecording(api.devtools.inspectedWindow.tabId, api.devtools.network);

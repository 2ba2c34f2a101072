// Renderer entry: open the IPC client (Electron bridge or browser-mode WebSocket), build the
// stores, take a first snapshot so a reloaded page joins the running session, then render.
import { createRoot } from 'react-dom/client';
import { openClient } from './backend/open-client';
import { createSessionStore } from './state/session-store';
import { loadScrollback, saveScrollback } from './console/console-persistence';
import { createUiStore } from './state/ui-store';
import { App } from './app/App';
import { ServicesProvider } from './app/context';
import './app/theme.css';

const opened = openClient();
const session = createSessionStore(opened.client, (cb) => requestAnimationFrame(cb), undefined, {
  load: () => loadScrollback(window.localStorage),
  save: (lines) => saveScrollback(window.localStorage, lines),
});
const ui = createUiStore(window.localStorage);
opened.onClose(() =>
  session
    .getState()
    .note('error', 'Lost the connection to the HyperDbg Studio host; reload the page once it runs again.'),
);
void opened.ready.then(() => session.getState().resync());
// The scrollback is saved a second after it changes; a reload or close within that second saves now.
window.addEventListener('pagehide', () => saveScrollback(window.localStorage, session.getState().console));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <ServicesProvider services={{ client: opened.client, session, ui }}>
    <App />
  </ServicesProvider>,
);

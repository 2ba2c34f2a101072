// The Electron shell, kept thin: one sandboxed window showing the renderer from a private `app:`
// scheme, the Debug menu and its shortcuts, and the wiring of the session host to the window.
// All state and commands live in the session core behind StudioHost; quitting (or a crash of the
// main process) closes the session like `.debug close` so the debuggee is never left frozen.
import {
  app,
  BrowserWindow,
  dialog,
  Menu,
  protocol,
  session,
  shell,
  type MenuItemConstructorOptions,
} from 'electron';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { UiAction } from '../shared/ipc';
import { rendererContentSecurityPolicy } from './host/content-security';
import { userDataFolder } from './host/paths';
import { PreferencesStore } from './host/preferences';
import { createSessionBackend } from './host/session-backend';
import { parseStartOptions } from './host/start-options';
import { contentTypeOf, resolveStaticFile } from './host/static-files';
import { StudioHost } from './host/studio-host';
import { CrashLoopGuard, isAllowedExternalUrl } from './host/window-policy';
import { exportPathChooser } from './host/export-dialog';
import { connectWindowToHost, isRendererUrl, RENDERER_ORIGIN } from './host/main-ipc';

/** Crashes of the renderer that are answered with a reload within one minute. */
const RENDERER_RELOADS_PER_MINUTE = 3;

// Bundled to dist/electron/main.cjs; the renderer is built to dist/renderer.
const RENDERER_DIR = join(__dirname, '..', 'renderer');
const PRELOAD = join(__dirname, 'preload.cjs');

protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();

let host: StudioHost | undefined;
let closingSession: Promise<void> | undefined;

/** Closes the session once, whatever asks first (quit, window close, crash). */
function closeSession(): Promise<void> {
  closingSession ??= (host?.close() ?? Promise.resolve()).catch((error: unknown) => {
    process.stderr.write(`hds: closing the session failed: ${String(error)}\n`);
  });
  return closingSession;
}

function serveRenderer(): void {
  const csp = rendererContentSecurityPolicy(null);
  protocol.handle('app', async (request) => {
    const file = isRendererUrl(request.url)
      ? await resolveStaticFile(RENDERER_DIR, new URL(request.url).pathname)
      : null;
    if (file === null) return new Response('not found', { status: 404 });
    return new Response(await readFile(file), {
      headers: {
        'Content-Type': contentTypeOf(file),
        'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}

function debugMenu(send: (action: UiAction['action']) => void): Menu {
  const item = (
    label: string,
    accelerator: string,
    action: UiAction['action'],
  ): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => send(action),
  });
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        item('Connect…', 'CmdOrCtrl+Shift+C', 'open-connect'),
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'Debug',
      submenu: [
        item('Go', 'F5', 'go'),
        item('Step Over', 'F10', 'step-over'),
        item('Step Into', 'F11', 'step-into'),
        item('Step Out', 'Shift+F11', 'step-out'),
        item('Break', 'Ctrl+Pause', 'pause'),
        { type: 'separator' },
        item('Run Script', 'CmdOrCtrl+Enter', 'run-script'),
        item('Focus Console', 'CmdOrCtrl+`', 'focus-console'),
      ],
    },
    {
      label: 'View',
      submenu: [
        // Reload and DevTools only in development: a packaged build gives no console into the renderer.
        ...(app.isPackaged
          ? []
          : [
              { role: 'reload' as const },
              { role: 'toggleDevTools' as const },
              { type: 'separator' as const },
            ]),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}

function createWindow(studio: StudioHost): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'HyperDbg Studio',
    backgroundColor: '#1e1e1e',
    show: false,
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  const contents = window.webContents;
  // Navigation and new windows are blocked; allow-listed https links open in the user's browser.
  contents.on('will-navigate', (event, url) => {
    if (!isRendererUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    else process.stderr.write(`hds: not opening ${url.slice(0, 200)} (only HyperDbg's sites are allowed)\n`);
    return { action: 'deny' };
  });
  // A crashed renderer is reloaded (the session lives in main and the page re-reads its
  // snapshot), but not in a loop: after too many crashes in a row the window stays down and says so.
  const crashes = new CrashLoopGuard(RENDERER_RELOADS_PER_MINUTE, 60_000);
  contents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    if (crashes.shouldReload()) {
      process.stderr.write(`hds: the window's renderer stopped (${details.reason}); reloading it\n`);
      void window.loadURL(`${RENDERER_ORIGIN}/index.html`);
      return;
    }
    const message =
      `The window's renderer stopped ${crashes.limit + 1} times within a minute (last: ${details.reason}); ` +
      'it is not reloaded again. The debugging session is still open: quit HyperDbg Studio to close it ' +
      "like '.debug close', then start it again.";
    process.stderr.write(`hds: ${message}\n`);
    dialog.showErrorBox('HyperDbg Studio', message);
  });
  const disconnect = connectWindowToHost(window, studio);
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    disconnect();
    app.quit();
  });
  void window.loadURL(`${RENDERER_ORIGIN}/index.html`);
  return window;
}

async function start(): Promise<void> {
  // Settings, the log archive and exports in the one per-user folder that browser mode and
  // `hds connect` use (HDS_DATA_DIR when set), not Electron's default named after the npm package:
  // otherwise the window's retention settings would not be the ones `hds connect` applies.
  app.setPath('userData', userDataFolder());
  // One window per machine: a second instance would fight the first over the serial port or pipe.
  if (!app.requestSingleInstanceLock()) {
    app.exit(0);
    return;
  }
  const parsed = parseStartOptions(process.argv.slice(app.isPackaged ? 1 : 2));
  const options = parsed.ok ? parsed.options : undefined;
  if (!parsed.ok) process.stderr.write(parsed.error + '\n');

  await app.whenReady();
  // The renderer needs no browser permission (camera, notifications, clipboard-read, HID, serial…):
  // every request and every synchronous check is answered no.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.setDevicePermissionHandler(() => false);
  serveRenderer();

  const userData = app.getPath('userData');
  host = new StudioHost({
    backend: createSessionBackend({}),
    preferences: new PreferencesStore(userData),
    exportFolder: join(userData, 'exports'),
    allowExportPaths: true,
    chooseExportPath: exportPathChooser((request) => {
      const window = BrowserWindow.getFocusedWindow();
      return window ? dialog.showSaveDialog(window, request) : dialog.showSaveDialog(request);
    }, app.getPath('documents')),
  });
  const studio = host;
  Menu.setApplicationMenu(debugMenu((action) => studio.sendUiAction(action)));
  const window = createWindow(studio);
  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  void studio.invoke('session:connect', {
    endpoint: options?.endpoint ?? 'sim',
    signature: options?.signature ?? null,
  });
}

let sessionClosed = false;
app.on('before-quit', (event) => {
  if (sessionClosed) return;
  event.preventDefault();
  void closeSession().then(() => {
    sessionClosed = true;
    app.quit();
  });
});

process.on('uncaughtException', (error) => {
  process.stderr.write(`hds: unexpected error in the main process: ${error.stack ?? error.message}\n`);
  void closeSession().finally(() => app.exit(1));
});

void start();

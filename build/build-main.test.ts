// The bundled main process (what electron-builder packages) must load and work outside the
// TypeScript toolchain. Electron's binary is not available here, so the bundle runs in plain Node
// with a recording stand-in for the `electron` module: it must open the window, connect to the
// simulator, answer IPC from its own frame and close the session on quit.
import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMain } from './build-main';

const FAKE_ELECTRON = `
const handlers = {};
const appListeners = {};
class Contents {
  constructor() { this.mainFrame = { url: '' }; }
  on() {}
  setWindowOpenHandler() {}
  send() {}
}
class BrowserWindow {
  constructor(options) { this.webContents = new Contents(); global.__window = this; global.__options = options; }
  on() {} once() {} isDestroyed() { return false; } isMinimized() { return false; } show() {}
  loadURL(url) { this.webContents.mainFrame.url = url; return Promise.resolve(); }
}
module.exports = {
  app: {
    isPackaged: false, enableSandbox() {}, requestSingleInstanceLock() { return true; },
    whenReady() { return Promise.resolve(); },
    paths: {}, setPath(name, value) { this.paths[name] = value; }, getPath(name) { return this.paths[name]; },
    on(event, listener) { appListeners[event] = listener; },
    quit() { console.log('QUIT'); process.exit(0); }, exit(code) { console.log('EXIT ' + code); process.exit(code); },
  },
  BrowserWindow,
  Menu: { buildFromTemplate: (template) => ({ template }), setApplicationMenu() {} },
  protocol: { registerSchemesAsPrivileged() {}, handle(scheme, handler) { global.__serve = handler; } },
  session: {
    defaultSession: {
      setPermissionRequestHandler() {},
      setPermissionCheckHandler() {},
      setDevicePermissionHandler() {},
    },
  },
  shell: { openExternal() {} },
  ipcMain: { handle(channel, handler) { handlers[channel] = handler; }, removeHandler() {} },
  __handlers: handlers,
  __appListeners: appListeners,
};
`;

const DRIVER = (bundle: string, fake: string) => `
const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'electron' ? ${JSON.stringify(fake)} : resolve.call(this, request, ...rest);
};
process.argv = [process.argv[0], 'app'];
require(${JSON.stringify(bundle)});
const electron = require('electron');
const report = (line) => console.log(line);
(async () => {
  const event = () => ({ sender: global.__window.webContents, senderFrame: global.__window.webContents.mainFrame });
  let phase = '';
  for (let i = 0; i < 100 && phase !== 'running'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const snapshot = await electron.__handlers['hds:invoke'](event(), 'session:snapshot', {});
    phase = snapshot.ok ? snapshot.value.state.phase : 'error';
  }
  report('PHASE ' + phase);
  report('SANDBOX ' + global.__options.webPreferences.sandbox);
  const paused = await electron.__handlers['hds:invoke'](event(), 'debug:pause', {});
  report('PAUSE ' + JSON.stringify(paused));
  electron.__appListeners['before-quit']({ preventDefault() { report('QUIT-DEFERRED'); } });
})();
`;

describe('dist/electron/main.cjs', () => {
  it('loads outside the toolchain, connects to the simulator, answers IPC and closes on quit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hds-bundle-'));
    const outDir = join(dir, 'electron');
    await buildMain(outDir);
    const fake = join(dir, 'fake-electron.cjs');
    await writeFile(fake, FAKE_ELECTRON);
    const driver = join(dir, 'driver.cjs');
    await writeFile(driver, DRIVER(join(outDir, 'main.cjs'), fake));
    const run = spawnSync(process.execPath, [driver], {
      encoding: 'utf8',
      timeout: 30_000,
      // The bundle lives in a temporary folder: its external modules (better-sqlite3, iced-x86)
      // come from the repository's node_modules, as they come from the app's in a package.
      env: {
        ...process.env,
        // the bundle must point Electron's userData at hds's data folder itself (no default here)
        HDS_DATA_DIR: join(dir, 'user-data'),
        NODE_PATH: join(process.cwd(), 'node_modules'),
      },
    });
    const lines = run.stdout.split('\n');
    expect(lines, run.stderr).toContain('PHASE running');
    expect(lines).toContain('SANDBOX true');
    expect(lines).toContain('PAUSE {"ok":true,"value":{"ok":true,"message":null}}');
    expect(lines).toContain('QUIT-DEFERRED');
    expect(lines.at(-2)).toBe('QUIT');
  }, 60_000);
});

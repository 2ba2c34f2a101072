// The Electron shell without the Electron binary: `electron` is replaced by a recording fake so
// the window options, the frame check on IPC, navigation blocking, the Debug menu and the
// quit-closes-the-session rule are all checked against main.ts itself.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ELECTRON_INVOKE_CHANNEL, ELECTRON_PUSH_CHANNEL } from '../shared/ipc';

const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown;
  const state = {
    ipcHandlers: new Map<string, Listener>(),
    appListeners: new Map<string, Listener>(),
    windows: [] as Array<{
      options: { webPreferences: Record<string, unknown> };
      listeners: Map<string, Listener>;
      webContents: {
        listeners: Map<string, Listener>;
        sent: unknown[][];
        mainFrame: { url: string };
        windowOpenHandler?: Listener;
      };
    }>,
    menuTemplate: [] as Array<{
      label?: string;
      submenu?: Array<{ label?: string; role?: string; accelerator?: string; click?: () => void }>;
    }>,
    protocolHandlers: new Map<string, Listener>(),
    quitCalls: 0,
    paths: new Map<string, string>(),
    focused: 0,
    errorBoxes: [] as string[],
    opened: [] as string[],
    permissionChecks: [] as Array<(...args: unknown[]) => unknown>,
    backend: {
      connects: [] as unknown[][],
      symbolPaths: [] as (string | null)[],
      disconnects: 0,
    },
  };
  return state;
});

vi.mock('electron', () => {
  class FakeContents {
    listeners = new Map<string, (...args: unknown[]) => unknown>();
    sent: unknown[][] = [];
    mainFrame = { url: '' };
    windowOpenHandler?: (...args: unknown[]) => unknown;
    on(event: string, listener: (...args: unknown[]) => unknown) {
      this.listeners.set(event, listener);
    }
    setWindowOpenHandler(handler: (...args: unknown[]) => unknown) {
      this.windowOpenHandler = handler;
    }
    send(...args: unknown[]) {
      this.sent.push(args);
    }
  }
  class BrowserWindow {
    webContents = new FakeContents();
    listeners = new Map<string, (...args: unknown[]) => unknown>();
    constructor(public options: { webPreferences: Record<string, unknown> }) {
      fake.windows.push(this as never);
    }
    on(event: string, listener: (...args: unknown[]) => unknown) {
      this.listeners.set(event, listener);
    }
    once(event: string, listener: (...args: unknown[]) => unknown) {
      this.listeners.set(event, listener);
    }
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {
      fake.focused++;
    }
    show() {}
    loadURL(url: string) {
      this.webContents.mainFrame.url = url;
      return Promise.resolve();
    }
  }
  return {
    app: {
      isPackaged: false,
      enableSandbox: () => undefined,
      requestSingleInstanceLock: () => true,
      whenReady: () => Promise.resolve(),
      getPath: () => '/tmp/hds-main-test',
      setPath: (name: string, value: string) => fake.paths.set(name, value),
      on: (event: string, listener: (...args: unknown[]) => unknown) =>
        fake.appListeners.set(event, listener),
      quit: () => {
        fake.quitCalls++;
      },
      exit: () => undefined,
    },
    BrowserWindow,
    Menu: {
      buildFromTemplate: (template: unknown) => ({ template }),
      setApplicationMenu: (menu: { template: typeof fake.menuTemplate }) => {
        fake.menuTemplate = menu.template;
      },
    },
    protocol: {
      registerSchemesAsPrivileged: () => undefined,
      handle: (scheme: string, handler: (...args: unknown[]) => unknown) =>
        fake.protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: (...args: unknown[]) => unknown) =>
          fake.permissionChecks.push(handler),
        setPermissionCheckHandler: (handler: (...args: unknown[]) => unknown) =>
          fake.permissionChecks.push(handler),
        setDevicePermissionHandler: (handler: (...args: unknown[]) => unknown) =>
          fake.permissionChecks.push(handler),
      },
    },
    shell: {
      openExternal: (url: string) => {
        fake.opened.push(url);
        return Promise.resolve();
      },
    },
    dialog: { showErrorBox: (_title: string, message: string) => fake.errorBoxes.push(message) },
    ipcMain: {
      handle: (channel: string, handler: (...args: unknown[]) => unknown) =>
        fake.ipcHandlers.set(channel, handler),
      removeHandler: (channel: string) => fake.ipcHandlers.delete(channel),
    },
  };
});

vi.mock('./host/session-backend', () => ({
  createSessionBackend: () => ({
    subscribe: () => () => undefined,
    configureSymbols: (symbolPath: string | null) => fake.backend.symbolPaths.push(symbolPath),
    configureLogRetention: async () => undefined,
    connect: async (...args: unknown[]) => {
      fake.backend.connects.push(args);
      return { ok: true, message: null };
    },
    disconnect: async () => {
      fake.backend.disconnects++;
      return { ok: true, message: null };
    },
    listSerialPorts: async () => [{ path: 'COM2', friendlyName: null }],
  }),
}));

const listenersBefore = process.listeners('uncaughtException');

const dataDirBefore = process.env.HDS_DATA_DIR;

beforeAll(async () => {
  process.env.HDS_DATA_DIR = '/tmp/hds-main-test-data';
  await import('./main');
  await new Promise((resolve) => setTimeout(resolve, 20));
});

afterAll(() => {
  if (dataDirBefore === undefined) delete process.env.HDS_DATA_DIR;
  else process.env.HDS_DATA_DIR = dataDirBefore;
  for (const listener of process.listeners('uncaughtException')) {
    if (!listenersBefore.includes(listener)) process.off('uncaughtException', listener);
  }
});

function ownEvent(window = fake.windows[0], url = 'app://renderer/index.html') {
  window.webContents.mainFrame.url = url;
  return { sender: window.webContents, senderFrame: window.webContents.mainFrame };
}

describe('electron/main.ts', () => {
  it('opens one sandboxed, context-isolated window without Node', () => {
    expect(fake.windows).toHaveLength(1);
    expect(fake.windows[0].options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(String(fake.windows[0].options.webPreferences.preload)).toMatch(/preload\.cjs$/);
  });

  it("keeps settings, archive and exports in hds's own data folder (HDS_DATA_DIR when set), as hds connect reads them", () => {
    expect(fake.paths.get('userData')).toBe('/tmp/hds-main-test-data');
  });

  it('connects to the simulator when no endpoint is given, with the configured symbol path', () => {
    expect(fake.backend.connects).toEqual([['sim', null]]);
    expect(fake.backend.symbolPaths).toHaveLength(1);
  });

  it('answers IPC from our own frame and refuses other frames', async () => {
    const handler = fake.ipcHandlers.get(ELECTRON_INVOKE_CHANNEL)!;
    await expect(handler(ownEvent(), 'ports:list', {})).resolves.toEqual({
      ok: true,
      value: { ports: [{ path: 'COM2', friendlyName: null }] },
    });
    const foreignFrame = {
      sender: fake.windows[0].webContents,
      senderFrame: { url: 'app://renderer/index.html' },
    };
    await expect(handler(foreignFrame, 'ports:list', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await expect(
      handler(ownEvent(undefined, 'https://evil.example/'), 'ports:list', {}),
    ).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await expect(handler(ownEvent(), 'ports:list', { extra: 1 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
  });

  it('blocks navigation away from the renderer and denies new windows', () => {
    const navigate = fake.windows[0].webContents.listeners.get('will-navigate')!;
    const away = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    navigate(away, 'https://example.com/');
    expect(away.prevented).toBe(true);
    const inside = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    navigate(inside, 'app://renderer/index.html');
    expect(inside.prevented).toBe(false);
    expect(fake.windows[0].webContents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({
      action: 'deny',
    });
  });

  it('opens only allow-listed https links in the browser', () => {
    const open = fake.windows[0].webContents.windowOpenHandler!;
    open({ url: 'https://example.com/' });
    open({ url: 'file:///etc/passwd' });
    expect(fake.opened).toEqual([]);
    expect(open({ url: 'https://docs.hyperdbg.org/' })).toEqual({ action: 'deny' });
    expect(fake.opened).toEqual(['https://docs.hyperdbg.org/']);
  });

  it('answers every permission request and check with no', () => {
    expect(fake.permissionChecks).toHaveLength(3);
    const [request, check, device] = fake.permissionChecks;
    let granted: boolean | undefined;
    request(fake.windows[0].webContents, 'notifications', (answer: boolean) => (granted = answer));
    expect(granted).toBe(false);
    expect(check(fake.windows[0].webContents, 'clipboard-read')).toBe(false);
    expect(device({ deviceType: 'serial' })).toBe(false);
  });

  it('has no DevTools or reload entries in a packaged build (tests run unpackaged: they are there)', () => {
    const view = fake.menuTemplate.find((menu) => menu.label === 'View')!;
    expect(view.submenu!.map((item) => item.role)).toContain('toggleDevTools');
    expect(fake.windows[0].options.webPreferences.devTools).toBe(true);
  });

  it('wires the Debug menu shortcuts to renderer actions', () => {
    const debug = fake.menuTemplate.find((menu) => menu.label === 'Debug')!;
    const accelerators = Object.fromEntries(
      debug.submenu!.filter((i) => i.accelerator).map((i) => [i.accelerator, i.label]),
    );
    expect(accelerators).toMatchObject({
      F5: 'Go',
      F10: 'Step Over',
      F11: 'Step Into',
      'Shift+F11': 'Step Out',
      'Ctrl+Pause': 'Break',
      'CmdOrCtrl+Enter': 'Run Script',
    });
    debug.submenu!.find((i) => i.accelerator === 'F10')!.click!();
    expect(fake.windows[0].webContents.sent.at(-1)).toEqual([
      ELECTRON_PUSH_CHANNEL,
      'ui:action',
      { action: 'step-over' },
    ]);
  });

  it('serves only renderer files on app://renderer, with the CSP header', async () => {
    const serve = fake.protocolHandlers.get('app')! as (request: { url: string }) => Promise<Response>;
    const index = await serve({ url: 'app://renderer/index.html' });
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await serve({ url: 'app://other/index.html' })).status).toBe(404);
    expect((await serve({ url: 'app://renderer/%2e%2e/package.json' })).status).toBe(404);
  });

  it('reloads the renderer after it crashed, three times a minute at most, then says so', () => {
    const gone = fake.windows[0].webContents.listeners.get('render-process-gone')!;
    for (let crash = 0; crash < 3; crash++) {
      fake.windows[0].webContents.mainFrame.url = '';
      gone({}, { reason: 'crashed' });
      expect(fake.windows[0].webContents.mainFrame.url).toBe('app://renderer/index.html');
    }
    fake.windows[0].webContents.mainFrame.url = '';
    gone({}, { reason: 'oom' });
    expect(fake.windows[0].webContents.mainFrame.url).toBe('');
    expect(fake.errorBoxes).toEqual([
      expect.stringMatching(/stopped 4 times within a minute \(last: oom\); it is not reloaded again/),
    ]);
  });

  it('focuses the existing window when a second instance starts', () => {
    fake.appListeners.get('second-instance')!();
    expect(fake.focused).toBe(1);
  });

  it('closes the session before quitting', async () => {
    const beforeQuit = fake.appListeners.get('before-quit')!;
    const event = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    beforeQuit(event);
    expect(event.prevented).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.backend.disconnects).toBe(1);
    expect(fake.quitCalls).toBe(1);
    const second = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    beforeQuit(second);
    expect(second.prevented).toBe(false);
  });
});

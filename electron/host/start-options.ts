// Options of `hds start` (also passed on to the Electron main process, which reads the same flags).

export interface StartOptions {
  /** Endpoint to connect to at start; default: the simulator. */
  endpoint: string;
  signature: string | null;
  /** Browser-mode port (0 = pick a free one). */
  port: number;
  /** Browser mode: do not open a browser, only print the URL. */
  open: boolean;
  /** Skip Electron even when its binary is installed. */
  browser: boolean;
  /** Check that start-up works, then exit (CI): browser mode serves the UI and connects, then closes. */
  smoke: boolean;
}

export type StartOptionsParse = { ok: true; options: StartOptions } | { ok: false; error: string };

export const START_USAGE = `usage: hds start [--endpoint E] [--signature S] [--port N] [--no-open] [--browser] [--smoke]

Opens HyperDbg Studio. Without the Electron binary (or with --browser) it serves the same UI on
http://127.0.0.1:PORT/?token=... and prints that URL.

  --endpoint E   link to open at start: serial:COM2@115200, pipe:\\\\.\\pipe\\NAME, unix:PATH,
                 tcp:HOST:PORT or sim (default: sim, the built-in simulated debuggee)
  --signature S  HyperDbg build signature the debuggee expects (e.g. 0.2.0-20250312.1542)
  --port N       browser-mode port on 127.0.0.1 (default: a free port)
  --no-open      browser mode: print the URL without opening a browser
  --browser      use browser mode even when Electron is installed
  --smoke        check start-up and exit: browser mode serves the page and connects, then closes
                 (with the Electron binary installed it only names the binary; exit status 1 on failure)
`;

/** Parses the flags; ignores arguments Electron or Chromium add (anything not starting with --). */
export function parseStartOptions(args: readonly string[]): StartOptionsParse {
  const options: StartOptions = {
    endpoint: 'sim',
    signature: null,
    port: 0,
    open: true,
    browser: false,
    smoke: false,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string | undefined => args[++i];
    switch (arg) {
      case '--endpoint': {
        const text = value();
        if (!text)
          return {
            ok: false,
            error: 'hds start: --endpoint needs a value such as sim or tcp:127.0.0.1:9000',
          };
        options.endpoint = text;
        break;
      }
      case '--signature': {
        const text = value();
        if (!text)
          return {
            ok: false,
            error: 'hds start: --signature needs the build signature, e.g. 0.2.0-20250312.1542',
          };
        options.signature = text;
        break;
      }
      case '--port': {
        const text = value() ?? '';
        const port = /^\d+$/.test(text) ? Number(text) : NaN;
        if (!(port >= 0 && port < 65536))
          return { ok: false, error: `hds start: --port must be 0..65535, not '${text}'` };
        options.port = port;
        break;
      }
      case '--no-open':
        options.open = false;
        break;
      case '--browser':
        options.browser = true;
        break;
      case '--smoke':
        options.smoke = true;
        options.open = false;
        break;
      default:
        if (arg.startsWith('--') && !isChromiumSwitch(arg)) {
          return { ok: false, error: `hds start: unknown option '${arg}'\n\n${START_USAGE}` };
        }
    }
  }
  return { ok: true, options };
}

/** Switches Electron/Chromium put on the command line of a packaged or dev app. */
function isChromiumSwitch(arg: string): boolean {
  return /^--(?:inspect|remote-debugging|enable-|disable-|no-sandbox|js-flags|lang|user-data-dir|allow-file-access)/.test(
    arg,
  );
}

// Finding the Electron binary the `electron` npm package installed. It may be missing: electron is
// an optional dependency, so npm drops the whole package when its postinstall download fails
// (proxy, offline mirror, sandbox), and ELECTRON_SKIP_BINARY_DOWNLOAD keeps the package without
// the binary. Either way `hds start` serves browser mode and says how to get the window.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export type ElectronBinary =
  | { found: true; path: string }
  /** `reason`: why there is no window; `remedy`: the command that brings it. */
  | { found: false; reason: string; remedy: string };

const DOWNLOAD_HINT = 'where github.com is reachable, or with ELECTRON_MIRROR set to a mirror';

export function findElectronBinary(
  load: (id: string) => unknown = createRequire(import.meta.url),
): ElectronBinary {
  let path: unknown;
  try {
    // In plain Node the package's main export is the path of the binary (from its path.txt).
    path = load('electron');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'MODULE_NOT_FOUND') {
      return {
        found: false,
        reason:
          'the optional electron package is not installed (npm leaves it out when its binary download fails)',
        remedy: `run \`npm install electron\` ${DOWNLOAD_HINT}`,
      };
    }
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    // The package's own wording ("failed to install correctly") hides the usual cause.
    return {
      found: false,
      reason: /failed to install/i.test(message)
        ? 'node_modules/electron has no downloaded binary (installed with ELECTRON_SKIP_BINARY_DOWNLOAD, or the download was interrupted)'
        : message,
      remedy: `run \`node node_modules/electron/install.js\` ${DOWNLOAD_HINT}`,
    };
  }
  if (typeof path !== 'string' || !existsSync(path)) {
    return {
      found: false,
      reason: `the electron package names no existing binary (${String(path)})`,
      remedy: `run \`node node_modules/electron/install.js\` ${DOWNLOAD_HINT}`,
    };
  }
  return { found: true, path };
}

/** The one line `hds start` prints before serving browser mode instead of the window. */
export function browserModeNotice(missing: { reason: string; remedy: string }): string {
  return `hds: no Electron window: ${missing.reason}; serving browser mode instead (for the window, ${missing.remedy})`;
}

// Rules of the Electron window that are pure decisions, kept out of main.ts so they are tested
// without Electron: which links may leave the app, and when a crashing renderer stops being reloaded.

/** Sites a link in the app may open in the user's browser (HyperDbg's own documentation and code). */
const EXTERNAL_LINK_ORIGINS = new Set([
  'https://docs.hyperdbg.org',
  'https://hyperdbg.org',
  'https://github.com',
]);
/** On github.com, only HyperDbg's organisation. */
const GITHUB_PATH = /^\/HyperDbg(?:\/|$)/i;

/**
 * Whether `url` may be handed to `shell.openExternal`: https on an allow-listed site, no user
 * name or password in it. Everything else (file:, custom schemes, other sites) stays closed,
 * because a compromised renderer could otherwise launch any handler the desktop knows.
 */
export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') return false;
  if (!EXTERNAL_LINK_ORIGINS.has(parsed.origin)) return false;
  return parsed.origin !== 'https://github.com' || GITHUB_PATH.test(parsed.pathname);
}

/**
 * Allows a crashed renderer to be reloaded at most `limit` times within `windowMs`: a page that
 * crashes on load would otherwise be reloaded in a tight loop forever.
 */
export class CrashLoopGuard {
  private readonly crashes: number[] = [];

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Records a crash; true when a reload is still allowed. */
  shouldReload(): boolean {
    const at = this.now();
    while (this.crashes.length > 0 && at - this.crashes[0] > this.windowMs) this.crashes.shift();
    this.crashes.push(at);
    return this.crashes.length <= this.limit;
  }
}

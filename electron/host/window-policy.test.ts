import { describe, expect, it } from 'vitest';
import { CrashLoopGuard, isAllowedExternalUrl } from './window-policy';

describe('isAllowedExternalUrl', () => {
  it('opens HyperDbg documentation and repositories', () => {
    expect(isAllowedExternalUrl('https://docs.hyperdbg.org/commands/debugging-commands/r')).toBe(true);
    expect(isAllowedExternalUrl('https://hyperdbg.org/')).toBe(true);
    expect(isAllowedExternalUrl('https://github.com/HyperDbg/HyperDbg/issues')).toBe(true);
  });

  it('refuses other sites, other schemes, credentials and look-alike hosts', () => {
    for (const url of [
      'https://example.com/',
      'http://docs.hyperdbg.org/',
      'https://github.com/someone-else/repo',
      'https://github.com/HyperDbgEvil/x',
      'https://docs.hyperdbg.org.evil.example/',
      'https://user:pass@docs.hyperdbg.org/',
      'file:///etc/passwd',
      'smb://host/share',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });
});

describe('CrashLoopGuard', () => {
  it('allows the limit of reloads within the window, then refuses until the window has passed', () => {
    let now = 0;
    const guard = new CrashLoopGuard(3, 60_000, () => now);
    expect([guard.shouldReload(), guard.shouldReload(), guard.shouldReload()]).toEqual([true, true, true]);
    now = 10_000;
    expect(guard.shouldReload()).toBe(false);
    now = 200_000;
    expect(guard.shouldReload()).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import {
  buildEndpoint,
  DEFAULT_ENDPOINT,
  endpointHint,
  draftFromEndpoint,
  platformFromUserAgent,
  platformProblem,
} from './endpoint';
import { EndpointText } from '../../shared/ipc/model';
import { parseEndpoint } from '../../shared/endpoint';

describe('endpoint builder', () => {
  it('builds every kind in the contract syntax and parses it back', () => {
    const cases = [
      { ...DEFAULT_ENDPOINT },
      { ...DEFAULT_ENDPOINT, kind: 'serial' as const, serialPort: 'COM2', baud: 115200 },
      { ...DEFAULT_ENDPOINT, kind: 'serial' as const, serialPort: '/dev/ttyS0', baud: 57600 },
      { ...DEFAULT_ENDPOINT, kind: 'pipe' as const },
      { ...DEFAULT_ENDPOINT, kind: 'unix' as const, unixPath: '/tmp/vm.sock' },
      { ...DEFAULT_ENDPOINT, kind: 'tcp' as const, host: '127.0.0.1', port: '5000' },
      { ...DEFAULT_ENDPOINT, kind: 'tcp' as const, host: '::1', port: '5000' },
    ];
    const texts = cases.map((c) => {
      const r = buildEndpoint(c);
      if (!r.ok) throw new Error(r.error);
      expect(EndpointText.safeParse(r.endpoint).success).toBe(true);
      // the session core's grammar (the one the host opens links with) reads what the builder wrote
      expect(parseEndpoint(r.endpoint).ok).toBe(true);
      expect(buildEndpoint(draftFromEndpoint(r.endpoint))).toEqual(r);
      return r.endpoint;
    });
    expect(texts).toEqual([
      'sim',
      'serial:COM2@115200',
      'serial:/dev/ttyS0@57600',
      'pipe:\\\\.\\pipe\\com_2',
      'unix:/tmp/vm.sock',
      'tcp:127.0.0.1:5000',
      'tcp:[::1]:5000',
    ]);
  });

  it('says which field is missing', () => {
    expect(buildEndpoint({ ...DEFAULT_ENDPOINT, kind: 'serial' })).toEqual({
      ok: false,
      error: expect.stringContaining('serial port'),
    });
    expect(buildEndpoint({ ...DEFAULT_ENDPOINT, kind: 'tcp', port: '70000' })).toEqual({
      ok: false,
      error: expect.stringContaining('1..65535'),
    });
    expect(buildEndpoint({ ...DEFAULT_ENDPOINT, kind: 'pipe', pipe: 'com_2' }).ok).toBe(false);
  });

  it("defaults to the README's pipe (VMware / Hyper-V COM2)", async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain('`pipe:\\\\.\\pipe\\com_2`');
    expect(buildEndpoint({ ...DEFAULT_ENDPOINT, kind: 'pipe' })).toEqual({
      ok: true,
      endpoint: 'pipe:\\\\.\\pipe\\com_2',
    });
  });
});

describe('platform hints', () => {
  it('reads the platform from the user agent', () => {
    expect(platformFromUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120')).toBe('windows');
    expect(platformFromUserAgent('Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/120')).toBe('linux');
    expect(platformFromUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)')).toBe('mac');
  });

  it('says named pipes are Windows only elsewhere, and offers what works there', () => {
    expect(platformProblem('pipe', 'windows')).toBeNull();
    for (const platform of ['linux', 'mac'] as const) {
      expect(platformProblem('pipe', platform)).toMatch(/only on Windows.*unix:.*tcp:/);
      expect(endpointHint('pipe', platform)).toBe(platformProblem('pipe', platform));
    }
    expect(endpointHint('pipe', 'windows')).toMatch(/VMware.*Hyper-V/);
  });

  it('gives every link a hint on every platform, with the platform-specific device names', () => {
    for (const kind of ['sim', 'serial', 'pipe', 'unix', 'tcp'] as const)
      for (const platform of ['windows', 'linux', 'mac'] as const)
        expect(endpointHint(kind, platform).length).toBeGreaterThan(20);
    expect(endpointHint('serial', 'linux')).toMatch(/\/dev\/ttyS0.*dialout/);
    expect(endpointHint('serial', 'windows')).toMatch(/COM port/);
    expect(endpointHint('unix', 'linux')).toMatch(/-serial unix:/);
  });
});

import { describe, expect, it } from 'vitest';
import { parseStartOptions } from './start-options';

describe('parseStartOptions', () => {
  it('defaults to the simulator, a free port and opening the browser', () => {
    expect(parseStartOptions([])).toEqual({
      ok: true,
      options: { endpoint: 'sim', signature: null, port: 0, open: true, browser: false, smoke: false },
    });
  });

  it('reads every flag', () => {
    const parsed = parseStartOptions([
      '--endpoint',
      'serial:COM2@115200',
      '--signature',
      '0.2.0-20250312.1542',
      '--port',
      '5123',
      '--no-open',
      '--browser',
    ]);
    expect(parsed).toEqual({
      ok: true,
      options: {
        endpoint: 'serial:COM2@115200',
        signature: '0.2.0-20250312.1542',
        port: 5123,
        open: false,
        browser: true,
        smoke: false,
      },
    });
  });

  it('--smoke never opens a browser', () => {
    const parsed = parseStartOptions(['--smoke']);
    expect(parsed.ok && parsed.options).toMatchObject({ smoke: true, open: false });
  });

  it('ignores the app path and Chromium switches Electron passes', () => {
    const parsed = parseStartOptions(['/work/main', '--inspect=9229', '--endpoint', 'tcp:127.0.0.1:9000']);
    expect(parsed.ok && parsed.options.endpoint).toBe('tcp:127.0.0.1:9000');
  });

  it('rejects unknown options, missing values and bad ports with the usage', () => {
    const unknown = parseStartOptions(['--endpiont', 'sim']);
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error).toMatch(/unknown option '--endpiont'[\s\S]*usage: hds start/);
    expect(parseStartOptions(['--endpoint']).ok).toBe(false);
    expect(parseStartOptions(['--port', '70000']).ok).toBe(false);
    expect(parseStartOptions(['--port', 'x']).ok).toBe(false);
  });
});

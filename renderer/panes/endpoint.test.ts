import { describe, expect, it } from 'vitest';
import { buildEndpoint, parseEndpoint, DEFAULT_ENDPOINT } from './endpoint';
import { EndpointText } from '../../shared/ipc/model';

describe('endpoint builder', () => {
  it('builds every kind in the contract syntax and parses it back', () => {
    const cases = [
      { ...DEFAULT_ENDPOINT },
      { ...DEFAULT_ENDPOINT, kind: 'serial' as const, serialPort: 'COM2', baud: 115200 },
      { ...DEFAULT_ENDPOINT, kind: 'serial' as const, serialPort: '/dev/ttyS0', baud: 57600 },
      { ...DEFAULT_ENDPOINT, kind: 'pipe' as const, pipe: '\\\\.\\pipe\\com_1' },
      { ...DEFAULT_ENDPOINT, kind: 'unix' as const, unixPath: '/tmp/vm.sock' },
      { ...DEFAULT_ENDPOINT, kind: 'tcp' as const, host: '127.0.0.1', port: '5000' },
    ];
    const texts = cases.map((c) => {
      const r = buildEndpoint(c);
      if (!r.ok) throw new Error(r.error);
      expect(EndpointText.safeParse(r.endpoint).success).toBe(true);
      expect(buildEndpoint(parseEndpoint(r.endpoint))).toEqual(r);
      return r.endpoint;
    });
    expect(texts).toEqual([
      'sim',
      'serial:COM2@115200',
      'serial:/dev/ttyS0@57600',
      'pipe:\\\\.\\pipe\\com_1',
      'unix:/tmp/vm.sock',
      'tcp:127.0.0.1:5000',
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
    expect(buildEndpoint({ ...DEFAULT_ENDPOINT, kind: 'pipe', pipe: 'com_1' }).ok).toBe(false);
  });
});

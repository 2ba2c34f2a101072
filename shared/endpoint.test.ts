import { describe, expect, it } from 'vitest';
import { formatEndpoint, HYPERDBG_BAUD_RATES, parseEndpoint } from './endpoint';

describe('parseEndpoint', () => {
  it.each([
    ['serial:COM2@115200', { kind: 'serial', path: 'COM2', baudRate: 115200 }],
    ['serial:/dev/ttyS0@9600', { kind: 'serial', path: '/dev/ttyS0', baudRate: 9600 }],
    ['serial:/dev/ttyUSB0', { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 115200 }],
    ['pipe:\\\\.\\pipe\\com_1', { kind: 'pipe', path: '\\\\.\\pipe\\com_1' }],
    ['unix:/tmp/vm.sock', { kind: 'unix', path: '/tmp/vm.sock' }],
    ['tcp:127.0.0.1:9000', { kind: 'tcp', host: '127.0.0.1', port: 9000 }],
    ['tcp:[::1]:9000', { kind: 'tcp', host: '::1', port: 9000 }],
    ['sim', { kind: 'sim' }],
  ])('%s', (text, endpoint) => {
    expect(parseEndpoint(text)).toEqual({ ok: true, endpoint });
  });

  it('round-trips through formatEndpoint', () => {
    for (const text of ['serial:COM2@115200', 'unix:/tmp/vm.sock', 'tcp:[::1]:9000', 'sim']) {
      const parsed = parseEndpoint(text);
      expect(parsed.ok && formatEndpoint(parsed.endpoint)).toBe(text);
    }
  });

  it.each([
    ['serial:COM2@115201', /baud rate is invalid.*110, 300/],
    ['tcp:localhost', /needs a host and a port/],
    ['tcp:localhost:70000', /needs a host and a port/],
    ['pipe:com_1', /must look like \\\\\.\\pipe\\NAME/],
    ['ftp:x', /unknown endpoint kind 'ftp'/],
    ['COM2', /is not an endpoint/],
  ])('rejects %s', (text, message) => {
    const parsed = parseEndpoint(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(message);
  });

  it("uses HyperDbg's baud list", () => {
    expect(HYPERDBG_BAUD_RATES).toEqual([
      110, 300, 600, 1200, 2400, 4800, 9600, 14400, 19200, 38400, 56000, 57600, 115200, 128000, 256000,
    ]);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { command } from './sim';

let stderr = '';
afterEach(() => {
  vi.restoreAllMocks();
  stderr = '';
});

function captureStderr(): void {
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  });
}

describe('hds sim', () => {
  it('refuses bad options with a message that says what to do', async () => {
    captureStderr();
    expect(await command.run(['--listen', 'tcp:127.0.0.1:0', '--rate', 'fast'])).toBe(2);
    expect(stderr).toContain("err, --rate expects an integer >= 0, got 'fast'");
    stderr = '';
    expect(await command.run(['--listen', 'tcp:127.0.0.1:0', '--signature', '0.23.0'])).toBe(2);
    expect(stderr).toContain("'0.23.0' is not a HyperDbg build signature");
    stderr = '';
    expect(await command.run(['--listen', 'tcp:127.0.0.1:0', '--faults', 'explode=1'])).toBe(2);
    expect(stderr).toContain("'explode=1' is not a fault");
    stderr = '';
    expect(await command.run(['--seed', '1'])).toBe(2);
    expect(stderr).toContain('--listen is required');
  });

  it('rejects an endpoint it cannot serve', async () => {
    captureStderr();
    expect(await command.run(['--listen', 'com2'])).toBe(1);
    expect(stderr).toContain("'com2' is not an endpoint");
  });
});

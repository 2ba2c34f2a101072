import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCommandSession } from '../../app/wiring';
import { createMemoryTransportPair } from '../../transport/transport';

const SIGNATURE = '0.2.0-20250101.1200';

function session() {
  let output = '';
  const wired = createCommandSession({ signature: SIGNATURE, output: (text) => (output += text) });
  return { wired, output: () => output };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('sleep', () => {
  it('sleeps the whole of 0xffffffff ms instead of overflowing the timer into 1 ms', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { wired } = session();
    let done = false;
    void wired.dispatcher.execute('sleep ffffffff').then(() => (done = true));
    await vi.advanceTimersByTimeAsync(2);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(0x7fffffff);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(0xffffffff - 0x7fffffff - 2);
    expect(done).toBe(true);
    wired.dispose();
  });

  it('sleep 7fffffff ends when interrupted (Ctrl+C, Break) and the next command runs', async () => {
    const { wired, output } = session();
    const sleeping = wired.dispatcher.execute('sleep 7fffffff');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(wired.dispatcher.interrupt()).toBe(1);
    await expect(sleeping).resolves.toEqual({ ok: true });
    expect(output()).toContain('sleep interrupted\n');
    await expect(wired.dispatcher.execute('sleep 1')).resolves.toEqual({ ok: true });
    wired.dispose();
  });

  it('a session that ends (disconnect) ends its sleep', async () => {
    const { wired } = session();
    const [debuggerSide] = createMemoryTransportPair();
    wired.session.attach(debuggerSide);
    const sleeping = wired.dispatcher.execute('sleep 7fffffff');
    await new Promise((resolve) => setTimeout(resolve, 10));
    await wired.session.detach();
    await expect(sleeping).resolves.toEqual({ ok: true });
    wired.dispose();
  });
});

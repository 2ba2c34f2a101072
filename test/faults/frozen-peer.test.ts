// Fault injection: the debuggee's VM freezes (the simulator process is stopped with SIGSTOP).
// Every wait must end within its stated bound, say what happened, and free the link.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCommandSession } from '../../electron/app/wiring';
import { CLOSE_BOUND_MS } from '../../electron/session/session';
import { parseEndpoint } from '../../shared/endpoint';
import { openTransport } from '../../electron/transport/transport';

const root = path.resolve(import.meta.dirname, '../..');
const SIGNATURE = '0.2.0-20250101.1200';
let simulator: ChildProcess | undefined;
afterEach(() => {
  simulator?.kill('SIGCONT');
  simulator?.kill('SIGKILL');
  simulator = undefined;
});

async function frozenSession() {
  simulator = spawn(process.execPath, [path.join(root, 'bin/hds.mjs'), 'sim', '--listen', 'tcp:127.0.0.1:0']);
  const address = await new Promise<string>((resolve, reject) => {
    let text = '';
    simulator!.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /listening on (tcp:\S+)/.exec(text);
      if (match) resolve(match[1]);
    });
    simulator!.once('exit', () => reject(new Error(`the simulator exited: ${text}`)));
  });
  const endpoint = parseEndpoint(address);
  if (!endpoint.ok) throw new Error(endpoint.error);
  let output = '';
  const wired = createCommandSession({ signature: SIGNATURE, output: (text) => (output += text) });
  wired.session.attach(await openTransport(endpoint.endpoint));
  await new Promise<void>((resolve) => {
    if (wired.session.state === 'running') resolve();
    const off = wired.session.on('state', ({ state }) => {
      if (state === 'running') {
        off();
        resolve();
      }
    });
  });
  simulator.kill('SIGSTOP');
  return { wired, output: () => output };
}

describe('fault: a frozen debuggee (SIGSTOP)', () => {
  it('a break-in gives up at its timeout and names the way out; .debug close ends within its bound', async () => {
    const { wired } = await frozenSession();
    const started = Date.now();
    await expect(wired.session.pause(500)).rejects.toThrow(
      /did not halt within 500 ms.*end the session here without waiting/,
    );
    expect(Date.now() - started).toBeLessThan(2000);
    const closing = Date.now();
    await wired.session.close();
    expect(Date.now() - closing).toBeLessThan(CLOSE_BOUND_MS + 500);
    expect(wired.session.state).toBe('closed');
    wired.dispose();
  });

  it('a second way out: forceEnd ends a pending break-in and a sleep at once and says so', async () => {
    const { wired, output } = await frozenSession();
    const breakIn = wired.session.pause(60_000).catch((error: unknown) => error);
    const sleeping = wired.dispatcher.execute('sleep 7fffffff');
    const started = Date.now();
    await wired.session.forceEnd();
    expect(String(await breakIn)).toMatch(/ended without waiting/);
    await expect(sleeping).resolves.toEqual({ ok: true });
    expect(Date.now() - started).toBeLessThan(2500);
    expect(wired.session.state).toBe('disconnected');
    expect(output()).toContain('the session was ended here without waiting for the debuggee');
    wired.dispose();
  });
});

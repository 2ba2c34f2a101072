/**
 * A command session over the real DebuggerSession and the in-process simulated debuggee, paused
 * and ready: `run(line)` returns the command's outcome and exactly the text it printed.
 */
import { createCommandSession, type CommandSession } from '../../electron/app/wiring';
import { inProcessSimulator } from '../../electron/app/in-process-simulator';

export const SIM_SIGNATURE = '0.2.0-20250101.1200';

export interface SimCommandSession {
  readonly wired: CommandSession;
  run(line: string): Promise<{ ok: boolean; output: string }>;
  close(): Promise<void>;
}

export async function openSimCommandSession(options: { cores?: number } = {}): Promise<SimCommandSession> {
  let output = '';
  const wired = createCommandSession({ signature: SIM_SIGNATURE, output: (text) => (output += text) });
  wired.session.attach(await inProcessSimulator({ cores: options.cores ?? 2, rate: 0 })());
  const deadline = Date.now() + 15_000;
  while (wired.session.state !== 'running') {
    if (Date.now() > deadline) throw new Error('the simulated debuggee did not finish the handshake');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await wired.session.pause(5000);
  return {
    wired,
    async run(line) {
      output = '';
      const outcome = await wired.dispatcher.execute(line);
      return { ok: outcome.ok, output };
    },
    async close() {
      wired.dispose();
      await wired.session.close().catch(() => undefined);
    },
  };
}

/**
 * A command session over the real DebuggerSession and the in-process simulated debuggee, paused
 * and ready: `run(line)` returns the command's outcome and exactly the text it printed.
 */
import { createCommandSession, type CommandSession } from '../../electron/app/wiring';
import { inProcessSimulator, simulatorSymbolPath } from '../../electron/app/in-process-simulator';
import { Emitter } from '../../shared/events/emitter';

export const SIM_SIGNATURE = '0.2.0-20250101.1200';

export interface SimCommandSession {
  readonly wired: CommandSession;
  run(line: string): Promise<{ ok: boolean; output: string }>;
  /** Everything printed from now on, whoever runs the command (an interactive prompt, a test). */
  onOutput(listener: (text: string) => void): void;
  close(): Promise<void>;
}

export async function openSimCommandSession(
  options: { cores?: number; symbols?: boolean } = {},
): Promise<SimCommandSession> {
  let output = '';
  const printed = new Emitter<{ output: string }>();
  const wired = createCommandSession({
    signature: SIM_SIGNATURE,
    output: (text) => {
      output += text;
      printed.emit('output', text);
    },
    // the simulated modules' PDBs, as `hds connect sim` uses them
    ...(options.symbols ? { symbolPath: simulatorSymbolPath() } : {}),
  });
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
    onOutput(listener) {
      printed.on('output', listener);
    },
    async close() {
      wired.dispose();
      await wired.session.close().catch(() => undefined);
    },
  };
}

// Runs a console command and returns the output lines it produced, for a pane that needs a
// command's text result (the Memory pane evaluates a go-to expression with `?`).
// Output streams through the session batches; the lines after the command's echo are collected
// once the command's outcome has arrived and the following frame's batches are applied.
import type { SessionStore } from './session-store';

const SETTLE_MS = 60;

export interface Captured {
  readonly ok: boolean;
  readonly lines: string[];
}

export async function captureCommand(session: SessionStore, text: string): Promise<Captured> {
  const startId = session.getState().nextConsoleId;
  const ok = await session.getState().execute(text);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const lines = session
    .getState()
    .console.filter((l) => l.id >= startId && l.stream !== 'echo')
    .map((l) => l.text);
  return { ok, lines };
}

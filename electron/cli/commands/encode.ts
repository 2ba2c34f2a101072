import type { CliCommand } from '../main';
import { DryRunLink, formatFrameHex } from '../../session/dry-run-link';
import { createCommandLayer, defaultSettings } from '../../app/wiring';
import { createSessionModels } from '../../app/session-models';

const USAGE = `usage: hds encode "<command>" ["<command>" ...]

Prints, one line per frame in hex, the frames a command would send to a debuggee from a fresh
paused session (core 0, first event tag 0x1000000), without any link. Requests are assumed to
succeed, so commands that send several frames (events: register then add action) are shown whole.
Commands of one invocation share the session (event tags and script globals continue).
After a step the dry-run debuggee stands on a 'ret', so 'gu' ends after its two frames and
tracing commands after one step.
The command's console text goes to stderr; the exit status is non-zero when a command fails
(bad input sends nothing).`;

export const command: CliCommand = {
  summary: 'print the frames (hex) a command would send, without a link',
  async run(args) {
    if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
      (args.length === 0 ? process.stderr : process.stdout).write(`${USAGE}\n`);
      return args.length === 0 ? 1 : 0;
    }
    const link = new DryRunLink();
    // Nothing arrives over a dry-run link, so the models are not attached to it.
    const models = createSessionModels();
    const dispatcher = createCommandLayer({
      link,
      output: (text) => void process.stderr.write(text),
      settings: defaultSettings(),
      models,
    });
    try {
      for (const line of args) {
        const before = link.frames.length;
        const outcome = await dispatcher.execute(line);
        for (const frame of link.frames.slice(before)) process.stdout.write(`${formatFrameHex(frame)}\n`);
        if (!outcome.ok) return 1;
      }
      return 0;
    } finally {
      models.close();
    }
  },
};

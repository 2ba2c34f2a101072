import { compileScript } from '../shared/script';
import { createMemoryHost, evaluateScript } from '../shared/script/eval';
import type { UserModeHost } from './user-mode-console';

/**
 * hwdbg's commands (`!hw`, `!hw_clk` and its names `!hw_clock`, `!hwdbg_clock`) as the
 * debuggee's user-mode HyperDbg runs them: v0.23's debugger forwards them (they lack the
 * "local in Debugger Mode" attribute). On a debuggee they read hwdbg's instance-info file from a
 * path relative to HyperDbg's own folder, which a release install does not have, so `!hw script`
 * and `!hw_clk …` stop at loading it; `!hw eval` runs the script in user mode with hwdbg's test
 * pins as the registers (both kept between commands, as the debuggee's globals are).
 */

const HW_HELP = [
  '!hw : runs a hardware script in the target device.\n\n',
  'syntax : \t!hw script [script { Script (string) }]\n',
  'syntax : \t!hw script [unload]\n',
  '\n',
  '\t\te.g : !hw script { @hw_pin1 = 0; }\n',
  '\t\te.g : !hw unload\n',
];
const HW_CLK_HELP = [
  '!hw_clk : performs actions related to hwdbg hardware debugging events for each clock cycle.\n\n',
  'syntax : \t!hw_clk  [script { Script (string) }]\n',
  '\n',
  '\t\te.g : !hw_clk script { @hw_pin1 = 0; }\n',
];

/** SetupPathForFileName finds no instance-info file, then HwdbgLoadInstanceInfo gives up (no newline). */
const NO_INSTANCE_INFO = [
  'err, target file is not loaded\n',
  'err, unable to read instance info packet of the debuggee',
];

/** Whitespace-separated words, a `{ … }` block being one word (its inner text), as HyperDbg's parser splits. */
export function bracketWords(command: string): string[] {
  const words: string[] = [];
  let at = 0;
  while (at < command.length) {
    if (/\s/.test(command[at]!)) {
      at++;
      continue;
    }
    if (command[at] === '{') {
      let depth = 0;
      let end = at;
      for (; end < command.length; end++) {
        if (command[end] === '{') depth++;
        else if (command[end] === '}' && --depth === 0) break;
      }
      words.push(command.slice(at + 1, end).trim());
      at = end + 1;
      continue;
    }
    const start = at;
    while (at < command.length && !/\s/.test(command[at]!)) at++;
    words.push(command.slice(start, at));
  }
  return words;
}

const incorrectUse = (host: UserModeHost, name: string, help: readonly string[]): void => {
  host.print(`incorrect use of the '${name}'\n\n`);
  for (const line of help) host.print(line);
};

/** Runs `name` when it is one of hwdbg's commands; false otherwise. */
export function runHwdbgCommand(host: UserModeHost, name: string, command: string): boolean {
  const words = bracketWords(command);
  switch (name) {
    case '!hw': {
      const verb = words[1]?.toLowerCase();
      // v0.23 reads the script word without checking it exists (std::out_of_range, which ends
      // the debuggee's HyperDbg); the simulated one answers that case with the usage instead
      if (verb === 'script' && words.length >= 3) for (const line of NO_INSTANCE_INFO) host.print(line);
      else if ((verb === 'eval' || verb === 'evaluation') && words.length >= 3) evaluate(host, words[2]!);
      else if (verb !== 'unload' || words.length !== 2) incorrectUse(host, words[0]!, HW_HELP);
      return true;
    }
    case '!hw_clk':
    case '!hw_clock':
    case '!hwdbg_clock':
      if (words.length >= 2) for (const line of NO_INSTANCE_INFO) host.print(line);
      else incorrectUse(host, words[0]!, HW_CLK_HELP);
      return true;
    default:
      return false;
  }
}

/** ScriptEngineWrapperTestParserForHwdbg: the script runs in user mode over the test pins. */
function evaluate(host: UserModeHost, source: string): void {
  const compiled = compileScript(source);
  if (!compiled.ok) {
    host.print(`${compiled.error.message}\n`);
    return;
  }
  const pins = createMemoryHost({ registers: host.state.hwdbgPins });
  evaluateScript(compiled.bytes, pins, host.state.scriptGlobals);
  if (pins.text) host.print(pins.text);
}

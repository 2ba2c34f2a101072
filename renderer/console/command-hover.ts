// The help the console shows for a command line: under the input while it is typed, and as the
// hover title of an echoed command in the output (syntax and an example, from .help's data).
import { commandHelp, helpTooltip, type CommandHelp } from '../../shared/command-help/help';

/** HyperDbg's prompt before an echoed command: `0: kHyperDbg> `, `kHyperDbg> `, `[running] ...`. */
const PROMPT = /^(?:\d+:\s*)?k?HyperDbg>\s*/i;

/** The help of the command a line starts with (after a prompt, if it is an echo), if known. */
export function helpForLine(line: string): CommandHelp | undefined {
  const name = line.replace(PROMPT, '').trimStart().split(/\s/)[0] ?? '';
  return name === '' ? undefined : commandHelp(name);
}

/** The hover title of a line: summary, syntax and an example; undefined when no command is known. */
export function hoverForLine(line: string): string | undefined {
  const help = helpForLine(line);
  return help && helpTooltip(help);
}

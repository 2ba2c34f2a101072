// Script commands: `?`/`eval` and `print` (an expression run on the debuggee), `.script FILE`.
import { readFile } from 'node:fs/promises';
import { fail, succeed, type CommandContext, type CommandHandler, type HandlerOutcome } from '../types';
import { handler } from './common';
import { runScriptOnDebuggee } from './script-runner';

function scriptExpressionCommand(
  names: string[],
  wrap: (expression: string) => string,
  help: string,
): CommandHandler {
  return handler(names, 'paused', help, async (command, ctx, usage) => {
    if (command.args.length === 0) return usage();
    const expression = command.raw.trim().slice(command.raw.trim().split(/\s/)[0]!.length).trim();
    const run = await runScriptOnDebuggee(ctx, wrap(expression), false);
    return run.ok ? succeed() : fail(run.error);
  });
}

export const expressionCommands: readonly CommandHandler[] = [
  scriptExpressionCommand(
    ['?', 'eval', 'evaluate'],
    (e) => e,
    '? : evaluates and execute expressions in debuggee.\n\nsyntax : \t? [Expression (string)]\n',
  ),
  scriptExpressionCommand(
    ['print'],
    (e) => `print(${e});`,
    'print : evaluates expressions.\n\nsyntax : \tprint [Expression (string)]\n',
  ),
];

/** `.script FILE args`: runs each line as a command; `$arg1..` are replaced like HyperDbg. */
export const scriptFileCommand = handler(
  ['.script', 'script'],
  'any',
  '.script : runs a HyperDbg script.\n\nsyntax : \t.script [FilePath (string)] [Args (string)]\n',
  async (command, ctx) => {
    if (command.args.length === 0) return fail('please specify a file\n');
    const [file, ...args] = command.args.map((t) => t.text);
    let text: string;
    try {
      text = await readFile(file!.replaceAll('"', ''), 'latin1');
    } catch {
      return fail('err, invalid file specified for the script');
    }
    return runScriptLines(ctx, text, [file!, ...args]);
  },
);

/**
 * Runs script-file text like HyperDbg's `.script`: lines are joined while a `{` block or a
 * string is open, `$arg0` (the file) and `$arg1`… are substituted in that order, each command
 * is echoed after the prompt and followed by an empty line, and a failing command does not stop
 * the script (the outcome reports how many failed).
 */
export async function runScriptLines(
  ctx: CommandContext,
  text: string,
  argv: readonly string[],
): Promise<HandlerOutcome> {
  const open = new MultilineState();
  let pending = '';
  let failed = 0;
  let ran = 0;
  const run = async (commandText: string): Promise<void> => {
    let line = commandText;
    argv.forEach((value, index) => {
      line = line.replaceAll(`$arg${index}`, value);
    });
    if (line.trim() === '') return;
    ctx.output(`${ctx.link.currentCore.toString(16)}: kHyperDbg> ${line}\n`);
    ran++;
    if (!(await ctx.execute(line)).ok) failed++;
    ctx.output('\n');
  };
  let fresh = true;
  for (const line of text.split(/\r?\n/)) {
    if (open.feed(line, fresh)) {
      pending += `${line}\n`;
      fresh = false;
      continue;
    }
    fresh = true;
    await run(pending + line);
    pending = '';
  }
  if (pending !== '') await run(pending);
  return failed === 0 ? succeed() : fail(`err, ${failed} of ${ran} commands of the script failed`);
}

/** HyperDbg's multi-line rule: a line continues while a string or a `{` block is open. */
class MultilineState {
  private inString = false;
  private escaped = false;
  private braces = 0;

  /** True when the command continues on the next line. */
  feed(line: string, reset: boolean): boolean {
    if (reset) {
      this.inString = false;
      this.escaped = false;
      this.braces = 0;
    }
    for (const ch of line) {
      if (ch === '"') {
        if (this.escaped) this.escaped = false;
        else this.inString = !this.inString;
      } else if (ch === '{' || ch === '}') {
        this.escaped = false;
        if (!this.inString) this.braces = ch === '{' ? this.braces + 1 : Math.max(0, this.braces - 1);
      } else if (ch === '\\') {
        this.escaped = !this.escaped;
      } else {
        this.escaped = false;
      }
    }
    return this.inString || this.braces > 0;
  }
}

// `.formats`: a value in hex, decimal, octal, binary, characters and time, evaluated by the debuggee.
import { separateTo64BitValue } from '../../session/bytes';
import { fail, succeed } from '../types';
import { handler } from './common';
import { runScriptOnDebuggee } from './script-runner';

export const formatsCommand = handler(
  ['.formats', '.format'],
  'paused',
  '.formats : shows a value or register in different formats.\n\nsyntax : \t.formats [Expression (string)]\n',
  async (command, ctx, usage) => {
    if (command.args.length === 0) return usage();
    const expression = command.raw.trim().slice(command.raw.trim().split(/\s/)[0]!.length).trim();
    const run = await runScriptOnDebuggee(ctx, `formats(${expression});`, true);
    if (!run.ok || run.formatsValue === undefined) {
      // HyperDbg shows the compiler's or the debuggee's complaint, then that the expression failed.
      if (!run.ok) ctx.output(run.error.endsWith('\n') ? run.error : `${run.error}\n`);
      return fail(`err, couldn't resolve error at '${expression}'`);
    }
    ctx.output(formatValue(run.formatsValue));
    return succeed();
  },
);

/** `.formats` body (HyperDbg's layout; the time line uses the local clock as HyperDbg does). */
export function formatValue(value: bigint, now = new Date()): string {
  const bytes = new Uint8Array(new BigUint64Array([value]).buffer);
  let chars = '';
  for (const byte of bytes) chars += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
  // Every byte (most significant first) followed by a space, the last one included.
  const bits = BigInt.asUintN(64, value).toString(2).padStart(64, '0').replace(/.{8}/g, '$& ');
  const pad = (n: number): string => String(n).padStart(2, '0');
  const hour12 = now.getHours() % 12 === 0 ? 12 : now.getHours() % 12;
  const time =
    `${pad(now.getMonth() + 1)}/${pad(now.getDate())}/${pad(now.getFullYear() % 100)} - ` +
    `${pad(hour12)}:${pad(now.getMinutes())}${now.getHours() < 12 ? 'AM' : 'PM'}`;
  return (
    'evaluate expression:\n' +
    `Hex :        ${separateTo64BitValue(value)}\n` +
    // HyperDbg passes the 64-bit value to %d and %o, which read its low 32 bits.
    `Decimal :    ${BigInt.asIntN(32, value).toString()}\n` +
    `Octal :      ${BigInt.asUintN(32, value).toString(8)}\n` +
    `Binary :     ${bits}\n` +
    `Char :       ${chars}\n` +
    `Time :       ${time}\n`
  );
}

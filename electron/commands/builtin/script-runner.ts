import { DEBUGGEE_FORMATS_PACKET, DEBUGGEE_SCRIPT_PACKET } from '../../../shared/protocol/structs';
import { encodeScriptPayload, PayloadEncodeError } from '../../../shared/protocol/payloads';
import { Action } from '../../session/packets';
import type { CommandContext } from '../types';
import { isSuccess, statusError, VMX_ROOT } from './common';

export type ScriptRun =
  { readonly ok: true; readonly formatsValue?: bigint } | { readonly ok: false; readonly error: string };

/**
 * Compiles `source` with the session's compiler and runs it on the halted debuggee (RUN_SCRIPT,
 * a15 → [a47] → a46). A script that does not compile never reaches the wire.
 */
export async function runScriptOnDebuggee(
  ctx: CommandContext,
  source: string,
  isFormat: boolean,
): Promise<ScriptRun> {
  const compiled = ctx.script.compile(source);
  if (!compiled.ok) return { ok: false, error: compiled.error };
  let payload: Uint8Array;
  try {
    payload = encodeScriptPayload(
      { ScriptBufferPointer: compiled.symbolCount, IsFormat: isFormat },
      compiled.bytecode,
    );
  } catch (error) {
    if (error instanceof PayloadEncodeError) return { ok: false, error: error.message };
    throw error;
  }
  const result = await ctx.link.request(
    { packetType: VMX_ROOT, action: Action.runScript, payload },
    { responseAction: Action.resultRunningScript, collect: [Action.resultFormats] },
  );
  const status = DEBUGGEE_SCRIPT_PACKET.decode(result.response.payload).Result;
  if (!isSuccess(status)) return { ok: false, error: statusError(status) };
  if (!isFormat) return { ok: true };
  const formats = result.collected.find((frame) => frame.action === Action.resultFormats);
  if (!formats) return { ok: false, error: 'err, the debuggee did not return the value of the expression' };
  const value = DEBUGGEE_FORMATS_PACKET.decode(formats.payload);
  if (!isSuccess(value.Result)) return { ok: false, error: statusError(value.Result) };
  return { ok: true, formatsValue: value.Value };
}

/**
 * HyperDbg's address argument rule: a number, else a symbol, else an expression evaluated on
 * the debuggee (`formats(expr);`, an extra round trip) so that `db @rsp+8` works.
 */
export async function evaluateAddress(
  ctx: CommandContext,
  text: string,
  parseNumber: (text: string) => bigint | undefined,
): Promise<{ ok: true; value: bigint } | { ok: false; error: string }> {
  const number = parseNumber(text);
  if (number !== undefined) return { ok: true, value: number };
  const symbol = ctx.symbols.resolveSymbol(text);
  if (symbol.ok) return symbol;
  // Compiled once (the session's compiler numbers globals in first-seen order); a compile error sends nothing.
  const run = await runScriptOnDebuggee(ctx, `formats(${text});`, true);
  if (!run.ok || run.formatsValue === undefined)
    return { ok: false, error: `err, couldn't resolve error at '${text}'` };
  return { ok: true, value: run.formatsValue };
}

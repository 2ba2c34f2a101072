/**
 * `a` / `!a` (and `asm`, `assemble`, `assembly` with their `!` forms): assembles a snippet with our
 * Intel-syntax assembler (electron/commands/assembler) and, given an address, writes the bytes
 * there the way HyperDbg does (a23 EDIT_MEMORY, one byte per u64 slot; `!` = physical memory).
 * Symbols inside the snippet are written `<nt!Name+0x10>` and replaced by their address first.
 * Two deliberate differences from v0.23: the aliases work like `a` (HyperDbg accepts only the
 * exact names `a` and `!a` and answers "unknown assemble command" for the others), and
 * `a {snippet} StartAddress` only shows the bytes, as HyperDbg's help says (its code writes them).
 */
import {
  DEBUGGER_EDIT_MEMORY_BYTE_SIZE as BYTE_SIZE,
  DEBUGGER_EDIT_MEMORY_TYPE as MEMORY,
  DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA,
} from '../../../shared/protocol/generated/enums';
import { encodeEditMemoryPayload } from '../../../shared/protocol/payloads';
import { DEBUGGER_EDIT_MEMORY } from '../../../shared/protocol/structs';
import { assemble, hyperDbgStatements, type AssembleResult } from '../assembler/assemble';
import { assemblyFailure } from '../assembler/keystone-messages';
import { parseHyperDbgNumber } from '../../../shared/numbers';
import { fail, succeed, type CommandContext, type CommandHandler } from '../types';
import { handler, isSuccess, VMX_ROOT } from './common';
import { CANNOT_SPECIFY_PID } from './debugger-mode-messages';
import { evaluateAddress } from './script-runner';

const ASSEMBLE_HELP =
  'a !a : assembles snippet at specific address. symbols are supported.\n' +
  "\nIf you want to assemble to physical (address) memory then add '!' at the start of the command\n" +
  'syntax : \ta [Address (hex)] [asm {AsmCmd1; AsmCmd2}] [pid ProcessId (hex)]\n' +
  'syntax : \t!a [Address (hex)] [asm {AsmCmd1; AsmCmd2}]\n' +
  '\n' +
  '\t\te.g : a fffff8077356f010 {nop; nop; nop} \n' +
  '\t\te.g : a nt!ExAllocatePoolWithTag+10+@rcx {jmp <nt!ExAllocatePoolWithTag+10>} \n' +
  '\t\te.g : a nt!ExAllocatePoolWithTag {add DWORD PTR [<nt!ExAllocatePoolWithTag+10+@rax>], 99} \n' +
  '\t\t      note that within assembly snippet, symbols must be enclosed by " <> "\n' +
  '\t\t      note that type specifier must be capital\n' +
  '\n' +
  '\tto merely view the byte code of an assembly snippet:\n' +
  '\t\ta {jmp <nt!ExAllocatePoolWithTag+10>} [StartAddress]\n' +
  '\t\t"StartAddress" is useful when dealing with relative instructions like " jmp " ';

export interface SnippetAssembly {
  /** The statements as HyperDbg joins them, symbols replaced. */
  readonly text: string;
  readonly result: AssembleResult;
}

/** HyperDbg's AssembleData: the snippet's statements, `<expression>` replaced by its address, assembled at `ip`. */
async function assembleSnippet(ctx: CommandContext, snippet: string, ip: bigint): Promise<SnippetAssembly> {
  let text = hyperDbgStatements(snippet);
  for (const match of text.matchAll(/<([^<>]*)>/g)) {
    const address = await evaluateAddress(ctx, match[1]!, parseHyperDbgNumber);
    if (!address.ok) {
      ctx.output(`err, failed to resolve the symbol [ ${match[1]} ].\n`);
      continue;
    }
    text = text.replace(match[0], `0x${address.value.toString(16)}`);
  }
  return { text, result: assemble(text, ip) };
}

/** "generated assembly: ..." as HyperDbg prints it after a successful assembly. */
export function generatedAssemblyLine(text: string, bytes: Uint8Array, statements: number): string {
  let line = `generated assembly: ${bytes.length} (decimal) bytes, ${statements} (decimal) statements ==>> ${text} = `;
  for (const byte of bytes) line += `${byte.toString(16).padStart(2, '0')} `;
  return `${line}\n`;
}

export const assembleCommand: CommandHandler = handler(
  ['a', 'asm', 'assemble', 'assembly', '!a', '!asm', '!assemble', '!assembly'],
  'paused',
  ASSEMBLE_HELP,
  async (command, ctx) => {
    // HyperDbg's ParseUserCmd: [command, address, snippet, start address]; a snippet right after
    // the command leaves the address empty.
    const parts: string[] = [command.raw.trim().split(/\s+/)[0]!];
    for (const token of command.args) {
      if (token.kind === 'block' && parts.length < 2) parts.push('');
      parts.push(token.text);
    }
    const pid = parts.findIndex((p) => p.includes('pid'));
    if (pid !== -1) {
      if (pid < parts.length - 2) return fail('pid must be the last argument');
      return fail(CANNOT_SPECIFY_PID);
    }
    const [, addressText = '', snippet = '', startText = ''] = parts;
    if (snippet === '') return fail(`no assembly snippet provided\n${ASSEMBLE_HELP}`);
    let address: bigint | undefined;
    let ip = 0n;
    if (addressText !== '' || startText !== '') {
      const text = addressText !== '' ? addressText : startText;
      const value = await evaluateAddress(ctx, text, parseHyperDbgNumber);
      if (!value.ok) return fail(`err, couldn't resolve Address at '${text}'\n\n${ASSEMBLE_HELP}`);
      ip = value.value;
      if (addressText !== '') address = value.value;
    } else {
      ctx.output('warning, no start address provided to calculate relative asm commands\n\n');
    }
    const { text, result } = await assembleSnippet(ctx, snippet, ip);
    if (!result.ok) {
      const failure = assemblyFailure(result);
      ctx.output(failure.text);
      return fail(`err, code: '${failure.code}'\n${result.error}\n\n${ASSEMBLE_HELP}`);
    }
    ctx.output(generatedAssemblyLine(text, result.bytes, result.statements));
    if (address === undefined) return succeed();
    const { response } = await ctx.link.request(
      {
        packetType: VMX_ROOT,
        action: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_EDIT_MEMORY,
        payload: encodeEditMemoryPayload(
          {
            Address: address,
            ProcessId: 0,
            MemoryType: command.name.startsWith('!')
              ? MEMORY.EDIT_PHYSICAL_MEMORY
              : MEMORY.EDIT_VIRTUAL_MEMORY,
            ByteSize: BYTE_SIZE.EDIT_BYTE,
          },
          [...result.bytes].map((b) => BigInt(b)),
        ),
      },
      { responseAction: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_EDITING_MEMORY },
    );
    if (!isSuccess(DEBUGGER_EDIT_MEMORY.decode(response.payload).Result))
      return fail('failed to write generated assembly to memory\n');
    ctx.output(`successfully assembled at 0x${address.toString(16).padStart(16, '0')} address\n`);
    return succeed();
  },
);

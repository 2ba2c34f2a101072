/**
 * HyperDbg's symbol commands over the PDB resolver: `.sympath` (show/set the symbol server and
 * path), `.sym table|load|unload|download|reload [pid X]` and `x module!mask`. Texts follow
 * HyperDbg v0.23 where it prints any; `.sym load/download` report what they did.
 */
import { fail, succeed, type CommandContext, type CommandHandler, type ParsedCommand } from '../types';
import { parseHyperDbgNumber32 } from '../../../shared/numbers';
import { wildcardRegExp, type PdbSymbolResolver } from '../../symbols/symbol-resolver';

const VMX_ROOT = 1;
const SYMBOL_RELOAD = 26;

const SYMPATH_HELP =
  '.sympath : shows and sets the symbol server and path.\n\n' +
  'syntax : \t.sympath\n' +
  'syntax : \t.sympath [SymServer (string)]\n\n' +
  '\t\te.g : .sympath\n' +
  '\t\te.g : .sympath "SRV*c:\\Symbols*https://msdl.microsoft.com/download/symbols" \n';

const SYM_HELP =
  '.sym : performs the symbol actions.\n\n' +
  'syntax : \t.sym [table]\n' +
  'syntax : \t.sym [reload] [pid ProcessId (hex)]\n' +
  'syntax : \t.sym [download]\n' +
  'syntax : \t.sym [load]\n' +
  'syntax : \t.sym [unload]\n';

const X_HELP =
  'x : searches and shows symbols (wildcard) and corresponding addresses.\n\n' +
  'syntax : \tx [Module!Name (wildcard string)]\n\n' +
  '\t\te.g : x nt!ExAllocatePoolWithTag \n' +
  '\t\te.g : x nt!ExAllocatePool* \n' +
  '\t\te.g : x nt!* \n';

const yesNo = (value: boolean) => (value ? 'true' : 'false');
/** HyperDbg prints 64-bit addresses as two 8-digit halves joined by a backtick. */
const separated = (address: bigint) => {
  const text = address.toString(16).padStart(16, '0');
  return `${text.slice(0, 8)}\`${text.slice(8)}`;
};

export interface SymbolCommandDeps {
  readonly resolver: PdbSymbolResolver;
  /** Keeps the symbol path across sessions (HyperDbg stores it in its config file). */
  saveSymbolPath?(path: string): void;
}

function sympath(deps: SymbolCommandDeps): CommandHandler {
  return {
    names: ['.sympath', 'sympath'],
    help: 'shows and sets the symbol server and path',
    requires: 'any',
    async run(command, ctx) {
      if (command.args.length === 0) {
        const current = deps.resolver.symbolPath;
        ctx.output(
          current
            ? `current symbol server is : ${current}\n`
            : "symbol server is not configured, please use '.help .sympath'\n",
        );
        return succeed();
      }
      // The path is the rest of the line (it may contain spaces), or one quoted token.
      const first = command.args[0];
      const path =
        first.kind === 'quoted'
          ? first.text
          : command.raw.trim().slice(command.raw.trim().split(/\s+/)[0].length).trim();
      if (path.split('*')[0].toLowerCase() !== 'srv' || !path.includes('*'))
        return fail(`symbol path is invalid\n\n${SYMPATH_HELP}`);
      // A new path keeps the download permission the session was given (the Settings' opt-in).
      deps.resolver.configure({ symbolPath: path, allowDownload: deps.resolver.allowDownload });
      deps.saveSymbolPath?.(path);
      ctx.output(
        "symbol server/path is configured successfully\nuse '.sym load', '.sym reload', or '.sym download' to load pdb files\n",
      );
      return succeed();
    },
  };
}

function printTable(deps: SymbolCommandDeps, ctx: CommandContext) {
  const records = deps.resolver.records();
  if (records.length === 0)
    return fail("err, symbol table is empty. please use '.sym reload' to build the symbol table");
  for (const r of records) {
    ctx.output(
      `is pdb details available? : ${yesNo(r.isSymbolDetailsFound)}\n` +
        `is pdb a path instead of module name? : ${yesNo(r.isLocalSymbolPath)}\n` +
        `base address : ${r.baseAddress.toString(16)}\n` +
        `file path : ${r.filePath}\n` +
        `guid and age : ${r.guidAndAge}\n` +
        `module symbol path/name : ${r.pdbName}\n` +
        `is user-mode? : ${yesNo(r.isUserMode)} - is 32-bit? ${yesNo(r.is32Bit)}\n` +
        '========================================================================\n',
    );
  }
  return succeed();
}

function reportLoaded(deps: SymbolCommandDeps, ctx: CommandContext): void {
  const modules = deps.resolver.list();
  for (const m of modules) if (m.state !== 'loaded' && m.problem) ctx.output(`${m.name}: ${m.problem}\n`);
  const loaded = modules.filter((m) => m.state === 'loaded').length;
  ctx.output(`symbols loaded for ${loaded} of ${modules.length} modules\n`);
}

async function reload(command: ParsedCommand, ctx: CommandContext) {
  let pid = 0;
  if (command.args.length === 3) {
    if (command.args[1].text.toLowerCase() !== 'pid')
      return fail(`incorrect use of the '.sym'\n\n${SYM_HELP}`);
    const value = parseHyperDbgNumber32(command.args[2].text);
    if (value === undefined) return fail(`err, couldn't resolve error at '${command.args[2].text}'`);
    pid = value;
  } else if (command.args.length !== 1) {
    return fail(`incorrect use of the '.sym'\n\n${SYM_HELP}`);
  }
  if (ctx.link.state !== 'paused')
    return fail("err, the debuggee is running; pause it first (CTRL+C or 'pause') before '.sym reload'");
  const payload = new Uint8Array(4);
  new DataView(payload.buffer).setUint32(0, pid, true);
  // The debuggee resumes, sends its module table (a62…, a63) and halts again (reason 1); the
  // session hands the new table to the resolver through its 'modules' event.
  await ctx.link.resume({ packetType: VMX_ROOT, action: SYMBOL_RELOAD, payload }, { awaitPause: true });
  ctx.output('symbol table updated successfully\n');
  return succeed();
}

function sym(deps: SymbolCommandDeps): CommandHandler {
  return {
    names: ['.sym', 'sym'],
    help: 'performs the symbol actions (table, reload, download, load, unload)',
    requires: 'any',
    async run(command, ctx) {
      const verb = command.args[0]?.text.toLowerCase();
      if (verb === 'reload') return reload(command, ctx);
      if (command.args.length !== 1) return fail(`incorrect use of the '.sym'\n\n${SYM_HELP}`);
      switch (verb) {
        case 'table':
          return printTable(deps, ctx);
        case 'load':
          deps.resolver.setModules(deps.resolver.records());
          reportLoaded(deps, ctx);
          return succeed();
        case 'unload':
          deps.resolver.unload();
          return succeed();
        case 'download':
          try {
            for (const line of await deps.resolver.downloadMissing()) ctx.output(line + '\n');
          } catch (error) {
            return fail(`err, ${error instanceof Error ? error.message : String(error)}`);
          }
          reportLoaded(deps, ctx);
          return succeed();
        default:
          return fail(`unknown parameter at '${command.args[0].text}'\n\n${SYM_HELP}`);
      }
    },
  };
}

function x(deps: SymbolCommandDeps): CommandHandler {
  return {
    names: ['x'],
    help: 'searches and shows symbols (wildcard) and corresponding addresses',
    requires: 'any',
    async run(command, ctx) {
      if (command.args.length !== 1) return fail(`incorrect use of the 'x'\n\n${X_HELP}`);
      const mask = command.args[0].text;
      const hits = deps.resolver.search(mask);
      for (const hit of hits) ctx.output(`${separated(hit.address)}  ${hit.module}!${hit.name}\n`);
      // HyperDbg prints nothing here; saying why keeps an empty answer from looking like a hang.
      if (hits.length === 0) ctx.output(`${noMatchReason(deps.resolver, mask)}\n`);
      return succeed();
    },
  };
}

/** Why `x MASK` found nothing: no modules yet, the matching modules have no PDB loaded, or no name matches. */
function noMatchReason(resolver: PdbSymbolResolver, mask: string): string {
  const modules = resolver.list();
  if (modules.length === 0)
    return `no symbols match '${mask}': the symbol table is empty; use '.sym reload' to build it`;
  const bang = mask.indexOf('!');
  const moduleMask = bang >= 0 ? mask.slice(0, bang) : '*';
  const pattern = wildcardRegExp(moduleMask, 'i');
  const named = modules.filter((m) => pattern.test(m.name));
  if (named.length === 0)
    return `no symbols match '${mask}': no module is named '${moduleMask}' ('lm' lists the modules)`;
  const withoutPdb = named.filter((m) => m.state !== 'loaded');
  if (withoutPdb.length === named.length) {
    const first = withoutPdb[0]!;
    return `no symbols match '${mask}': ${first.name} has no symbols loaded (${first.problem ?? first.state}); set the symbol path with '.sympath', then '.sym load' or '.sym download'`;
  }
  return `no symbols match '${mask}' in the loaded PDBs`;
}

export function createSymbolCommandHandlers(deps: SymbolCommandDeps): CommandHandler[] {
  return [sympath(deps), sym(deps), x(deps)];
}

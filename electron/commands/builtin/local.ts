// Commands the debugger answers itself: `sleep`, `settings` and `.debug close`.
import { parseHyperDbgNumber32 } from '../../../shared/numbers';
import { fail, succeed, type HandlerOutcome } from '../types';
import { handler } from './common';

const sleepCommand = handler(
  ['sleep'],
  'any',
  "sleep : sleeps the debugger; this command is used in scripts, it doesn't breaks the debugger but the debugger still shows the buffers received from kernel.\n",
  async (command, ctx, usage) => {
    if (command.args.length !== 1) return usage();
    const ms = parseHyperDbgNumber32(command.args[0]!.text);
    if (ms === undefined) return fail('please specify a correct hex value for time (milliseconds)\n');
    // Any 32-bit value sleeps that long (0xffffffff is 49.7 days, not 1 ms), and Ctrl+C, Break
    // or a disconnect end it.
    if (!(await ctx.wait(ms))) ctx.output('sleep interrupted\n');
    return succeed();
  },
);

const SETTINGS_HELP =
  'settings : queries, sets, or changes a value for a special settings option.\n\n' +
  'syntax : \tsettings [OptionName (string)]\nsyntax : \tsettings [OptionName (string)] [Value (hex)]\n' +
  'syntax : \tsettings [OptionName (string)] [Value (string)]\nsyntax : \tsettings [OptionName (string)] [on|off]\n';

const settingsCommand = handler(
  ['settings', 'setting', '.setting', '.settings'],
  'any',
  SETTINGS_HELP,
  async (command, ctx, usage) => {
    const [option, value] = command.args.map((t) => t.text.toLowerCase());
    const badValue = (): HandlerOutcome =>
      fail(`incorrect use of the 'settings', please use 'help settings' for more information`);
    if (option === undefined || command.args.length > 2) return usage();
    const toggle = (label: string, get: () => boolean, set: (on: boolean) => void): HandlerOutcome => {
      if (value === undefined) {
        ctx.output(`${label} is ${get() ? 'enabled' : 'disabled'}\n`);
        return succeed();
      }
      if (value !== 'on' && value !== 'off') return badValue();
      set(value === 'on');
      ctx.output(`set ${label} to ${value === 'on' ? 'enabled' : 'disabled'}\n`);
      return succeed();
    };
    const settings = ctx.settings;
    switch (option) {
      case 'autounpause':
        return toggle(
          'auto-unpause',
          () => settings.autoUnpause,
          (on) => (settings.autoUnpause = on),
        );
      case 'autoflush':
        return toggle(
          'auto-flush',
          () => settings.autoFlush,
          (on) => (settings.autoFlush = on),
        );
      case 'addressconversion':
        return toggle(
          'address conversion',
          () => settings.addressConversion,
          (on) => (settings.addressConversion = on),
        );
      case 'syntax':
        if (value === undefined) {
          ctx.output(`disassembler syntax is : ${settings.syntax === 'att' ? 'at&t' : settings.syntax}\n`);
          return succeed();
        }
        if (value !== 'intel' && value !== 'att' && value !== 'at&t' && value !== 'masm') return badValue();
        settings.syntax = value === 'at&t' ? 'att' : value;
        ctx.output(`set syntax to ${settings.syntax === 'att' ? 'at&t' : value}\n`);
        return succeed();
      default:
        return badValue();
    }
  },
);

const debugCommand = handler(
  ['.debug', 'debug'],
  'any',
  '.debug : debugs a target machine or makes this machine a debuggee.\n\nsyntax : \t.debug [close]\n',
  async (command, ctx, usage) => {
    if (command.args.length !== 1 || command.args[0]!.text.toLowerCase() !== 'close') {
      return command.args.length === 0
        ? usage()
        : fail(
            "err, only '.debug close' is available here; connect with 'hds connect <endpoint>' or the connection dialog",
          );
    }
    await ctx.link.close();
    ctx.output('\n');
    return succeed();
  },
);

export const localCommands = [sleepCommand, settingsCommand, debugCommand];

/**
 * Commands that only concern the debugger itself (HyperDbg's "absolute local" commands), answered
 * the way hyperdbg-cli answers them while it is connected to a debuggee in Debugger Mode: `.status`
 * names the mode, `.connect`/`.listen`/`.disconnect` belong to VMI mode and say so, `gg` is
 * HyperDbg's joke, `.cls` clears the screen and `exit` closes the session like `.debug close`.
 */
import { fail, succeed, type CommandHandler } from '../types';
import { handler } from './common';

/** What HyperDbg prints for `.connect`/`.listen` while a Debugger Mode session is open. */
const USE_DEBUG_CLOSE = "you're connected to a an instance of HyperDbg, please use '.debug close' command\n";

/** The escape sequence `hds connect` and the GUI console treat as "clear the screen" (HyperDbg runs `cls`). */
export const CLEAR_SCREEN = '\x1b[2J\x1b[3J\x1b[H';

const CLS_HELP = '.cls : clears the screen.\n\nsyntax : \t.cls\n';

const CONNECT_HELP =
  '.connect : connects to a remote or local machine to start debugging.\n\n' +
  'syntax : \t.connect [local]\n' +
  'syntax : \t.connect [Ip (string)] [Port (decimal)]\n' +
  '\n' +
  '\t\te.g : .connect local\n' +
  '\t\te.g : .connect 192.168.1.5 50000\n';

const LISTEN_HELP =
  '.listen : listens for a client to connect to HyperDbg (works as a guest server).\n\n' +
  "note : \tif you don't specify port then HyperDbg uses the default port (50000)\n" +
  'syntax : \t.listen [Port (decimal)]\n' +
  '\n' +
  '\t\te.g : .listen\n' +
  '\t\te.g : .listen 50000\n';

const DISCONNECT_HELP =
  ".disconnect : disconnects from a debugging session (it won't unload the modules).\n\n" +
  'syntax : \t.disconnect \n';

const STATUS_HELP =
  ".status | status : gets the status of current debugger in local system (if you connected to a remote system then '.status' shows the state of current debugger, while 'status' shows the state of remote debuggee).\n\n" +
  'syntax : \t.status\n' +
  'syntax : \tstatus\n';

const GG_HELP =
  'gg : shows and changes the operating processor.\n\n' +
  'syntax : \tgg\n' +
  'syntax : \tgg [wp]\n' +
  '\n' +
  '\t\te.g : gg \n' +
  '\t\te.g : gg wp \n';

const EXIT_HELP = 'exit : unloads and uninstalls the drivers and closes the debugger.\n\nsyntax : \texit\n';

export const sessionMetaCommands: readonly CommandHandler[] = [
  handler(['.cls', 'cls', 'clear'], 'any', CLS_HELP, async (command, ctx, usage) => {
    if (command.args.length !== 0) return usage();
    ctx.output(CLEAR_SCREEN);
    return succeed();
  }),
  handler(['.connect', 'connect'], 'any', CONNECT_HELP, async () => fail(USE_DEBUG_CLOSE)),
  // `.listen` checks its argument count before it looks at the connection.
  handler(['.listen', 'listen'], 'any', LISTEN_HELP, async (command, _ctx, usage) =>
    command.args.length >= 2 ? usage() : fail(USE_DEBUG_CLOSE),
  ),
  handler(['.disconnect', 'disconnect'], 'any', DISCONNECT_HELP, async (command, _ctx, usage) =>
    command.args.length !== 0
      ? usage()
      : fail("you're not connected to any instance of HyperDbg, did you use '.connect'? \n"),
  ),
  // HyperDbg prints the usage for extra arguments and then the status anyway.
  handler(['.status'], 'any', STATUS_HELP, async (command, ctx) => {
    if (command.args.length !== 0) {
      ctx.output(`incorrect use of the '${command.raw.trim().split(/\s+/)[0]}'\n\n${STATUS_HELP}`);
    }
    const state = ctx.link.state;
    if (state === 'paused' || state === 'running') {
      ctx.output("remote debugging - debugger ('debugger mode')\n");
      return succeed();
    }
    return fail("err, you're not connected to any instance of HyperDbg\n");
  }),
  handler(['gg'], 'any', GG_HELP, async (command, ctx, usage) => {
    if (command.args.length === 0) ctx.output('Good Game! :)\n');
    else if (command.args.length === 1 && command.args[0]!.text.toLowerCase() === 'wp')
      ctx.output('Good Game, Well Played! :)\n');
    else return usage();
    return succeed();
  }),
  handler(['exit', '.exit'], 'any', EXIT_HELP, async (command, ctx, usage) => {
    if (command.args.length !== 0) return usage();
    const state = ctx.link.state;
    if (state === 'paused' || state === 'running') await ctx.link.close();
    return succeed();
  }),
];

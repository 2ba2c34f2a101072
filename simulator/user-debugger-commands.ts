import {
  DEBUGGER_ERROR_UNABLE_TO_ATTACH_TO_TARGET_USER_MODE_PROCESS as UNABLE_TO_ATTACH,
  DEBUGGER_ERROR_UNABLE_TO_SWITCH_PROCESS_ID_OR_THREAD_ID_IS_INVALID as UNABLE_TO_SWITCH,
} from '../shared/protocol/generated/constants';
import { parseHyperDbgNumber32 } from '../shared/numbers';
import { usage, type UserModeHost } from './user-mode-console';

/**
 * The user-mode debugger's commands as the debuggee's HyperDbg runs them when the kernel debugger
 * forwards them (`.start`, `.restart`, `.attach`, `.detach`, `.kill`, `.switch`, `cont`, `pause`).
 * The simulated debuggee has no files on its disk and never intercepts user-mode threads, so
 * these end where v0.23 ends on such a machine: `.start` finds no file, `.attach` to a process
 * with a PEB succeeds (its threads are never intercepted), and nothing is ever active to switch
 * to, detach from or kill (docs/simulator.md).
 */

const START_HELP = [
  '.start : runs a user-mode process.\n\n',
  'syntax : \t.start [path Path (string)] [Parameters (string)]\n',
  '\n',
  '\t\te.g : .start path c:\\reverse_eng\\my_file.exe\n',
  '\t\te.g : .start path "c:\\reverse eng\\my_file.exe"\n',
  '\t\te.g : .start path "c:\\reverse eng\\my_file.exe" "arg1" 2 "arg 3"\n',
];
const RESTART_HELP = [
  ".restart : restarts the previously started process (using '.start' command).\n\n",
  'syntax : \t.restart \n',
];
const ATTACH_HELP = [
  '.attach : attaches to debug a thread in VMI Mode.\n\n',
  'syntax : \t.attach [pid ProcessId (hex)]\n',
  '\n',
  '\t\te.g : .attach pid b60 \n',
];
const DETACH_HELP = ['.detach : detaches from debugging a user-mode process.\n\n', 'syntax : \t.detach \n'];
const KILL_HELP = ['.kill : terminates the current running process.\n\n', 'syntax : \t.kill \n'];
const SWITCH_HELP = [
  '.switch : shows the list of active debugging threads and switches between processes and threads in VMI Mode.\n\n',
  'syntax : \t.switch \n',
  'syntax : \t.switch [pid ProcessId (hex)]\n',
  'syntax : \t.switch [tid ThreadId (hex)]\n',
  '\n',
  '\t\te.g : .switch\n',
  '\t\te.g : .switch list\n',
  '\t\te.g : .switch pid b60 \n',
  '\t\te.g : .switch tid b60 \n',
];
const G_HELP = ['g : continues debuggee or continues processing kernel messages.\n\n', 'syntax : \tg \n'];
const PAUSE_HELP = ['pause : pauses the kernel events.\n\n', 'syntax : \tpause \n'];

/** Runs `name` when it is one of the user-mode debugger's commands; false otherwise. */
export function runUserDebuggerCommand(host: UserModeHost, name: string, words: string[]): boolean {
  switch (name) {
    case '.start':
    case 'start':
      start(host, words);
      return true;
    case '.restart':
    case 'restart':
      if (words.length !== 1) usage(host, words[0], RESTART_HELP);
      else if (host.state.startPath === undefined)
        host.print("nothing to restart, did you use the '.start' command before?\n");
      else startProcess(host);
      return true;
    case '.attach':
    case 'attach':
      attach(host, words);
      return true;
    case '.detach':
    case 'detach':
      // no thread of an attached process was ever intercepted, so none is active
      if (words.length >= 2) usage(host, words[0], DETACH_HELP);
      else host.print("you're not attached to any thread\n");
      return true;
    case '.kill':
    case 'kill':
      // nothing is being debugged and no `.start` ever created a process
      if (words.length !== 1) usage(host, words[0], KILL_HELP);
      else host.print('nothing to terminate!\n');
      return true;
    case '.switch':
    case 'switch':
      switchThread(host, words);
      return true;
    case 'cont':
    case 'continue':
      // CommandGRequest with no active user-mode process prints nothing; its usage is g's
      if (words.length !== 1) usage(host, words[0], G_HELP);
      return true;
    case '.pause':
    case 'pause':
      if (words.length !== 1) usage(host, words[0], PAUSE_HELP);
      else host.print('pausing...\n');
      return true;
    default:
      return false;
  }
}

function start(host: UserModeHost, words: string[]): void {
  if (words.length <= 2) {
    usage(host, words[0], START_HELP);
    return;
  }
  if (words[1].toLowerCase() !== 'path') {
    host.print(`err, couldn't resolve error at '${words[1]}'\n\n`);
    for (const line of START_HELP) host.print(line);
    return;
  }
  host.state.startPath = words[2];
  startProcess(host);
}

/** UdAttachToProcess for a new process: the simulated disk has no files. */
function startProcess(host: UserModeHost): void {
  host.state.userDebuggerInitialized = true;
  host.print('err, unable to start (file not found)\n');
}

function attach(host: UserModeHost, words: string[]): void {
  if (words.length >= 4) {
    usage(host, words[0], ATTACH_HELP);
    return;
  }
  let pid = 0;
  let nextIsPid = false;
  for (const word of words.slice(1)) {
    if (nextIsPid) {
      nextIsPid = false;
      const parsed = parseHyperDbgNumber32(word);
      if (parsed === undefined) {
        host.print('please specify a correct hex value for process id\n\n');
        for (const line of ATTACH_HELP) host.print(line);
        return;
      }
      pid = parsed;
    } else if (word.toLowerCase() === 'pid') nextIsPid = true;
    else {
      host.print(`unknown parameter at '${word}'\n\n`);
      for (const line of ATTACH_HELP) host.print(line);
      return;
    }
  }
  if (pid === 0) {
    host.print('please specify a hex value for process id\n\n');
    for (const line of ATTACH_HELP) host.print(line);
    return;
  }
  host.print(`Attaching to process 0x${pid.toString(16)} (${pid})...\n\n`);
  host.state.userDebuggerInitialized = true;
  if (!host.attachable(pid)) {
    host.print(`err, unable to attach to the target process (${UNABLE_TO_ATTACH.toString(16)})\n`);
    return;
  }
  host.print(
    'successfully attached to the target process!\n' +
      'please keep interacting with the process until all the threads are intercepted and halted; ' +
      "you can run the 'g' command to continue the debuggee\n",
  );
}

function switchThread(host: UserModeHost, words: string[]): void {
  if (words.length > 3) {
    usage(host, words[0], SWITCH_HELP);
    return;
  }
  const option = (words[1] ?? 'list').toLowerCase();
  if (option === 'list' && words.length <= 2) {
    host.print(
      host.state.userDebuggerInitialized
        ? 'no active debugging threads!\n'
        : "user debugger is not initialized. Did you use the '.attach' or the '.start' command before?\n",
    );
    return;
  }
  if (option !== 'pid' && option !== 'tid') {
    host.print(`err, couldn't resolve error at '${words[1]}'\n`);
    return;
  }
  if (parseHyperDbgNumber32(words[2] ?? '') === undefined) {
    host.print(`please specify a correct hex value for ${option === 'pid' ? 'process' : 'thread'} id\n\n`);
    return;
  }
  // no thread is in the attached-threads list
  host.print(
    'err, unable to switch to the process id or thread id as the target process id or thread id is ' +
      "not found in the attached threads list, please view the list of processes and threads by using the '.switch list' command " +
      `(${UNABLE_TO_SWITCH.toString(16)})\n`,
  );
}

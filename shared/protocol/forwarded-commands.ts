// The commands HyperDbg v0.23's Debugger Mode does not run itself: their text is sent to the
// debuggee, whose own HyperDbg runs them in user mode (protocol reference 6.1). One list
// for the console's handlers and the simulator's tests.

/** Forwarded commands after which the debuggee keeps running (the session says so). */
export const FORWARDED_KEEPS_RUNNING: readonly string[] = [
  '.attach',
  'attach',
  '.detach',
  'detach',
  'cont',
  'continue',
  '.pause',
  '.start',
  'start',
  '.restart',
  'restart',
];

/** Forwarded commands after which the debuggee halts again and the console waits for that. */
export const FORWARDED_REHALTS: readonly string[] = [
  '.switch',
  'switch',
  '.kill',
  'kill',
  'status',
  '.load',
  'load',
  'unload',
  'cpu',
  'rdmsr',
  'wrmsr',
  '!hide',
  '!unhide',
  '!measure',
  'lm',
  'prealloc',
  'preallocate',
  'preallocation',
  'preactivate',
  'preactivation',
  'preactive',
  '.pe',
  '!rev',
  'rev',
  '!lbr',
  '!pt',
  // hwdbg's commands: v0.23's table gives them no "local in Debugger Mode" attribute either
  '!hw',
  '!hw_clk',
  '!hw_clock',
  '!hwdbg_clock',
];

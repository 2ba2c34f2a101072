/**
 * Lines the debuggee's script engine logs, formatted as hyperkd's LogInfo / LogWarning macros
 * do: `[+] Information (<function>:<line>) | <text>\n` with the C function and source line of the
 * v0.23 call site. These are what a HyperDbg user sees when a script misbehaves.
 */
function logInfo(fn: string, line: number, text: string): string {
  return `[+] Information (${fn}:${line}) | ${text}\n`;
}

function logWarning(fn: string, line: number, text: string): string {
  return `[-] Warning (${fn}:${line}) | ${text}\n`;
}

/** The text after the prefix, also used as EvalResult.error. */
export function executeErrorText(functionName: string): string {
  return `Err, ScriptEngineExecute, function = ${functionName}`;
}

export function executeErrorLine(functionName: string): string {
  // The format is "...function = % s\n " — the space flag is ignored for %s, the newline and
  // the trailing space are part of the message.
  return logInfo('DebuggerPerformRunScript', 1758, `${executeErrorText(functionName)}\n `);
}

export const STACK_OVERFLOW_TEXT =
  'Err, stack buffer overflow (more information: https://docs.hyperdbg.org/tips-and-tricks/misc/customize-build/change-script-engine-limitations)';
export const STACK_OVERFLOW_LINE = logInfo('DebuggerPerformRunScript', 1764, `${STACK_OVERFLOW_TEXT}\n`);

export const MAX_EXECUTION_TEXT =
  'Err, exceeding the max execution count (more information: https://docs.hyperdbg.org/tips-and-tricks/misc/customize-build/change-script-engine-limitations)';
export const MAX_EXECUTION_LINE = logInfo('DebuggerPerformRunScript', 1769, `${MAX_EXECUTION_TEXT}\n`);

const EVENT_FUNCTION_LINES = {
  enable: ['ScriptEngineFunctionEventEnable', 1023],
  disable: ['ScriptEngineFunctionEventDisable', 1045],
  clear: ['ScriptEngineFunctionEventClear', 1075],
} as const;

/** "Invalid tag id (%x)": %x prints the low 32 bits of the id the script passed. */
export function invalidTagLine(kind: keyof typeof EVENT_FUNCTION_LINES, eventId: bigint): string {
  const [fn, line] = EVENT_FUNCTION_LINES[kind];
  return logInfo(fn, line, `Invalid tag id (${BigInt.asUintN(32, eventId).toString(16)})`);
}

export const PAUSE_REFUSED_LINE = logInfo(
  'ScriptEngineFunctionPause',
  1130,
  "The 'pause();' function is either called from the vmi-mode or is evaluated by the '?' command. " +
    "It's not allowed to use it on vmi-mode (local debugging) or by the '?' command",
);

export function invalidInjectionLine(withErrorCode: boolean): string {
  return withErrorCode
    ? logInfo(
        'ScriptEngineFunctionEventInjectErrorCode',
        2163,
        'Err, invalid event vector or interruption type is specified',
      )
    : logInfo(
        'ScriptEngineFunctionEventInject',
        2125,
        'Err, invalid event vector or interruption type is specified',
      );
}

export const EVENT_SC_POST_STAGE_LINE = logWarning(
  'ScriptEngineFunctionShortCircuitingEvent',
  1179,
  "Warning, calling the 'event_sc' function in the 'post' calling stage doesn't make sense as the emulation is already performed!\n" +
    "You can use this function in the 'pre' calling stage",
);

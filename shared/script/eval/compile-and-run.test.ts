/** The project's compiler and the evaluator together, as the simulator and the GUI use them. */
import { describe, expect, it } from 'vitest';
import { ScriptCompileSession } from '../index';
import { createGlobalState, createMemoryHost, evaluateScript } from './index';

const RCX = 5;

function compile(session: ScriptCompileSession, source: string): Uint8Array {
  const result = session.compile(source);
  if (!result.ok) throw new Error(result.error.message);
  return result.bytes;
}

describe('compile and run', () => {
  it('runs loops and printf over locals', () => {
    const host = createMemoryHost();
    const bytes = compile(
      new ScriptCompileSession(),
      'i = 0; s = 0; while (i < 0n10) { s = s + i; i = i + 1; } printf("sum=%d\\n", s);',
    );
    expect(evaluateScript(bytes, host).ok).toBe(true);
    expect(host.text).toBe('sum=45\n');
  });

  it('keeps .globals across scripts of one session, like an event script counting hits', () => {
    const session = new ScriptCompileSession();
    const globals = createGlobalState();
    const host = createMemoryHost();
    evaluateScript(compile(session, '.hits = 0;'), host, globals);
    const count = compile(session, '.hits = .hits + 1;');
    for (let hit = 0; hit < 3; hit++) evaluateScript(count, host, globals);
    evaluateScript(compile(session, 'print(.hits);'), host, globals);
    expect(host.text).toBe('3\n');
  });

  it('reads guest memory through registers and reports an unmapped read as HyperDbg does', () => {
    const page = new Uint8Array(0x100);
    page.set(new TextEncoder().encode('ntoskrnl.exe\0'));
    const host = createMemoryHost({
      registers: new Map([[RCX, 0x8000n]]),
      regions: [{ address: 0x8000n, bytes: page }],
    });
    const session = new ScriptCompileSession();
    evaluateScript(compile(session, 'printf("%s has %d chars\\n", @rcx, strlen(@rcx));'), host);
    expect(host.text).toBe('ntoskrnl.exe has 12 chars\n');
    const failed = evaluateScript(compile(session, 'print(poi(@rcx + 0x1000));'), host);
    expect(failed.ok).toBe(false);
    expect(host.text.endsWith('| Err, ScriptEngineExecute, function = FUNC_POI\n \n')).toBe(true);
  });

  it('takes branches on register values', () => {
    const session = new ScriptCompileSession();
    const bytes = compile(session, 'if (@rcx == 55) { printf("yes\\n"); } else { printf("no\\n"); }');
    const yes = createMemoryHost({ registers: new Map([[RCX, 0x55n]]) });
    const no = createMemoryHost({ registers: new Map([[RCX, 0x56n]]) });
    evaluateScript(bytes, yes);
    evaluateScript(bytes, no);
    expect([yes.text, no.text]).toEqual(['yes\n', 'no\n']);
  });
});

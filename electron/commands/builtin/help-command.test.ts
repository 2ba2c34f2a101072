import { describe, expect, it } from 'vitest';
import { createCommandSession } from '../../app/wiring';

function session() {
  let output = '';
  const wired = createCommandSession({
    signature: '0.2.0-20250101.1200',
    output: (text) => (output += text),
  });
  return { wired, output: () => output };
}

describe('.help', () => {
  it('without a name lists every command by family, before any debuggee is connected', async () => {
    const { wired, output } = session();
    await expect(wired.dispatcher.execute('.help')).resolves.toMatchObject({ ok: true });
    expect(output()).toMatch(/^Run control:\n {2}g \(go\) +Lets the halted debuggee run again/);
    expect(output()).toMatch(/\nEvents \(hooks\):\n {2}!epthook +Hidden breakpoint/);
    expect(output()).toContain('\n  .sym (sym) ');
    wired.dispose();
  });

  it('.help !epthook shows syntax, options and an example; every alias answers the same page', async () => {
    const { wired, output } = session();
    await wired.dispatcher.execute('.help !epthook');
    expect(output()).toMatch(
      /^!epthook - Events \(hooks\)\n.*\nsyntax:\n {2}!epthook \[Address\] \[pid PID\]/s,
    );
    expect(output()).toMatch(/\noptions:\n {2}pid PID/);
    expect(output()).toMatch(/\nexamples:\n {2}!epthook nt!NtCreateFile\n/);
    const first = output();
    await wired.dispatcher.execute('help !epthook');
    await wired.dispatcher.execute('.hh !EPTHOOK');
    expect(output()).toBe(first.repeat(3));
    wired.dispose();
  });

  it("answers HyperDbg's message for a name it does not know", async () => {
    const { wired, output } = session();
    await expect(wired.dispatcher.execute('.help nosuch')).resolves.toMatchObject({ ok: false });
    expect(output()).toBe("err, couldn't find the help for the command at 'nosuch'\n");
    wired.dispose();
  });
});

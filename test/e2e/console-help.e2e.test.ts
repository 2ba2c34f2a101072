// End-to-end: the console's help and completion in Debian's Chromium (browser mode) against the
// built-in simulator, at both window sizes: .help by family, .help NAME with syntax, options and
// examples, the typed command's syntax line and the echoed command's hover, completion of every
// command, registers in order, pseudo-registers and module!symbol, and x without a PDB saying why.
import { describe, expect, it } from 'vitest';
import { buildRenderer, STEP_TIMEOUT, suiteStudio, VIEWPORTS, WAIT } from './harness';

const renderer = buildRenderer('console-help');

describe.each(VIEWPORTS)('console help and completion at $width×$height', (viewport) => {
  const studio = suiteStudio(renderer, viewport, `console-help/${viewport.width}x${viewport.height}`);
  const input = () => studio.page.getByTestId('console-input');
  const completions = () =>
    studio.page.getByRole('listbox', { name: 'completions' }).getByRole('option').allTextContents();

  async function tab(text: string): Promise<string[]> {
    await input().fill(text);
    await input().press('End');
    await input().press('Tab');
    let items: string[] = [];
    await expect
      .poll(
        async () => {
          items = await completions();
          return items.length;
        },
        { timeout: WAIT, message: `no completions for '${text}'` },
      )
      .toBeGreaterThan(0);
    await input().press('Escape');
    return items;
  }

  it(
    '.help lists every command by family; .help !epthook teaches syntax, options and an example',
    async () => {
      await studio.connectSimulator();
      if ((await studio.phase()) !== 'paused') await studio.pause();
      // The console draws only the rows in view: each page is checked by its last lines.
      await studio.consoleRun('.help');
      await expect
        .poll(() => studio.consoleText(), { timeout: WAIT })
        .toContain("'.help NAME' shows a command's syntax");
      expect(await studio.consoleText()).toMatch(/Session and console:|exit \(\.exit\) +Closes the session/);
      await studio.consoleRun('.cls');
      await studio.consoleRun('.help bp');
      await expect.poll(() => studio.consoleText(), { timeout: WAIT }).toContain('bp - Breakpoints');
      const page = await studio.consoleText();
      expect(page).toMatch(/syntax:\s+bp \[Address\] \[pid PID\] \[tid TID\] \[core N\]/);
      expect(page).toMatch(/options:\s+Address\s+number, symbol or expression/);
      expect(page).toMatch(/examples:\s+bp nt!NtCreateFile/);
      await studio.consoleRun('.cls');
      await studio.consoleRun('.help !epthook');
      await expect
        .poll(() => studio.consoleText(), { timeout: WAIT })
        .toMatch(/examples:\s+!epthook nt!NtCreateFile/);
      expect(await studio.consoleText()).toMatch(/output \{NAME\}\s+send the output to an output source/);
    },
    STEP_TIMEOUT,
  );

  it(
    "shows the typed command's syntax under the input and an echoed command's help on hover",
    async () => {
      const { page } = studio;
      await studio.openTab('console');
      await input().fill('!monitor w ');
      await expect
        .poll(() => page.getByTestId('command-hint').textContent())
        .toMatch(/^!monitor \[r\|w\|x.*e\.g\. !monitor w/);
      expect(await input().getAttribute('title')).toMatch(/^Monitors reads, writes or execution/);
      await input().fill('');
      await studio.consoleRun('.cls');
      await studio.consoleRun('bl');
      const echoed = page.locator('.cline.c-echo', { hasText: 'bl' }).last();
      await expect
        .poll(() => echoed.getAttribute('title'), { timeout: WAIT })
        .toMatch(/^Lists the breakpoints.*\nsyntax: bl\ne\.g\. bl$/s);
      await studio.shot('console-help');
    },
    STEP_TIMEOUT,
  );

  it(
    'completes every command, registers in order, pseudo-registers and module!symbol',
    async () => {
      const dots = await tab('.');
      for (const name of ['.sym', '.sympath', '.help', '.process', '.thread']) expect(dots).toContain(name);
      expect((await tab('r @r')).slice(0, 4)).toEqual(['@rax', '@rbx', '@rcx', '@rdx']);
      // A single candidate is completed in place.
      await input().fill('? $event_s');
      await input().press('End');
      await input().press('Tab');
      await expect.poll(() => input().inputValue()).toBe('? $event_stage ');
      expect(await tab('? $ev')).toEqual(['$event_tag', '$event_id', '$event_stage']);
      const symbols = await tab('bp nt!');
      expect(symbols.length).toBeGreaterThan(1);
      for (const name of symbols) expect(name).toMatch(/^nt!\w/);
      await input().fill('');
    },
    STEP_TIMEOUT,
  );

  it(
    'x nt!*Alloc* lists symbols, and without the PDB says why instead of nothing',
    async () => {
      await studio.consoleRun('x nt!*Alloc*');
      await expect.poll(() => studio.consoleText(), { timeout: WAIT }).toMatch(/ {2}nt!\w*Alloc/);
      await studio.consoleRun('.sym unload');
      await studio.consoleRun('x nt!*Alloc*');
      await expect
        .poll(() => studio.consoleText(), { timeout: WAIT })
        .toMatch(/no symbols match 'nt!\*Alloc\*': nt has no symbols loaded .*'\.sym load'/);
      await studio.consoleRun('.sym load');
      expect(studio.pageErrors).toEqual([]);
    },
    STEP_TIMEOUT,
  );
  it(
    'wraps long lines to the pane (a long hex run breaks anywhere), keeping address links and the virtual rows in step',
    async () => {
      const { page } = studio;
      if ((await studio.phase()) !== 'paused') await studio.pause();
      const run = '0123456789abcdef'.repeat(16);
      await studio.consoleRun(`? printf("wrapped ${run} at %llx\\n", @rip);`);
      const output = page.getByTestId('console-output');
      const wrapped = output.locator('.cline', { hasText: new RegExp(`^wrapped ${run} at `) });
      await wrapped.waitFor({ timeout: WAIT });
      // Several rows, all inside the pane: nothing runs off to the right.
      expect(Number(await wrapped.getAttribute('data-rows'))).toBeGreaterThan(1);
      const overflow = await output.evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      // Every rendered line is as tall as the rows the virtual list counted for it.
      const mismatched = await output.evaluate((el) =>
        [...el.querySelectorAll('.cline')]
          .filter(
            (line) =>
              Math.round(line.getBoundingClientRect().height) !== Number(line.getAttribute('data-rows')) * 17,
          )
          .map((line) => `${line.getAttribute('data-rows')}: ${line.textContent ?? ''}`),
      );
      expect(mismatched).toEqual([]);
      // The address at the end is still one link that opens Memory.
      const link = wrapped.locator('a.addr').last();
      expect(await link.textContent()).toMatch(/^[0-9a-f]{16}$/);
      await studio.shot('console-wrapped');
      await link.click();
      await page.getByTestId('pane-memory').waitFor({ timeout: WAIT });
      expect(studio.pageErrors).toEqual([]);
    },
    STEP_TIMEOUT,
  );
});

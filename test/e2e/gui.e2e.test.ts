// End-to-end: the real renderer in Debian's Chromium, in browser mode, against the built-in
// simulator through the real session core. One browser and one host for the whole file; the
// steps build on each other like a user's session (connect → pause → events → logs → pools →
// clear → diagnostics → stepping). Screenshots of the main views land in test-results/e2e/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildRenderer, openStudio, STEP_TIMEOUT, VIEWPORTS, WAIT, type Studio } from './harness';

/** One private renderer build for both window sizes. */
const renderer = buildRenderer('e2e');
/** The simulator's kernel pool region, which its workload reads and writes (monitor target). */
const MONITOR_FROM = 'ffffc58a00001000';
const MONITOR_TO = 'ffffc58a00001fff';
/** HyperDbg's first event tag (event id 0): the designer's monitor event. */
const MONITOR_TAG = 0x1000000;
/** An event that never fires in the simulator's workload (no such MSR is read), so it never halts. */
const QUIET_EVENT = '!msrread 1234';

let studio: Studio;
let page: Page;

async function rip(): Promise<string> {
  return ((await page.getByTestId('reg-rip').locator('td').nth(1).textContent()) ?? '').trim();
}

describe.each(VIEWPORTS)(
  'HyperDbg Studio in the browser at $width×$height, against the simulator',
  (viewport) => {
    beforeAll(async () => {
      await renderer.built;
      studio = await openStudio({
        rendererDir: renderer.dir,
        viewport,
        shots: `${viewport.width}x${viewport.height}`,
      });
      page = studio.page;
    }, 180_000);

    afterAll(async () => studio?.close());

    it(
      'connects to the simulator',
      async () => {
        await studio.openTab('connect');
        await page.getByLabel('link type').selectOption('sim');
        await expect.poll(() => page.getByTestId('endpoint-text').textContent()).toBe('sim');
        await page.getByTestId('connect-button').click();
        await expect.poll(() => studio.phase(), { timeout: WAIT }).toMatch(/^(running|paused)$/);
        expect(await page.getByTestId('status-endpoint').textContent()).toBe('sim');
        await studio.shot('connect');
      },
      STEP_TIMEOUT,
    );

    it(
      'pauses with Ctrl+Break and shows registers and disassembly at RIP',
      async () => {
        if ((await studio.phase()) === 'paused') {
          await page.keyboard.press('F5');
          await studio.waitPhase('running');
        }
        await studio.pause();
        await studio.openTab('registers');
        await page.getByTestId('reg-rip').waitFor({ timeout: WAIT });
        const current = page.getByTestId('disassembly').locator('[data-current]');
        await current.waitFor({ timeout: WAIT });
        const ripText = await rip();
        expect(ripText).toMatch(/^[0-9a-f]{16}$/);
        const shown = ((await current.locator('.daddr').textContent()) ?? '').replace('`', '');
        expect(shown).toBe(ripText);
        // rip is in view without scrolling, in the smallest layout too.
        const ripBox = await page.getByTestId('reg-rip').boundingBox();
        const registersBox = await page.getByTestId('registers').boundingBox();
        expect(ripBox!.y + ripBox!.height).toBeLessThanOrEqual(registersBox!.y + registersBox!.height);
        await studio.shot('paused-registers-disassembly');
      },
      STEP_TIMEOUT,
    );

    it(
      "shows the paused thread's process name in the status bar, the same one '.thread' reports",
      async () => {
        if ((await studio.phase()) !== 'paused') await studio.pause();
        const context = page.getByTestId('status-context');
        const shape = /pid ([0-9a-f]+) \(([^)]{1,15})\) · tid ([0-9a-f]+)/;
        await expect.poll(async () => (await context.textContent()) ?? '', { timeout: WAIT }).toMatch(shape);
        const [, pid, name, tid] = shape.exec((await context.textContent()) ?? '') ?? [];
        // An ImageFileName: System, smss.exe, … or the first 15 characters (hyperdbg-cli.ex).
        expect(name).toMatch(/^[\w.-]{1,15}$/);
        await studio.consoleRun('.thread');
        await expect
          .poll(() => studio.consoleText(), { timeout: WAIT })
          .toContain(`thread id: ${tid} (pid: ${pid})`);
        expect(await studio.consoleText()).toContain(`process name (16-Byte): ${name}`);
      },
      STEP_TIMEOUT,
    );

    it(
      'shows the call stack and breakpoints as structured rows without running k or bl in the console',
      async () => {
        await studio.openTab('disassembly');
        const nextLine = page.locator('[data-testid=disassembly] .dline[data-current] ~ .dline').first();
        const bpAddress = (await nextLine.getAttribute('data-address')) ?? '';
        expect(bpAddress).toMatch(/^[0-9a-f]+$/);

        await studio.openTab('callstack');
        const frame = page.getByTestId('callstack-row').first();
        await frame.waitFor({ timeout: WAIT });
        expect(await frame.getAttribute('data-address')).toMatch(/^[0-9a-f]{1,16}$/);
        expect(await frame.getByTestId('frame-addresses').locator('div').first().textContent()).toMatch(
          /^call [0-9a-f]{8}`[0-9a-f]{8}$/,
        );

        await studio.openTab('breakpoints');
        await page.getByLabel('breakpoint address').fill(bpAddress);
        await page.getByLabel('breakpoint address').press('Enter');
        const row = page.locator(`[data-testid=breakpoint-row][data-address="${bpAddress}"]`);
        await row.waitFor({ timeout: WAIT });
        expect(await row.getAttribute('data-enabled')).toBe('true');
        expect(await row.locator('td').nth(2).textContent()).toBe('enabled');
        await studio.shot('callstack-breakpoints');
        // One table everywhere: the form's breakpoint is a dot in Disassembly; bd in the console
        // hollows it; F9 on the selected line clears it, and the pane's row goes.
        await studio.openTab('disassembly');
        const dot = page.locator(`[data-testid=disassembly] .dline[data-address="${bpAddress}"]`);
        await expect.poll(() => dot.getAttribute('data-breakpoint'), { timeout: WAIT }).toBe('enabled');
        await studio.consoleRun(`bd ${Number(await row.getAttribute('data-id')).toString(16)}`);
        await studio.openTab('disassembly');
        await expect.poll(() => dot.getAttribute('data-breakpoint'), { timeout: WAIT }).toBe('disabled');
        await dot.locator('.dtext').click();
        await page.keyboard.press('F9');
        await expect.poll(() => dot.getAttribute('data-breakpoint'), { timeout: WAIT }).toBe('none');
        await studio.openTab('breakpoints');
        await expect.poll(() => page.getByTestId('breakpoint-row').count(), { timeout: WAIT }).toBe(0);
        // The gutter sets one, the Breakpoints pane lists it, bc in the console removes the dot.
        await studio.openTab('disassembly');
        await dot.locator('.gutter').click();
        await expect.poll(() => dot.getAttribute('data-breakpoint'), { timeout: WAIT }).toBe('enabled');
        await studio.openTab('breakpoints');
        await row.waitFor({ timeout: WAIT });
        await studio.consoleRun(`bc ${Number(await row.getAttribute('data-id')).toString(16)}`);
        await studio.openTab('disassembly');
        await expect.poll(() => dot.getAttribute('data-breakpoint'), { timeout: WAIT }).toBe('none');

        await studio.openTab('console');
        const lines = await page.getByTestId('console-output').locator('.cline').allTextContents();
        expect(lines.filter((line) => /kHyperDbg> (k|bl)\s*$/.test(line))).toEqual([]);
        expect(lines.filter((line) => /\(from |^Id {3}Address/.test(line))).toEqual([]);
        expect(lines.some((line) => line.endsWith(`kHyperDbg> bp ${bpAddress}`))).toBe(true);
      },
      STEP_TIMEOUT,
    );

    it(
      'reads addresses as expressions in Memory and Disassembly, with the error in place and nothing in the console',
      async () => {
        if ((await studio.phase()) !== 'paused') await studio.pause();
        const linesBefore = await page.getByTestId('console-output').locator('.cline').count();
        await studio.openTab('registers');
        const rsp = ((await page.getByTestId('reg-rsp').locator('td').nth(1).textContent()) ?? '').trim();
        const expected = (BigInt(`0x${rsp}`) + 8n).toString(16).padStart(16, '0');
        await studio.openTab('memory');
        await page.getByLabel('memory address').fill('@rsp+8');
        await page.getByLabel('memory address').press('Enter');
        const firstRow = page.getByTestId('memory-view').locator('.haddr').first();
        await expect
          .poll(async () => ((await firstRow.textContent()) ?? '').replace('`', ''), { timeout: WAIT })
          .toBe(expected);
        // Qwords and pointers: one click follows the value as an address.
        await page.getByLabel('memory format').selectOption('dps');
        await expect.poll(() => page.getByTestId('memory-view').getAttribute('data-format')).toBe('dps');
        const pointer = page.getByTestId('memory-view').locator('a.hb').first();
        await pointer.waitFor({ timeout: WAIT });
        await studio.shot('memory-pointers');
        const followed = (await pointer.getAttribute('data-value')) ?? '';
        await pointer.click();
        await expect
          .poll(async () => ((await firstRow.textContent()) ?? '').replace('`', '').replace(/^0+(?=.)/, ''), {
            timeout: WAIT,
          })
          .toBe(followed);
        await page.getByLabel('memory format').selectOption('db');
        // A pseudo-register without its $: HyperDbg's message and our hint, under the box.
        await page.getByLabel('memory address').fill('tid');
        await page.getByLabel('memory address').press('Enter');
        const error = page.getByTestId('memory-address-error');
        await expect
          .poll(() => error.textContent(), { timeout: WAIT })
          .toMatch(/couldn't resolve error at 'tid'.*\$tid/s);
        // Disassembly: Ctrl+G, an expression, then Back returns to RIP.
        await studio.openTab('disassembly');
        const ripLine = page.locator('[data-testid=disassembly] .dline[data-current]');
        await ripLine.waitFor({ timeout: WAIT });
        const ripAddress = (await ripLine.getAttribute('data-address')) ?? '';
        // The instruction after RIP, as an expression: @rip plus its distance.
        const after = page.locator('[data-testid=disassembly] .dline[data-current] ~ .dline').first();
        const target = (await after.getAttribute('data-address')) ?? '';
        const distance = (BigInt(`0x${target}`) - BigInt(`0x${ripAddress}`)).toString(16);
        await page.getByTestId('disassembly').click();
        await page.keyboard.press('Control+g');
        await expect.poll(() => page.locator('[aria-label="disassembly address"]:focus').count()).toBe(1);
        await page.keyboard.type(`@rip+${distance}`);
        await page.keyboard.press('Enter');
        await page
          .locator(`[data-testid=disassembly] .dline[data-address="${target}"]`)
          .waitFor({ timeout: WAIT });
        // Instructions before the address are there too (back-decoded), and scrolling up reads more.
        const firstAddress = await page
          .locator('[data-testid=disassembly] .dline')
          .first()
          .getAttribute('data-address');
        expect(BigInt(`0x${firstAddress}`) < BigInt(`0x${target}`)).toBe(true);
        await page.getByRole('button', { name: 'back' }).click();
        await page.locator('[data-testid=disassembly] .dline[data-current]').waitFor({ timeout: WAIT });
        await page.getByLabel('disassembly address').fill('nt!NoSuchSymbol');
        await page.getByLabel('disassembly address').press('Enter');
        await expect
          .poll(() => page.getByTestId('disassembly-address-error').textContent(), { timeout: WAIT })
          .toMatch(/couldn't resolve error at 'nt!NoSuchSymbol'/);
        await studio.shot('disassembly');
        await studio.openTab('console');
        const added = (await page.getByTestId('console-output').locator('.cline').allTextContents()).slice(
          linesBefore,
        );
        expect(added.filter((line) => /kHyperDbg> \?|couldn't resolve/.test(line))).toEqual([]);
      },
      STEP_TIMEOUT,
    );

    it(
      'prints each console error once, clears with .cls, and keeps history across a reload',
      async () => {
        await studio.consoleRun('bp nt!NoSuchSymbolAtAll');
        await expect
          .poll(async () => (await studio.consoleText()).split("couldn't resolve").length - 1, {
            timeout: WAIT,
          })
          .toBe(1);
        // Output arrives in order: once a later command's answer is in, a second copy would be too.
        await studio.consoleRun('r rip');
        await expect.poll(() => studio.consoleText(), { timeout: WAIT }).toMatch(/rip=/);
        expect((await studio.consoleText()).split("couldn't resolve").length - 1).toBe(1);
        const errorLine = page
          .getByTestId('console-output')
          .locator('.cline', { hasText: "couldn't resolve" });
        expect(await errorLine.getAttribute('class')).toContain('c-error');
        await studio.consoleRun('.cls');
        await expect.poll(() => page.getByTestId('console-output').locator('.cline').count()).toBe(0);
        await studio.consoleRun('r rip');
        await expect.poll(() => studio.consoleText(), { timeout: WAIT }).toMatch(/rip=/);
        // A status code is text, not an address link.
        await studio.consoleRun('? c0000082');
        await expect.poll(() => studio.consoleText(), { timeout: WAIT }).toMatch(/c0000082/);
        expect(
          await page
            .getByTestId('console-output')
            .locator('a.addr', { hasText: /^c0000082$/ })
            .count(),
        ).toBe(0);
        await page.reload();
        await studio.openTab('console');
        await expect.poll(() => studio.consoleText(), { timeout: WAIT }).toMatch(/rip=/);
        await page.getByTestId('console-input').press('ArrowUp');
        await expect.poll(() => page.getByTestId('console-input').inputValue()).toBe('? c0000082');
        await page.getByTestId('console-input').fill('');
      },
      STEP_TIMEOUT,
    );

    it(
      'builds a !monitor … stage all event with a script in the designer and sees it in the table',
      async () => {
        await studio.openTab('events');
        await page.getByLabel('event type').selectOption('monitor');
        await page.getByLabel('monitor access').selectOption('rw');
        await page.getByLabel('event target').fill(MONITOR_FROM);
        await page.getByLabel('monitor end').fill(MONITOR_TO);
        await page.getByLabel('stage', { exact: true }).selectOption('all');
        await page.getByLabel('event action').selectOption('script');
        const editor = page.getByTestId('designer-script').locator('.monaco-editor .view-lines');
        await editor.waitFor({ timeout: WAIT });
        await editor.click();
        await page.keyboard.type('printf("monitor hit %llx stage %d\\n", $context, $event_stage);');
        const expected = `!monitor rw ${MONITOR_FROM} ${MONITOR_TO} stage all script {\nprintf("monitor hit %llx stage %d\\n", $context, $event_stage);\n}`;
        await expect
          .poll(() => page.getByTestId('designer-command').textContent(), { timeout: WAIT })
          .toBe(expected);
        await studio.shot('event-designer');
        await page.getByTestId('designer-apply').click();
        const row = page.getByTestId('event-row-0');
        await row.waitFor({ timeout: WAIT });
        expect(await row.getAttribute('data-state')).toBe('enabled');
        expect(await row.getByTestId('event-type').textContent()).toBe('!monitor');
        expect(await row.getByTestId('event-stage').textContent()).toBe('all');
        // The target column in words, not raw parameters.
        expect(await row.getByTestId('event-target').textContent()).toBe(
          `rw 0x${MONITOR_FROM}..0x${MONITOR_TO} (virtual)`,
        );
        // The designer keeps its draft across a tab switch, and a new type starts its target over.
        await page.getByLabel('event type').selectOption('epthook');
        await page.getByLabel('event target').fill('fffff80000001000');
        await studio.openTab('pools');
        await studio.openTab('events');
        expect(await page.getByLabel('event target').inputValue()).toBe('fffff80000001000');
        await page.getByLabel('event type').selectOption('syscall');
        expect(await page.getByLabel('event target').inputValue()).toBe('');
        await page.getByLabel('event target').fill('55');
        await expect.poll(() => page.getByTestId('designer-command').textContent()).toMatch(/^!syscall 55 /);
        // clear all asks first; Cancel leaves every event as it was.
        await page.getByTestId('clear-all').click();
        await page.getByRole('alertdialog', { name: 'confirm clear all' }).waitFor({ timeout: WAIT });
        await page
          .getByRole('alertdialog', { name: 'confirm clear all' })
          .getByRole('button', { name: 'Cancel' })
          .click();
        expect(await row.getAttribute('data-state')).toBe('enabled');
        await page.getByLabel('event type').selectOption('monitor');
      },
      STEP_TIMEOUT,
    );

    it(
      'continues and sees pre and post logs arrive in their views with the event id',
      async () => {
        await page.keyboard.press('F5');
        await studio.waitPhase('running');
        await studio.openTab('logs');
        const eventAttr = String(MONITOR_TAG);
        const rowsOf = () =>
          page.locator('[data-testid=log-row]').evaluateAll((rows) =>
            rows.map((r) => ({
              stage: r.getAttribute('data-stage'),
              event: r.getAttribute('data-event'),
              text: r.textContent ?? '',
            })),
          );
        // The script prints $event_stage: both calling stages reach the store, tagged with the event.
        await expect
          .poll(
            async () => {
              const rows = (await rowsOf()).filter(
                (r) => r.event === eventAttr && r.text.includes('monitor hit'),
              );
              return (
                rows.some((r) => r.text.includes('stage 0')) && rows.some((r) => r.text.includes('stage 1'))
              );
            },
            { timeout: WAIT },
          )
          .toBe(true);
        await studio.shot('logs');
        await page.getByTestId('logs-tab-pre').click();
        await page
          .locator(`[data-testid=log-row][data-stage=pre][data-event="${eventAttr}"]`)
          .first()
          .waitFor({ timeout: WAIT });
        // The tab switch re-queries the store: poll until the all-stages rows are replaced.
        await expect
          .poll(async () => (await rowsOf()).every((r) => r.stage === 'pre'), { timeout: WAIT })
          .toBe(true);
        await page.getByTestId('logs-tab-post').click();
        await page
          .locator(`[data-testid=log-row][data-stage=post][data-event="${eventAttr}"]`)
          .first()
          .waitFor({ timeout: WAIT });
        await expect
          .poll(
            async () => {
              const post = await rowsOf();
              return post.every((r) => r.stage === 'post') && post.some((r) => r.text.includes('stage 1'));
            },
            { timeout: WAIT },
          )
          .toBe(true);
        await page.getByTestId('logs-tab-pairs').click();
        await page.getByTestId('log-pair').first().waitFor({ timeout: WAIT });
        await studio.shot('logs-pre-post');
      },
      STEP_TIMEOUT,
    );

    it(
      'filters logs by event and searches them',
      async () => {
        await page.getByTestId('logs-tab-all').click();
        await page.getByLabel('filter by event').selectOption(String(MONITOR_TAG));
        await page.getByLabel('search logs').fill('stage 1');
        await expect
          .poll(
            async () => {
              const rows = await page
                .locator('[data-testid=log-row]')
                .evaluateAll((els) => els.map((r) => `${r.getAttribute('data-event')}|${r.textContent}`));
              return (
                rows.length > 0 &&
                rows.every(
                  (t) =>
                    t.startsWith(`${MONITOR_TAG}|`) && t.includes('monitor hit') && t.includes('stage 1'),
                )
              );
            },
            { timeout: WAIT },
          )
          .toBe(true);
        // The count of matches arrives after the rows (a separate, cancellable request).
        await expect
          .poll(async () => (await page.getByTestId('logs-total').textContent()) ?? '', { timeout: WAIT })
          .toMatch(/^[1-9][\d,]* (matches|rows)$/);
        await studio.shot('logs-filtered');
        // Export what the filter shows and read the file back through the download link.
        await page.getByRole('button', { name: 'Export JSONL' }).click();
        const link = page.locator('.logs .note a[download]');
        await link.waitFor({ timeout: WAIT });
        const response = await page.request.get(
          new URL((await link.getAttribute('href')) ?? '', studio.host.url).href,
        );
        expect(response.ok()).toBe(true);
        const exported = (await response.text())
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as Record<string, unknown>);
        expect(exported.length).toBeGreaterThan(0);
        expect(
          exported.every(
            (row) =>
              JSON.stringify(row).includes('stage 1') && JSON.stringify(row).includes(String(MONITOR_TAG)),
          ),
        ).toBe(true);
        await page.getByLabel('search logs').fill('');
        await page.getByLabel('filter by event').selectOption('');
      },
      STEP_TIMEOUT,
    );

    /** Free regular event buffers (pool intention 6) as the Pools pane shows them. */
    const regularEventsFree = async () =>
      Number(
        await page.locator('table[aria-label=pools] tbody tr').nth(6).locator('td').nth(2).textContent(),
      );

    /** Applies QUIET_EVENT and waits until the pool ledger counted its take (state, not time). */
    async function applyQuietEvent(): Promise<void> {
      await studio.openTab('pools');
      const free = await regularEventsFree();
      await studio.consoleRun(QUIET_EVENT);
      await studio.openTab('pools');
      await expect.poll(regularEventsFree, { timeout: WAIT }).toBeLessThan(free);
    }

    it('applies events until the pool warning appears, runs the suggested prealloc, then applies the rest', async () => {
      await studio.pause();
      await studio.openTab('pools');
      await page.getByTestId('pool-refresh').click();
      await page.locator('table[aria-label=pools] tbody tr').nth(2).waitFor({ timeout: STEP_TIMEOUT });
      const warning = page.getByTestId('pool-warning');
      let applied = 0;
      for (let i = 0; i < 40 && (await warning.count()) === 0; i++) {
        await applyQuietEvent();
        applied++;
      }
      await warning.first().waitFor({ timeout: WAIT });
      expect(applied).toBeGreaterThan(1);
      expect(await studio.consoleText()).not.toMatch(/c0000042/i);
      await studio.shot('pools-warning');
      // Use the pools up (stopping before an event is rejected), then let the designer forecast an
      // event: it shows the ledger's prediction with the exact prealloc remedy.
      const empty = page.locator('[data-testid=pool-warning].sev-error');
      for (let i = 0; i < 10 && (await empty.count()) === 0; i++) await applyQuietEvent();
      await empty.first().waitFor({ timeout: WAIT });
      await studio.openTab('events');
      await page.getByLabel('event type').selectOption('monitor');
      await page.getByLabel('monitor access').selectOption('rw');
      await page.getByLabel('event target').fill(MONITOR_FROM);
      await page.getByLabel('monitor end').fill(MONITOR_TO);
      const forecast = page.getByTestId('designer-pool-warning');
      await forecast.first().waitFor({ timeout: WAIT });
      expect(await forecast.first().textContent()).toMatch(/0xc00000[0-9a-f]{2}/);
      expect(await forecast.first().textContent()).toMatch(/resumes the debuggee/);
      expect(await page.getByTestId('designer-pool-remedy').first().textContent()).toMatch(
        /^prealloc regular-event [0-9a-f]+/,
      );
      await studio.shot('designer-pool-forecast');
      await studio.openTab('pools');
      const remedy = warning.first().locator('button').first();
      const remedyText = (await remedy.textContent()) ?? '';
      expect(remedyText).toMatch(/^prealloc /);
      await remedy.click();
      await page.getByTestId('prealloc-confirm').click();
      await expect.poll(() => studio.phase(), { timeout: STEP_TIMEOUT }).toBe('paused');
      await expect
        .poll(() => studio.consoleText(), { timeout: WAIT })
        .toMatch(/the requested pools are allocated and reserved/);
      const before = await page
        .locator('[data-testid^=event-row-]')
        .count()
        .catch(() => 0);
      for (let i = 0; i < 5; i++) await studio.consoleRun(QUIET_EVENT);
      await studio.openTab('events');
      await expect
        .poll(() => page.locator('[data-testid^=event-row-]').count(), { timeout: WAIT })
        .toBeGreaterThanOrEqual(Math.max(before, applied) + 5);
      expect(await studio.consoleText()).not.toMatch(/c000004[0-9a-f]/i);
    }, 300_000);

    it(
      'disables and clears an event; the clear stays pending until g',
      async () => {
        await studio.openTab('events');
        const row = page.getByTestId('event-row-0');
        await row.focus();
        await page.keyboard.press('d');
        await expect.poll(() => row.getAttribute('data-state'), { timeout: WAIT }).toBe('disabled');
        await page.keyboard.press('c');
        await expect.poll(() => row.getAttribute('data-state'), { timeout: WAIT }).toBe('clear-pending');
        await studio.shot('events-table');
        await page.keyboard.press('F5');
        await studio.waitPhase('running');
        await studio.pause();
        await studio.openTab('events');
        await expect.poll(() => page.getByTestId('event-row-0').count(), { timeout: WAIT }).toBe(0);
      },
      STEP_TIMEOUT,
    );

    it(
      'shows the compiler diagnostic of a broken script at the right line',
      async () => {
        await studio.openTab('script');
        const editor = page.getByTestId('pane-script').locator('.monaco-editor .view-lines');
        await editor.waitFor({ timeout: WAIT }).catch(async (error: unknown) => {
          const failures = await page.getByTestId('pane-error').allTextContents();
          throw new Error(
            `the script editor did not appear (${failures.join(' | ') || 'no pane error'}; page errors: ${studio.pageErrors.join(' | ') || 'none'}): ${String(error)}`,
          );
        });
        await editor.click();
        await page.keyboard.type('x = 1;\ny = 2;\nprintf("%d\\n", x;\n');
        const diag = page.getByTestId('script-diagnostics').locator('.diag');
        await diag.first().waitFor({ timeout: WAIT });
        expect(await diag.first().getAttribute('data-line')).toBe('3');
        await page.locator('.squiggly-error').first().waitFor({ timeout: WAIT });
        await studio.shot('script-diagnostics');
      },
      STEP_TIMEOUT,
    );

    it(
      'edits a register and a byte of memory',
      async () => {
        await studio.openTab('registers');
        const rax = page.getByTestId('reg-rax');
        await rax.focus();
        await page.keyboard.press('Enter');
        await page.getByLabel('new value of rax').fill('1234abcd');
        await page.keyboard.press('Enter');
        await expect
          .poll(async () => (await rax.locator('td').nth(1).textContent())?.trim(), { timeout: WAIT })
          .toBe('000000001234abcd');
        const rsp = ((await page.getByTestId('reg-rsp').locator('td').nth(1).textContent()) ?? '').trim();
        await studio.openTab('memory');
        await page.getByLabel('memory address').fill(rsp);
        await page.getByLabel('memory address').press('Enter');
        const firstByte = page.getByTestId('memory-view').locator('.hb').first();
        await firstByte.waitFor({ timeout: WAIT });
        const original = (await firstByte.textContent()) ?? '';
        const replacement = original === '5a' ? 'a5' : '5a';
        await firstByte.click();
        await page.getByLabel('new byte value').fill(replacement);
        await page.keyboard.press('Enter');
        await expect
          .poll(() => page.getByTestId('memory-view').locator('.hb').first().textContent(), { timeout: WAIT })
          .toBe(replacement);
        await studio.shot('memory');
      },
      STEP_TIMEOUT,
    );

    it(
      'steps with F10 and F11',
      async () => {
        await studio.openTab('registers');
        const start = await rip();
        await page.getByTestId('console-input').focus();
        await page.keyboard.press('F11');
        await expect.poll(() => rip(), { timeout: WAIT }).not.toBe(start);
        const afterStepIn = await rip();
        await page.keyboard.press('F10');
        await expect.poll(() => rip(), { timeout: WAIT }).not.toBe(afterStepIn);
        expect(await studio.phase()).toBe('paused');
        await studio.openTab('console');
        await studio.shot('console');
        await page.keyboard.press('Control+Shift+L');
        await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('light');
        await studio.shot('light-theme');
        await page.keyboard.press('Control+Shift+L');
        expect(studio.pageErrors).toEqual([]);
      },
      STEP_TIMEOUT,
    );

    it(
      "keeps a session's log after a reconnect, reopens it from Logs → Sessions and finds substrings in it",
      async () => {
        const outcome = await studio.host.host.invoke('session:disconnect', {});
        expect(outcome.ok).toBe(true);
        await studio.openTab('connect');
        await page.getByTestId('connect-button').click();
        await expect.poll(() => studio.phase(), { timeout: WAIT }).toMatch(/^(running|paused)$/);
        await studio.openTab('logs');
        await page.getByTestId('logs-sessions').click();
        const sessions = page.getByTestId('logs-session');
        await expect.poll(() => sessions.count(), { timeout: WAIT }).toBe(2);
        const ended = sessions.filter({ hasText: 'ended' });
        expect(await ended.count()).toBe(1);
        await studio.shot('logs-sessions');
        await ended.getByRole('button', { name: 'Open' }).click();
        await page.getByTestId('logs-source').waitFor({ timeout: WAIT });
        // "onitor hi" sits inside the words "monitor hit": a true substring search.
        await page.getByLabel('search logs').fill('onitor hi');
        await expect
          .poll(
            async () => {
              const rows = await page
                .locator('[data-testid=log-row]')
                .evaluateAll((els) => els.map((r) => r.textContent ?? ''));
              return rows.length > 0 && rows.every((t) => t.includes('monitor hit'));
            },
            { timeout: WAIT },
          )
          .toBe(true);
        await expect
          .poll(async () => (await page.getByTestId('logs-total').textContent()) ?? '', { timeout: WAIT })
          .toMatch(/^[1-9][\d,]* matches$/);
        await studio.shot('logs-archived-search');
        await page.getByLabel('search logs').fill('');
        expect(studio.pageErrors).toEqual([]);
      },
      STEP_TIMEOUT,
    );
  },
);

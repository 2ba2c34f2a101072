// End-to-end: the layout and the debuggee-state panes (registers, call stack, processes/threads/
// cores, events' page-conflict owner) in Debian's Chromium against the simulator, at both window
// sizes of the issue. Screenshots land in test-results/e2e/panes-<size>/.
import { describe, expect, it } from 'vitest';
import { buildRenderer, STEP_TIMEOUT, suiteStudio, VIEWPORTS, WAIT, type Studio } from './harness';

const renderer = buildRenderer('e2e-panes');

/** Every disassembly text ends inside the pane (no instruction cut at the right edge). */
async function disassemblyCut(studio: Studio): Promise<string[]> {
  return studio.page.getByTestId('pane-disassembly').evaluate((pane) => {
    const right = pane.getBoundingClientRect().right;
    return [...pane.querySelectorAll('.dline')]
      .filter((line) => {
        const text = line.querySelector('.dtext');
        return text !== null && text.getBoundingClientRect().right > right + 0.5;
      })
      .map((line) => line.textContent ?? '');
  });
}

async function storedLayout(studio: Studio): Promise<{ fractions: Record<string, number> }> {
  const raw = await studio.page.evaluate(() => localStorage.getItem('hds.layout.v1'));
  return JSON.parse(raw ?? '{}') as { fractions: Record<string, number> };
}

/** Table cells of `selector` in a pane that end past the pane's right edge or cut their text. */
async function cutCells(studio: Studio, paneTestId: string, selector: string): Promise<string[]> {
  return studio.page.getByTestId(paneTestId).evaluate((pane, tableSelector) => {
    const right = pane.getBoundingClientRect().right;
    return [...pane.querySelectorAll(`${tableSelector} td, ${tableSelector} th`)]
      .filter(
        (cell) => cell.getBoundingClientRect().right > right + 0.5 || cell.scrollWidth > cell.clientWidth + 1,
      )
      .map((cell) => cell.textContent ?? '');
  }, selector);
}

/** A code page of the simulated hyperkd.sys: mapped, and never written by the workload. */
const OWNED_PAGE = 'fffff80170a02000';

describe('layout in fractions of the window', () => {
  const studio = suiteStudio(renderer, VIEWPORTS[0], 'layout');

  it(
    'a column widened at 1600×1000 survives a reload and leaves the disassembly readable at 1280×720',
    async () => {
      const { page } = studio;
      await studio.connectSimulator();
      if ((await studio.phase()) !== 'paused') await studio.pause();
      await studio.openTab('disassembly');
      await page.getByTestId('disassembly').locator('[data-current]').waitFor({ timeout: WAIT });
      // Drag the right splitter 240 px to the left: the Connect column widens.
      const dockWidth = async (area: string) => (await page.getByTestId(`dock-${area}`).boundingBox())!.width;
      const before = await dockWidth('right');
      const splitter = (await page.getByTestId('splitter-right').boundingBox())!;
      const y = splitter.y + splitter.height / 2;
      await page.mouse.move(splitter.x + 2, y);
      await page.mouse.down();
      await page.mouse.move(splitter.x - 120, y, { steps: 4 });
      await page.mouse.move(splitter.x - 240, y, { steps: 4 });
      await page.mouse.up();
      const right = (await storedLayout(studio)).fractions.right!;
      expect(right).toBeGreaterThan(0.4);
      const widened = await dockWidth('right');
      expect(widened).toBeGreaterThan(before + 100);
      await studio.shot('widened-1600x1000');

      await page.reload();
      await studio.waitPhase('paused');
      expect((await storedLayout(studio)).fractions.right).toBe(right);
      expect(Math.abs((await dockWidth('right')) - widened)).toBeLessThan(2);

      await page.setViewportSize(VIEWPORTS[1]);
      await studio.openTab('disassembly');
      await page.getByTestId('disassembly').locator('[data-current]').waitFor({ timeout: WAIT });
      const center = (await page.getByTestId('dock-center').boundingBox())!;
      expect(center.width).toBeGreaterThanOrEqual(700);
      expect(await disassemblyCut(studio)).toEqual([]);
      // The sides gave way but stay usable, and the stored fraction is untouched.
      expect(await dockWidth('right')).toBeGreaterThanOrEqual(220);
      expect(await dockWidth('left')).toBeGreaterThanOrEqual(220);
      expect((await storedLayout(studio)).fractions.right).toBe(right);
      await studio.shot('after-reload-1280x720');

      // A side column folds to a strip (double-click on its splitter) and opens again.
      await page.getByTestId('splitter-left').dblclick();
      await page.getByTestId('expand-left').waitFor({ timeout: WAIT });
      expect((await page.getByTestId('dock-left-collapsed').boundingBox())!.width).toBeLessThan(40);
      await studio.shot('left-collapsed-1280x720');
      await page.getByTestId('expand-left').click();
      await page.getByTestId('dock-left').waitFor({ state: 'visible', timeout: WAIT });
      expect(studio.pageErrors).toEqual([]);
    },
    STEP_TIMEOUT,
  );
});

describe.each(VIEWPORTS)('debuggee-state panes at $width×$height, against the simulator', (viewport) => {
  const studio = suiteStudio(renderer, viewport, `panes-${viewport.width}x${viewport.height}`);

  it(
    'connects and pauses',
    async () => {
      await studio.connectSimulator();
      if ((await studio.phase()) !== 'paused') await studio.pause();
    },
    STEP_TIMEOUT,
  );

  it(
    'names every call stack frame as module!symbol+off or module+0xoff, with its columns in view',
    async () => {
      const { page } = studio;
      await studio.openTab('callstack');
      const rows = page.getByTestId('callstack-row');
      await rows.first().waitFor({ timeout: WAIT });
      const names = await rows.locator('[data-testid=frame-name]').allTextContents();
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) expect(name).toMatch(/^[\w.]+(![\w@?$.]+)?(\+0x[0-9a-f]+)?$/);
      await studio.shot('callstack');
      // No column is cut: every cell ends inside the pane.
      expect(await cutCells(studio, 'pane-callstack', 'table[aria-label="call stack"]')).toEqual([]);
    },
    STEP_TIMEOUT,
  );

  it(
    'forecasts a page conflict (0xc0000026) naming the event that owns the page, and the events table fits its pane',
    async () => {
      const { page } = studio;
      // A write monitor on a code page of hyperkd (never written by the simulated workload).
      await studio.consoleRun(`!monitor w ${OWNED_PAGE} ${OWNED_PAGE.slice(0, -3)}fff`);
      await studio.openTab('events');
      const owner = page.locator('[data-testid^=event-row-]').last();
      await owner.waitFor({ timeout: WAIT });
      const ownerId = ((await owner.getAttribute('data-testid')) ?? '').replace('event-row-', '');
      expect(await owner.getByTestId('event-type').textContent()).toBe('!monitor');
      // A second monitor on the same page, in the designer: the forecast names the owner.
      await page.getByLabel('event type').selectOption('monitor');
      await page.getByLabel('monitor access').selectOption('rw');
      await page.getByLabel('event target').fill(OWNED_PAGE.slice(0, -3) + '100');
      await page.getByLabel('monitor end').fill(OWNED_PAGE.slice(0, -3) + '1ff');
      const forecast = page.getByTestId('designer-pool-warning');
      await expect
        .poll(async () => (await forecast.allTextContents()).join('\n'), { timeout: WAIT })
        .toContain(`already hooked by event ${ownerId} `);
      const text = (await forecast.allTextContents()).join('\n');
      expect(text).toContain('0xc0000026');
      expect(text).toContain(`'events c ${ownerId}'`);
      expect(text).not.toMatch(/pool ledger/);
      await forecast.first().scrollIntoViewIfNeeded();
      await studio.shot('events-page-conflict');
      await owner.scrollIntoViewIfNeeded();
      await studio.shot('events-table');
      expect(await cutCells(studio, 'pane-events', 'table[aria-label=events]')).toEqual([]);
      // The target breaks only between words: each address and range end is whole and uncut.
      const words = owner.getByTestId('target-word');
      expect(await words.allTextContents()).toEqual(expect.arrayContaining([`0x${OWNED_PAGE}`, '..']));
      const cutWords = await owner.evaluate((row) =>
        [...row.querySelectorAll('[data-testid=target-word]')]
          .filter((word) => word.scrollWidth > word.clientWidth)
          .map((word) => word.textContent ?? ''),
      );
      expect(cutWords).toEqual([]);
    },
    STEP_TIMEOUT,
  );

  it(
    'shows every tab of every area, and the pools table with every count in view',
    async () => {
      const { page } = studio;
      const tabsOutOfView = await page.locator('body').evaluate((body) =>
        [...body.querySelectorAll('[role=tablist]')].flatMap((list) => {
          const strip = list.getBoundingClientRect();
          return [...list.querySelectorAll('[role=tab]')]
            .filter((tab) => {
              const box = tab.getBoundingClientRect();
              return box.left < strip.left - 0.5 || box.right > strip.right + 0.5;
            })
            .map((tab) => tab.textContent ?? '');
        }),
      );
      expect(tabsOutOfView).toEqual([]);
      await studio.openTab('pools');
      await expect
        .poll(() => page.getByRole('table', { name: 'pools' }).locator('tbody tr').count(), { timeout: WAIT })
        .toBe(12);
      await studio.shot('pools');
      expect(await cutCells(studio, 'pane-pools', 'table[aria-label=pools]')).toEqual([]);
    },
    STEP_TIMEOUT,
  );

  it(
    'shows registers read from the debuggee: flags decoded and flipped through it, segments, control, debug, xmm note',
    async () => {
      const { page } = studio;
      await studio.openTab('registers');
      const value = async (name: string) =>
        (
          (await page.getByTestId(`reg-${name}`).locator('td').nth(1).locator('a').first().textContent()) ??
          ''
        ).trim();
      await page.getByTestId('reg-rip').waitFor({ timeout: WAIT });
      const rflags = BigInt(`0x${await value('rflags')}`);
      for (const [flag, bit] of [
        ['CF', 0],
        ['ZF', 6],
        ['IF', 9],
        ['DF', 10],
      ] as const)
        expect(await page.getByTestId(`flag-${flag}`).getAttribute('aria-pressed')).toBe(
          String(((rflags >> BigInt(bit)) & 1n) === 1n),
        );
      // cs of a kernel halt: selector 0x10, GDT entry 2, RPL 0.
      expect(await page.getByTestId('reg-cs').getByTestId('selector').textContent()).toBe('GDT[2] RPL 0');
      // Control and debug registers come from the debuggee, decoded.
      await expect.poll(() => value('cr0'), { timeout: WAIT }).toMatch(/^[0-9a-f]{16}$/);
      expect(await page.getByTestId('reg-cr0').getByTestId('meaning').textContent()).toMatch(
        /\bPE\b.*\bPG\b/,
      );
      expect(await page.getByTestId('reg-cr3').getByTestId('meaning').textContent()).toMatch(
        /^table [0-9a-f]+ · pcid/,
      );
      expect(await page.getByTestId('reg-dr7').getByTestId('meaning').textContent()).toBeTruthy();
      expect(await page.getByTestId('reg-xmm').textContent()).toContain('end at dr7');
      await studio.shot('registers');

      // Flip CF: written through the debuggee, which reads back the new rflags.
      const flipped = (rflags ^ 1n).toString(16).padStart(16, '0');
      await page.getByTestId('flag-CF').click();
      await expect.poll(() => value('rflags'), { timeout: WAIT }).toBe(flipped);
      expect(await page.getByTestId('flag-CF').getAttribute('aria-pressed')).toBe(
        String((rflags & 1n) === 0n),
      );
      await studio.consoleRun('r rflags');
      await expect.poll(() => studio.consoleText(), { timeout: WAIT }).toContain(`rflags=${flipped}`);

      // Edit dr0 in place: written through the debuggee and read back from it.
      await studio.openTab('registers');
      await page.getByTestId('reg-dr0').locator('td.rname').dblclick();
      await page.getByLabel('new value of dr0').fill('fffff80170a01010');
      await page.getByLabel('new value of dr0').press('Enter');
      await expect.poll(() => value('dr0'), { timeout: WAIT }).toBe('fffff80170a01010');
      await studio.consoleRun('r dr0');
      await expect.poll(() => studio.consoleText(), { timeout: WAIT }).toContain('dr0=fffff80170a01010');
      await studio.openTab('registers');
      await page.getByTestId('reg-dr7').scrollIntoViewIfNeeded();
      await studio.shot('registers-control-debug');
      expect(studio.pageErrors).toEqual([]);
    },
    STEP_TIMEOUT,
  );

  it(
    'lists processes, threads and every core heard of, and switches with .process pid, ~ N and .thread tid',
    async () => {
      const { page } = studio;
      if ((await studio.phase()) !== 'paused') await studio.pause();
      await studio.openTab('processes');
      const processes = page.getByTestId('process-row');
      await expect.poll(() => processes.count(), { timeout: WAIT }).toBeGreaterThan(1);
      await expect.poll(() => page.getByTestId('thread-row').count(), { timeout: WAIT }).toBeGreaterThan(0);
      const currentPid =
        (await page.locator('[data-testid=process-row].current').getAttribute('data-pid')) ?? '';
      expect(await page.getByTestId('status-context').textContent()).toContain(`pid ${currentPid} `);
      await studio.shot('processes');

      // Switch to another process: the real command, then g halts in it and the lists follow.
      const other = page.locator('[data-testid=process-row]:not(.current)').first();
      const otherPid = (await other.getAttribute('data-pid')) ?? '';
      await other.getByRole('button', { name: 'switch' }).click();
      await expect
        .poll(() => studio.consoleText(), { timeout: WAIT })
        .toContain(`kHyperDbg> .process pid ${otherPid}`);
      await page.keyboard.press('F5');
      await studio.waitPhase('paused');
      await expect
        .poll(() => page.getByTestId('status-context').textContent(), { timeout: WAIT })
        .toContain(`pid ${otherPid} `);
      await studio.openTab('processes');
      await expect
        .poll(() => page.locator('[data-testid=process-row].current').getAttribute('data-pid'), {
          timeout: WAIT,
        })
        .toBe(otherPid);
      await expect
        .poll(
          async () => [
            ...new Set(await page.locator('[data-testid=thread-row] td:nth-child(2)').allTextContents()),
          ],
          {
            timeout: WAIT,
          },
        )
        .toEqual([otherPid]);

      // Switch threads within it.
      const thread = page.locator('[data-testid=thread-row]:not(.current)').first();
      const tid = (await thread.getAttribute('data-tid')) ?? '';
      await thread.getByRole('button', { name: 'switch' }).click();
      await expect
        .poll(() => studio.consoleText(), { timeout: WAIT })
        .toContain(`kHyperDbg> .thread tid ${tid}`);
      await page.keyboard.press('F5');
      await studio.waitPhase('paused');
      await expect
        .poll(() => page.getByTestId('status-context').textContent(), { timeout: WAIT })
        .toContain(`tid ${tid}`);

      // The core list: the halted core is listed (with its RIP) before any switch.
      await studio.openTab('processes');
      const firstCore = (await page.getByTestId('current-core').textContent()) ?? '';
      const coreRow = (core: string) => page.locator(`[data-testid=core-row][data-core="${core}"]`);
      await coreRow(firstCore).waitFor({ timeout: WAIT });
      expect(await coreRow(firstCore).locator('td').nth(1).textContent()).toBe('operating');
      expect(await page.getByTestId('cores-note').textContent()).toContain('grows as cores report');
      // Switch the operating core with ~ N from the box: the new core joins the list.
      const otherCore = firstCore === '1' ? '2' : '1';
      await page.getByLabel('switch to core').fill(otherCore);
      await page.getByTestId('switch-core').click();
      await expect
        .poll(() => page.getByTestId('current-core').textContent(), { timeout: WAIT })
        .toBe(otherCore);
      expect(await studio.consoleText()).toContain(`kHyperDbg> ~ ${otherCore}`);
      await expect
        .poll(() => coreRow(otherCore).locator('td').nth(3).textContent(), { timeout: WAIT })
        .toBe('core switched');
      expect(await coreRow(firstCore).locator('td').nth(1).textContent()).toBe('halted');
      expect(await coreRow(firstCore).locator('td').nth(2).textContent()).toMatch(/^[0-9a-f`]+$/);
      await studio.shot('processes-switched');
      // And back from the list's own switch button, echoed like a typed command.
      await coreRow(firstCore).getByRole('button', { name: 'switch' }).click();
      await expect
        .poll(() => page.getByTestId('current-core').textContent(), { timeout: WAIT })
        .toBe(firstCore);
      expect(await studio.consoleText()).toContain(`kHyperDbg> ~ ${firstCore}`);
      await studio.openTab('processes');
      expect(await coreRow(otherCore).locator('td').nth(1).textContent()).toBe('halted');
      // The list is the session's, not this page's: a second window on the same host shows it too.
      const coreRows = (on: typeof page) =>
        on
          .locator('[data-testid=core-row]')
          .evaluateAll((rows) =>
            rows.map((row) => [...row.querySelectorAll('td')].slice(0, 4).map((cell) => cell.textContent)),
          );
      const secondWindow = await page.context().browser()!.newContext({ viewport });
      try {
        const second = await secondWindow.newPage();
        await second.goto(page.url());
        await second.getByTestId('tab-processes').click();
        await expect.poll(() => coreRows(second), { timeout: WAIT }).toEqual(await coreRows(page));
      } finally {
        await secondWindow.close();
      }
      expect(await cutCells(studio, 'pane-processes', 'table')).toEqual([]);
      expect(studio.pageErrors).toEqual([]);
    },
    STEP_TIMEOUT,
  );
});

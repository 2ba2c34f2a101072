// End-to-end: the Connect pane in Debian's Chromium (browser mode) at both window sizes, against
// the built-in simulator and a simulator listening on TCP: what the signature field will send,
// the serial port picker fed by the host's port list, platform hints, Detect on good and missing
// folders, one problem display with its next step, Recent restoring a whole connection, and the
// real session endpoint after a reload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listenSimulator, type SimulatorServer } from '../../simulator/endpoints';
import { listSerialPorts } from '../../electron/transport/serial';
import { buildRenderer, openStudio, STEP_TIMEOUT, VIEWPORTS, WAIT, type Studio } from './harness';

/** The build the TCP simulator accepts (a real debuggee's libhyperdbg signature has this shape). */
const SIGNATURE = '0.2.0-20250312.1542';
const renderer = buildRenderer('connect');

describe.each(VIEWPORTS)('Connect pane at $width×$height', (viewport) => {
  let studio: Studio;
  let server: SimulatorServer;
  let hyperdbgFolder: string;
  const phase = () => studio.phase();
  const text = (id: string) => studio.page.getByTestId(id).textContent();

  beforeAll(async () => {
    await renderer.built;
    server = await listenSimulator(
      { kind: 'tcp', host: '127.0.0.1', port: 0 },
      // A second PING is the debugger's cue to report a reply that never arrived ("keeps
      // pinging"); the retry must outlast a slow, loaded machine's answer, as HyperDbg's 5 s does.
      { signature: SIGNATURE, rate: 0, handshakeRetryMs: 5000 },
    );
    hyperdbgFolder = await mkdtemp(join(tmpdir(), 'hds-hyperdbg-'));
    // A libhyperdbg stand-in: the signature string sits NUL-terminated among other bytes.
    await writeFile(
      join(hyperdbgFolder, 'libhyperdbg.dll'),
      Buffer.from(`MZ\0\0junk${SIGNATURE}\0more`, 'latin1'),
    );
    studio = await openStudio({
      rendererDir: renderer.dir,
      viewport,
      shots: `connect/${viewport.width}x${viewport.height}`,
    });
    await studio.openTab('connect');
  }, 180_000);

  afterAll(async () => {
    await studio?.close();
    await server?.close();
  });

  it(
    'says what the signature field will send: nothing for the simulator, a real link needs one',
    async () => {
      const { page } = studio;
      await page.getByLabel('link type').selectOption('sim');
      await expect(page.getByLabel('build signature').isDisabled()).resolves.toBe(true);
      expect(await text('signature-plan')).toMatch(/simulator's own build/);

      await page.getByLabel('link type').selectOption('tcp');
      await page.getByLabel('tcp port').fill('5555');
      // No default configured: the placeholder never promises one, and Connect says why it waits.
      expect(await page.getByLabel('build signature').getAttribute('placeholder')).toMatch(/^required/);
      expect(await text('signature-plan')).toMatch(/needs its build signature/);
      await expect(page.getByTestId('connect-button').isDisabled()).resolves.toBe(true);

      await page.getByLabel('build signature').fill('0.2.0');
      expect(await text('signature-plan')).toMatch(/'0\.2\.0' is not a build signature/);
      await page.getByLabel('build signature').fill(SIGNATURE);
      expect(await text('signature-plan')).toBe(`Connect sends ${SIGNATURE}`);
      await expect(page.getByTestId('connect-button').isEnabled()).resolves.toBe(true);
    },
    STEP_TIMEOUT,
  );

  it(
    'names pipes Windows only on Linux and defaults to the README pipe com_2',
    async () => {
      const { page } = studio;
      await page.getByLabel('link type').selectOption('pipe');
      expect(await page.getByLabel('named pipe').inputValue()).toBe('\\\\.\\pipe\\com_2');
      expect(await text('endpoint-hint')).toMatch(/only on Windows.*unix:.*tcp:/);
      await expect(page.getByTestId('connect-button').isDisabled()).resolves.toBe(true);
      await page.getByLabel('link type').selectOption('unix');
      expect(await text('endpoint-hint')).toMatch(/-serial unix:/);
    },
    STEP_TIMEOUT,
  );

  it(
    "offers the host's serial ports (the --list-ports data) in a picker, and a typed path",
    async () => {
      const { page } = studio;
      const expected = await listSerialPorts();
      await page.getByLabel('link type').selectOption('serial');
      const picker = page.getByTestId('serial-port-select');
      await expect
        .poll(async () => (await picker.locator('option').allTextContents()).slice(1), { timeout: WAIT })
        .toEqual(expected.map((p) => p.friendlyName ?? p.path));
      if (expected.length > 0) {
        await picker.selectOption(expected[0]!.path);
        expect(await text('endpoint-text')).toBe(`serial:${expected[0]!.path}@115200`);
      }
      await picker.selectOption('');
      await page.getByLabel('serial port path').fill('/dev/ttyUSB7');
      await page.getByLabel('baud rate').selectOption('57600');
      expect(await text('endpoint-text')).toBe('serial:/dev/ttyUSB7@57600');
    },
    STEP_TIMEOUT,
  );

  it(
    'detects the signature from a HyperDbg folder; a missing folder is reported and the list stays',
    async () => {
      const { page } = studio;
      await page.getByLabel('link type').selectOption('tcp');
      await page.getByLabel('build signature').fill('');
      await page.getByLabel('HyperDbg folder').fill(hyperdbgFolder);
      await page.getByRole('button', { name: 'Detect from HyperDbg folder' }).click();
      const list = page.getByRole('list', { name: 'detected signatures' });
      await expect.poll(() => list.textContent(), { timeout: WAIT }).toContain(SIGNATURE);
      expect(await page.getByLabel('build signature').inputValue()).toBe(SIGNATURE);

      await page.getByLabel('HyperDbg folder').fill(join(hyperdbgFolder, 'missing'));
      await page.getByRole('button', { name: 'Detect from HyperDbg folder' }).click();
      await expect
        .poll(() => text('detect-error'), { timeout: WAIT })
        .toMatch(/missing is not a folder; point to/);
      expect(await text('detect-error')).not.toMatch(/^err,/);
      expect(await list.textContent()).toContain(SIGNATURE);
    },
    STEP_TIMEOUT,
  );

  it(
    'shows a failed connect once, without the err, prefix, with the next step',
    async () => {
      const { page } = studio;
      await page.getByLabel('tcp host').fill('127.0.0.1');
      await page.getByLabel('tcp port').fill('1');
      await page.getByLabel('build signature').fill(SIGNATURE);
      await page.getByTestId('connect-button').click();
      const problem = page.getByTestId('connect-problem');
      await expect.poll(() => problem.textContent(), { timeout: WAIT }).toMatch(/refused the connection/);
      const alerts = await page.getByRole('alert').allTextContents();
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).not.toMatch(/err,|💡/);
      expect(alerts[0]!.match(/refused the connection/g)).toHaveLength(1);
      expect(await problem.locator('.next-step').allTextContents()).toEqual([
        expect.stringMatching(/^Next: is the virtual machine running/),
      ]);
      await studio.shot('connect-problem');
    },
    STEP_TIMEOUT,
  );

  it(
    'connects over TCP; after a reload the pane shows that session, not the simulator',
    async () => {
      const { page } = studio;
      const [host, port] = server.address.slice(4).split(':');
      await page.getByLabel('tcp host').fill(host!);
      await page.getByLabel('tcp port').fill(port!);
      await page.getByTestId('connect-button').click();
      await expect.poll(phase, { timeout: WAIT }).toMatch(/^(running|paused)$/);
      expect([...(await page.getByRole('alert').allTextContents()), ...studio.pageErrors]).toEqual([]);
      await page.reload();
      await studio.openTab('connect');
      await expect.poll(() => text('session-endpoint'), { timeout: WAIT }).toBe(server.address);
      await expect.poll(() => page.getByLabel('link type').inputValue()).toBe('tcp');
      expect(await page.getByLabel('tcp port').inputValue()).toBe(port);
      await expect.poll(() => page.getByLabel('build signature').inputValue()).toBe(SIGNATURE);
      await studio.shot('connect');
      await page.getByTestId('disconnect-button').click();
      await expect.poll(phase, { timeout: WAIT }).toBe('disconnected');
    },
    STEP_TIMEOUT,
  );

  it(
    'Recent restores the whole connection (link, signature) and reconnects without a stall',
    async () => {
      const { page } = studio;
      // The simulator first, so Recent holds both kinds.
      await page.getByLabel('link type').selectOption('sim');
      await page.getByTestId('connect-button').click();
      await expect.poll(phase, { timeout: WAIT }).toMatch(/^(running|paused)$/);
      await page.getByTestId('disconnect-button').click();
      await expect.poll(phase, { timeout: WAIT }).toBe('disconnected');

      const recent = page.getByRole('region', { name: 'recent connections' });
      await recent.getByRole('button', { name: server.address }).click();
      expect(await page.getByLabel('link type').inputValue()).toBe('tcp');
      expect(await page.getByLabel('build signature').inputValue()).toBe(SIGNATURE);
      await recent.getByRole('button', { name: 'sim', exact: true }).click();
      expect(await page.getByLabel('link type').inputValue()).toBe('sim');
      expect(await text('signature-plan')).toMatch(/simulator's own build/);
      await page.getByTestId('connect-button').click();
      await expect.poll(phase, { timeout: WAIT }).toMatch(/^(running|paused)$/);
      // The stale real-link signature used to go to the simulator, which stalled with COM-port hints.
      expect(await page.getByTestId('connect-problem').count()).toBe(0);
      expect(studio.pageErrors).toEqual([]);
    },
    STEP_TIMEOUT,
  );
});

import { describe, expect, it } from 'vitest';
import { SIGNATURE_NEEDED_MESSAGE } from '../../shared/protocol/build-signature';
import { createMemoryTransportPair } from '../transport/transport';
import { isSimulatorEndpoint, openLink, resolveConnectTarget } from './connect';

const SIM_SIGNATURE = '0.2.0-20250101.1200';

describe('resolveConnectTarget', () => {
  it("gives `sim` the simulator's signature when none is given, and a real debuggee the one given", () => {
    const sim = resolveConnectTarget(' sim ', null, SIM_SIGNATURE);
    expect(sim.ok && sim.value).toMatchObject({ label: 'sim', signature: SIM_SIGNATURE, onSimulator: true });
    const tcp = resolveConnectTarget('tcp:127.0.0.1:5555', '0.9.1-20240102.0304', SIM_SIGNATURE);
    expect(tcp.ok && tcp.value).toMatchObject({
      endpoint: { kind: 'tcp', host: '127.0.0.1', port: 5555 },
      signature: '0.9.1-20240102.0304',
      onSimulator: false,
    });
  });

  it('refuses a bad endpoint, a missing signature for a real debuggee and a malformed one', () => {
    expect(resolveConnectTarget('com2', '0.9.1-20240102.0304', SIM_SIGNATURE)).toMatchObject({
      ok: false,
      error: expect.stringContaining("'com2' is not an endpoint"),
    });
    expect(resolveConnectTarget('tcp:127.0.0.1:5555', undefined, SIM_SIGNATURE)).toEqual({
      ok: false,
      error: SIGNATURE_NEEDED_MESSAGE,
    });
    expect(resolveConnectTarget('sim', 'v0.9', SIM_SIGNATURE)).toMatchObject({
      ok: false,
      error: expect.stringContaining("'v0.9' is not a HyperDbg build signature"),
    });
  });

  it('recognises the simulator by the endpoint grammar only', () => {
    expect(isSimulatorEndpoint('sim')).toBe(true);
    expect(isSimulatorEndpoint(' sim')).toBe(true);
    expect(isSimulatorEndpoint('SIM')).toBe(false);
    expect(isSimulatorEndpoint('tcp:sim:1')).toBe(false);
  });
});

describe('openLink', () => {
  it('opens the simulator through its factory, and opens nothing when the trace path is unusable', async () => {
    const target = resolveConnectTarget('sim', null, SIM_SIGNATURE);
    if (!target.ok) throw new Error(target.error);
    let opened = 0;
    const simulator = () => {
      opened++;
      return Promise.resolve(createMemoryTransportPair('sim')[0]);
    };
    const refused = await openLink(target.value, { recordTo: '/nonexistent-folder/trace.jsonl', simulator });
    expect(refused).toMatchObject({ ok: false, error: expect.stringContaining('cannot record to') });
    expect(opened).toBe(0);
    const link = await openLink(target.value, { simulator });
    expect(link.ok && link.value.label).toBe('sim');
    expect(opened).toBe(1);
    if (link.ok) await link.value.close();
  });
});

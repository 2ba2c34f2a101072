import { describe, expect, it } from 'vitest';
import {
  DEBUGGER_EVENT_AND_ACTION_RESULT,
  DEBUGGER_MODIFY_EVENTS,
  DEBUGGER_READ_MEMORY,
} from '../../shared/protocol';
import { DryRunLink } from './dry-run-link';
import { Action, PacketType, STATUS_SUCCESS } from './packets';

async function answer(action: number, responseAction: number, payload: Uint8Array): Promise<Uint8Array> {
  const link = new DryRunLink();
  const { response } = await link.request(
    { packetType: PacketType.vmxRoot, action, payload },
    { responseAction },
  );
  expect(link.frames).toHaveLength(1);
  return response.payload;
}

describe('DryRunLink answers every request as a debuggee that accepted it', () => {
  it('answers event registration with a successful DEBUGGER_EVENT_AND_ACTION_RESULT', async () => {
    const payload = await answer(18, Action.resultRegisteringEvent, new Uint8Array(200).fill(9));
    expect(payload.length).toBe(DEBUGGER_EVENT_AND_ACTION_RESULT.size);
    expect(DEBUGGER_EVENT_AND_ACTION_RESULT.decode(payload)).toEqual({ IsSuccessful: true, Error: 0 });
  });

  it('echoes the request with its u64 status set, widened to the whole struct', async () => {
    const request = DEBUGGER_MODIFY_EVENTS.encode({ Tag: 0x1000001n, TypeOfAction: 2 }).subarray(0, 8);
    const payload = await answer(20, Action.resultQueryAndModifyEvent, request);
    expect(payload.length).toBe(DEBUGGER_MODIFY_EVENTS.size);
    expect(DEBUGGER_MODIFY_EVENTS.decode(payload)).toMatchObject({
      Tag: 0x1000001n,
      KernelStatus: BigInt(STATUS_SUCCESS),
    });
  });

  it('keeps the other request fields when it sets a u32 status', async () => {
    const request = DEBUGGER_READ_MEMORY.encode({ Address: 0xfffff800_00001000n, Size: 16 });
    const payload = await answer(Action.readMemory, Action.resultReadingMemory, request);
    expect(DEBUGGER_READ_MEMORY.decode(payload)).toMatchObject({
      Address: 0xfffff800_00001000n,
      Size: 16,
      KernelStatus: STATUS_SUCCESS,
    });
  });
});

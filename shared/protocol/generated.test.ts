import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as constants from './generated/constants';
import * as enums from './generated/enums';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../test/fixtures/hyperdbg-v0.23/${name}`, import.meta.url), 'utf8'));

describe('generated enums', () => {
  const oracle = fixture('enums.json') as Record<string, Record<string, number>>;
  it('has exactly the enums and values of enums.json', () => {
    expect(Object.keys(enums).sort()).toEqual(Object.keys(oracle).sort());
    for (const [typeName, members] of Object.entries(oracle)) {
      expect((enums as Record<string, unknown>)[typeName], typeName).toEqual(members);
    }
  });
  it('spot values from the protocol reference', () => {
    expect(
      enums.DEBUGGER_REMOTE_PACKET_TYPE.DEBUGGER_REMOTE_PACKET_TYPE_DEBUGGER_TO_DEBUGGEE_EXECUTE_ON_VMX_ROOT,
    ).toBe(1);
    expect(
      enums.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION
        .DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CONTINUE,
    ).toBe(6);
    expect(
      enums.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION
        .DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_HYPERTRACE_PT_OPERATION_REQUESTS,
    ).toBe(75);
  });
});

describe('generated constants', () => {
  const oracle = fixture('constants.json') as Record<string, string>;
  it('has every constant of constants.json with its exact value (bigint above 2^53)', () => {
    expect(Object.keys(constants).sort()).toEqual(Object.keys(oracle).sort());
    for (const [name, text] of Object.entries(oracle)) {
      const actual = (constants as Record<string, number | bigint>)[name];
      const exact = BigInt(text);
      if (exact > BigInt(Number.MAX_SAFE_INTEGER)) expect(actual, name).toBe(exact);
      else expect(actual, name).toBe(Number(exact));
    }
  });
  it('spot values', () => {
    expect(constants.INDICATOR_OF_HYPERDBG_PACKET).toBe(0x4859504552444247n);
    expect(constants.MaxSerialPacketSize).toBe(81920);
    expect(constants.DEBUGGER_MODIFY_EVENTS_APPLY_TO_ALL_TAG).toBe(0xffffffffffffffffn);
    expect(constants.OPERATION_MANDATORY_DEBUGGEE_BIT).toBe(-0x80000000);
  });
});

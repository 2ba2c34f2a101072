import { describe, expect, it } from 'vitest';
import {
  changeKind,
  defaultDraft,
  draftToCommand,
  validateDraft,
  EVENT_KIND_NAMES,
  EVENT_KINDS,
} from './event-draft';

describe('event designer drafts', () => {
  it('starts the target over when the type changes and keeps filters and the action', () => {
    const hook = {
      ...defaultDraft('epthook'),
      target: 'nt!ExAllocatePoolWithTag',
      pid: '4',
      action: 'script' as const,
      script: 'x = 1;',
    };
    const syscall = changeKind(hook, 'syscall');
    expect(syscall).toMatchObject({
      kind: 'syscall',
      target: '',
      pid: '4',
      action: 'script',
      script: 'x = 1;',
    });
    expect(draftToCommand(syscall)).toBe('!syscall pid 4 script {\nx = 1;\n}');
    const all = { ...defaultDraft('monitor'), stage: 'all' as const, monitorEnd: '10' };
    expect(changeKind(all, 'epthook')).toMatchObject({ stage: 'pre', monitorEnd: '' });
    expect(changeKind(all, 'cpuid').stage).toBe('all');
  });

  it('builds a !monitor stage all command with a script', () => {
    const d = {
      ...defaultDraft('monitor'),
      target: 'fffff80000100000',
      monitorEnd: 'fffff80000100008',
      stage: 'all' as const,
      action: 'script' as const,
      script: 'printf("stage %d\\n", $stage);',
    };
    expect(validateDraft(d)).toEqual([]);
    expect(draftToCommand(d)).toBe(
      '!monitor rw fffff80000100000 fffff80000100008 stage all script {\nprintf("stage %d\\n", $stage);\n}',
    );
  });

  it('builds filters, buffer, condition and custom code', () => {
    const d = {
      ...defaultDraft('msrwrite'),
      target: 'c0000082',
      pid: '4',
      core: '1',
      imm: false,
      buffer: '10',
      condition: '48 31 c0',
      action: 'code' as const,
      code: '90 90',
    };
    expect(validateDraft(d)).toEqual([]);
    expect(draftToCommand(d)).toBe(
      '!msrwrite c0000082 pid 4 core 1 imm no buffer 10 condition {4831c0} code {9090}',
    );
  });

  it('uses l for a monitor length and omits empty optional targets', () => {
    expect(
      draftToCommand({
        ...defaultDraft('monitor'),
        monitorAccess: 'w',
        target: 'nt!Foo',
        monitorByLength: true,
        monitorEnd: '8',
      }),
    ).toBe('!monitor w nt!Foo l 8');
    expect(draftToCommand(defaultDraft('cpuid'))).toBe('!cpuid');
    expect(draftToCommand({ ...defaultDraft('sysret'), target: '55' })).toBe('!sysret');
  });

  it('rejects what HyperDbg rejects, with the field to fix', () => {
    const fields = (d: Parameters<typeof validateDraft>[0]) => validateDraft(d).map((p) => p.field);
    expect(fields({ ...defaultDraft('epthook'), target: 'nt!Foo', stage: 'post' })).toEqual(['stage']);
    expect(fields(defaultDraft('epthook'))).toEqual(['target']);
    expect(fields({ ...defaultDraft('cpuid'), stage: 'all', shortCircuit: true })).toEqual(['shortCircuit']);
    expect(fields({ ...defaultDraft('cpuid'), buffer: '3e8' })).toEqual(['buffer']);
    expect(fields({ ...defaultDraft('mode'), target: 'ku' })).toEqual(['pid']);
    expect(fields({ ...defaultDraft('interrupt'), target: '10' })).toEqual(['target']);
    expect(fields({ ...defaultDraft('cpuid'), action: 'script' })).toEqual(['script']);
    expect(fields({ ...defaultDraft('cpuid'), action: 'code', code: 'zz' })).toEqual(['code']);
    expect(fields({ ...defaultDraft('monitor'), target: '1000' })).toEqual(['monitorEnd']);
  });

  it('every kind produces a command naming itself', () => {
    for (const kind of EVENT_KIND_NAMES) {
      expect(draftToCommand(defaultDraft(kind)).startsWith(`!${kind}`)).toBe(true);
      expect(typeof EVENT_KINDS[kind].help).toBe('string');
    }
  });
});

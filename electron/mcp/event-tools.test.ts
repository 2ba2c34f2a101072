import { describe, expect, it } from 'vitest';
import { eventCommandText } from './event-tools';

describe('eventCommandText', () => {
  it('writes the command line HyperDbg reads, numbers in hex', () => {
    expect(
      eventCommandText({
        command: 'monitor',
        arguments: ['rw', 'fffff80163a01000', 'l', '100'],
        pid: 0x1f0,
        core: 2,
        stage: 'post',
        immediate: false,
        buffer: 200,
        condition: '48 31 c0',
        action: { kind: 'script', script: 'printf("%llx\\n", @rcx);\n\n' },
      }),
    ).toBe(
      '!monitor rw fffff80163a01000 l 100 pid 1f0 core 2 stage post imm no buffer c8 condition {4831c0} script {\nprintf("%llx\\n", @rcx);\n}',
    );
  });

  it('leaves out what the spec leaves out, and takes a break or code action', () => {
    expect(eventCommandText({ command: '!cpuid', arguments: [], action: { kind: 'break' } })).toBe('!cpuid');
    expect(
      eventCommandText({
        command: 'syscall',
        arguments: ['55'],
        pid: 'all',
        shortCircuit: true,
        action: { kind: 'code', code: '90 c3' },
      }),
    ).toBe('!syscall 55 pid all sc on code {90c3}');
  });
});

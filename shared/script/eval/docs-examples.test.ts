/**
 * The HyperDbg documentation shows what several example scripts print. Each script here is the
 * real v0.23 compiler's output for the docs example; running it must print exactly what the docs
 * show (the docs omit the final newline).
 */
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../wire';
import { createMemoryHost, evaluateScript } from './index';
import docs from './testdata/docs-outputs.json';

const RBX = 15;
const RAX = 0;

describe('docs examples print what the HyperDbg docs show', () => {
  for (const example of docs.cases) {
    it(example.id, () => {
      // Only the example of HyperDbg's debugger-script docs page reads registers ("rax + rbx is : 5"); any pair summing to 5 fits.
      const host = createMemoryHost({
        registers: new Map([
          [RAX, 2n],
          [RBX, 3n],
        ]),
      });
      const result = evaluateScript(hexToBytes(example.hex)!, host);
      expect(result.ok, result.error).toBe(true);
      expect(host.text.replace(/\n$/, '')).toBe(example.documentedOutput);
    });
  }
});

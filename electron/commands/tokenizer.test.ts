import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tokenizeCommand } from './tokenizer';

interface CorpusCase {
  readonly command: string;
  readonly tokens: readonly string[];
}

/**
 * Reads HyperDbg's corpus format: a line of underscores starts a command (its lines joined with
 * "\n"), each line of dashes starts the next expected token; empty expected tokens are not listed.
 */
function readCorpus(text: string): CorpusCase[] {
  const commandDelimiter = '_'.repeat(61);
  const tokenDelimiter = '-'.repeat(34);
  const cases: CorpusCase[] = [];
  let command: string | undefined;
  let tokens: string[] = [];
  let token: string | undefined;
  let inCommand = false;
  const flushToken = (): void => {
    if (token !== undefined && token !== '') tokens.push(token);
    token = undefined;
  };
  const flushCase = (): void => {
    flushToken();
    if (command !== undefined && command !== '') cases.push({ command, tokens });
    command = undefined;
    tokens = [];
  };
  for (const line of text.split('\n')) {
    if (line === commandDelimiter) {
      flushCase();
      inCommand = true;
    } else if (line === tokenDelimiter) {
      inCommand = false;
      flushToken();
    } else if (inCommand) command = command === undefined ? line : `${command}\n${line}`;
    else token = token === undefined ? line : `${token}\n${line}`;
  }
  flushCase();
  return cases;
}

const corpus = readCorpus(
  readFileSync(new URL('./testdata/command-parser-testcases.txt', import.meta.url), 'utf8'),
);

describe('tokenizeCommand against HyperDbg v0.23 command-parser corpus', () => {
  it('reads the whole corpus', () => {
    expect(corpus.length).toBeGreaterThan(250);
  });
  it.each(corpus.map((c, index) => [index + 1, c] as const))('case %i', (_n, testCase) => {
    expect(tokenizeCommand(testCase.command).map((t) => t.text)).toEqual(testCase.tokens);
  });
});

describe('tokenizeCommand kinds', () => {
  it('marks words, quoted strings and blocks', () => {
    expect(tokenizeCommand('!monitor rw 0x10 "a b" script { print(1); }')).toEqual([
      { kind: 'word', text: '!monitor' },
      { kind: 'word', text: 'rw' },
      { kind: 'word', text: '0x10' },
      { kind: 'quoted', text: 'a b' },
      { kind: 'word', text: 'script' },
      { kind: 'block', text: ' print(1); ' },
    ]);
  });
  it('does not split on tabs, like HyperDbg', () => {
    expect(tokenizeCommand('db\tfffff800')).toEqual([{ kind: 'word', text: 'db\tfffff800' }]);
  });
});

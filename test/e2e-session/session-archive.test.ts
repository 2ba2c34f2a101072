import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../support/csv';

/**
 * The session archive as a user meets it: `hds connect` records every session into its own file,
 * nothing is deleted at the end, a reconnect adds a file, a kill -9 leaves a readable session
 * that the next start lists as recovered, and `hds logs` lists, shows, searches and exports them.
 */
const root = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'hds-archive-e2e-'));
const env = { ...process.env, HDS_DATA_DIR: dataDir };
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function hds(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/hds.mjs'), ...args], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Listed {
  id: string;
  started: number;
  endpoint: string;
  rows: number;
  path: string;
  status: string;
}
const list = (): Listed[] => JSON.parse(hds('logs', 'list', '--json').stdout) as Listed[];

describe('session archive through hds connect and hds logs', () => {
  it('keeps a session after it ends and finds a substring inside a word', () => {
    const run = hds('connect', 'sim', '--exec', '? printf("the number is %d\\n", 7);', '--exec', 'test pool');
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/logging this session to .*sessions.*_sim\.sqlite/);
    const [session] = list();
    expect(session).toMatchObject({ endpoint: 'sim', status: 'ended' });
    expect(session!.rows).toBeGreaterThan(10);
    const shown = hds('logs', 'show', 'latest', '--text', 'umber', '--json');
    expect(shown.status).toBe(0);
    const rows = shown.stdout
      .trim()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { id: number; time: string; stage: null; event: null; text: string },
      );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ text: 'the number is 7\n', stage: null, event: null });
    expect(rows[0]!.time).toMatch(/^\d{4}-\d\d-\d\dT/);
  }, 90_000);

  it('starts a new file on reconnect and never deletes the old one', () => {
    const before = list();
    expect(hds('connect', 'sim', '--exec', '? printf("second\\n");').status).toBe(0);
    const after = list();
    expect(after).toHaveLength(before.length + 1);
    expect(after.slice(1).map((s) => s.id)).toEqual(before.map((s) => s.id));
    expect(hds('logs', 'show', after[0]!.id, '--text', 'second').stdout).toContain('second');
  }, 90_000);

  it('exports CSV that parses back to the rows show prints, and explains bad queries', () => {
    const out = path.join(dataDir, 'export.csv');
    const exported = hds('logs', 'export', 'latest', '--format', 'csv', '--out', out);
    expect(exported.status).toBe(0);
    const json = hds('logs', 'show', 'latest', '--json')
      .stdout.trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: number; text: string; kind: string });
    const [header, ...records] = parseCsv(readFileSync(out, 'utf8'));
    expect(header).toEqual(['id', 'time', 'time_ms', 'kind', 'event', 'stage', 'core', 'sequence', 'text']);
    expect(records.map((r) => [Number(r[0]), r[3], r[8]])).toEqual(json.map((r) => [r.id, r.kind, r.text]));
    const bad = hds('logs', 'show', 'latest', '--fts', '"unterminated');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/not a valid full-text query/);
    expect(hds('logs', 'show', 'nosuchsession').stderr).toMatch(/no session 'nosuchsession'.*hds logs list/);
  }, 90_000);

  it('leaves a readable session after kill -9, listed as recovered at the next start', async () => {
    const child = spawn(process.execPath, [path.join(root, 'bin/hds.mjs'), 'connect', 'sim'], {
      cwd: root,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const until = async (test: () => boolean) => {
      const deadline = Date.now() + 30_000;
      while (!test() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(test()).toBe(true);
    };
    await until(() => stdout.includes('kHyperDbg>') || stdout.includes('debuggee is running'));
    child.stdin.write('pause\n');
    await until(() => /\d: kHyperDbg> /.test(stdout));
    child.stdin.write('? printf("before the crash\\n");\n');
    await until(() => stdout.includes('before the crash'));
    const live = list()[0]!;
    expect(live.status).toBe('live');
    // Rows reach the database in batches; kill once this one is committed (readable by another process).
    await until(() =>
      hds('logs', 'show', live.id, '--text', 'before the crash').stdout.includes('before the crash'),
    );
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const crashed = list()[0]!;
    expect(crashed).toMatchObject({ id: live.id, status: 'recovered' });
    expect(hds('logs', 'show', crashed.id, '--text', 'before the crash').stdout).toContain(
      'before the crash',
    );
  }, 90_000);

  it("applies the Settings' retention (the GUI's settings.json) and recovers crashed sessions when a session starts", () => {
    const before = list();
    expect(before.length).toBeGreaterThan(2);
    writeFileSync(
      path.join(dataDir, 'settings.json'),
      JSON.stringify({ logRetention: { maxSessions: 2, maxAgeDays: 0, maxTotalMb: 0, minFreeMb: 0 } }),
    );
    const kept = hds('connect', 'sim', '--exec', '? printf("kept\\n");');
    expect(kept.status).toBe(0);
    // the session the kill -9 above left open is recovered by this start, and said so
    expect(kept.stderr).toContain(`recovered the log of session ${before[0]!.id}`);
    const after = list();
    // the new session and the newest before it; the older ones are gone
    expect(after.map((s) => s.id)).toEqual([expect.any(String), before[0]!.id]);
    expect(hds('logs', 'show', 'latest', '--text', 'kept').stdout).toContain('kept');
    writeFileSync(path.join(dataDir, 'settings.json'), '{ not json');
    const warned = hds('connect', 'sim', '--exec', '? printf("defaults\\n");');
    expect(warned.status).toBe(0);
    expect(warned.stderr).toMatch(/\[warning\] .*settings\.json is not valid JSON .*default settings used/);
  }, 90_000);
});

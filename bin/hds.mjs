#!/usr/bin/env node
// Entry point of the `hds` command. It runs the esbuild bundle dist/cli/hds.mjs (built by
// `npm install` or `npm run build:cli`) while the bundle is newer than every source it was built
// from, so `hds` starts at once; otherwise (a fresh clone without the bundle, or sources edited
// since) it runs the TypeScript sources through tsx.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// better-sqlite3 13 (the log archive) crashes at load below Node 22, so an older Node never gets
// that far: it hands the command to the project's own Node 24 (the `node` devDependency, which npm
// scripts already use), or says what to install.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  const projectNode = join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(projectNode) || process.env.HDS_HANDED_OVER === '1') {
    process.stderr.write(
      `hds: needs Node.js 22.12+ or 24 (this is ${process.version}). Install a current Node, or run ` +
        `\`npm install\` in ${root} to get the project's own Node 24.\n`,
    );
    process.exit(1);
  }
  // The child gets the terminal and its Ctrl+C (hds connect turns it into a break-in); this process
  // only waits and passes the exit status on.
  process.on('SIGINT', () => {});
  // loaded here only: child_process costs every other start ~20 ms (a fifth of `hds --version`)
  const { spawn } = await import('node:child_process');
  const child = spawn(projectNode, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, HDS_HANDED_OVER: '1' },
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  await new Promise(() => {});
}

// `hds connect` takes a debuggee's output for hours, tens of thousands of messages a second. V8
// sizes its heap by the allocation rate (about 500 MB at 40,000 messages/s), so connect runs with
// a small young generation and a capped old one (under 200 MB then): the process image is replaced
// with the flags added (same pid, same terminal) where the platform can (execve: Node 22.15+, not
// Windows); elsewhere it runs with V8's defaults.
const BOUNDED_HEAP = ['--max-semi-space-size=1', '--max-old-space-size=512'];
if (
  process.argv[2] === 'connect' &&
  typeof process.execve === 'function' &&
  process.platform !== 'win32' &&
  !process.execArgv.includes(BOUNDED_HEAP[0])
) {
  process.execve(
    process.execPath,
    [
      process.execPath,
      ...process.execArgv,
      ...BOUNDED_HEAP,
      fileURLToPath(import.meta.url),
      ...process.argv.slice(2),
    ],
    process.env,
  );
}
const bundle = join(root, 'dist', 'cli', 'hds.mjs');

function bundleIsCurrent() {
  try {
    if (process.env.HDS_FROM_SOURCES === '1' || !existsSync(bundle)) return false;
    const built = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(join(root, 'dist', 'cli', 'inputs.json'), 'utf8'));
    return inputs.every((file) => statSync(join(root, file)).mtimeMs <= built);
  } catch {
    return false;
  }
}

if (bundleIsCurrent()) {
  await import(new URL('../dist/cli/hds.mjs', import.meta.url).href);
} else {
  // tsx keeps its compile cache in the temp folder and throws a raw stack trace when that folder
  // is unusable; run without the cache then, and say which folder is at fault.
  try {
    mkdirSync(join(tmpdir(), `tsx-${process.getuid?.() ?? 'user'}`), { recursive: true });
  } catch (error) {
    process.env.TSX_DISABLE_CACHE = '1';
    process.stderr.write(
      `hds: the temp folder ${tmpdir()} is not usable (${error.code ?? error.message}); running without the compile cache. ` +
        'Set TMPDIR (TEMP on Windows) to a writable folder.\n',
    );
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import('../electron/cli/bin.ts');
}

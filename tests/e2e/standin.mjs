// The stand-in cloud (tests/standin/standin.py) and `cloudreq serve` pointed at it, for the
// Send tests. Both listen on 127.0.0.1 only; both are stopped with SIGTERM by `stop()`.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = path.join(ROOT, 'dist');
export const PYTHON = path.join(ROOT, '.venv', 'bin', 'python');
export const STANDIN = path.join(ROOT, 'tests', 'standin', 'standin.py');
/** The made-up credentials the stand-in checks signatures against. */
export const CREDS = JSON.parse(readFileSync(path.join(ROOT, 'tests', 'standin', 'credentials.json'), 'utf8'));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** The cloudreq binary: $CLOUDREQ_BIN, else target/debug/cloudreq (built if missing). */
export function cloudreqBin() {
  if (process.env.CLOUDREQ_BIN) {
    assert.ok(existsSync(process.env.CLOUDREQ_BIN), `CLOUDREQ_BIN=${process.env.CLOUDREQ_BIN} does not exist`);
    return process.env.CLOUDREQ_BIN;
  }
  const local = path.join(ROOT, 'target', 'debug', 'cloudreq');
  if (!existsSync(local)) execFileSync('cargo', ['build', '-p', 'cloudreq-cli', '--locked'], { cwd: ROOT, stdio: 'inherit' });
  return local;
}

/** Spawns a child whose stdout and stderr are collected in memory. */
function launch(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  const proc = { child, stdout: '', stderr: '', exited: null };
  child.stdout.setEncoding('utf8').on('data', (d) => (proc.stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (proc.stderr += d));
  proc.done = new Promise((resolve) => child.on('exit', (code, signal) => resolve((proc.exited = { code, signal }))));
  return proc;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function stop(proc, graceMs = 5000) {
  if (!proc || proc.exited) return proc?.exited;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.exited || proc.child.kill('SIGKILL'), graceMs);
  const result = await proc.done;
  clearTimeout(timer);
  return result;
}

/**
 * Starts the stand-in cloud. Resolves to {port, ca, hosts, log, proc, dir, entries(), close()}.
 * `entries()` reads its request log (one object per request seen).
 */
export async function startStandIn({ hosts = [] } = {}) {
  assert.ok(existsSync(PYTHON), `${PYTHON} is missing: run scripts/setup`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cloudreq-send-e2e-'));
  const stateFile = path.join(dir, 'state.json');
  const log = path.join(dir, 'standin-log.jsonl');
  const args = [STANDIN, stateFile, '--log', log, '--dir', path.join(dir, 'certs')];
  for (const h of hosts) args.push('--host', h);
  const proc = launch(PYTHON, args);
  const started = Date.now();
  while (!existsSync(stateFile)) {
    if (proc.exited) throw new Error(`the stand-in exited (${JSON.stringify(proc.exited)}): ${proc.stderr}`);
    if (Date.now() - started > 30_000) throw new Error(`the stand-in did not start in 30 s: ${proc.stderr}`);
    await sleep(50);
  }
  const state = JSON.parse(readFileSync(stateFile, 'utf8'));
  return {
    ...state,
    proc,
    dir,
    entries() {
      if (!existsSync(log)) return [];
      return readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
    },
    /**
     * The log once it has at least `count` entries (the stand-in writes an entry just after it
     * answers, so a caller that has the answer may be a moment ahead of the log); the log as it
     * is after `timeoutMs`.
     */
    async entriesAtLeast(count, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      let got = this.entries();
      while (got.length < count && Date.now() < until) {
        await sleep(20);
        got = this.entries();
      }
      // A moment more, so an entry beyond the expected one would show too.
      if (got.length === count) {
        await sleep(50);
        got = this.entries();
      }
      return got;
    },
    async close() {
      await stop(proc);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** What dist/ holds now: names, sizes and times. */
function distSnapshot(dir) {
  return readdirSync(dir)
    .sort()
    .map((n) => {
      const s = statSync(path.join(dir, n));
      return `${n}:${s.size}:${s.mtimeMs}`;
    })
    .join('|');
}

/** Whether a copy of dist/ is whole: every asset index.html names is there, the wasm intact. */
function distIsWhole(dir) {
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) return false;
  const names = [...readFileSync(index, 'utf8').matchAll(/(?:href|src)="\/?([^"/?#]+\.(?:js|css|wasm))"/g)].map((m) => m[1]);
  if (!names.length || !names.every((n) => existsSync(path.join(dir, n)))) return false;
  return readdirSync(dir)
    .filter((n) => n.endsWith('.wasm'))
    .every((n) => readFileSync(path.join(dir, n)).subarray(0, 4).equals(Buffer.from([0, 0x61, 0x73, 0x6d])));
}

/** Copies dist/ to `to`, again if a rebuild was writing it meanwhile. */
async function copyDist(to) {
  for (let i = 0; i < 20; i++) {
    const before = distSnapshot(DIST);
    await rm(to, { recursive: true, force: true });
    await cp(DIST, to, { recursive: true });
    await sleep(300);
    if (distSnapshot(DIST) === before && distIsWhole(to)) return to;
    await sleep(1500);
  }
  throw new Error('dist/ kept changing (a build running?) or is incomplete: could not take a whole copy');
}

/**
 * Starts `cloudreq serve` on a free port with every host in `hosts` pointed at the stand-in.
 * It serves a private copy of dist/ (a rebuild during the run must not swap the assets under a
 * page whose index.html the server read at start). Resolves to {url, port, token, proc,
 * close()}; `proc.stdout` / `proc.stderr` hold its output.
 */
export async function startServe(standin, hosts) {
  const port = await freePort();
  const dist = await copyDist(path.join(standin.dir, 'dist'));
  const args = ['serve', '--port', String(port), '--dist', dist, '--extra-ca', standin.ca];
  for (const h of hosts) args.push('--upstream-override', `${h}=127.0.0.1:${standin.port}`);
  const proc = launch(cloudreqBin(), args);
  const started = Date.now();
  while (!/cloudreq is serving on/.test(proc.stdout)) {
    if (proc.exited) throw new Error(`cloudreq serve exited (${JSON.stringify(proc.exited)}): ${proc.stderr}`);
    if (Date.now() - started > 30_000) throw new Error(`cloudreq serve did not start in 30 s: ${proc.stderr}`);
    await sleep(50);
  }
  const shown = proc.stdout.match(/serving on http:\/\/127\.0\.0\.1:(\d+)\//);
  assert.equal(Number(shown?.[1]), port, `serving on the port asked for: ${proc.stdout}`);
  const url = `http://127.0.0.1:${port}/`;
  const html = await (await fetch(url)).text();
  const token = html.match(/<meta name="cloudreq-token" content="([0-9a-f]+)">/)?.[1];
  assert.ok(token, 'the served page carries the token');
  return { url, port, token, proc, close: () => stop(proc) };
}

/**
 * Child processes for benchmarks: a freshly started Dialtone (its embedded default, or
 * DATABASE_URL) and a bare fastify baseline, each in its own process so the load generator
 * (this process) never shares a CPU budget with the server it measures. 127.0.0.1 only.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

export interface Running {
  readonly url: string;
  stop(): Promise<void>;
}

function waitFor(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`process did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match?.[1]) { clearTimeout(timer); resolve(match[1]); }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`exited ${code}:\n${output}`)); });
  });
}

function stopper(child: ChildProcess, cleanup: () => void = () => undefined): () => Promise<void> {
  return async () => {
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    cleanup();
  };
}

export const BENCH_SID = `AC${'be'.repeat(16)}`;
export const BENCH_TOKEN = 'c0'.repeat(16);

/** Compiles src/ to dist/ when it is out of date (what `npm start` runs first). */
function buildIfNeeded(): void {
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'build-if-needed.mjs')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('building Dialtone failed');
}

/**
 * Starts Dialtone in a child process on a fresh data directory: the compiled server, as
 * `npm start` runs it (a development loader such as tsx changes what is measured, e.g. it
 * gives every function a name property, which costs memory per call).
 */
export async function startDialtone(): Promise<Running> {
  buildIfNeeded();
  const dataDir = mkdtempSync(join(tmpdir(), 'dialtone-bench-'));
  // BENCH_SERVER_NODE_ARGS passes flags to the server's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'bin', 'dialtone.js'),
    'start', '--port', '0', '--log-level', 'error', '--data-dir', dataDir], {
    cwd: root, env: { ...process.env, DIALTONE_ACCOUNT_SID: BENCH_SID, DIALTONE_AUTH_TOKEN: BENCH_TOKEN }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await waitFor(child, /API base URL\s+(\S+)/);
  return { url, stop: stopper(child, () => rmSync(dataDir, { recursive: true, force: true })) };
}

/** A bare fastify route that parses the same form body and answers JSON of the same size. */
export async function startBaseline(responseBytes: number): Promise<Running> {
  const script = `
    const Fastify = require('fastify'); const formbody = require('@fastify/formbody');
    const app = Fastify(); app.register(formbody);
    const pad = 'x'.repeat(${responseBytes});
    app.post('/2010-04-01/Accounts/:sid/Messages.json', async (req, reply) => reply.status(201).send({ sid: 'SM' + Date.now(), to: req.body.To, from: req.body.From, body: req.body.Body, pad }));
    app.listen({ host: '127.0.0.1', port: 0 }).then((address) => console.log('listening ' + address));`;
  const child = spawn(process.execPath, ['-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await waitFor(child, /listening (\S+)/);
  return { url, stop: stopper(child) };
}

/**
 * Child processes for benchmarks: a freshly started Dialtone (its embedded default, or a fresh
 * database on DATABASE_URL's PostgreSQL server), a bare fastify baseline, a bare relay of
 * status callbacks and a bare local app, each in its own process so the load generator (this
 * process) never shares a CPU budget with the server it measures. 127.0.0.1 only.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase } from './database.js';

const root = new URL('..', import.meta.url).pathname;

export interface Running {
  readonly url: string;
  /** CPU seconds the process has used so far, all its threads (user and system); NaN off Linux. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** Clock ticks per second of /proc/PID/stat's times (USER_HZ: 100 on every Linux port). */
const USER_HZ = 100;

/** CPU seconds used by a live process, from /proc (NaN where there is none). */
function cpuSecondsOf(pid: number | undefined): number {
  try {
    // Fields after the command's closing parenthesis: state is the 3rd field, utime the 14th, stime the 15th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  } catch {
    return Number.NaN;
  }
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

/** Seconds a server may take to stop gracefully before it is killed. */
const STOP_GRACE_SECONDS = 5;

/**
 * Stops a child: SIGTERM, then SIGKILL after the grace period. Dialtone's graceful stop waits for
 * its calls to end (phones that ring out their 60 s timeout, in `api`), which measures nothing.
 */
function stopper(child: ChildProcess, cleanup: () => void = () => undefined): () => Promise<void> {
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_SECONDS * 1000);
      await exited;
      clearTimeout(timer);
    }
    cleanup();
  };
}

/** Runs a bare server given as a script (which prints `listening URL`) in a child process. */
async function startScript(script: string): Promise<Running> {
  const child = spawn(process.execPath, ['-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await waitFor(child, /listening (\S+)/);
  return { url, cpuSeconds: () => cpuSecondsOf(child.pid), stop: stopper(child) };
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
  const database = await freshDatabase();
  // BENCH_SERVER_NODE_ARGS passes flags to the server's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'bin', 'dialtone.js'),
    'start', '--port', '0', '--log-level', 'error', '--data-dir', dataDir], {
    cwd: root,
    env: { ...process.env, ...(database.url ? { DATABASE_URL: database.url } : {}), DIALTONE_ACCOUNT_SID: BENCH_SID, DIALTONE_AUTH_TOKEN: BENCH_TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = stopper(child, () => rmSync(dataDir, { recursive: true, force: true }));
  const stopAll = async () => { await stop(); await database.drop(); };
  try {
    return { url: await waitFor(child, /API base URL\s+(\S+)/), cpuSeconds: () => cpuSecondsOf(child.pid), stop: stopAll };
  } catch (err) {
    // A server that failed to start (or to say so in time) leaves no process, directory or database behind.
    await stopAll();
    throw err;
  }
}

/**
 * A bare fastify server with the same routes (`Messages`, `Calls`: `{ Messages: 900 }`) that
 * parses the same form body and answers 201 with JSON of the given size: what any API costs.
 */
export async function startBaseline(responseBytes: Readonly<Record<string, number>>): Promise<Running> {
  const script = `
    const Fastify = require('fastify'); const formbody = require('@fastify/formbody');
    const app = Fastify(); app.register(formbody);
    const pads = new Map();
    const pad = (n) => { let p = pads.get(n); if (p === undefined) { p = 'x'.repeat(Math.max(0, n)); pads.set(n, p); } return p; };
    for (const [resource, bytes] of Object.entries(${JSON.stringify(responseBytes)})) {
      app.post('/2010-04-01/Accounts/:sid/' + resource + '.json', async (req, reply) => {
        const answer = { sid: resource.slice(0, 2).toUpperCase() + Date.now(), to: req.body.To, from: req.body.From, body: req.body.Body ?? null, url: req.body.Url ?? null, pad: '' };
        answer.pad = pad(bytes - JSON.stringify(answer).length);
        return reply.status(201).send(answer);
      });
    }
    app.listen({ host: '127.0.0.1', port: 0 }).then((address) => console.log('listening ' + address));`;
  return startScript(script);
}

/**
 * The least a messaging platform does per message, with no storage at all: a bare fastify
 * route that answers 201 with JSON of about Dialtone's size and then posts three signed status
 * callbacks in turn (sending, sent, delivered, as Dialtone does) with undici to the message's
 * StatusCallback. What this machine can do for `messaging`'s workload before any platform logic.
 * A callback that fails stops the relay, so the phase fails at once instead of waiting to drain.
 */
export async function startRelayBaseline(responseBytes: number): Promise<Running> {
  const script = `
    const Fastify = require('fastify'); const formbody = require('@fastify/formbody');
    const { Agent, request } = require('undici'); const { createHmac } = require('node:crypto');
    const agent = new Agent({ keepAliveTimeout: 10000, connections: 256 });
    const pad = 'x'.repeat(Math.max(0, ${responseBytes} - 200));
    let n = 0;
    const sign = (url, params) => createHmac('sha1', '${BENCH_TOKEN}').update(url + Object.keys(params).sort().map((k) => k + params[k]).join('')).digest('base64');
    async function callbacks(url, params) {
      for (const status of ['sending', 'sent', 'delivered']) {
        const form = { ...params, MessageStatus: status, SmsStatus: status };
        const response = await request(url, { dispatcher: agent, method: 'POST', body: new URLSearchParams(form).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sign(url, form) } });
        await response.body.dump();
      }
    }
    const app = Fastify(); app.register(formbody);
    app.post('/2010-04-01/Accounts/:sid/Messages.json', async (req, reply) => {
      const sid = 'SM' + String(++n).padStart(32, '0');
      const b = req.body;
      if (b.StatusCallback) setImmediate(() => callbacks(b.StatusCallback, { MessageSid: sid, SmsSid: sid, AccountSid: req.params.sid, From: b.From, To: b.To, ApiVersion: '2010-04-01' }).catch((err) => { console.error(err); process.exit(1); }));
      return reply.status(201).send({ sid, to: b.To, from: b.From, body: b.Body ?? null, status: 'queued', pad });
    });
    app.listen({ host: '127.0.0.1', port: 0 }).then((address) => console.log('listening ' + address));`;
  return startScript(script);
}

/** A bare local app (node:http) that answers every request 200 with an empty body, as apps answer status callbacks. */
export async function startApp(): Promise<Running> {
  const script = `
    const server = require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-length': '0' }); res.end(); }); });
    server.keepAliveTimeout = 60000;
    server.listen(0, '127.0.0.1', () => console.log('listening http://127.0.0.1:' + server.address().port));`;
  return startScript(script);
}

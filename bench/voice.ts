/**
 * Voice benchmark: 10,000 simulated calls placed through the API by `concurrency` clients into a
 * Gather/Say IVR served by a local app, held in the IVR loop for three phases' `duration` (at
 * least one turn of the loop and five seconds). Reports calls set up per second, peak concurrent
 * calls, webhook round trips per second, the engine's time per verb (p50/p99, from the server's
 * own /metrics), RSS per 1,000 calls, and how late the IVR's loop ran against the time the TwiML
 * asks for (prompt + Gather timeout), its baseline: the engine falling behind shows there.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { estimateSpeechMs } from '../src/media/index.js';
import { expectStatuses, load, provision, quantile, request } from './load.js';
import type { LoadResult } from './load.js';
import type { BenchOptions } from './options.js';
import { BENCH_SID, startDialtone } from './processes.js';
import type { Row } from './table.js';

/** A typical main menu: a caller who presses nothing hears it again after the Gather's timeout. */
const PROMPT = 'Thank you for calling Acme. For sales, press 1. For support, press 2. For billing, press 3. To hear these options again, stay on the line.';
const GATHER_TIMEOUT_S = 5;
const IVR = `<?xml version="1.0" encoding="UTF-8"?><Response><Gather numDigits="1" timeout="${GATHER_TIMEOUT_S}" action="/ivr"><Say>${PROMPT}</Say></Gather><Redirect>/ivr</Redirect></Response>`;
/** One turn of the IVR loop in call time: the prompt, then the Gather's timeout. */
const LOOP_MS = estimateSpeechMs(PROMPT) + GATHER_TIMEOUT_S * 1000;
const PHONES = 100;
const CALLS = 10_000;
/**
 * People answer after one to six seconds. Phones that all answered at once would lock calls
 * placed together (the API commits a group of creates at a time) into the same phase of the
 * IVR loop for ever: their webhooks would come in bursts no real traffic has.
 */
const ringSeconds = (phone: number) => 1 + (phone % 20) * 0.25;

/** The server's garbage-collection time so far, in seconds, all kinds together. */
async function gcSeconds(url: string): Promise<number> {
  const text = await request(url, 'GET', '/metrics');
  return text.split('\n').filter((l) => l.startsWith('nodejs_gc_duration_seconds_sum')).reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

/** One sample of a /metrics text by name (and quantile label). */
function sample(text: string, name: string, quantile?: string): number {
  const line = text.split('\n').find((l) => l.startsWith(name) && (quantile === undefined ? /^\S+ /.test(l) && l.split(' ')[0] === name : l.includes(`quantile="${quantile}"`)));
  return Number(line?.split(' ').pop() ?? Number.NaN);
}

/** Reads the server's /metrics: one sample by name (and quantile label). */
export async function metric(url: string, name: string, quantile?: string): Promise<number> {
  return sample(await request(url, 'GET', '/metrics'), name, quantile);
}

export interface VoiceBench {
  readonly calls: number;
  readonly holdSeconds: number;
  readonly api: LoadResult;
  readonly setupPerSecond: number;
  readonly peakLive: number;
  readonly webhooksPerSecond: number;
  /** The server's CPU use during the hold, in cores (1 = one core busy). */
  readonly serverCpu: number;
  /** The server's garbage collection during the hold, in cores. */
  readonly serverGc: number;
  /** The app's (this process's) CPU use during the hold, in cores. */
  readonly appCpu: number;
  readonly verbMs: { readonly p50: number; readonly p99: number };
  /** TwiML round trips as the engine saw them (request to parsed document). */
  readonly webhookMs: { readonly p50: number; readonly p99: number };
  /** The server's event-loop lag, p99, in its worst second while holding. */
  readonly loopLagMs: number;
  readonly mbPer1000: number;
  /** Of which the JavaScript heap in use (the rest is the heap's headroom, buffers, SQLite). */
  readonly heapMbPer1000: number;
  readonly heapTotalMb: number;
  readonly rssMb: number;
  readonly loopMs: { readonly expected: number; readonly p50: number; readonly p99: number };
}

async function measureVoice(calls: number, holdSeconds: number, concurrency: number): Promise<VoiceBench> {
  const firstHit = new Map<string, number>();
  const lastHit = new Map<string, number>();
  const intervals: number[] = [];
  let windowHits = 0;
  const tracing = process.env.BENCH_TRACE !== undefined;
  const hitTimes: number[] = [];
  let counting = false;
  const app = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      const sid = new URLSearchParams(body).get('CallSid') ?? '';
      const now = performance.now();
      if (!firstHit.has(sid)) firstHit.set(sid, now);
      const last = lastHit.get(sid);
      if (counting) { windowHits++; if (last !== undefined) intervals.push(now - last); }
      lastHit.set(sid, now);
      if (tracing) hitTimes.push(now);
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(IVR);
    });
  });
  app.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  const ivrUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/ivr`;
  const dialtone = await startDialtone();
  try {
    const { number, phones } = await provision(dialtone.url, PHONES, ringSeconds);
    const rssBefore = await metric(dialtone.url, 'process_resident_memory_bytes');
    const heapBefore = await metric(dialtone.url, 'nodejs_heap_size_used_bytes');
    const form = (i: number) => new URLSearchParams({ To: phones[i % PHONES] ?? '', From: number, Url: ivrUrl }).toString();
    const started = performance.now();
    // BENCH_TRACE=1 prints a line a second: calls up, server CPU, event-loop lag (server and app).
    const tracer = tracing ? traceEverySecond(dialtone.url, () => firstHit.size, hitTimes) : null;
    const api = await load(dialtone.url, `/2010-04-01/Accounts/${BENCH_SID}/Calls.json`, form, { concurrency, seconds: 120, max: calls });
    expectStatuses('calls.create', api, [201]);
    const deadline = Date.now() + 120_000;
    while (firstHit.size < calls && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const setupPerSecond = firstHit.size / ((Math.max(...firstHit.values()) - started) / 1000);
    counting = true;
    const cpuBefore = await metric(dialtone.url, 'process_cpu_seconds_total');
    const gcBefore = await gcSeconds(dialtone.url);
    const appCpuBefore = process.cpuUsage();
    const windowStart = performance.now();
    let peakLive = 0;
    // prom-client restarts its event-loop delay histogram at every scrape: one a second gives a
    // p99 per second, of which the worst is kept.
    let loopLagMs = 0;
    while (performance.now() - windowStart < holdSeconds * 1000) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const text = await request(dialtone.url, 'GET', '/metrics');
      peakLive = Math.max(peakLive, sample(text, 'dialtone_calls_live'));
      loopLagMs = Math.max(loopLagMs, sample(text, 'nodejs_eventloop_lag_p99_seconds') * 1000);
    }
    const windowSeconds = (performance.now() - windowStart) / 1000;
    const webhooksPerSecond = windowHits / windowSeconds;
    tracer?.stop();
    const serverCpu = (await metric(dialtone.url, 'process_cpu_seconds_total') - cpuBefore) / windowSeconds;
    const serverGc = (await gcSeconds(dialtone.url) - gcBefore) / windowSeconds;
    const appCpuUsed = process.cpuUsage(appCpuBefore);
    const appCpu = (appCpuUsed.user + appCpuUsed.system) / 1e6 / windowSeconds;
    counting = false;
    const rssAfter = await metric(dialtone.url, 'process_resident_memory_bytes');
    const heapAfter = await metric(dialtone.url, 'nodejs_heap_size_used_bytes');
    const heapTotalMb = (await metric(dialtone.url, 'nodejs_heap_size_total_bytes')) / 1024 / 1024;
    const rssMb = rssAfter / 1024 / 1024;
    const webhookMs = {
      p50: (await metric(dialtone.url, 'dialtone_webhook_seconds', '0.5')) * 1000, p99: (await metric(dialtone.url, 'dialtone_webhook_seconds', '0.99')) * 1000,
    };
    const verbMs = { p50: (await metric(dialtone.url, 'dialtone_verb_engine_seconds', '0.5')) * 1000, p99: (await metric(dialtone.url, 'dialtone_verb_engine_seconds', '0.99')) * 1000 };
    intervals.sort((a, b) => a - b);
    if (firstHit.size < calls) throw new Error(`only ${firstHit.size} of ${calls} calls reached the IVR within 120 s`);
    return {
      calls, holdSeconds, api, setupPerSecond, peakLive, webhooksPerSecond, serverCpu, serverGc, appCpu, webhookMs, loopLagMs, verbMs,
      mbPer1000: ((rssAfter - rssBefore) / 1024 / 1024) / (peakLive / 1000),
      heapMbPer1000: ((heapAfter - heapBefore) / 1024 / 1024) / (peakLive / 1000), heapTotalMb, rssMb, loopMs: { expected: LOOP_MS, p50: quantile(intervals, 0.5), p99: quantile(intervals, 0.99) },
    };
  } finally {
    await dialtone.stop();
    app.closeAllConnections();
    await new Promise((resolve) => app.close(resolve));
  }
}

/** Each second: calls up, TwiML requests and the most of them in any 100 ms (bursts), CPU, event-loop lag. */
function traceEverySecond(url: string, up: () => number, hitTimes: number[]): { stop(): void } {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  let cpu = Number.NaN;
  const started = performance.now();
  const timer = setInterval(() => {
    void (async () => {
      const now = await metric(url, 'process_cpu_seconds_total');
      const serverLag = await metric(url, 'nodejs_eventloop_lag_max_seconds');
      const per100ms = new Map<number, number>();
      for (const at of hitTimes.splice(0)) per100ms.set(Math.floor(at / 100), (per100ms.get(Math.floor(at / 100)) ?? 0) + 1);
      const hits = [...per100ms.values()];
      console.log(`t=${((performance.now() - started) / 1000).toFixed(0)}s up=${up()} twiml=${hits.reduce((a, b) => a + b, 0)} (max ${Math.max(0, ...hits)} in 100 ms) server cpu=${((now - cpu) * 100).toFixed(0)}% lag max=${(serverLag * 1000).toFixed(0)}ms app lag max=${(lag.max / 1e6).toFixed(0)}ms`);
      cpu = now;
      lag.reset();
    })();
  }, 1000);
  return { stop: () => { clearInterval(timer); lag.disable(); } };
}

/** How long the calls are held: three phases' duration, and at least one turn of the IVR loop and five seconds. */
export const holdSeconds = (options: BenchOptions) => Math.max(3 * options.durationSeconds, Math.ceil(LOOP_MS / 1000) + 5);

export async function benchVoice(options: BenchOptions): Promise<Row[]> {
  const r = await measureVoice(CALLS, holdSeconds(options), options.concurrency);
  const row = { benchmark: 'voice', baseline: null };
  const loop = { ...row, baseline: r.loopMs.expected, baselineName: 'what the TwiML asks' };
  return [
    { ...row, metric: 'calls.create accepted while calls run', unit: 'calls/s', dialtone: r.api.perSecond },
    { ...row, metric: 'calls set up (API to first TwiML request)', unit: 'calls/s', dialtone: r.setupPerSecond },
    { ...row, metric: 'peak concurrent IVR calls', unit: 'calls', dialtone: r.peakLive, goal: { on: 'value', op: '>=', target: CALLS } },
    { ...row, metric: `TwiML round trips while holding ${r.holdSeconds} s`, unit: 'req/s', dialtone: r.webhooksPerSecond },
    { ...row, metric: 'TwiML round trip p50', unit: 'ms', dialtone: r.webhookMs.p50 },
    { ...row, metric: 'TwiML round trip p99', unit: 'ms', dialtone: r.webhookMs.p99 },
    { ...row, metric: 'engine time per verb p50', unit: 'ms', dialtone: r.verbMs.p50 },
    { ...row, metric: 'engine time per verb p99', unit: 'ms', dialtone: r.verbMs.p99, goal: { on: 'value', op: '<=', target: 1 } },
    { ...row, metric: 'server CPU while holding (GC included)', unit: 'cores', dialtone: r.serverCpu },
    { ...row, metric: 'server GC while holding', unit: 'cores', dialtone: r.serverGc },
    { ...row, metric: 'server event-loop lag p99, worst second holding', unit: 'ms', dialtone: r.loopLagMs },
    { ...row, metric: 'RSS per 1,000 calls', unit: 'MB', dialtone: r.mbPer1000, goal: { on: 'value', op: '<=', target: 50 } },
    { ...row, metric: 'JavaScript heap per 1,000 calls', unit: 'MB', dialtone: r.heapMbPer1000 },
    { ...row, metric: `server RSS with ${CALLS.toLocaleString('en-US')} calls`, unit: 'MB', dialtone: r.rssMb },
    { ...loop, metric: 'IVR loop turn p50', unit: 'ms', dialtone: r.loopMs.p50 },
    { ...loop, metric: 'IVR loop turn p99', unit: 'ms', dialtone: r.loopMs.p99 },
  ];
}

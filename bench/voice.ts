/**
 * Voice benchmark: N simulated calls (up to 10,000) placed through the API into a Gather/Say
 * IVR served by a local app, held in the IVR loop for a while. Prints calls set up per second,
 * peak concurrent calls, webhook round trips per second, the engine's time per verb (p50/p99,
 * from the server's own /metrics), RSS per 1,000 calls, and how late the IVR's loop ran against
 * the time the TwiML asks for (prompt + Gather timeout) — the engine falling behind shows there.
 *
 *   node --import tsx bench/voice.ts [--calls=10000] [--hold=30] [--concurrency=50]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { estimateSpeechMs } from '../src/media/index.js';
import { load } from './messaging.js';
import type { LoadResult } from './messaging.js';
import { BENCH_SID, BENCH_TOKEN, startDialtone } from './processes.js';

/** A typical main menu: a caller who presses nothing hears it again after the Gather's timeout. */
const PROMPT = 'Thank you for calling Acme. For sales, press 1. For support, press 2. For billing, press 3. To hear these options again, stay on the line.';
const GATHER_TIMEOUT_S = 5;
const IVR = `<?xml version="1.0" encoding="UTF-8"?><Response><Gather numDigits="1" timeout="${GATHER_TIMEOUT_S}" action="/ivr"><Say>${PROMPT}</Say></Gather><Redirect>/ivr</Redirect></Response>`;
/** One turn of the IVR loop in call time: the prompt, then the Gather's timeout. */
const LOOP_MS = estimateSpeechMs(PROMPT) + GATHER_TIMEOUT_S * 1000;
const PHONES = 100;
/**
 * People answer after one to six seconds. Phones that all answered at once would lock calls
 * placed together (the API commits a group of creates at a time) into the same phase of the
 * IVR loop for ever: their webhooks would come in bursts no real traffic has.
 */
const ringSeconds = (phone: number) => 1 + (phone % 20) * 0.25;

const auth = `Basic ${Buffer.from(`${BENCH_SID}:${BENCH_TOKEN}`).toString('base64')}`;

export async function request(url: string, method: string, path: string, body?: string, type = 'application/x-www-form-urlencoded'): Promise<string> {
  const response = await fetch(`${url}${path}`, { method, headers: { authorization: auth, ...(body ? { 'content-type': type } : {}) }, body });
  return response.text();
}

/** The server's garbage-collection time so far, in seconds, all kinds together. */
async function gcSeconds(url: string): Promise<number> {
  const text = await request(url, 'GET', '/metrics');
  return text.split('\n').filter((l) => l.startsWith('nodejs_gc_duration_seconds_sum')).reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

/** Reads the server's /metrics: one sample by name (and quantile label). */
export async function metric(url: string, name: string, quantile?: string): Promise<number> {
  const text = await request(url, 'GET', '/metrics');
  const line = text.split('\n').find((l) => l.startsWith(name) && (quantile === undefined ? /^\S+ /.test(l) && l.split(' ')[0] === name : l.includes(`quantile="${quantile}"`)));
  return Number(line?.split(' ').pop() ?? Number.NaN);
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
  /** The server's event-loop lag, p99. */
  readonly loopLagMs: number;
  readonly mbPer1000: number;
  /** Of which the JavaScript heap in use (the rest is the heap's headroom, buffers, SQLite). */
  readonly heapMbPer1000: number;
  readonly heapTotalMb: number;
  readonly rssMb: number;
  readonly loopMs: { readonly expected: number; readonly p50: number; readonly p99: number };
}

export async function benchVoice(calls = 10_000, holdSeconds = 30, concurrency = 50): Promise<VoiceBench> {
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
    const number = JSON.parse(await request(dialtone.url, 'POST', `/2010-04-01/Accounts/${BENCH_SID}/IncomingPhoneNumbers.json`, 'AreaCode=415')) as { phone_number: string };
    const phones: string[] = [];
    for (let i = 0; i < PHONES; i++) {
      phones.push((JSON.parse(await request(dialtone.url, 'POST', '/sim/v1/Phones', JSON.stringify({ name: `bench ${i}`, ringSeconds: ringSeconds(i) }), 'application/json')) as { number: string }).number);
    }
    const rssBefore = await metric(dialtone.url, 'process_resident_memory_bytes');
    const heapBefore = await metric(dialtone.url, 'nodejs_heap_size_used_bytes');
    const forms = Array.from({ length: calls }, (_, i) => new URLSearchParams({ To: phones[i % PHONES] ?? '', From: number.phone_number, Url: ivrUrl }).toString());
    const started = performance.now();
    // BENCH_TRACE=1 prints a line a second: calls up, server CPU, event-loop lag (server and app).
    const tracer = tracing ? traceEverySecond(dialtone.url, () => firstHit.size, hitTimes) : null;
    const api = await load(dialtone.url, `/2010-04-01/Accounts/${BENCH_SID}/Calls.json`, forms, concurrency);
    const deadline = Date.now() + 120_000;
    while (firstHit.size < calls && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const setupPerSecond = firstHit.size / ((Math.max(...firstHit.values()) - started) / 1000);
    counting = true;
    const cpuBefore = await metric(dialtone.url, 'process_cpu_seconds_total');
    const gcBefore = await gcSeconds(dialtone.url);
    const appCpuBefore = process.cpuUsage();
    const windowStart = performance.now();
    let peakLive = 0;
    while (performance.now() - windowStart < holdSeconds * 1000) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      peakLive = Math.max(peakLive, await metric(dialtone.url, 'dialtone_calls_live'));
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
    const loopLagMs = (await metric(dialtone.url, 'nodejs_eventloop_lag_p99_seconds')) * 1000;
    const verbMs = { p50: (await metric(dialtone.url, 'dialtone_verb_engine_seconds', '0.5')) * 1000, p99: (await metric(dialtone.url, 'dialtone_verb_engine_seconds', '0.99')) * 1000 };
    intervals.sort((a, b) => a - b);
    const at = (q: number) => intervals[Math.min(intervals.length - 1, Math.floor(q * intervals.length))] ?? Number.NaN;
    if (firstHit.size < calls) throw new Error(`only ${firstHit.size} of ${calls} calls reached the IVR within 120 s`);
    return {
      calls, holdSeconds, api, setupPerSecond, peakLive, webhooksPerSecond, serverCpu, serverGc, appCpu, webhookMs, loopLagMs, verbMs,
      mbPer1000: ((rssAfter - rssBefore) / 1024 / 1024) / (peakLive / 1000),
      heapMbPer1000: ((heapAfter - heapBefore) / 1024 / 1024) / (peakLive / 1000), heapTotalMb, rssMb, loopMs: { expected: LOOP_MS, p50: at(0.5), p99: at(0.99) },
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

export function printVoice(r: VoiceBench): void {
  const f = (n: number, d = 1) => n.toFixed(d);
  console.log(`Voice: ${r.calls} calls into a Gather/Say IVR loop, held ${r.holdSeconds} s, SQLite, Node ${process.version}`);
  console.log('metric                              Dialtone        goal');
  console.log(`calls accepted/s at the API        ${f(r.api.perSecond).padStart(9)}        (p50 ${f(r.api.p50)} ms, p99 ${f(r.api.p99)} ms)`);
  console.log(`calls set up/s (to the first TwiML)${f(r.setupPerSecond).padStart(9)}`);
  console.log(`peak concurrent calls              ${f(r.peakLive, 0).padStart(9)}        10,000`);
  console.log(`webhook round trips/s              ${f(r.webhooksPerSecond).padStart(9)}        (CPU while holding: server ${f(r.serverCpu * 100, 0)}% of which GC ${f(r.serverGc * 100, 0)}%, app ${f(r.appCpu * 100, 0)}% of a core)`);
  console.log(`TwiML round trip p50 / p99 (ms)    ${f(r.webhookMs.p50).padStart(5)} / ${f(r.webhookMs.p99)}   (server event-loop lag p99 ${f(r.loopLagMs)} ms)`);
  console.log(`engine time per verb p50 (ms)      ${f(r.verbMs.p50, 3).padStart(9)}`);
  console.log(`engine time per verb p99 (ms)      ${f(r.verbMs.p99, 3).padStart(9)}        ≤ 1 ms`);
  console.log(`RSS per 1,000 calls (MB)           ${f(r.mbPer1000).padStart(9)}        ≤ 50 MB   (JavaScript heap in use: ${f(r.heapMbPer1000)} MB)`);
  console.log(`  at the peak: RSS ${f(r.rssMb, 0)} MB, JavaScript heap ${f(r.heapTotalMb, 0)} MB reserved`);
  console.log(`IVR loop p50 / p99 (ms)            ${f(r.loopMs.p50, 0).padStart(5)} / ${f(r.loopMs.p99, 0)}   TwiML asks ${f(r.loopMs.expected, 0)} ms (+ webhook round trip)`);
  console.log(`HTTP statuses at the API: ${JSON.stringify([...r.api.statuses])}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
  printVoice(await benchVoice(arg('calls', 10_000), arg('hold', 30), arg('concurrency', 50)));
}

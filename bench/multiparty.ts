/**
 * Multi-party benchmark: calls that connect people, on the system clock. (1) N two-party calls:
 * each API call reaches a virtual phone whose TwiML `<Dial>`s a second phone, and both stay
 * bridged; (2) rooms × size conference participants: each call's TwiML joins one of the rooms.
 * Prints the setup rate (calls placed at the API to bridged, or to joined, as the app's callbacks
 * report it), the server's CPU time per call during setup (the engine's overhead: API, two legs,
 * webhooks, store), its CPU while the calls are held (what holding costs), and RSS per 1,000
 * calls. The baseline is the plain IVR call of the voice benchmark: the same number of calls
 * that each fetch one TwiML document and wait, measured in the same run. Calls are held for
 * `duration` seconds; `concurrency` clients place them.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expectStatuses, load, provision, request } from './load.js';
import type { BenchOptions } from './options.js';
import { BENCH_SID, startDialtone } from './processes.js';
import type { Row } from './table.js';
import { metric } from './voice.js';

const PHONES = 200;

interface Phase {
  readonly label: string;
  readonly calls: number;
  /** Calls set up per second: from the first API request to the last callback saying so. */
  readonly setupPerSecond: number;
  /** Server CPU milliseconds per call from the first request until every call was set up. */
  readonly cpuMsPerCall: number;
  /** Server CPU while the calls were held, in cores. */
  readonly holdCpu: number;
  readonly mbPer1000: number;
  readonly live: number;
}

/** The app: TwiML by path, and the callbacks that say a call is set up, counted. */
function startApp(twiml: (path: string, form: URLSearchParams) => string) {
  const counts = new Map<string, number>();
  let last = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      if (path === '/ready') {
        const form = new URLSearchParams(body);
        const key = form.get('StatusCallbackEvent') ?? form.get('CallStatus') ?? '';
        counts.set(key, (counts.get(key) ?? 0) + 1);
        last = performance.now();
      }
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(path === '/ready' ? '<Response/>' : twiml(req.url ?? '', new URLSearchParams(body)));
    });
  });
  server.keepAliveTimeout = 60_000;
  return {
    listen: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    count: (key: string) => counts.get(key) ?? 0,
    lastReady: () => last,
    close: () => { server.closeAllConnections(); return new Promise((resolve) => server.close(resolve)); },
  };
}

/** Places `calls` calls whose TwiML is at `path`, waits for `ready` callbacks of `key`, holds them. */
async function phase(label: string, calls: number, options: BenchOptions, twiml: (path: string, form: URLSearchParams) => string, key: string, callCallback = false): Promise<Phase> {
  const app = startApp(twiml);
  const origin = await app.listen();
  const dialtone = await startDialtone();
  try {
    const { number, phones } = await provision(dialtone.url, PHONES, (i) => 0.5 + (i % 10) * 0.1);
    const rssBefore = await metric(dialtone.url, 'process_resident_memory_bytes');
    const cpuBefore = await metric(dialtone.url, 'process_cpu_seconds_total');
    // Callers are the first half of the phones; whom they dial (by index) the second half.
    const form = (i: number) => new URLSearchParams({
      To: phones[i % (PHONES / 2)] ?? '', From: number, Url: `${origin}/call?i=${i}&to=${encodeURIComponent(phones[PHONES / 2 + (i % (PHONES / 2))] ?? '')}`,
      ...(callCallback ? { StatusCallback: `${origin}/ready`, StatusCallbackEvent: 'answered' } : {}),
    }).toString();
    const started = performance.now();
    const placed = await load(dialtone.url, `/2010-04-01/Accounts/${BENCH_SID}/Calls.json`, form, { concurrency: options.concurrency, seconds: 120, max: calls });
    expectStatuses(`${label}: calls.create`, placed, [201]);
    const deadline = Date.now() + 120_000;
    while (app.count(key) < calls && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    if (app.count(key) < calls) {
      const listed = JSON.parse(await request(dialtone.url, 'GET', `/2010-04-01/Accounts/${BENCH_SID}/Calls.json?PageSize=5`)) as { calls: unknown[] };
      throw new Error(`${label}: only ${app.count(key)} of ${calls} calls were set up within 120 s; latest calls: ${JSON.stringify(listed.calls)}`);
    }
    const setupSeconds = (app.lastReady() - started) / 1000;
    const cpuSetup = (await metric(dialtone.url, 'process_cpu_seconds_total')) - cpuBefore;
    const holdStart = performance.now();
    const cpuHold = await metric(dialtone.url, 'process_cpu_seconds_total');
    await new Promise((resolve) => setTimeout(resolve, options.durationSeconds * 1000));
    const holdCpu = ((await metric(dialtone.url, 'process_cpu_seconds_total')) - cpuHold) / ((performance.now() - holdStart) / 1000);
    const live = await metric(dialtone.url, 'dialtone_calls_live');
    const rssAfter = await metric(dialtone.url, 'process_resident_memory_bytes');
    return { label, calls, setupPerSecond: calls / setupSeconds, cpuMsPerCall: (cpuSetup * 1000) / calls, holdCpu, mbPer1000: ((rssAfter - rssBefore) / 1024 / 1024) / (calls / 1000), live };
  } finally {
    await dialtone.stop();
    await app.close();
  }
}

const PAIRS = 1000;
const ROOMS = 100;
const ROOM_SIZE = 10;

async function measurePhases(options: BenchOptions): Promise<{ baseline: Phase; phases: Phase[] }> {
  const to = (path: string) => new URL(path, 'http://x').searchParams.get('to') ?? '';
  const index = (path: string) => Number(new URL(path, 'http://x').searchParams.get('i') ?? 0);
  // The baseline: the same number of calls that each fetch one document and wait (a long <Pause>).
  const baseline = await phase('one call, one document', PAIRS, options,
    () => '<Response><Say>Please hold.</Say><Pause length="3600"/></Response>', 'in-progress', true);
  const bridged = await phase(`${PAIRS} two-party bridged calls`, PAIRS, options,
    (path) => `<Response><Dial><Number statusCallback="/ready" statusCallbackEvent="answered">${to(path)}</Number></Dial></Response>`, 'in-progress');
  const conferences = await phase(`${ROOMS} conferences of ${ROOM_SIZE}`, ROOMS * ROOM_SIZE, options,
    (path) => `<Response><Dial><Conference waitUrl="" beep="false" statusCallback="/ready" statusCallbackEvent="join">room-${index(path) % ROOMS}</Conference></Dial></Response>`, 'participant-join');
  return { baseline, phases: [bridged, conferences] };
}

/** Each multi-party phase beside the baseline phase (one call, one document) of the same run. */
export async function benchMultiparty(options: BenchOptions): Promise<Row[]> {
  const { baseline, phases } = await measurePhases(options);
  const row = { benchmark: 'multiparty', baselineName: 'one call, one document' };
  return phases.flatMap((p) => [
    { ...row, metric: `${p.label}: set up`, unit: 'calls/s', dialtone: p.setupPerSecond, baseline: baseline.setupPerSecond },
    { ...row, metric: `${p.label}: server CPU per call`, unit: 'ms', dialtone: p.cpuMsPerCall, baseline: baseline.cpuMsPerCall },
    { ...row, metric: `${p.label}: server CPU while held`, unit: 'cores', dialtone: p.holdCpu, baseline: baseline.holdCpu },
    { ...row, metric: `${p.label}: RSS per 1,000 calls`, unit: 'MB', dialtone: p.mbPer1000, baseline: baseline.mbPer1000 },
    { ...row, metric: `${p.label}: live legs`, unit: 'legs', dialtone: p.live, baseline: baseline.live },
  ]);
}

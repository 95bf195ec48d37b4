/**
 * HTTP load for the benchmarks: form POSTs through an undici pool, `concurrency` in flight,
 * bounded both in time and in count. It runs in the benchmark's process, never in the server's
 * (processes.ts starts every server under test in a child process), and only against 127.0.0.1.
 */
import { Pool } from 'undici';
import { BENCH_SID, BENCH_TOKEN } from './processes.js';

/** The bench account's Basic credentials (the bootstrap account processes.ts fixes). */
export const AUTH = `Basic ${Buffer.from(`${BENCH_SID}:${BENCH_TOKEN}`).toString('base64')}`;

/** How a load phase went: operations done, in how long, and their latency quantiles in ms. */
export interface Timing {
  readonly requests: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
}

export interface LoadResult extends Timing {
  readonly statuses: Map<number, number>;
  /** The size of the last response body. */
  readonly bodyBytes: number;
}

export interface LoadLimits {
  readonly concurrency: number;
  /** Stops sending after this many seconds… */
  readonly seconds: number;
  /** …or this many requests, whichever comes first. */
  readonly max: number;
  /** Sees each response's body as it arrives (e.g. to note the SID it created). */
  readonly onBody?: (text: string, at: number) => void;
}

/** The `q` quantile of values sorted ascending (NaN when there are none). */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/**
 * Runs `operation` (the i-th of them gets i) with `concurrency` in flight until a limit is
 * reached: the closed loop every load phase uses. Latencies in ms.
 */
export async function drive(limits: LoadLimits, operation: (i: number) => Promise<void>): Promise<Timing> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const deadline = started + limits.seconds * 1000;
  await Promise.all(Array.from({ length: limits.concurrency }, async () => {
    while (next < limits.max && performance.now() < deadline) {
      const t = performance.now();
      await operation(next++);
      latencies.push(performance.now() - t);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, seconds, perSecond: latencies.length / seconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}

/** Sends form POSTs (`form(i)` is the i-th body) as the bench account until a limit is reached. */
export async function load(url: string, path: string, form: (i: number) => string, limits: LoadLimits): Promise<LoadResult> {
  const pool = new Pool(url, { connections: limits.concurrency, pipelining: 1 });
  const statuses = new Map<number, number>();
  let bodyBytes = 0;
  const timing = await drive(limits, async (i) => {
    const response = await pool.request({ path, method: 'POST', body: form(i), headers: { authorization: AUTH, 'content-type': 'application/x-www-form-urlencoded' } });
    const text = await response.body.text();
    bodyBytes = Buffer.byteLength(text);
    limits.onBody?.(text, performance.now());
    statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
  });
  await pool.close();
  return { ...timing, statuses, bodyBytes };
}

/** One request to Dialtone as the bench account; the response's text. */
export async function request(url: string, method: string, path: string, body?: string, type = 'application/x-www-form-urlencoded'): Promise<string> {
  const response = await fetch(`${url}${path}`, { method, headers: { authorization: AUTH, ...(body ? { 'content-type': type } : {}) }, body });
  return response.text();
}

/** Buys a number (area code 415) and adds `count` virtual phones; their numbers. */
export async function provision(url: string, count: number, ringSeconds: (i: number) => number = () => 1): Promise<{ number: string; phones: string[] }> {
  const bought = JSON.parse(await request(url, 'POST', `/2010-04-01/Accounts/${BENCH_SID}/IncomingPhoneNumbers.json`, 'AreaCode=415')) as { phone_number: string };
  const phones: string[] = [];
  for (let i = 0; i < count; i++) {
    const phone = JSON.parse(await request(url, 'POST', '/sim/v1/Phones', JSON.stringify({ name: `bench ${i}`, ringSeconds: ringSeconds(i) }), 'application/json')) as { number: string };
    phones.push(phone.number);
  }
  return { number: bought.phone_number, phones };
}

/** Throws unless every response had one of the `ok` statuses: a benchmark of errors measures nothing. */
export function expectStatuses(label: string, result: LoadResult, ok: readonly number[]): void {
  const bad = [...result.statuses].filter(([status]) => !ok.includes(status));
  if (bad.length > 0) throw new Error(`${label}: unexpected HTTP statuses ${JSON.stringify(bad)} (of ${result.requests} requests)`);
}

/**
 * Waits until a server's CPU has settled (at most one clock tick in half a second) after a load
 * phase, so that what the load left behind (deliveries, callbacks) is counted too; gives up
 * after `limitMs`.
 */
export async function settled(server: { cpuSeconds(): number }, limitMs = 60_000): Promise<void> {
  const deadline = performance.now() + limitMs;
  let last = server.cpuSeconds();
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = server.cpuSeconds();
    if (!(now - last > 0.01)) return;
    last = now;
  }
}


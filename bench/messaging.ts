/**
 * Messaging benchmark: N messages sent through the API to virtual phones, each with a status
 * callback to a local app, by `concurrency` clients. Prints accepted/s and p50/p99 latency at
 * the API beside a bare fastify form-POST route measured in the same run, and end-to-end
 * delivered/s (until the app has seen every `delivered` callback).
 *
 *   node --import tsx bench/messaging.ts [--messages=2000] [--concurrency=50]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { Pool } from 'undici';
import { BENCH_SID, BENCH_TOKEN, startBaseline, startDialtone } from './processes.js';

export interface LoadResult { readonly perSecond: number; readonly p50: number; readonly p99: number; readonly statuses: Map<number, number>; readonly bodyBytes: number }

const auth = `Basic ${Buffer.from(`${BENCH_SID}:${BENCH_TOKEN}`).toString('base64')}`;

/** Sends `count` form POSTs with `concurrency` in flight; latencies in ms. */
export async function load(url: string, path: string, forms: readonly string[], concurrency: number): Promise<LoadResult> {
  const pool = new Pool(url, { connections: concurrency, pipelining: 1 });
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  let bodyBytes = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < forms.length) {
      const body = forms[next++] ?? '';
      const t = performance.now();
      const response = await pool.request({ path, method: 'POST', body, headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' } });
      const text = await response.body.text();
      bodyBytes = text.length;
      latencies.push(performance.now() - t);
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { perSecond: forms.length / seconds, p50: at(0.5), p99: at(0.99), statuses, bodyBytes };
}

async function json(url: string, method: string, path: string, body?: string, type = 'application/x-www-form-urlencoded'): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}${path}`, { method, headers: { authorization: auth, ...(body ? { 'content-type': type } : {}) }, body });
  return (await response.json()) as Record<string, unknown>;
}

export interface MessagingBench { readonly dialtone: LoadResult; readonly baseline: LoadResult; readonly deliveredPerSecond: number; readonly messages: number; readonly concurrency: number }

export async function benchMessaging(messages = 2000, concurrency = 50): Promise<MessagingBench> {
  let delivered = 0;
  let lastDelivery = 0;
  const app = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      if (new URLSearchParams(body).get('MessageStatus') === 'delivered') { delivered++; lastDelivery = performance.now(); }
      res.writeHead(204); res.end();
    });
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  const callback = `http://127.0.0.1:${(app.address() as AddressInfo).port}/status`;
  const dialtone = await startDialtone();
  try {
    const number = await json(dialtone.url, 'POST', `/2010-04-01/Accounts/${BENCH_SID}/IncomingPhoneNumbers.json`, 'AreaCode=415');
    const phones: string[] = [];
    for (let i = 0; i < 10; i++) {
      const phone = await json(dialtone.url, 'POST', '/sim/v1/Phones', JSON.stringify({ name: `bench ${i}` }), 'application/json');
      phones.push(String(phone.number));
    }
    const forms = Array.from({ length: messages }, (_, i) => new URLSearchParams({
      To: phones[i % phones.length] ?? '', From: String(number.phone_number), Body: `Benchmark message ${i}: your code is ${100000 + i}`, StatusCallback: callback,
    }).toString());
    const started = performance.now();
    const result = await load(dialtone.url, `/2010-04-01/Accounts/${BENCH_SID}/Messages.json`, forms, concurrency);
    const deadline = Date.now() + 120_000;
    while (delivered < messages && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const deliveredPerSecond = delivered / ((lastDelivery - started) / 1000);
    await dialtone.stop();
    const baselineServer = await startBaseline(Math.max(0, result.bodyBytes - 120));
    const baseline = await load(baselineServer.url, `/2010-04-01/Accounts/${BENCH_SID}/Messages.json`, forms, concurrency);
    await baselineServer.stop();
    if (delivered < messages) throw new Error(`only ${delivered} of ${messages} messages were delivered within 120 s`);
    return { dialtone: result, baseline, deliveredPerSecond, messages, concurrency };
  } finally {
    await new Promise((resolve) => app.close(resolve));
  }
}

export function printMessaging(r: MessagingBench): void {
  const f = (n: number) => n.toFixed(1);
  console.log(`Messaging: ${r.messages} messages, ${r.concurrency} concurrent clients, SQLite, Node ${process.version}`);
  console.log('metric                         Dialtone    baseline (bare fastify)   ratio');
  console.log(`accepted/s                     ${f(r.dialtone.perSecond).padStart(8)}    ${f(r.baseline.perSecond).padStart(8)}                  ${(r.dialtone.perSecond / r.baseline.perSecond * 100).toFixed(0)}% (goal ≥ 50%)`);
  console.log(`API latency p50 (ms)           ${f(r.dialtone.p50).padStart(8)}    ${f(r.baseline.p50).padStart(8)}`);
  console.log(`API latency p99 (ms)           ${f(r.dialtone.p99).padStart(8)}    ${f(r.baseline.p99).padStart(8)}`);
  console.log(`delivered/s end to end         ${f(r.deliveredPerSecond).padStart(8)}    —                         (goal ≥ 2000)`);
  console.log(`HTTP statuses: Dialtone ${JSON.stringify([...r.dialtone.statuses])}, baseline ${JSON.stringify([...r.baseline.statuses])}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
  printMessaging(await benchMessaging(arg('messages', 2000), arg('concurrency', 50)));
}

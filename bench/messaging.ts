/**
 * Messaging benchmark, end to end: messages sent through the API for `duration` seconds (at most
 * 20,000) by `concurrency` clients to virtual phones on the simulated carrier, each with a
 * status callback to a local app; then until the app has seen every `delivered` callback (at
 * most two minutes). Reports messages accepted per second while the platform delivers, delivered
 * per second (first request to last `delivered`), status callbacks per second and the time from
 * a message's 201 to its `delivered` callback. The same load then goes to a relay that stores
 * nothing (bare fastify answering 201 and posting the three signed callbacks with undici): what
 * this machine can do for the workload at all. The API alone, beside bare fastify, is `api`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expectStatuses, load, provision, quantile } from './load.js';
import type { BenchOptions } from './options.js';
import { BENCH_SID, startDialtone, startRelayBaseline } from './processes.js';
import type { Row } from './table.js';

const MAX_MESSAGES = 20_000;
const DRAIN_SECONDS = 120;

/** The local app: counts status callbacks and notes when each message was delivered. */
function startCallbackApp() {
  const deliveredAt = new Map<string, number>();
  let callbacks = 0;
  let lastDelivery = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      const form = new URLSearchParams(body);
      callbacks++;
      if (form.get('MessageStatus') === 'delivered') {
        lastDelivery = performance.now();
        deliveredAt.set(form.get('MessageSid') ?? '', lastDelivery);
      }
      res.writeHead(204);
      res.end();
    });
  });
  server.keepAliveTimeout = 60_000;
  return {
    listen: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/status`))),
    deliveredAt, callbacks: () => callbacks, lastDelivery: () => lastDelivery,
    close: () => { server.closeAllConnections(); return new Promise((resolve) => server.close(resolve)); },
  };
}

interface Phase {
  readonly accepted: number;
  readonly acceptedPerSecond: number;
  readonly deliveredPerSecond: number;
  readonly callbacksPerSecond: number;
  readonly lags: readonly number[];
  readonly bodyBytes: number;
}

/** Sends messages to `url` for the phase's time, then waits until the app has seen every `delivered` callback. */
async function phase(label: string, url: string, number: string, phones: readonly string[], options: BenchOptions): Promise<Phase> {
  const app = startCallbackApp();
  const callback = await app.listen();
  try {
    const acceptedAt = new Map<string, number>();
    const form = (i: number) => new URLSearchParams({
      To: phones[i % phones.length] ?? '', From: number, Body: `Benchmark message ${i}: your code is ${100000 + i}`, StatusCallback: callback,
    }).toString();
    const started = performance.now();
    const accepted = await load(url, `/2010-04-01/Accounts/${BENCH_SID}/Messages.json`, form, {
      concurrency: options.concurrency, seconds: options.durationSeconds, max: MAX_MESSAGES,
      onBody: (text, at) => acceptedAt.set((JSON.parse(text) as { sid: string }).sid, at),
    });
    expectStatuses(label, accepted, [201]);
    const deadline = Date.now() + DRAIN_SECONDS * 1000;
    while (app.deliveredAt.size < accepted.requests && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    if (app.deliveredAt.size < accepted.requests) throw new Error(`${label}: only ${app.deliveredAt.size} of ${accepted.requests} messages were delivered within ${DRAIN_SECONDS} s`);
    const seconds = (app.lastDelivery() - started) / 1000;
    const lags = [...app.deliveredAt].map(([sid, at]) => at - (acceptedAt.get(sid) ?? Number.NaN)).sort((a, b) => a - b);
    return {
      accepted: accepted.requests, acceptedPerSecond: accepted.perSecond, deliveredPerSecond: accepted.requests / seconds,
      callbacksPerSecond: app.callbacks() / seconds, lags, bodyBytes: accepted.bodyBytes,
    };
  } finally {
    await app.close();
  }
}

export async function benchMessaging(options: BenchOptions): Promise<Row[]> {
  const dialtone = await startDialtone();
  let ours: Phase;
  try {
    const { number, phones } = await provision(dialtone.url, 10);
    ours = await phase('messages.create', dialtone.url, number, phones, options);
  } finally {
    await dialtone.stop();
  }
  // The same load on a relay that stores nothing: this machine's ceiling for the workload.
  const relay = await startRelayBaseline(ours.bodyBytes);
  let bare: Phase;
  try {
    bare = await phase('bare relay', relay.url, '+14155550100', Array.from({ length: 10 }, (_, i) => `+1650555${String(i).padStart(4, '0')}`), options);
  } finally {
    await relay.stop();
  }
  const row = { benchmark: 'messaging', baselineName: 'bare relay, no storage' };
  return [
    { ...row, metric: 'messages accepted, with status callbacks', unit: 'msg/s', dialtone: ours.acceptedPerSecond, baseline: bare.acceptedPerSecond },
    { ...row, metric: `delivered end to end (${ours.accepted} messages)`, unit: 'msg/s', dialtone: ours.deliveredPerSecond, baseline: bare.deliveredPerSecond, goal: { on: 'value', op: '>=', target: 2000 } },
    { ...row, metric: 'status callbacks to the app', unit: 'req/s', dialtone: ours.callbacksPerSecond, baseline: bare.callbacksPerSecond },
    { ...row, metric: '201 to delivered callback p50', unit: 'ms', dialtone: quantile(ours.lags, 0.5), baseline: quantile(bare.lags, 0.5) },
    { ...row, metric: '201 to delivered callback p99', unit: 'ms', dialtone: quantile(ours.lags, 0.99), baseline: quantile(bare.lags, 0.99) },
  ];
}

/**
 * REST API benchmark: `messages.create` and `calls.create` accepted per second and their p50/p99
 * latency under `concurrency` clients for `duration` seconds each, each on a freshly started
 * Dialtone (so one phase's background work never runs into the next), beside a bare fastify
 * route that parses the same form body and answers JSON of the same size, in the same run.
 * Calls go to phones that ring for ten minutes: what is measured is the API and the call's
 * origination, not its TwiML.
 */
import { expectStatuses, load, provision, settled } from './load.js';
import type { LoadLimits, LoadResult } from './load.js';
import type { BenchOptions } from './options.js';
import { BENCH_SID, startApp, startBaseline, startDialtone } from './processes.js';
import type { Running } from './processes.js';
import type { Row } from './table.js';

type Resource = 'Messages' | 'Calls';
const RESOURCES: readonly Resource[] = ['Messages', 'Calls'];
const PHONES = 10;

function forms(resource: Resource, number: string, phones: readonly string[], appUrl: string): (i: number) => string {
  return (i) => new URLSearchParams(resource === 'Messages'
    ? { To: phones[i % phones.length] ?? '', From: number, Body: `Benchmark message ${i}: your code is ${100000 + i}` }
    : { To: phones[i % phones.length] ?? '', From: number, Url: `${appUrl}/voice` }).toString();
}

const path = (resource: Resource) => `/2010-04-01/Accounts/${BENCH_SID}/${resource}.json`;

/** A load phase and the server's CPU per request it cost, until the server settled (µs; NaN off Linux). */
async function measured(server: Running, resource: Resource, form: (i: number) => string, limits: LoadLimits): Promise<{ result: LoadResult; cpuMicros: number }> {
  await settled(server);
  const before = server.cpuSeconds();
  const result = await load(server.url, path(resource), form, limits);
  await settled(server);
  return { result, cpuMicros: ((server.cpuSeconds() - before) / result.requests) * 1e6 };
}

interface Measured { result: LoadResult; cpuMicros: number; form: (i: number) => string }

/** One resource's load on a fresh Dialtone, and the forms it sent (for the baseline to send too). */
async function measureDialtone(resource: Resource, appUrl: string, options: BenchOptions): Promise<Measured> {
  const dialtone = await startDialtone();
  try {
    const { number, phones } = await provision(dialtone.url, PHONES, () => 600);
    const form = forms(resource, number, phones, appUrl);
    const { result, cpuMicros } = await measured(dialtone, resource, form, { concurrency: options.concurrency, seconds: options.durationSeconds, max: 1_000_000 });
    expectStatuses(`${resource}.create`, result, [201]);
    return { result, cpuMicros, form };
  } finally {
    await dialtone.stop();
  }
}

export async function benchApi(options: BenchOptions): Promise<Row[]> {
  const app = await startApp();
  try {
    const ours = new Map<Resource, Measured>();
    for (const resource of RESOURCES) ours.set(resource, await measureDialtone(resource, app.url, options));
    const baseline = await startBaseline(Object.fromEntries(RESOURCES.map((r) => [r, ours.get(r)?.result.bodyBytes ?? 0])));
    const rows: Row[] = [];
    try {
      for (const resource of RESOURCES) {
        const mine = ours.get(resource);
        if (!mine) continue;
        const { result: bare, cpuMicros: bareCpu } = await measured(baseline, resource, mine.form, { concurrency: options.concurrency, seconds: options.durationSeconds, max: 1_000_000 });
        expectStatuses(`bare fastify ${resource}`, bare, [201]);
        const name = `${resource.toLowerCase()}.create`;
        const row = { benchmark: 'api', baselineName: 'bare fastify' };
        rows.push(
          { ...row, metric: `${name} accepted`, unit: 'req/s', dialtone: mine.result.perSecond, baseline: bare.perSecond, ...(resource === 'Messages' ? { goal: { on: 'ratio', op: '>=', target: 0.5 } as const } : {}) },
          { ...row, metric: `${name} latency p50`, unit: 'ms', dialtone: mine.result.p50, baseline: bare.p50 },
          { ...row, metric: `${name} latency p99`, unit: 'ms', dialtone: mine.result.p99, baseline: bare.p99 },
          { ...row, metric: `${name} server CPU per request`, unit: 'µs', dialtone: mine.cpuMicros, baseline: bareCpu },
        );
      }
    } finally {
      await baseline.stop();
    }
    return rows;
  } finally {
    await app.stop();
  }
}

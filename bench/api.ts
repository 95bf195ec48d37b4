/**
 * REST API benchmark: `messages.create` and `calls.create` accepted per second and their p50/p99
 * latency under `concurrency` clients for `duration` seconds each, each on a freshly started
 * Dialtone (so one phase's background work never runs into the next), beside a bare fastify
 * route that parses the same form body and answers JSON of the same size, in the same run.
 * Calls go to phones that ring for ten minutes: what is measured is the API and the call's
 * origination, not its TwiML.
 */
import { expectStatuses, load, provision } from './load.js';
import type { LoadResult } from './load.js';
import type { BenchOptions } from './options.js';
import { BENCH_SID, startApp, startBaseline, startDialtone } from './processes.js';
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

/** One resource's load on a fresh Dialtone, and the forms it sent (for the baseline to send too). */
async function measureDialtone(resource: Resource, appUrl: string, options: BenchOptions): Promise<{ result: LoadResult; form: (i: number) => string }> {
  const dialtone = await startDialtone();
  try {
    const { number, phones } = await provision(dialtone.url, PHONES, () => 600);
    const form = forms(resource, number, phones, appUrl);
    const result = await load(dialtone.url, path(resource), form, { concurrency: options.concurrency, seconds: options.durationSeconds, max: 1_000_000 });
    expectStatuses(`${resource}.create`, result, [201]);
    return { result, form };
  } finally {
    await dialtone.stop();
  }
}

export async function benchApi(options: BenchOptions): Promise<Row[]> {
  const app = await startApp();
  try {
    const measured = new Map<Resource, { result: LoadResult; form: (i: number) => string }>();
    for (const resource of RESOURCES) measured.set(resource, await measureDialtone(resource, app.url, options));
    const baseline = await startBaseline(Object.fromEntries(RESOURCES.map((r) => [r, measured.get(r)?.result.bodyBytes ?? 0])));
    const rows: Row[] = [];
    try {
      for (const resource of RESOURCES) {
        const ours = measured.get(resource);
        if (!ours) continue;
        const bare = await load(baseline.url, path(resource), ours.form, { concurrency: options.concurrency, seconds: options.durationSeconds, max: 1_000_000 });
        expectStatuses(`bare fastify ${resource}`, bare, [201]);
        const name = `${resource.toLowerCase()}.create`;
        const row = { benchmark: 'api', baselineName: 'bare fastify' };
        rows.push(
          { ...row, metric: `${name} accepted`, unit: 'req/s', dialtone: ours.result.perSecond, baseline: bare.perSecond, ...(resource === 'Messages' ? { goal: { on: 'ratio', op: '>=', target: 0.5 } as const } : {}) },
          { ...row, metric: `${name} latency p50`, unit: 'ms', dialtone: ours.result.p50, baseline: bare.p50 },
          { ...row, metric: `${name} latency p99`, unit: 'ms', dialtone: ours.result.p99, baseline: bare.p99 },
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

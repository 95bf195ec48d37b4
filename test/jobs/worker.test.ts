/**
 * Durable jobs on every dialect: everything enqueued runs, a job a dead worker held is run
 * again once its lease lapses (before any backlog of due work) and the stalled worker can no
 * longer finish it, failures are retried, and concurrent claimers never share a job.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { JobWorker } from '../../src/jobs/worker.js';
import { claimJobs, completeJob, enqueueJob, failJob, insertJobs } from '../../src/store/jobs.js';
import { DIALECTS, useTestStore } from '../support/platform.js';

const silent = pino({ level: 'silent' });

async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

for (const dialect of DIALECTS) {
  describe(`durable jobs (${dialect})`, () => {
    const db = useTestStore(dialect, { before, after });

    test('every enqueued job runs once, and future jobs wait for their time', async () => {
      const seen: number[] = [];
      const worker = new JobWorker(db.store, { count: async (p) => { seen.push((p as { n: number }).n); } }, silent, { pollMs: 20 });
      for (let n = 0; n < 50; n++) await enqueueJob(db.store.db, 'count', { n });
      await enqueueJob(db.store.db, 'count', { n: 999 }, new Date(Date.now() + 400));
      worker.start();
      await until(() => seen.length === 50);
      assert.ok(!seen.includes(999));
      await until(() => seen.length === 51);
      await worker.stop();
      assert.deepEqual([...seen].sort((a, b) => a - b), [...Array.from({ length: 50 }, (_, i) => i), 999]);
    });

    test('a job held by a worker that died runs again once its lease lapses', async () => {
      const id = await enqueueJob(db.store.db, 'crash', { x: 1 });
      const claimed = await claimJobs(db.store.db, db.store.dialect, 10, 300);
      assert.ok(claimed.some((j) => j.id === id));
      // The claiming "worker" dies here; nobody completes the job.
      const ran: string[] = [];
      const worker = new JobWorker(db.store, { crash: async (_p, job) => { ran.push(job.id); } }, silent, { pollMs: 20 });
      worker.start();
      await new Promise((resolve) => setTimeout(resolve, 150));
      assert.equal(ran.length, 0, 'not before the lease lapses');
      await until(() => ran.includes(id));
      await worker.stop();
      // A finished job leaves the table.
      assert.equal(await db.store.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst(), undefined);
    });

    test('a lapsed job is claimed before due work, and its stalled first worker can neither fail nor complete it', async () => {
      const id = await enqueueJob(db.store.db, 'stalled', {});
      const [first] = await claimJobs(db.store.db, db.store.dialect, 1, 50);
      assert.equal(first?.id, id);
      const due = await Promise.all([1, 2, 3].map((n) => enqueueJob(db.store.db, 'due', { n })));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const [second] = await claimJobs(db.store.db, db.store.dialect, 1, 60_000);
      assert.equal(second?.id, id, 'the lapsed job first');
      assert.equal(second?.attempts, 2);
      assert.ok(first && second);
      // The first worker wakes up and reports: neither its failure nor its completion counts.
      await failJob(db.store.db, first, 'late', new Date());
      await completeJob(db.store.db, first);
      const row = await db.store.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.state, 'running');
      assert.equal(row.lastError, null);
      await completeJob(db.store.db, second);
      assert.equal(await db.store.db.selectFrom('jobs').select('id').where('id', '=', id).executeTakeFirst(), undefined);
      await db.store.db.deleteFrom('jobs').where('id', 'in', due).execute();
    });

    test('a job whose worker died on every attempt is abandoned, not run again', async () => {
      const id = await enqueueJob(db.store.db, 'deadly', { x: 1 });
      for (let attempt = 1; attempt <= 2; attempt++) {
        assert.ok((await claimJobs(db.store.db, db.store.dialect, 10, 30)).some((j) => j.id === id));
        await new Promise((resolve) => setTimeout(resolve, 60)); // the worker dies; its lease lapses
      }
      const ran: unknown[] = [];
      const abandoned: unknown[] = [];
      const deadly = Object.assign(async (p: unknown) => { ran.push(p); }, { abandon: async (p: unknown) => { abandoned.push(p); } });
      const worker = new JobWorker(db.store, { deadly }, silent, { pollMs: 20, maxAttempts: 2 });
      worker.start();
      await until(async () => (await db.store.db.selectFrom('jobs').select('state').where('id', '=', id).executeTakeFirst())?.state === 'failed');
      await worker.stop();
      assert.deepEqual(abandoned, [{ x: 1 }]);
      assert.deepEqual(ran, []);
      await db.store.db.deleteFrom('jobs').where('id', '=', id).execute();
    });

    test('a job running longer than its lease keeps it: it is not run a second time meanwhile', async () => {
      let runs = 0;
      let release: () => void = () => undefined;
      const worker = new JobWorker(db.store, { slow: async () => { runs++; await new Promise<void>((resolve) => { release = resolve; }); } }, silent, { pollMs: 20, leaseMs: 150 });
      const id = await enqueueJob(db.store.db, 'slow', {});
      worker.start();
      await until(() => runs === 1);
      // Several leases' worth of polls go by while the job runs.
      await new Promise((resolve) => setTimeout(resolve, 600));
      release();
      await until(async () => (await db.store.db.selectFrom('jobs').select('id').where('id', '=', id).executeTakeFirst()) === undefined);
      await worker.stop();
      assert.equal(runs, 1);
    });

    test('a failing job is retried, then succeeds', async () => {
      let tries = 0;
      const worker = new JobWorker(db.store, { flaky: async () => { tries++; if (tries < 3) throw new Error('not yet'); } }, silent, { pollMs: 20 });
      const id = await enqueueJob(db.store.db, 'flaky', {});
      worker.start();
      await until(async () => (await db.store.db.selectFrom('jobs').select('state').where('id', '=', id).executeTakeFirst()) === undefined);
      await worker.stop();
      assert.equal(tries, 3);
    });

    test('a handler is told when it runs its last attempt, and a job failing then is kept as failed; a kind may have attempts of its own', async () => {
      const finals: Record<string, boolean[]> = { doomed: [], hardy: [] };
      const failing = (kind: string) => async (_p: unknown, _job: unknown, context: { finalAttempt: boolean }) => { finals[kind]?.push(context.finalAttempt); throw new Error('never works'); };
      const handlers = { doomed: failing('doomed'), hardy: Object.assign(failing('hardy'), { maxAttempts: 4 }) };
      const worker = new JobWorker(db.store, handlers, silent, { pollMs: 20, maxAttempts: 3 });
      const ids = [await enqueueJob(db.store.db, 'doomed', {}), await enqueueJob(db.store.db, 'hardy', {})];
      await db.store.db.updateTable('jobs').set({ runAt: new Date(0).toISOString() }).where('id', 'in', ids).execute();
      worker.start();
      const states = async () => (await db.store.db.selectFrom('jobs').select('state').where('id', 'in', ids).execute()).map((j) => j.state);
      await until(async () => (await states()).every((state) => state === 'failed'), 15_000);
      await worker.stop();
      assert.deepEqual(finals, { doomed: [false, false, true], hardy: [false, false, false, true] });
    });

    test('concurrent claimers never get the same job', async () => {
      for (let n = 0; n < 40; n++) await enqueueJob(db.store.db, 'shared', { n });
      const [a, b, c] = await Promise.all([1, 2, 3].map(() => claimJobs(db.store.db, db.store.dialect, 20, 60_000)));
      const ids = [...(a ?? []), ...(b ?? []), ...(c ?? [])].filter((j) => j.kind === 'shared').map((j) => j.id);
      assert.equal(ids.length, 40);
      assert.equal(new Set(ids).size, 40);
    });

    test('a held job runs its creator\'s work once, no other worker claims it, and if its creator dies it runs again after its lease', async () => {
      const byHandler: string[] = [];
      const worker = new JobWorker(db.store, { held: async (p) => { byHandler.push((p as { n: string }).n); } }, silent, { pollMs: 20, leaseMs: 300 });
      assert.equal(worker.hold(), null, 'a stopped worker holds nothing');
      worker.start();
      await until(async () => (await claimJobs(db.store.db, db.store.dialect, 1, 300)).length === 0);
      // The worker's first claim has found nothing waiting, so it hands out slots.
      let slot = worker.hold();
      await until(() => (slot ??= worker.hold()) !== null);
      const mine = slot!;
      const job = mine.job('held', { n: 'run' });
      assert.equal(job.state, 'running');
      await insertJobs(db.store.db, [job]);
      assert.equal((await claimJobs(db.store.db, db.store.dialect, 10, 300)).length, 0, 'a held job is not for other workers');
      let ran = 0;
      mine.run(job, async (context) => { ran++; assert.equal(context.finalAttempt, false); });
      mine.release();
      await until(async () => (await db.store.db.selectFrom('jobs').select('id').where('id', '=', job.id).executeTakeFirst()) === undefined);
      assert.equal(ran, 1);
      // A creator that dies between writing the job and running it: the lease lapses, the handler runs it.
      const dying = worker.hold()!;
      await insertJobs(db.store.db, [dying.job('held', { n: 'orphan' })]);
      dying.release();
      await until(() => byHandler.includes('orphan'));
      // Once work waits in the store (someone notified), no slot is handed out until a claim has taken it.
      await enqueueJob(db.store.db, 'held', { n: 'queued' });
      worker.notify();
      assert.equal(worker.hold(), null);
      await until(() => byHandler.includes('queued'));
      await worker.stop();
      assert.deepEqual(byHandler, ['orphan', 'queued']);
    });
  });
}

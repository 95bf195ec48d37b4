/**
 * Runs durable jobs: claims due work from the store under a lease (renewed while the job
 * runs), runs each job's handler with bounded concurrency, completes it, or retries it with
 * backoff. A crash loses nothing: a dead worker's claimed-but-unfinished jobs are claimed again
 * once their lease lapses; one whose workers died on every attempt is abandoned, not run
 * again. Handlers must make a repeat harmless (the engines guard every state change with its
 * expected previous state).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../store/index.js';
import { claimJobs, claimedJob, completeJob, failJob, renewLeases } from '../store/jobs.js';
import type { Job } from '../store/jobs.js';

/** What a handler knows about the attempt it runs. */
export interface JobContext {
  /** This is the last attempt: if it fails, the job fails for good (the handler may leave its work in a final state first). */
  readonly finalAttempt: boolean;
  /**
   * Which attempt this is (1 for the first). Above 1, an earlier attempt failed or its worker
   * died mid-run, so what it did may have reached the store without what should have followed.
   */
  readonly attempt: number;
}

/**
 * Runs a job. `abandon`, if given, is called instead for a job whose worker died on each of its
 * attempts (it might crash this one too): it leaves the work in a final state, unrun.
 */
export type JobHandler = ((payload: unknown, job: Job, context: JobContext) => Promise<void>) & {
  readonly abandon?: (payload: unknown) => Promise<void>;
  /** Attempts before a job of this kind fails for good, when not the worker's (`WorkerOptions.maxAttempts`). */
  readonly maxAttempts?: number;
};

/**
 * A slot of the worker held for a job that its creator runs at once (see `JobWorker.hold`).
 * Exactly one of `run` and `release` must be called.
 */
export interface HeldSlot {
  /** The job's row, to insert in the creator's transaction: already claimed by this worker, under its lease. */
  job(kind: string, payload: unknown): Job;
  /** Runs the committed job with `work` (what its handler would do, from what the creator has in hand). */
  run(job: Job, work: (context: JobContext) => Promise<void>): void;
  /** Gives the slot back: the job was not written. */
  release(): void;
}

export interface WorkerOptions {
  /** Jobs run at once (default 256: handlers spend most of their time waiting on webhooks and batched writes). */
  readonly concurrency?: number;
  /** How long a claim holds before another worker may take the job (default 15 s). */
  readonly leaseMs?: number;
  /** How often to look for due work when nothing wakes the worker (default 250 ms). */
  readonly pollMs?: number;
  /** Attempts before a job is marked failed (default 6). */
  readonly maxAttempts?: number;
}

/** Most jobs claimed in one go. */
const MAX_CLAIM = 500;

export class JobWorker {
  private running = false;
  private inFlight = 0;
  private wake: (() => void) | null = null;
  /** Calls to `notify` so far: one made while a claim runs means that claim may have missed work. */
  private notified = 0;
  /**
   * Whether due jobs may be waiting in the store: set by `notify`, cleared by a claim that found
   * fewer than it asked for. While set, a freed slot claims, and `hold` refuses (so jobs already
   * waiting go first).
   */
  private backlog = true;
  private loop: Promise<void> | null = null;
  private readonly idle = new Set<() => void>();
  /** Jobs this worker is running, whose leases it keeps renewing. */
  private readonly held = new Set<Job>();
  private renewer: NodeJS.Timeout | null = null;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly maxAttempts: number;

  constructor(
    private readonly store: Store,
    private readonly handlers: Readonly<Record<string, JobHandler>>,
    private readonly log: FastifyBaseLogger,
    options: WorkerOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 256;
    this.leaseMs = options.leaseMs ?? 15_000;
    this.pollMs = options.pollMs ?? 250;
    this.maxAttempts = options.maxAttempts ?? 6;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
    // A job that runs longer than its lease (slow webhooks) must not be claimed again while it
    // runs: its lease is renewed until it ends. Only a dead worker's leases lapse.
    this.renewer = setInterval(() => void this.renew(), Math.max(20, Math.floor(this.leaseMs / 3)));
    this.renewer.unref();
  }

  private async renew(): Promise<void> {
    if (this.held.size === 0) return;
    try {
      await renewLeases(this.store.db, [...this.held], this.leaseMs);
    } catch (err) {
      this.log.error({ err }, 'renewing job leases failed');
    }
  }

  /** Looks for work now (called after enqueueing). */
  notify(): void {
    this.notified++;
    this.backlog = true;
    this.wake?.();
  }

  /**
   * Holds a slot for a job its creator is about to insert and wants run now, here: the job goes
   * in already claimed, so neither the claim (two queries and a write) nor the handler's
   * reading back what the creator had in hand stands between the commit and the work. Should
   * this process die first, the claim's lease lapses and any worker takes the job as it would
   * a dead worker's. Null when the worker is stopped or full, or jobs may be waiting: the job
   * then goes in pending, behind them.
   */
  hold(): HeldSlot | null {
    if (!this.running || this.backlog || this.inFlight >= this.concurrency) return null;
    this.inFlight++;
    let settled = false;
    return {
      job: (kind, payload) => claimedJob(kind, payload, this.leaseMs),
      run: (job, work) => {
        if (settled) return;
        settled = true;
        void this.execute(job, work);
      },
      release: () => {
        if (settled) return;
        settled = true;
        this.finished();
      },
    };
  }

  /** Stops claiming and waits for the jobs in flight. */
  async stop(): Promise<void> {
    this.running = false;
    this.notify();
    await this.loop;
    while (this.inFlight > 0) await new Promise<void>((resolve) => this.idle.add(resolve));
    if (this.renewer) clearInterval(this.renewer);
    this.renewer = null;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const free = this.concurrency - this.inFlight;
      const notified = this.notified;
      let jobs: Job[] = [];
      if (free > 0) {
        const limit = Math.min(free, MAX_CLAIM);
        try {
          jobs = await claimJobs(this.store.db, this.store.dialect, limit, this.leaseMs);
          if (jobs.length < limit && this.notified === notified) this.backlog = false;
        } catch (err) {
          this.log.error({ err }, 'claiming jobs failed');
        }
      }
      for (const job of jobs) {
        this.inFlight++;
        void this.execute(job, null);
      }
      const missed = this.notified !== notified && this.inFlight < this.concurrency;
      if (!missed && (jobs.length === 0 || free - jobs.length <= 0)) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.pollMs);
          this.wake = () => { clearTimeout(timer); resolve(); };
        });
        this.wake = null;
      }
    }
  }

  /** Runs a claimed job (its slot already counted in `inFlight`) with its handler, or with `work` when its creator runs it. */
  private async execute(job: Job, work: ((context: JobContext) => Promise<void>) | null): Promise<void> {
    this.held.add(job);
    const handler = this.handlers[job.kind];
    const maxAttempts = handler?.maxAttempts ?? this.maxAttempts;
    try {
      const context = { finalAttempt: job.attempts >= maxAttempts, attempt: job.attempts };
      if (work) {
        await work(context);
      } else {
        if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
        if (job.attempts > maxAttempts) {
          // Claimed once more than it may be: every attempt ended with its worker's death.
          await handler.abandon?.(JSON.parse(job.payload) as unknown);
          this.log.error({ job: job.id, kind: job.kind, attempts: job.attempts }, 'job abandoned: its worker died on every attempt');
          await failJob(this.store.db, job, 'abandoned: its worker died on every attempt', null);
          return;
        }
        await handler(JSON.parse(job.payload) as unknown, job, context);
      }
      await completeJob(this.store.db, job);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const retry = job.attempts < maxAttempts ? new Date(Date.now() + Math.min(60_000, 250 * 2 ** job.attempts)) : null;
      this.log.warn({ job: job.id, kind: job.kind, attempts: job.attempts, err: message }, retry ? 'job failed; will retry' : 'job failed for good');
      await failJob(this.store.db, job, message, retry).catch((e: unknown) => this.log.error({ err: e }, 'recording a job failure failed'));
    } finally {
      this.held.delete(job);
      this.finished();
    }
  }

  /** A slot is free again. */
  private finished(): void {
    this.inFlight--;
    if (this.backlog && this.inFlight < this.concurrency) this.wake?.();
    if (this.inFlight === 0) for (const resolve of this.idle) { this.idle.delete(resolve); resolve(); }
  }
}

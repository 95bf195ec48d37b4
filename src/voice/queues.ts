/**
 * The call queues of one engine: who waits in which queue and in which order, kept in memory
 * (the legs live here) and mirrored in the store (so the Queues and Members resources show
 * sizes and positions). `<Enqueue>` joins a queue; `<Dial><Queue>` takes the member at the
 * front (FIFO), waiting for one if the queue is empty. A single engine process owns its
 * queues: clustering queues across engines is not done yet.
 *
 * Never bridges legs itself: the agent's `<Dial>` does (./verbs/dial-queue.ts).
 */
import type { Clock } from '../clock/clock.js';
import type { Leg } from '../network/leg.js';
import { isUniqueViolation } from '../store/constraint.js';
import type { Store } from '../store/index.js';
import { DEFAULT_MAX_SIZE, countMembers, createQueue, findQueueByName, insertMember, removeMember } from '../store/queues.js';
import type { Queue } from '../store/queues.js';

/** A call waiting in a queue. */
export interface Waiter {
  readonly callSid: string;
  readonly queue: Queue;
  readonly leg: Leg;
  /** Call time (ms) at which the call joined. */
  readonly joinedAt: number;
  /** Aborted when an agent takes the call (or it leaves): its wait TwiML stops. */
  readonly taken: AbortController;
  /** The agent's call, once taken. */
  agentCallSid: string | null;
  /** Resolved by the agent's `<Dial>` when the bridge is over. */
  readonly bridgeOver: Promise<void>;
  endBridge(): void;
  /** TwiML the agent's `<Queue url>` has the caller hear before the bridge (null: none). */
  announcement: { readonly url: string; readonly method: 'GET' | 'POST' } | null;
  /** Resolved by the caller's `<Enqueue>` once it has heard the announcement (at once without one). */
  readonly announced: Promise<void>;
  markAnnounced(): void;
}

/** What joining gave: a place in the queue, or the queue was full. */
export type JoinResult = { readonly ok: true; readonly waiter: Waiter } | { readonly ok: false; readonly queue: Queue };

/** The live queues of one engine (see the module comment). */
export class CallQueues {
  private readonly waiting = new Map<string, Waiter[]>();
  /** Agents waiting on an empty queue, woken by the next arrival. */
  private readonly agents = new Map<string, Set<() => void>>();

  constructor(private readonly store: Store, private readonly clock: Clock) {}

  /** The account's queue named `name`, created with Twilio's default size if it does not exist. */
  async queueNamed(accountSid: string, name: string, create: boolean): Promise<Queue | null> {
    const db = this.store.db;
    const found = await findQueueByName(db, accountSid, name);
    if (found || !create) return found ?? null;
    try {
      return await createQueue(db, accountSid, name, DEFAULT_MAX_SIZE);
    } catch (err) {
      // Another call created it at the same moment.
      if (isUniqueViolation(err)) return (await findQueueByName(db, accountSid, name)) ?? null;
      throw err;
    }
  }

  /** Puts `callSid` at the back of `queue`, unless it already holds `limit` calls. */
  async join(queue: Queue, limit: number, callSid: string, leg: Leg): Promise<JoinResult> {
    if ((await countMembers(this.store.db, queue.sid)) >= limit) return { ok: false, queue };
    let endBridge = () => {};
    const bridgeOver = new Promise<void>((resolve) => { endBridge = resolve; });
    let markAnnounced = () => {};
    const announced = new Promise<void>((resolve) => { markAnnounced = resolve; });
    const waiter: Waiter = {
      callSid, queue, leg, joinedAt: this.clock.now(), taken: new AbortController(), agentCallSid: null, bridgeOver, endBridge, announcement: null, announced, markAnnounced,
    };
    await insertMember(this.store.db, queue, callSid);
    const line = this.waiting.get(queue.sid) ?? [];
    line.push(waiter);
    this.waiting.set(queue.sid, line);
    const agents = this.agents.get(queue.sid);
    if (agents) for (const wake of [...agents]) wake();
    return { ok: true, waiter };
  }

  /** Takes `waiter` out of its queue (it left, hung up, was redirected or taken). Idempotent. */
  async leave(waiter: Waiter): Promise<void> {
    const line = this.waiting.get(waiter.queue.sid);
    const at = line?.indexOf(waiter) ?? -1;
    if (line && at >= 0) {
      line.splice(at, 1);
      if (line.length === 0) this.waiting.delete(waiter.queue.sid);
    }
    waiter.taken.abort();
    await removeMember(this.store.db, waiter.queue.sid, waiter.callSid);
  }

  /** The waiter for `callSid` in `queueSid`, if it waits here. */
  find(queueSid: string, callSid: string): Waiter | undefined {
    return this.waiting.get(queueSid)?.find((w) => w.callSid === callSid);
  }

  /** 1 for the front of the queue. */
  position(waiter: Waiter): number {
    return (this.waiting.get(waiter.queue.sid)?.indexOf(waiter) ?? -1) + 1;
  }

  size(queueSid: string): number {
    return this.waiting.get(queueSid)?.length ?? 0;
  }

  /** Mean call-time seconds the calls in the queue have waited so far. */
  averageWait(queueSid: string): number {
    const line = this.waiting.get(queueSid) ?? [];
    if (line.length === 0) return 0;
    const now = this.clock.now();
    return Math.round(line.reduce((sum, w) => sum + (now - w.joinedAt), 0) / line.length / 1000);
  }

  /** Seconds `waiter` has waited, in call time. */
  waited(waiter: Waiter): number {
    return Math.max(0, Math.round((this.clock.now() - waiter.joinedAt) / 1000));
  }

  /**
   * Takes the front member of `queueSid` for `agentCallSid`, waiting for one to join while the
   * queue is empty; null when `signal` aborts first. The member leaves the queue at once, and
   * hears `announcement` (`<Queue url>`) before the bridge.
   */
  async take(queueSid: string, agentCallSid: string, signal: AbortSignal, announcement: Waiter['announcement'] = null): Promise<Waiter | null> {
    for (;;) {
      const front = this.waiting.get(queueSid)?.find((w) => w.leg.live);
      if (front) {
        front.agentCallSid = agentCallSid;
        front.announcement = announcement;
        await this.leave(front);
        return front;
      }
      if (signal.aborted) return null;
      await this.arrival(queueSid, signal);
    }
  }

  private arrival(queueSid: string, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const agents = this.agents.get(queueSid) ?? new Set<() => void>();
      this.agents.set(queueSid, agents);
      const wake = () => {
        agents.delete(wake);
        if (agents.size === 0) this.agents.delete(queueSid);
        signal.removeEventListener('abort', wake);
        resolve();
      };
      agents.add(wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }
}

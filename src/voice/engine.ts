/**
 * The voice engine: what the API and the carriers call. It accepts outbound calls (placed by a
 * durable job), receives inbound calls, runs each live call's session, answers live
 * modifications, and keeps its calls' leases so that another engine ends the calls of one that
 * died. Calls do not survive their engine (their audio lived there); accepted calls not yet
 * placed do, and are placed by the next engine.
 */
import type { Activity } from '../activity/index.js';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/clock.js';
import { TwilioError } from '../errors/index.js';
import type { JobHandler } from '../jobs/worker.js';
import type { Metrics } from '../metrics/index.js';
import type { OutboundInput } from '../messaging/outbound.js';
import type { InboundCall, VoiceCarrier } from '../network/carrier.js';
import type { Account } from '../store/accounts.js';
import { findAccount } from '../store/accounts.js';
import type { Call } from '../store/calls.js';
import { claimQueuedCall, dropEngine, findCallBySid, insertCall, renewEngineLease, transitionCall, updateCall } from '../store/calls.js';
import { EventLog } from '../store/event-log.js';
import type { Store } from '../store/index.js';
import type { Message } from '../store/messages.js';
import { nowIso, storeTime } from '../store/sid.js';
import type { HttpMethod } from '../store/schema.js';
import { parseTwiml } from '../twiml/index.js';
import type { Webhooks } from '../webhooks/index.js';
import { acceptCall, judgeTwiml } from './accept.js';
import type { CallInput } from './accept.js';
import { START_JOB } from './accept.js';
import { childCallRow } from './children.js';
import type { ChildCall, ChildRequest } from './children.js';
import type { CallMessage, CallMessageResult } from './context.js';
import { receiveInboundCall } from './inbound.js';
import type { TwimlSource } from './interpreter.js';
import { abandonQueuedCall, reapOrphans } from './reaper.js';
import { RecordingService } from './recordings.js';
import { ConferenceService } from './conference/service.js';
import { CallQueues } from './queues.js';
import { CallSession } from './session.js';
import type { EngineLog, SessionDeps } from './session-host.js';

export interface VoiceDeps {
  readonly store: Store;
  readonly webhooks: Webhooks;
  readonly carrier: VoiceCarrier;
  readonly clock: Clock;
  readonly log: EngineLog;
  readonly metrics: Metrics;
  /** Sends messages from calls (`<Sms>`, `<Message>`). */
  readonly messaging: { send(account: Account, input: OutboundInput): Promise<Message> };
  /** Wakes the job worker after work is queued. */
  readonly notifyWorker: () => void;
  readonly publicUrl: () => string;
  /** How long a live call's claim holds without renewal (default 30 s). */
  readonly leaseMs?: number;
  /** Where each trace step is published as it happens (the console's live views). */
  readonly activity?: Activity;
}

/** What the Calls API may change on a call (live modification). */
export interface CallChangesInput {
  readonly url?: string;
  readonly method?: HttpMethod;
  readonly twiml?: string;
  readonly status?: 'canceled' | 'completed';
  readonly fallbackUrl?: string | null;
  readonly fallbackMethod?: HttpMethod;
  readonly statusCallback?: string | null;
  readonly statusCallbackMethod?: HttpMethod;
  readonly timeLimit?: number;
}

/** The source of a call's first document: inline TwiML, or its URL with the fallback. */
export function firstSource(call: Call): TwimlSource {
  if (call.twiml !== null) {
    const parsed = parseTwiml(call.twiml, { kind: 'voice' });
    if (parsed.ok) return { kind: 'inline', document: parsed.document };
  }
  return { kind: 'url', url: call.url ?? '', method: call.method, params: null, fallbackUrl: call.fallbackUrl, fallbackMethod: call.fallbackMethod };
}

export class VoiceEngine {
  readonly engineId = randomUUID();
  readonly recordings: RecordingService;
  readonly conferences: ConferenceService;
  /** Who waits in which call queue (`<Enqueue>`, `<Dial><Queue>`, the Members resource). */
  readonly queues: CallQueues;
  private readonly sessions = new Map<string, { session: CallSession; run: Promise<void> }>();
  private readonly traceLog: EventLog<'callTrace'>;
  private readonly traceSeq = new Map<string, number>();
  private readonly leaseMs: number;
  private leaseTimer: NodeJS.Timeout | null = null;
  private readonly sessionDeps: SessionDeps;

  constructor(private readonly deps: VoiceDeps) {
    this.leaseMs = deps.leaseMs ?? 30_000;
    const locate = (number: string) => deps.carrier.locate(number);
    this.queues = new CallQueues(deps.store, deps.clock);
    this.recordings = new RecordingService({ store: deps.store, webhooks: deps.webhooks, locate, publicUrl: deps.publicUrl });
    this.conferences = new ConferenceService({
      store: deps.store, webhooks: deps.webhooks, clock: deps.clock, engineId: this.engineId,
      warn: (details, message) => deps.log.warn(details, message), placeCall: (account, input) => this.create(account, input),
      recordings: this.recordings,
    });
    this.traceLog = new EventLog(deps.store.db, 'callTrace', { onError: (err) => deps.log.warn({ err }, 'keeping a call trace failed') });
    this.sessionDeps = {
      store: deps.store, webhooks: deps.webhooks, clock: deps.clock, log: deps.log, metrics: deps.metrics, locate, recordings: this.recordings,
      conferences: this.conferences, queues: this.queues,
      sendMessage: (account, message) => this.sendMessage(account, message), firstSource,
      placeChild: (account, parent, request) => this.placeChild(account, parent, request),
      trace: (call, kind, detail) => {
        this.trace(call, kind, detail);
        if (kind === 'status') this.conferences.callMoved(call.sid, String(detail.status));
      },
      onEnd: (session) => {
        this.sessions.delete(session.call.sid);
        this.traceSeq.delete(session.call.sid);
        deps.metrics.callsLive.dec();
        this.conferences.callEnded(session.call).catch((err: unknown) => deps.log.warn({ err }, 'updating a conference after a call failed'));
      },
    };
    deps.carrier.onInboundCall((call) => this.receive(call));
  }

  /** Writes the engine's heartbeat, then keeps it and ends the calls of engines that died. */
  async start(): Promise<void> {
    const renew = () => renewEngineLease(this.deps.store.db, this.engineId, this.leaseUntil(), nowIso());
    const tick = () => {
      renew().then(() => reapOrphans(this.deps.store, this.deps.webhooks, this.deps.notifyWorker, this.deps.carrier.locate.bind(this.deps.carrier), this.conferences))
        .catch((err: unknown) => this.deps.log.warn({ err }, 'renewing the engine heartbeat failed'));
    };
    await renew();
    tick();
    this.leaseTimer = setInterval(tick, Math.max(1000, Math.floor(this.leaseMs / 3)));
    this.leaseTimer.unref();
  }

  private leaseUntil(): string {
    return storeTime(new Date(Date.now() + this.leaseMs));
  }

  private trace(call: Call, kind: string, detail: Readonly<Record<string, unknown>>): void {
    const seq = this.traceSeq.get(call.sid) ?? 0;
    this.traceSeq.set(call.sid, seq + 1);
    const at = storeTime(new Date(this.deps.clock.now()));
    this.traceLog.push({ callSid: call.sid, seq, accountSid: call.accountSid, at, kind, detail: JSON.stringify(detail) });
    this.deps.activity?.publish({ type: 'call-trace', accountSid: call.accountSid, callSid: call.sid, seq, at, kind, detail });
  }

  /** Writes the traces pushed so far (readers call this first). */
  flushTraces(): Promise<void> {
    return this.traceLog.flush();
  }

  /** Judges, stores and queues an outbound call (throws TwilioError for bad input). */
  async create(account: Account, input: CallInput): Promise<Call> {
    const call = await acceptCall(this.deps.store, account, input);
    this.deps.notifyWorker();
    return call;
  }

  jobHandlers(): Record<string, JobHandler> {
    const place = (payload: unknown) => this.place((payload as { sid: string }).sid);
    const abandon = (payload: unknown) => abandonQueuedCall(this.deps.store, this.deps.webhooks, (n) => this.deps.carrier.locate(n), (payload as { sid: string }).sid);
    return { [START_JOB]: Object.assign(place, { abandon }) };
  }

  /** The `call.start` job: claims the queued call and places it (the call runs on after the job). */
  private async place(sid: string): Promise<void> {
    const queued = await findCallBySid(this.deps.store.db, sid);
    if (queued?.status !== 'queued') return;
    // Time in the queue is wall-clock time, as the call's times are (the fast clock only runs call time).
    const placing = { startTime: storeTime(new Date()), queueTime: Math.max(0, Math.round(Date.now() - Date.parse(queued.dateCreated))) };
    const call = await claimQueuedCall(this.deps.store.db, sid, this.engineId, nowIso(), placing);
    if (!call) return;
    const account = await findAccount(this.deps.store.db, call.accountSid);
    if (!account) return;
    const session = new CallSession(this.sessionDeps, account, call);
    this.started();
    this.sessions.set(sid, { session, run: session.runOutbound(this.deps.carrier) });
  }

  /** A `<Dial>`'s child call: stored, then placed at once by this engine (./children.ts). */
  private async placeChild(account: Account, parent: Call, request: ChildRequest): Promise<ChildCall> {
    const row = childCallRow(parent, request, this.engineId);
    await insertCall(this.deps.store.db, row);
    const session = new CallSession(this.sessionDeps, account, row);
    this.started();
    // connect runs once the party answers, after `child` is set.
    const run = session.runOutbound(this.deps.carrier, (leg) => request.connect(child, leg));
    const child: ChildCall = {
      sid: row.sid,
      done: run.then(() => session.call),
      sipResponseCode: () => session.sipResponseCode,
      cancel: () => session.cancel(),
      whisper: (source) => session.whisper(source),
      idle: (promise) => session.idle(promise),
    };
    this.sessions.set(row.sid, { session, run });
    return child;
  }

  /** A carrier's inbound call for one of the platform's numbers. */
  private async receive(inbound: InboundCall): Promise<void> {
    const received = await receiveInboundCall(this.deps.store, inbound, this.engineId);
    if (!received) {
      await inbound.leg.reject('rejected');
      return;
    }
    const session = new CallSession(this.sessionDeps, received.account, received.call);
    if (received.alert) void session.trace('alert', { message: received.alert });
    this.started();
    this.sessions.set(received.call.sid, { session, run: session.runInbound(inbound.leg) });
  }

  private started(): void {
    this.deps.metrics.callsStarted.inc();
    this.deps.metrics.callsLive.inc();
  }

  private async sendMessage(account: Account, message: CallMessage): Promise<CallMessageResult> {
    try {
      const sent = await this.deps.messaging.send(account, {
        to: message.to, from: message.from, body: message.body, mediaUrls: message.mediaUrls, statusCallback: message.statusCallback,
        applicationSid: null, validityPeriod: null, direction: 'outbound-reply',
      });
      return { ok: true, sid: sent.sid, status: sent.status };
    } catch (err) {
      if (err instanceof TwilioError) return { ok: false, code: err.code, message: err.message };
      throw err;
    }
  }

  /** Live modification (the Calls API's update). Resolves to the call as it stands afterwards. */
  async modify(call: Call, changes: CallChangesInput): Promise<Call> {
    const db = this.deps.store.db;
    const live = this.sessions.get(call.sid);
    const final = !['queued', 'ringing', 'in-progress'].includes(call.status);
    const redirects = changes.url !== undefined || changes.twiml !== undefined;
    if (redirects && final) throw new TwilioError(21220, `Call ${call.sid} is not in-progress (it is ${call.status}). Cannot redirect.`);
    if (changes.twiml !== undefined) judgeTwiml(changes.twiml);
    await updateCall(db, call.sid, {
      ...(changes.url !== undefined ? { url: changes.url, method: changes.method ?? 'POST', twiml: null } : {}),
      ...(changes.twiml !== undefined ? { twiml: changes.twiml, url: null } : {}),
      ...(changes.fallbackUrl !== undefined ? { fallbackUrl: changes.fallbackUrl } : {}),
      ...(changes.fallbackMethod !== undefined ? { fallbackMethod: changes.fallbackMethod } : {}),
      ...(changes.statusCallback !== undefined ? { statusCallback: changes.statusCallback } : {}),
      ...(changes.statusCallbackMethod !== undefined ? { statusCallbackMethod: changes.statusCallbackMethod } : {}),
      ...(changes.timeLimit !== undefined ? { timeLimit: changes.timeLimit } : {}),
    });
    if (redirects && live && call.status === 'in-progress') {
      const updated = await findCallBySid(db, call.sid);
      if (updated) live.session.redirect(firstSource(updated));
    }
    if (changes.status !== undefined && !final) await this.stop(call, changes.status, live);
    return (await findCallBySid(db, call.sid)) ?? call;
  }

  /** Status=canceled stops a queued or ringing call; Status=completed also hangs up an answered one. */
  private async stop(call: Call, status: 'canceled' | 'completed', live: { session: CallSession; run: Promise<void> } | undefined): Promise<void> {
    if (!live) {
      // Not yet claimed by an engine: the job will find it canceled and do nothing.
      if (call.status === 'queued') await transitionCall(this.deps.store.db, call.sid, ['queued'], 'canceled', { endTime: storeTime(new Date()) });
      return;
    }
    if (status === 'canceled' && !live.session.cancel()) return;
    if (status === 'completed') await live.session.hangUp('api');
    await Promise.race([live.run, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
  }

  /** Hangs up every live call and waits for them to end (the platform is stopping). */
  async close(): Promise<void> {
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    const runs = [...this.sessions.values()];
    for (const { session } of runs) void session.hangUp('shutdown');
    await Promise.all(runs.map((r) => r.run));
    await this.conferences.close();
    await this.traceLog.flush();
    await dropEngine(this.deps.store.db, this.engineId).catch((err: unknown) => this.deps.log.warn({ err }, 'dropping the engine heartbeat failed'));
  }
}

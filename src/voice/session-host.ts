/**
 * What a call session lends the interpreter: loading documents (fetched through the webhooks
 * layer with the call's parameters, or inline TwiML), the per-verb context, the application
 * error Twilio plays when no document can be had, traces and alerts.
 */
import type { Clock } from '../clock/clock.js';
import type { Metrics } from '../metrics/index.js';
import type { Leg } from '../network/leg.js';
import type { Account } from '../store/accounts.js';
import type { Call } from '../store/calls.js';
import type { Store } from '../store/index.js';
import { findPhoneNumberByE164 } from '../store/phone-numbers.js';
import type { WebhookCookies, Webhooks } from '../webhooks/index.js';
import { raiseAlert } from '../webhooks/journal.js';
import type { ChildCall, ChildRequest } from './children.js';
import type { ConferenceService } from './conference/service.js';
import type { CallMessage, CallMessageResult, VerbContext, WaitEnding, WaitTwiml } from './context.js';
import type { InterpreterHost, Loaded, TwimlSource } from './interpreter.js';
import type { Locate } from './params.js';
import type { CallQueues } from './queues.js';
import type { RecordingService } from './recordings.js';
import { runWait } from './wait.js';

/** The logger the engine writes to (pino's shape). */
export interface EngineLog {
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** The services every call session runs on. */
export interface SessionDeps {
  readonly store: Store;
  readonly webhooks: Webhooks;
  readonly clock: Clock;
  readonly log: EngineLog;
  readonly metrics: Metrics;
  readonly locate: Locate;
  readonly recordings: RecordingService;
  readonly conferences: ConferenceService;
  readonly queues: CallQueues;
  readonly sendMessage: (account: Account, message: CallMessage) => Promise<CallMessageResult>;
  /** Where a call's first document comes from (its Url, Twiml or application). */
  readonly firstSource: (call: Call) => TwimlSource;
  readonly trace: (call: Call, kind: string, detail: Readonly<Record<string, unknown>>) => void;
  /** Places a `<Dial>`'s child call from `parent` (./children.ts). */
  readonly placeChild: (account: Account, parent: Call, request: ChildRequest) => Promise<ChildCall>;
  /** Called once the call has reached its final status. */
  readonly onEnd: (session: { readonly call: Call }) => void;
}

/** The session as its host sees it. */
export interface SessionView {
  readonly account: Account;
  readonly call: Call;
  params(): Record<string, string>;
  trace(kind: string, detail: Readonly<Record<string, unknown>>): void;
  /** The call's cookies: what the app sets on one of its TwiML requests comes back on the next. */
  readonly cookies: WebhookCookies;
}

/** What the session's state machine provides to the host. */
export interface SessionControls {
  answered(): boolean;
  answer(): Promise<void>;
  takeRedirect(): TwimlSource | null;
  /** A fresh signal for the next verb, aborted by redirects and hangups. */
  verbSignal(): AbortSignal;
  idle<T>(promise: Promise<T>): Promise<T>;
  idleMs(): number;
}

/** Twilio's words when a call's TwiML cannot be had. */
export const APPLICATION_ERROR = "We're sorry, an application error has occurred. Goodbye.";

export class SessionHost implements InterpreterHost {
  constructor(readonly deps: SessionDeps, readonly session: SessionView, readonly leg: Leg, readonly controls: SessionControls) {}

  now(): number {
    return this.deps.clock.now();
  }

  answered(): boolean {
    return this.controls.answered();
  }

  answer(): Promise<void> {
    return this.controls.answer();
  }

  takeRedirect(): TwimlSource | null {
    return this.controls.takeRedirect();
  }

  trace(kind: string, detail: Readonly<Record<string, unknown>>): void {
    this.session.trace(kind, detail);
  }

  idleMs(): number {
    return this.controls.idleMs();
  }

  verbDone(verb: string, engineMs: number): void {
    this.deps.metrics.verbs.inc({ verb });
    this.deps.metrics.verbOverhead.observe(engineMs / 1000);
  }

  async alert(code: number, message: string, level: 'error' | 'warning' = 'error'): Promise<void> {
    const call = this.session.call;
    this.trace('alert', { code, message });
    await raiseAlert(this.deps.store.db, { accountSid: call.accountSid, resourceSid: call.sid, purpose: 'voice' }, { code, message, level, exchange: null });
  }

  async load(source: TwimlSource): Promise<Loaded> {
    if (source.kind === 'inline') return { ok: true, document: source.document, url: null };
    const account = this.session.account;
    const started = performance.now();
    const result = await this.deps.webhooks.fetchTwiml({
      kind: 'voice', url: source.url, method: source.method, fallbackUrl: source.fallbackUrl, fallbackMethod: source.fallbackMethod,
      params: source.params ?? this.session.params(), account: { sid: account.sid, authToken: account.authToken }, resourceSid: this.session.call.sid,
      cookies: this.session.cookies,
    });
    this.deps.metrics.webhookDuration.observe({ purpose: 'twiml' }, (performance.now() - started) / 1000);
    this.trace('twiml', result.ok ? { url: result.url, verbs: result.document.verbs.length, usedFallback: result.usedFallback } : { url: source.url, code: result.code, message: result.message });
    return result.ok ? { ok: true, document: result.document, url: result.url } : { ok: false };
  }

  async applicationError(): Promise<void> {
    if (!this.controls.answered()) await this.controls.answer();
    await this.leg.say(APPLICATION_ERROR, { voice: 'woman', language: 'en-US' }, this.leg.hangupSignal);
  }

  context(documentUrl: string | null): VerbContext {
    return new HostedVerbContext(this, documentUrl, this.controls.verbSignal());
  }

  /** Resolves a document's URL against the document; invalid ones are Twilio's 11100. */
  async resolve(url: string, base: string | null, attribute: string): Promise<string | null> {
    try {
      const resolved = base === null ? new URL(url) : new URL(url, base);
      // An absolute URL is requested (and signed) exactly as the app wrote it.
      if (resolved.protocol === 'http:' || resolved.protocol === 'https:') return /^https?:\/\//i.test(url) ? url : resolved.href;
    } catch {
      // reported below
    }
    await this.alert(11100, `${attribute} ${url.slice(0, 200)} is not a valid http(s) URL${base === null ? ' (inline TwiML has no URL to resolve relative URLs against)' : ''}.`, 'warning');
    return null;
  }
}

/** A verb's context: prototype methods over the host (a node runs thousands of verbs at once). */
class HostedVerbContext implements VerbContext {
  constructor(
    private readonly host: SessionHost, readonly documentUrl: string | null, readonly signal: AbortSignal,
    /** Wait TwiML's requests carry the wait's parameters (./wait.ts). */
    private readonly paramsOf: (() => Record<string, string>) | null = null,
  ) {}

  private get deps(): SessionDeps { return this.host.deps; }
  get account(): Account { return this.host.session.account; }
  get call(): Call { return this.host.session.call; }
  get leg(): Leg { return this.host.leg; }
  get clock(): Clock { return this.deps.clock; }
  get webhooks(): Webhooks { return this.deps.webhooks; }
  get recordings(): RecordingService { return this.deps.recordings; }
  get conferences(): ConferenceService { return this.deps.conferences; }
  get queues(): CallQueues { return this.deps.queues; }
  params(): Record<string, string> { return this.paramsOf ? this.paramsOf() : this.host.session.params(); }
  wait(ms: number, stop: AbortSignal = this.signal): Promise<boolean> { return this.idle(this.deps.clock.sleep(ms, stop)); }
  idle<T>(promise: Promise<T>): Promise<T> { return this.host.controls.idle(promise); }
  resolve(url: string, attribute: string): Promise<string | null> { return this.host.resolve(url, this.documentUrl, attribute); }
  trace(kind: string, detail: Readonly<Record<string, unknown>>): void { this.host.session.trace(kind, detail); }
  alert(code: number, message: string, level: 'error' | 'warning'): Promise<void> { return this.host.alert(code, message, level); }
  sendMessage(message: CallMessage): Promise<CallMessageResult> { return this.deps.sendMessage(this.account, message); }
  dial(request: ChildRequest): Promise<ChildCall> { return this.deps.placeChild(this.account, this.call, request); }
  async answer(): Promise<void> { if (!this.host.controls.answered()) await this.host.controls.answer(); }
  answered(): boolean { return this.host.controls.answered(); }
  async mayCallFrom(number: string): Promise<boolean> {
    const owned = await findPhoneNumberByE164(this.deps.store.db, number);
    return owned !== undefined && owned.accountSid === this.account.sid && owned.capVoice === 1;
  }
  withSignal(signal: AbortSignal): VerbContext { return new HostedVerbContext(this.host, this.documentUrl, signal, this.paramsOf); }
  waitLoop(wait: WaitTwiml, signal: AbortSignal): Promise<WaitEnding> {
    return runWait(this.host, (url, stop, params) => new HostedVerbContext(this.host, url, stop, params), wait, signal);
  }
}

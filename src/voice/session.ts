/**
 * One live call, from dialling (or ringing in) to its final status: a small state machine over
 * the Calls table (`queued → ringing → in-progress → completed`, or `busy`, `no-answer`,
 * `failed`, `canceled`) that sends the status callbacks, runs the TwiML through the interpreter
 * on the call's leg, records the call when asked, and answers live modifications.
 */
import { ConversationCookies } from '../webhooks/cookies.js';
import type { Clock } from '../clock/clock.js';
import type { CallRecorder, Leg } from '../network/leg.js';
import type { VoiceCarrier } from '../network/carrier.js';
import type { Account } from '../store/accounts.js';
import { FINAL_CALL_STATUSES, transitionCall } from '../store/calls.js';
import type { Call, CallChanges } from '../store/calls.js';
import type { CallStatus } from '../store/schema.js';
import { storeTime } from '../store/sid.js';
import { CallCallbacks } from './callbacks.js';
import { HeldLeg, IdleHold } from './held-leg.js';
import type { Ending, TwimlSource } from './interpreter.js';
import { interpret } from './interpreter.js';
import { callParams } from './params.js';
import { SessionHost } from './session-host.js';
import type { SessionControls, SessionDeps, SessionView } from './session-host.js';

const LIVE: readonly CallStatus[] = ['queued', 'ringing', 'in-progress'];

/**
 * A copy of a call row in V8's fast-properties form: rows built key by key (the driver, the
 * camel-case plugin) are hash tables, several times larger, and a session keeps its row for the
 * whole call.
 */
function compact(call: Call): Call {
  return { ...call };
}

export class CallSession implements SessionView, SessionControls {
  readonly cookies = ConversationCookies.empty();
  private current: Call;
  private leg: Leg | null = null;
  private readonly hold: IdleHold;
  private readonly callbacks: CallCallbacks;
  /** While an outbound call is being placed: aborting it cancels the attempt. */
  private dialing: AbortController | null = null;
  private answeredAt: number | null = null;
  private recorder: CallRecorder | null = null;
  private redirectTo: TwimlSource | null = null;
  private verbStop: AbortController | null = null;
  private ending = false;
  private finalSipCode: number | null = null;

  constructor(private readonly deps: SessionDeps, readonly account: Account, call: Call) {
    this.current = compact(call);
    this.hold = new IdleHold(() => deps.clock.hold());
    this.callbacks = new CallCallbacks(deps.webhooks, deps.locate, { sid: account.sid, authToken: account.authToken });
  }

  get call(): Call {
    return this.current;
  }

  /** The SIP response the call ended with (200 once it was answered); null while it runs. */
  get sipResponseCode(): number | null {
    return this.finalSipCode;
  }

  get clock(): Clock {
    return this.deps.clock;
  }

  /** Moves the call's status; the call as moved (what its callback reports), or undefined when it was not in `from`. */
  private async move(from: readonly CallStatus[], to: CallStatus, changes: CallChanges = {}): Promise<Call | undefined> {
    const moved = await transitionCall(this.deps.store.db, this.current.sid, from, to, changes);
    if (!moved) return undefined;
    this.current = compact(moved);
    this.trace('status', { status: to });
    return moved;
  }

  trace(kind: string, detail: Readonly<Record<string, unknown>>): void {
    this.deps.trace(this.current, kind, detail);
  }

  /**
   * Places the outbound call, then runs its TwiML once it is answered — or, for a `<Dial>`'s
   * child call, hands the answered leg to `connect` and hangs up when that resolves.
   */
  async runOutbound(carrier: VoiceCarrier, connect?: (leg: Leg) => Promise<void>): Promise<void> {
    try {
      // The claim set start_time and queue_time (wall-clock times; the fast clock only runs call time).
      const startedAt = this.clock.now();
      this.callbacks.notify(this.current, 'initiated', startedAt);
      this.dialing = new AbortController();
      const outcome = await this.hold.idle(carrier.dial({
        callSid: this.current.sid, accountSid: this.account.sid, from: this.current.fromNumber, to: this.current.toNumber,
        ringTimeoutMs: this.current.timeout * 1000, signal: this.dialing.signal,
        // Ringing is recorded at the instant it happens: call time waits for the write.
        onRinging: () => { const release = this.clock.hold(); void this.ringing().finally(release); },
      }));
      this.dialing = null;
      if (!outcome.answered) return await this.finish(outcome.status, outcome.sipResponseCode);
      const leg = outcome.leg;
      this.leg = leg;
      await this.onAnswered();
      await this.afterAnswer();
      if (!connect) return await this.runTwiml(this.deps.firstSource(this.current));
      // connect waits through child.idle (../children.ts): a whisper's fetches hold the clock.
      if (leg.live) await connect(leg);
      await leg.hangup();
      await this.finish('completed', 200);
    } catch (err) {
      this.deps.log.error({ err, callSid: this.current.sid }, 'the call failed');
      await this.finish(this.answeredAt === null ? 'failed' : 'completed', 500);
    }
  }

  private async ringing(): Promise<void> {
    const moved = await this.move(['queued'], 'ringing');
    if (moved) this.callbacks.notify(moved, 'ringing', this.clock.now());
  }

  /** Runs an inbound call: it rings while the TwiML is fetched, and is answered by the first verb that answers. */
  async runInbound(leg: Leg): Promise<void> {
    this.leg = leg;
    try {
      await this.runTwiml(this.deps.firstSource(this.current));
    } catch (err) {
      this.deps.log.error({ err, callSid: this.current.sid }, 'the call failed');
      await this.finish(this.answeredAt === null ? 'failed' : 'completed', 500);
    }
  }

  private async onAnswered(): Promise<void> {
    this.answeredAt = this.clock.now();
    if (this.current.direction === 'inbound') await this.leg?.answer();
    const moved = await this.move(['queued', 'ringing'], 'in-progress');
    if (moved) this.callbacks.notify(moved, 'answered', this.answeredAt);
    const limit = this.clock.setTimer(this.current.timeLimit * 1000, () => void this.hangUp('time-limit'));
    void this.leg?.ended.then(() => limit.cancel());
  }

  /** What Twilio does once an outbound call is answered, before its TwiML: AMD, SendDigits, recording. */
  private async afterAnswer(): Promise<void> {
    const leg = this.leg;
    if (!leg) return;
    if (this.current.machineDetection === 'Enable' || this.current.machineDetection === 'DetectMessageEnd') {
      const answeredBy = await this.hold.idle(leg.detectMachine(this.current.machineDetection, this.current.machineDetectionTimeout * 1000, leg.hangupSignal));
      await this.move(['in-progress'], 'in-progress', { answeredBy });
    }
    if (this.current.sendDigits) await this.hold.idle(leg.playDigits(this.current.sendDigits, leg.hangupSignal));
    if (this.current.record === 1) this.recorder = leg.recordCall({ channels: 1 });
  }

  /** Runs TwiML on the call until it ends or runs out, without hanging up. */
  private async interpretOn(leg: Leg, first: TwimlSource): Promise<Ending> {
    void leg.ended.then((side) => { if (side === 'remote') this.verbStop?.abort(); });
    const host = new SessionHost(this.deps, this, new HeldLeg(leg, this.hold), this);
    return interpret(host, first);
  }

  /** A `<Dial>`'s whisper: TwiML run on the answered child call before it is bridged. */
  async whisper(source: TwimlSource): Promise<Ending> {
    if (!this.leg?.live) return { kind: 'remote' };
    return this.interpretOn(this.leg, source);
  }

  private async runTwiml(first: TwimlSource): Promise<void> {
    const leg = this.leg;
    if (!leg) return;
    const ending = await this.interpretOn(leg, first);
    if (ending.kind === 'reject' && this.answeredAt === null) {
      await leg.reject(ending.reason);
      return this.finish(ending.reason === 'busy' ? 'busy' : 'no-answer', ending.reason === 'busy' ? 486 : 603);
    }
    // Twilio answers every call its TwiML does not <Reject> (an empty document included), then hangs up.
    if (ending.kind !== 'remote' && this.answeredAt === null && leg.live) await this.onAnswered();
    await leg.hangup();
    await this.finish(this.answeredAt === null ? 'canceled' : 'completed', ending.kind === 'remote' && this.answeredAt === null ? 487 : 200);
  }

  /** Ends the call with its final status, the recording and the completed callback. */
  async finish(status: CallStatus, sipResponseCode: number): Promise<void> {
    if (this.ending) return;
    this.ending = true;
    this.finalSipCode = sipResponseCode;
    const endedAt = this.clock.now();
    const duration = this.answeredAt === null ? null : Math.round((endedAt - this.answeredAt) / 1000);
    const extra: Record<string, string> = { SipResponseCode: String(sipResponseCode) };
    if (duration !== null) { extra.CallDuration = String(duration); extra.Duration = String(Math.ceil(duration / 60)); }
    try {
      if (this.recorder) Object.assign(extra, await this.saveCallRecording(this.recorder));
      const moved = await this.move(LIVE, status, { endTime: storeTime(new Date()), duration, engineId: null });
      if (moved) this.callbacks.notify(moved, 'completed', endedAt, extra);
      await this.callbacks.drain();
    } finally {
      this.hold.end();
      this.deps.onEnd(this);
    }
  }

  private async saveCallRecording(recorder: CallRecorder): Promise<Record<string, string>> {
    this.recorder = null;
    const audio = await recorder.stop();
    const recording = await this.deps.recordings.save({ account: this.account, call: this.current, audio, source: 'OutboundAPI', track: 'both' });
    const callback = this.current.recordingStatusCallback
      ? { url: this.current.recordingStatusCallback, method: this.current.recordingStatusCallbackMethod, events: this.current.recordingStatusCallbackEvents.split(' ') }
      : null;
    this.deps.recordings.notify(callback, 'completed', this.account, this.current, recording, { source: 'OutboundAPI', track: 'both' });
    return this.deps.recordings.actionParams(recording);
  }

  // What the interpreter's host asks of the session (SessionControls).
  answered(): boolean { return this.answeredAt !== null; }
  answer(): Promise<void> { return this.onAnswered(); }
  takeRedirect(): TwimlSource | null { const next = this.redirectTo; this.redirectTo = null; return next; }
  /** The stop signal for the next verb: the same one until it is used (verbs remove their listeners). */
  verbSignal(): AbortSignal {
    if (!this.verbStop || this.verbStop.signal.aborted) this.verbStop = new AbortController();
    return this.verbStop.signal;
  }
  idle<T>(promise: Promise<T>): Promise<T> { return this.hold.idle(promise); }
  idleMs(): number { return this.hold.idleMs(); }

  /** Live modification: run `source` now, interrupting the current verb. */
  redirect(source: TwimlSource): void {
    this.redirectTo = source;
    this.verbStop?.abort();
  }

  /** Status=canceled (and completed before answer): stops a queued or ringing call. */
  cancel(): boolean {
    if (this.answeredAt !== null || this.ending) return false;
    this.dialing?.abort();
    if (this.leg && this.current.direction === 'inbound') void this.leg.hangup();
    return true;
  }

  /** Status=completed, the time limit, or shutdown: hangs up an answered call. */
  async hangUp(reason: string): Promise<void> {
    if (this.answeredAt === null) { this.cancel(); return; }
    this.trace('hangup', { reason });
    await this.leg?.hangup();
    this.verbStop?.abort();
  }

  /** The call's standard parameters now. */
  params(): Record<string, string> {
    return callParams(this.current, this.deps.locate);
  }

  /** Whether the call has reached a final status. */
  get final(): boolean {
    return FINAL_CALL_STATUSES.includes(this.current.status);
  }
}

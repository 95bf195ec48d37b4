/**
 * A call leg on the simulated network: the platform's side of a call with a virtual phone.
 * Prompts are described to the phone's transcript and take call time on the clock; the phone's
 * key presses, speech and hangup come in through the `phone*` methods (the control API and
 * scripts). Audio exists only where the platform keeps it: a `<Record>` or a call recording is
 * rendered from what was said, synthesised at the offsets it was said (./recorder.ts); a
 * conference room's recording takes what its members say while the room hears them.
 */
import { untilAborted } from '../../clock/abort.js';
import type { Clock } from '../../clock/clock.js';
import { estimateSpeechMs } from '../../media/index.js';
import type { SpeechSynthesizer } from '../../media/index.js';
import type { AnsweredBy, AudioRoom, CallRecorder, CallRecordingOptions, HangupSide, Leg, PromptEnd, RecordOptions, Recorded, SayOptions, SpeechEvent } from '../leg.js';
import { renderUtterances, TimelineRecorder } from './recorder.js';
import type { Utterance } from './recorder.js';
import { runScript } from './script.js';
import type { Heard, ScriptStep, Waitable } from './script.js';
import type { Transcript } from './transcript.js';

/** How long a played URL lasts: the simulation does not fetch audio. */
export const PLAY_MS = 2000;
export const BEEP_MS = 500;
const DIGIT_MS = 150;
/** The recogniser's confidence in what a virtual phone said (it hears the text exactly). */
export const SPEECH_CONFIDENCE = 0.92;

/**
 * Subscribers, copy-on-write: calling them while one unsubscribes is safe, and a leg with none
 * (most legs, most of the time) holds one shared empty array rather than a hash set.
 */
class Listeners<F> {
  private list: readonly F[] = [];

  add(listener: F): () => void {
    this.list = [...this.list, listener];
    return () => { this.list = this.list.filter((l) => l !== listener); };
  }

  get all(): readonly F[] {
    return this.list;
  }
}

/** The simulated legs in each conference room, with the signal that ends each one's stay (the room decides who hears whom). */
const ROOMS = new WeakMap<AudioRoom, Map<SimLeg, AbortSignal>>();
/** The recordings of each conference room's mix: each takes what a member says that someone in the room hears. */
const ROOM_RECORDERS = new WeakMap<AudioRoom, Listeners<(utterance: Utterance) => void>>();

export interface SimLegOptions {
  readonly callSid: string;
  readonly clock: Clock;
  readonly transcript: Transcript;
  readonly synthesizer: SpeechSynthesizer;
  readonly script: readonly ScriptStep[];
  /** Whether an answering machine picks up. */
  readonly machine: boolean;
  /** Whether the leg starts answered (a call the phone placed is answered by the platform later). */
  readonly answered: boolean;
}

export class SimLeg implements Leg {
  readonly callSid: string;
  readonly ended: Promise<HangupSide>;
  private endWith: (side: HangupSide) => void = () => {};
  private readonly endController = new AbortController();
  private answered: boolean;
  private readonly digitListeners = new Listeners<(digit: string) => void>();
  private readonly speechListeners = new Listeners<(event: SpeechEvent) => void>();
  private readonly heardListeners = new Listeners<(heard: Heard) => void>();
  private readonly captures = new Listeners<(utterance: Utterance) => void>();
  private speaking: Promise<void> = Promise.resolve();
  /** The leg this one is bridged with (`<Dial>`): it hears what this phone says. */
  private peer: SimLeg | null = null;
  /** The conference room this leg is in: the members the room lets hear it hear what this phone says. */
  private room: AudioRoom | null = null;

  constructor(private readonly options: SimLegOptions) {
    this.callSid = options.callSid;
    this.answered = options.answered;
    this.ended = new Promise((resolve) => { this.endWith = resolve; });
  }

  get live(): boolean {
    return !this.endController.signal.aborted;
  }

  get hangupSignal(): AbortSignal {
    return this.endController.signal;
  }

  private get clock(): Clock {
    return this.options.clock;
  }

  private end(side: HangupSide): void {
    if (!this.live) return;
    this.endController.abort();
    this.endWith(side);
    this.hear('hangup', side);
  }

  private hear(event: Waitable, subject: string): void {
    for (const listener of this.heardListeners.all) listener({ event, subject });
  }

  /** Marks the leg answered (by the phone or the platform) and starts the phone's script. */
  markAnswered(): void {
    if (this.answered || !this.live) return;
    this.answered = true;
    this.options.transcript.record('answered');
    this.hear('answered', '');
    this.startScript();
  }

  /** Runs the phone's script; scripts of phones that placed the call start when it is answered. */
  startScript(): void {
    if (this.options.script.length === 0) return;
    const transcript = this.options.transcript;
    const leg = this;
    void runScript(this.options.script, {
      clock: this.clock,
      get live() { return leg.live; },
      onHeard: (listener) => this.heardListeners.add(listener),
      // States a step may find already holding (a script starts once its call is answered).
      current: (event) => {
        if (event === 'answered') return this.answered ? '' : null;
        if (event === 'bridged') return this.peer?.phone ?? null;
        return event === 'conference-joined' ? this.room?.name ?? null : null;
      },
      press: (digits) => this.phonePress(digits),
      speak: (text) => this.phoneSpeak(text),
      hangup: () => this.phoneHangup(),
      fail: (step, reason) => transcript.record('script-failed', { step, reason }),
    });
  }

  async answer(): Promise<void> {
    this.markAnswered();
  }

  async reject(reason: 'busy' | 'rejected'): Promise<void> {
    if (!this.live) return;
    this.options.transcript.record(reason === 'busy' ? 'busy' : 'rejected');
    this.end('platform');
  }

  async hangup(): Promise<void> {
    if (!this.live) return;
    this.options.transcript.record('hangup', { by: 'platform' });
    this.end('platform');
  }

  say(text: string, options: SayOptions, signal: AbortSignal): Promise<PromptEnd> {
    if (this.live && !signal.aborted) this.capture({ side: 'platform', atMs: this.clock.now(), text, voice: options.voice, language: options.language });
    return this.prompt('say', { text, voice: options.voice, language: options.language }, estimateSpeechMs(text), text, signal);
  }

  play(url: string, signal: AbortSignal): Promise<PromptEnd> {
    return this.prompt('play', { url }, PLAY_MS, url, signal);
  }

  playDigits(digits: string, signal: AbortSignal): Promise<PromptEnd> {
    const ms = [...digits].reduce((sum, d) => sum + (d === 'w' ? 500 : d === 'W' ? 1000 : DIGIT_MS), 0);
    return this.prompt('play', { digits }, ms, digits, signal);
  }

  async pause(ms: number, signal: AbortSignal): Promise<PromptEnd> {
    if (this.answered) return this.prompt('pause', { seconds: ms / 1000 }, ms, '', signal);
    // Not picked up yet (a first <Pause>): the phone goes on hearing its ringing, not silence.
    if (!this.live || signal.aborted) return 'interrupted';
    return (await this.clock.sleep(ms, signal, this.endController.signal)) ? 'finished' : 'interrupted';
  }

  beep(signal: AbortSignal): Promise<PromptEnd> {
    return this.prompt('beep', {}, BEEP_MS, '', signal);
  }

  private async prompt(event: 'say' | 'play' | 'pause' | 'beep', detail: Record<string, unknown>, ms: number, subject: string, signal: AbortSignal): Promise<PromptEnd> {
    if (!this.live || signal.aborted) return 'interrupted';
    this.options.transcript.record(event, detail);
    const finished = await this.clock.sleep(ms, signal, this.endController.signal);
    if (this.live) this.hear(event, subject);
    return finished ? 'finished' : 'interrupted';
  }

  async ringback(signal: AbortSignal, ringTone: string | null): Promise<PromptEnd> {
    if (!this.live || signal.aborted) return 'interrupted';
    this.options.transcript.record('dial-tone', ringTone === null ? { tone: 'ringback' } : { tone: 'ringback', ringTone });
    await untilAborted(signal, this.endController.signal);
    return 'interrupted';
  }

  async bridge(other: Leg, signal: AbortSignal): Promise<void> {
    if (!(other instanceof SimLeg)) throw new Error('the simulated network bridges only its own legs');
    if (!this.live || !other.live || signal.aborted || this.peer || other.peer) return;
    this.peer = other;
    other.peer = this;
    this.options.transcript.record('bridged', { with: other.phone, callSid: other.callSid });
    other.options.transcript.record('bridged', { with: this.phone, callSid: this.callSid });
    this.hear('bridged', other.phone);
    other.hear('bridged', this.phone);
    await untilAborted(signal, this.endController.signal, other.endController.signal);
    this.peer = null;
    other.peer = null;
    for (const [leg, peer] of [[this, other], [other, this]] as const) {
      if (!leg.live) continue;
      leg.options.transcript.record('unbridged', { with: peer.phone });
      leg.hear('unbridged', peer.phone);
    }
  }

  async join(room: AudioRoom, signal: AbortSignal): Promise<void> {
    if (!this.live || signal.aborted || this.room) return;
    let members = ROOMS.get(room);
    if (!members) { members = new Map(); ROOMS.set(room, members); }
    const others = [...members.keys()];
    members.set(this, signal);
    this.room = room;
    this.options.transcript.record('conference-joined', { conference: room.name, members: others.map((o) => o.phone) });
    this.hear('conference-joined', room.name);
    for (const other of others) other.options.transcript.record('participant-joined', { conference: room.name, with: this.phone });
    await untilAborted(signal, this.endController.signal);
    members.delete(this);
    this.room = null;
    if (members.size === 0) ROOMS.delete(room);
    if (this.live) {
      this.options.transcript.record('conference-left', { conference: room.name });
      this.hear('conference-left', room.name);
    }
    // Those leaving at the same moment (the conference ended) do not hear each other go.
    for (const [other, staying] of members) if (!staying.aborted) other.options.transcript.record('participant-left', { conference: room.name, with: this.phone });
  }

  /** Who hears this phone now: the bridged party, or the room's members the room lets hear it. */
  private hearers(): SimLeg[] {
    if (this.peer) return [this.peer];
    const room = this.room;
    if (!room) return [];
    return [...(ROOMS.get(room)?.keys() ?? [])].filter((m) => m !== this && room.hears(m.callSid, this.callSid));
  }

  /** The phone's number. */
  get phone(): string {
    return this.options.transcript.phone;
  }

  /** What the bridged party starts saying reaches this phone (its transcript, its recordings). */
  private hearPeer(text: string, from: string): void {
    if (!this.live) return;
    this.options.transcript.record('say', { text, voice: 'woman', language: 'en-US', from });
    this.capture({ side: 'platform', atMs: this.clock.now(), text, voice: 'woman', language: 'en-US' });
  }

  onDigit(listener: (digit: string) => void): () => void {
    return this.digitListeners.add(listener);
  }

  onSpeech(listener: (event: SpeechEvent) => void): () => void {
    return this.speechListeners.add(listener);
  }

  private capture(utterance: Utterance): void {
    for (const capture of this.captures.all) capture(utterance);
  }

  private emitSpeech(event: SpeechEvent): void {
    for (const listener of this.speechListeners.all) listener(event);
  }

  /** The phone presses keys. */
  phonePress(digits: string): void {
    if (!this.live) return;
    this.options.transcript.record('digits-sent', { digits });
    for (const digit of digits) for (const listener of this.digitListeners.all) listener(digit);
  }

  /** The phone says something; resolves when it has finished speaking (utterances queue). */
  phoneSpeak(text: string): Promise<void> {
    this.speaking = this.speaking.then(() => this.utter(text));
    return this.speaking;
  }

  private async utter(text: string): Promise<void> {
    if (!this.live) return;
    this.options.transcript.record('speech-sent', { text });
    const said: Utterance = { side: 'phone', atMs: this.clock.now(), text, voice: 'woman', language: 'en-US' };
    this.capture(said);
    const hearers = this.hearers();
    for (const hearer of hearers) hearer.hearPeer(text, this.phone);
    // The room's recordings take what the room hears (nobody hears the muted, or anyone before the start).
    if (this.room && hearers.length > 0) for (const take of ROOM_RECORDERS.get(this.room)?.all ?? []) take(said);
    this.emitSpeech({ kind: 'start' });
    const words = text.trim().split(/\s+/);
    const perWord = estimateSpeechMs(text) / words.length;
    for (let i = 0; i < words.length; i++) {
      if (!(await this.clock.sleep(perWord, this.endController.signal))) return;
      if (i < words.length - 1) this.emitSpeech({ kind: 'partial', stable: words.slice(0, i + 1).join(' '), unstable: words[i + 1] ?? '' });
    }
    this.emitSpeech({ kind: 'end', text: text.trim(), confidence: SPEECH_CONFIDENCE });
    // Those who heard it start have heard it all (as a prompt is heard once it has played).
    for (const hearer of hearers) if (hearer.live) hearer.hear('say', text.trim());
  }

  /** The phone hangs up. */
  phoneHangup(): void {
    if (!this.live) return;
    this.options.transcript.record('hangup', { by: 'phone' });
    this.end('remote');
  }

  record(options: RecordOptions, signal: AbortSignal): Promise<Recorded> {
    return new Promise((resolve) => {
      const startMs = this.clock.now();
      const said: Utterance[] = [];
      let silenceTimer = options.silenceTimeoutMs > 0 ? this.clock.setTimer(options.silenceTimeoutMs, () => finish('silence', null)) : null;
      const maxTimer = this.clock.setTimer(options.maxLengthMs, () => finish('max-length', null));
      const offSpeech = this.onSpeech((event) => {
        if (event.kind === 'start') silenceTimer?.cancel();
        if (event.kind === 'end' && options.silenceTimeoutMs > 0) silenceTimer = this.clock.setTimer(options.silenceTimeoutMs, () => finish('silence', null));
      });
      const offDigit = this.onDigit((digit) => { if (options.finishOnKey.includes(digit)) finish('key', digit); });
      const capture = (u: Utterance) => { if (u.side === 'phone') said.push(u); };
      const offCapture = this.captures.add(capture);
      const onStop = () => finish(signal.aborted ? 'interrupted' : 'hangup', null);
      signal.addEventListener('abort', onStop, { once: true });
      this.endController.signal.addEventListener('abort', onStop, { once: true });
      let done = false;
      const finish = (endedBy: Recorded['endedBy'], key: string | null) => {
        if (done) return;
        done = true;
        silenceTimer?.cancel();
        maxTimer.cancel();
        offSpeech();
        offDigit();
        offCapture();
        signal.removeEventListener('abort', onStop);
        this.endController.signal.removeEventListener('abort', onStop);
        const totalMs = this.clock.now() - startMs;
        void renderUtterances(this.options, said, startMs, totalMs, options.trim).then((audio) => resolve({
          audio, endedBy, key, heardAudio: said.length > 0, transcript: said.map((u) => u.text).join(' '),
        }));
      };
      if (signal.aborted || !this.live) onStop();
    });
  }

  recordCall({ channels }: CallRecordingOptions): CallRecorder {
    // Dual: the phone's own voice on channel 1, what it hears (the bridged party) on channel 2.
    const recorder: TimelineRecorder = new TimelineRecorder(this.options, channels, () => offCapture());
    const offCapture = this.captures.add((u) => recorder.take(u, channels === 2 && u.side === 'platform' ? 1 : 0));
    return recorder;
  }

  recordRoom(room: AudioRoom): CallRecorder {
    let takers = ROOM_RECORDERS.get(room);
    if (!takers) { takers = new Listeners(); ROOM_RECORDERS.set(room, takers); }
    const recorder: TimelineRecorder = new TimelineRecorder(this.options, 1, () => offTake());
    const offTake = takers.add((u) => recorder.take(u, 0));
    return recorder;
  }

  async detectMachine(mode: 'Enable' | 'DetectMessageEnd', timeoutMs: number, signal: AbortSignal): Promise<AnsweredBy> {
    // How long detection takes in the simulation: a human's short "hello", a machine's greeting
    // (to its start, or to the beep after it).
    const needed = this.options.machine ? (mode === 'Enable' ? 2500 : 6000) : 1800;
    const finished = await this.clock.sleep(Math.min(needed, timeoutMs), signal, this.endController.signal);
    if (!finished || needed > timeoutMs) return 'unknown';
    if (!this.options.machine) return 'human';
    return mode === 'Enable' ? 'machine_start' : 'machine_end_beep';
  }
}

/**
 * The Leg seam: one party's side of a call, as the voice engine drives it. The engine is written
 * against this interface alone, so every TwiML feature works on every carrier: the simulated
 * network implements it by describing what the phone experiences (text said, URLs played),
 * SIP and WebRTC with RTP audio through media/.
 *
 * Every prompt takes an AbortSignal: the engine aborts a prompt when the caller barges in, when
 * the call is redirected (live modification) or when it ends. Prompts never throw for a hangup;
 * they end early and `ended` says why.
 */
import type { Pcm } from '../media/index.js';

/** How a prompt ended: played to its end, cut short (barge-in, redirect), or the call ended. */
export type PromptEnd = 'finished' | 'interrupted';

/** Who ended the call. */
export type HangupSide = 'remote' | 'platform';

export interface SayOptions {
  readonly voice: string;
  readonly language: string;
}

/** What the far end says, as the leg's speech recogniser hears it. */
export type SpeechEvent =
  /** Speech began (barge-in point). */
  | { readonly kind: 'start' }
  /** The words recognised so far (for partial result callbacks). */
  | { readonly kind: 'partial'; readonly stable: string; readonly unstable: string }
  /** An utterance ended: the recognised text and the recogniser's confidence (0–1). */
  | { readonly kind: 'end'; readonly text: string; readonly confidence: number };

export interface RecordOptions {
  /** Silence that ends the recording, ms; 0: silence never ends it. */
  readonly silenceTimeoutMs: number;
  readonly maxLengthMs: number;
  /** Keys that end the recording (Twilio's finishOnKey); empty for none. */
  readonly finishOnKey: string;
  /** Cut leading and trailing silence from the audio. */
  readonly trim: boolean;
}

/** The outcome of `Leg.record`. */
export interface Recorded {
  readonly audio: Pcm;
  /** Why recording stopped. */
  readonly endedBy: 'silence' | 'key' | 'max-length' | 'hangup' | 'interrupted';
  /** The key that ended it, when `endedBy` is `key`. */
  readonly key: string | null;
  /** Whether anything but silence was recorded. */
  readonly heardAudio: boolean;
  /**
   * What was said, when the carrier knows it without speech recognition (the simulated network
   * does); null otherwise.
   */
  readonly transcript: string | null;
}

/**
 * A recording of the whole call (Calls API `Record=true`, `<Dial record>`) or of a conference
 * room's mix, running until it is stopped.
 */
export interface CallRecorder {
  /**
   * Stops recording and returns the audio from the start until now: one `Pcm` per channel, all of
   * the same rate and length (channel 1 first).
   */
  stop(): Promise<Pcm[]>;
  /**
   * Stops taking in audio until `resume`: the pause is silence in the recording, or with `skip`
   * is left out of it (Twilio's `PauseBehavior`). A no-op while paused.
   */
  pause(skip: boolean): void;
  /** Takes in audio again after `pause`. A no-op unless paused. */
  resume(): void;
}

/** How to record a whole call. */
export interface CallRecordingOptions {
  /**
   * 1: both directions mixed on one channel; 2: the far end (this leg's phone, the caller of a
   * `<Dial>`) on channel 1 and what it hears (the dialled party) on channel 2, as Twilio's
   * dual-channel recordings are.
   */
  readonly channels: 1 | 2;
}

/** What answering machine detection found (Twilio's AnsweredBy values). */
export type AnsweredBy = 'human' | 'machine_start' | 'machine_end_beep' | 'machine_end_silence' | 'machine_end_other' | 'fax' | 'unknown';

/**
 * A conference room as the engine runs it: who hears whom. The carrier mixes the audio of the
 * legs that `join` the room; the room says, for each listener and speaker, whether the one
 * hears the other now (mute, hold, coaching, a conference not started yet).
 */
export interface AudioRoom {
  /** The room's name (the conference's FriendlyName). */
  readonly name: string;
  /** Whether the leg of call `listener` hears the leg of call `speaker` now. */
  hears(listener: string, speaker: string): boolean;
}

export interface Leg {
  /** The call this leg carries. */
  readonly callSid: string;
  /** Resolves once the call is over for this leg, saying who hung up. */
  readonly ended: Promise<HangupSide>;
  /** Aborted once the call is over for this leg: the stop signal for waits that last until hangup. */
  readonly hangupSignal: AbortSignal;
  /** Whether the call is still up. */
  readonly live: boolean;
  /** Answers an inbound (ringing) leg. A no-op on an answered leg. */
  answer(): Promise<void>;
  /** Refuses an inbound leg without answering it: the caller hears busy or a not-in-service tone. */
  reject(reason: 'busy' | 'rejected'): Promise<void>;
  /** Ends the call from the platform's side. Idempotent. */
  hangup(): Promise<void>;
  say(text: string, options: SayOptions, signal: AbortSignal): Promise<PromptEnd>;
  /** Plays an audio URL. */
  play(url: string, signal: AbortSignal): Promise<PromptEnd>;
  /** Sends DTMF tones (`0-9 * # A-D`, `w` half a second of pause, `W` a second). */
  playDigits(digits: string, signal: AbortSignal): Promise<PromptEnd>;
  /** Silence for `ms`. */
  pause(ms: number, signal: AbortSignal): Promise<PromptEnd>;
  /** The record beep. */
  beep(signal: AbortSignal): Promise<PromptEnd>;
  /** Subscribes to the far end's key presses; returns the unsubscribe function. */
  onDigit(listener: (digit: string) => void): () => void;
  /** Subscribes to the far end's speech, as recognised; returns the unsubscribe function. */
  onSpeech(listener: (event: SpeechEvent) => void): () => void;
  /** Records the far end until silence, a key, the length limit or hangup. */
  record(options: RecordOptions, signal: AbortSignal): Promise<Recorded>;
  /** Starts recording the whole call, both directions: mixed, or each on its own channel. */
  recordCall(options: CallRecordingOptions): CallRecorder;
  /**
   * Starts recording a conference room's mix (one channel): what its members say while someone in
   * the room hears them, as `room.hears` says, from now until stopped — past this leg's stay.
   */
  recordRoom(room: AudioRoom): CallRecorder;
  /**
   * What the caller hears while `<Dial>` rings the other party: ringback (the country's tone
   * `ringTone` names, as `<Dial ringTone>`; null for the carrier's own), until `signal` aborts or
   * the call ends.
   */
  ringback(signal: AbortSignal, ringTone: string | null): Promise<PromptEnd>;
  /**
   * Connects this leg with `other` (a `<Dial>` bridge): each party hears the other until `signal`
   * aborts or either leg ends; resolves then. Key presses still reach each leg's own listeners
   * (`hangupOnStar`). Carriers bridge their own legs; joining legs of two carriers is a media
   * relay's job (media/).
   */
  bridge(other: Leg, signal: AbortSignal): Promise<void>;
  /**
   * Takes part in a conference room until `signal` aborts or the leg ends: the leg hears the
   * room's other legs, and they hear it, as `room.hears` says. Carriers mix their own legs; legs
   * of several carriers meet through a media relay (media/).
   */
  join(room: AudioRoom, signal: AbortSignal): Promise<void>;
  /** Answering machine detection on an answered outbound leg. */
  detectMachine(mode: 'Enable' | 'DetectMessageEnd', timeoutMs: number, signal: AbortSignal): Promise<AnsweredBy>;
}

/**
 * Recordings on the simulated network, rendered from what was said: each utterance is
 * synthesised (../../media) and placed at the moment it was said on a silent track as long as
 * the recording. `renderUtterances` serves `<Record>`; `TimelineRecorder` whole-call recordings
 * (mono or dual-channel) and conference rooms' mixes, with their pauses.
 *
 * Never decides what is heard: the leg (./leg.ts) hands each recorder what it captured.
 */
import type { Clock } from '../../clock/clock.js';
import { estimateSpeechMs, renderRecording, silence } from '../../media/index.js';
import type { Pcm, SpeechSynthesizer } from '../../media/index.js';
import type { CallRecorder } from '../leg.js';

/** Something said on the call, kept for recordings; `atMs` is clock time. */
export interface Utterance {
  readonly side: 'platform' | 'phone';
  readonly atMs: number;
  readonly text: string;
  readonly voice: string;
  readonly language: string;
}

/** What rendering needs: synthesis, and the clock to hold still meanwhile. */
export interface RenderDeps {
  readonly clock: Clock;
  readonly synthesizer: SpeechSynthesizer;
}

/** Renders utterances on a track of `totalMs` starting at `startMs`; trimming keeps only the span that was spoken. */
export async function renderUtterances(deps: RenderDeps, said: readonly Utterance[], startMs: number, totalMs: number, trim: boolean): Promise<Pcm> {
  if (said.length === 0) return silence(trim ? 0 : totalMs);
  // Synthesis is real work: call time stands still meanwhile (see Clock.hold).
  const release = deps.clock.hold();
  let segments;
  try {
    segments = await Promise.all(said.map(async (u) => ({
      atMs: u.atMs - startMs, pcm: await deps.synthesizer.synthesize(u.text, { voice: u.voice, language: u.language }), spokenMs: estimateSpeechMs(u.text),
    })));
  } finally {
    release();
  }
  if (!trim) return renderRecording(segments, totalMs, { trim: false });
  const first = Math.min(...segments.map((s) => s.atMs));
  const last = Math.max(...segments.map((s) => s.atMs + s.spokenMs));
  return renderRecording(segments.map((s) => ({ ...s, atMs: s.atMs - first })), Math.min(totalMs, last) - first, { trim: false });
}

/**
 * A recording running on the clock from its creation: what it is handed goes on the channel
 * named, unless paused (a skipped pause moves what follows earlier by its length).
 */
export class TimelineRecorder implements CallRecorder {
  private readonly startMs: number;
  private readonly said: Array<{ readonly utterance: Utterance; readonly channel: number }> = [];
  private pausedAt: number | null = null;
  private skipping = false;
  private skippedMs = 0;
  private stopped: Promise<Pcm[]> | null = null;

  /** `detach` stops the leg (or room) handing it utterances. */
  constructor(private readonly deps: RenderDeps, private readonly channels: number, private readonly detach: () => void) {
    this.startMs = deps.clock.now();
  }

  /** Records `utterance` on channel `channel` (0: the first). */
  take(utterance: Utterance, channel: number): void {
    if (this.pausedAt !== null || this.stopped) return;
    this.said.push({ utterance: { ...utterance, atMs: utterance.atMs - this.skippedMs }, channel });
  }

  pause(skip: boolean): void {
    if (this.pausedAt !== null || this.stopped) return;
    this.pausedAt = this.deps.clock.now();
    this.skipping = skip;
  }

  resume(): void {
    if (this.pausedAt === null) return;
    if (this.skipping) this.skippedMs += this.deps.clock.now() - this.pausedAt;
    this.pausedAt = null;
  }

  stop(): Promise<Pcm[]> {
    if (this.stopped) return this.stopped;
    this.resume();
    this.detach();
    const totalMs = this.deps.clock.now() - this.startMs - this.skippedMs;
    const tracks = Array.from({ length: this.channels }, (_, channel) => this.said.filter((s) => s.channel === channel).map((s) => s.utterance));
    this.stopped = Promise.all(tracks.map((said) => renderUtterances(this.deps, said, this.startMs, totalMs, false)));
    return this.stopped;
  }
}

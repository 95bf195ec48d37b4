/**
 * Virtual phones' scripts (../shared/SIM-NETWORK.md): a list of steps a phone runs on every
 * call it answers or places, each waiting for the previous one. Steps react to what the phone
 * hears (`waitFor`), let call time pass (`wait`), press keys, speak, or hang up. A step that
 * waits more than 30 s of call time fails the script, and the transcript says which step.
 *
 * Steps move on in a later turn of the clock, never synchronously inside the event that
 * satisfied them: the platform has settled (a Gather is listening) before the phone acts.
 *
 * A `match` is a regular expression in RE2's syntax (JavaScript's, without backreferences or
 * lookaround), matched by re2js in time linear in what was heard: scripts come from any
 * account, and a backtracking engine would let one pattern stall the whole server.
 */
import { RE2JS } from 're2js';
import type { Clock } from '../../clock/clock.js';

/** What a phone can wait for: the transcript events it hears. */
export const WAITABLE = ['say', 'play', 'pause', 'beep', 'answered', 'bridged', 'unbridged', 'conference-joined', 'conference-left', 'hangup'] as const;
export type Waitable = (typeof WAITABLE)[number];

/** A step's `match`, case-insensitive, found anywhere in what was heard. */
export interface Match {
  readonly source: string;
  test(subject: string): boolean;
}

export type ScriptStep =
  | { readonly waitFor: Waitable; readonly match: Match | null }
  | { readonly wait: number }
  | { readonly press: string }
  | { readonly speak: string }
  | { readonly hangup: true };

/** The longest any step may wait, in ms of call time. */
export const STEP_LIMIT_MS = 30_000;

/** Something the phone heard, reported when it has been heard to its end. */
export interface Heard {
  readonly event: Waitable;
  /** The text said, the URL or digits played: what `match` is tested against. */
  readonly subject: string;
}

/** The phone a script runs on. */
export interface ScriptedPhone {
  readonly clock: Clock;
  readonly live: boolean;
  onHeard(listener: (heard: Heard) => void): () => void;
  /**
   * What the phone is in now, for events that are states (`answered`; `bridged`: with whom;
   * `conference-joined`: which conference): a step waiting
   * for one that already holds is done at once, however soon it happened after the last step.
   */
  current(event: Waitable): string | null;
  press(digits: string): void;
  /** Speaks; resolves when the utterance is over. */
  speak(text: string): Promise<void>;
  hangup(): void;
  /** Records in the transcript that step `index` failed. */
  fail(index: number, reason: string): void;
}

const DIGITS = /^[0-9*#A-Dw]{1,64}$/;

/** Parses a script as the API received it; a sentence saying what is wrong when it is not valid. */
export function parseScript(raw: readonly unknown[]): ScriptStep[] | string {
  const steps: ScriptStep[] = [];
  for (const [index, item] of raw.entries()) {
    const step = parseStep(item);
    if (typeof step === 'string') return `script step ${index}: ${step}`;
    steps.push(step);
  }
  return steps;
}

function parseStep(item: unknown): ScriptStep | string {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return 'must be an object';
  const step = item as Record<string, unknown>;
  const keys = Object.keys(step).filter((k) => k !== 'match');
  if (keys.length !== 1 || (step.match !== undefined && keys[0] !== 'waitFor')) return 'must have exactly one of waitFor (with an optional match), wait, press, speak, hangup';
  if ('waitFor' in step) {
    if (!(WAITABLE as readonly unknown[]).includes(step.waitFor)) return `waitFor must be one of ${WAITABLE.join(', ')}`;
    if (step.match === undefined) return { waitFor: step.waitFor as Waitable, match: null };
    if (typeof step.match !== 'string' || step.match.length > 500) return 'match must be a regular expression of at most 500 characters';
    const match = compileMatch(step.match);
    if (!match) return `match ${JSON.stringify(step.match)} is not a regular expression RE2 takes (no backreferences or lookaround)`;
    return { waitFor: step.waitFor as Waitable, match };
  }
  if ('wait' in step) {
    const seconds = step.wait;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds * 1000 > STEP_LIMIT_MS) return `wait must be a number of seconds from 0 to ${STEP_LIMIT_MS / 1000}`;
    return { wait: seconds };
  }
  if ('press' in step) return typeof step.press === 'string' && DIGITS.test(step.press) ? { press: step.press } : 'press must be 1 to 64 keys of 0-9 * # A-D (w pauses half a second)';
  if ('speak' in step) return typeof step.speak === 'string' && step.speak.trim().length > 0 && step.speak.length <= 2000 ? { speak: step.speak } : 'speak must be 1 to 2000 characters of text';
  if ('hangup' in step) return step.hangup === true ? { hangup: true } : 'hangup must be true';
  return 'unknown step';
}

/** `source` compiled by RE2, or null when RE2 does not take it. */
function compileMatch(source: string): Match | null {
  try {
    const pattern = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
    return { source, test: (subject) => pattern.matcher(subject).find() };
  } catch {
    return null;
  }
}

/** Runs a script on a call; resolves when it is done, failed, or the call is over. */
export async function runScript(steps: readonly ScriptStep[], phone: ScriptedPhone): Promise<void> {
  for (const [index, step] of steps.entries()) {
    if (!phone.live) return;
    await phone.clock.sleep(0);
    if (!phone.live) return;
    if ('waitFor' in step) {
      const heard = await waitFor(phone, step);
      if (!heard) {
        if (phone.live) phone.fail(index, `waited ${STEP_LIMIT_MS / 1000} s of call time for ${step.waitFor}${step.match ? ` matching /${step.match.source}/` : ''}`);
        return;
      }
    } else if ('wait' in step) {
      await phone.clock.sleep(step.wait * 1000);
    } else if ('press' in step) {
      await pressKeys(phone, step.press);
    } else if ('speak' in step) {
      await phone.speak(step.speak);
    } else {
      phone.hangup();
      return;
    }
  }
}

/** Presses keys in order; `w` lets half a second of call time pass. */
async function pressKeys(phone: ScriptedPhone, keys: string): Promise<void> {
  for (const group of keys.split(/(w+)/).filter((g) => g.length > 0)) {
    if (group.startsWith('w')) await phone.clock.sleep(group.length * 500);
    else phone.press(group);
  }
}

function waitFor(phone: ScriptedPhone, step: { readonly waitFor: Waitable; readonly match: Match | null }): Promise<boolean> {
  const now = phone.current(step.waitFor);
  if (now !== null && (step.match === null || step.match.test(now))) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (result: boolean) => { unsubscribe(); timer.cancel(); resolve(result); };
    const unsubscribe = phone.onHeard((heard) => {
      if (heard.event === step.waitFor && (step.match === null || step.match.test(heard.subject))) done(true);
      else if (heard.event === 'hangup') done(false);
    });
    const timer = phone.clock.setTimer(STEP_LIMIT_MS, () => done(false));
  });
}

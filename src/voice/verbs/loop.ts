/**
 * Twilio's `loop` attribute on `<Say>` and `<Play>`: play N times; 0 repeats until the call ends
 * (Twilio caps that at 1000 plays, and so does Dialtone).
 */
import type { PromptEnd } from '../../network/leg.js';

export const MAX_LOOPS = 1000;

/** Plays `play` `loop` times, stopping early when a play is cut short. */
export async function repeat(loop: number, play: () => Promise<PromptEnd>): Promise<PromptEnd> {
  const times = loop === 0 ? MAX_LOOPS : Math.min(loop, MAX_LOOPS);
  for (let i = 0; i < times; i++) {
    if ((await play()) === 'interrupted') return 'interrupted';
  }
  return 'finished';
}

/** Shared request deadlines: a signal aborts with a TimeoutError once its time has passed, and requests due together share one. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEADLINE_GRAIN_MS, deadlineSignal } from '../../src/webhooks/deadline.js';

test('a deadline signal aborts with a TimeoutError once its time has passed', async () => {
  const signal = deadlineSignal(50);
  assert.equal(signal.aborted, false);
  // The deadline's own timer does not keep a process alive; this one keeps the test's.
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    const reason = await new Promise<unknown>((resolve) => signal.addEventListener('abort', () => resolve(signal.reason)));
    assert.equal((reason as DOMException).name, 'TimeoutError');
  } finally {
    clearInterval(keepAlive);
  }
});

test('requests due in the same slot share a signal; one due later gets another', () => {
  // Two asked back to back fall in one slot, unless the clock crossed a slot boundary between them.
  const same = [0, 1].map(() => [deadlineSignal(10_000), deadlineSignal(10_000)]).some(([a, b]) => a === b);
  assert.ok(same);
  assert.notEqual(deadlineSignal(10_000), deadlineSignal(10_000 + 3 * DEADLINE_GRAIN_MS));
});

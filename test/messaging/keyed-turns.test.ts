/** `KeyedTurns`: one run at a time per key (a conversation's opt-out keywords), others side by side. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyedTurns } from '../../src/messaging/inbound.js';

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('runs for one key take turns in the order they were asked for; other keys do not wait; a failure frees the turn', async () => {
  const turns = new KeyedTurns();
  const log: string[] = [];
  const step = (name: string, ms: number, fail = false) => async () => {
    log.push(`${name} start`);
    await later(ms);
    log.push(`${name} end`);
    if (fail) throw new Error(name);
    return name;
  };
  const results = await Promise.allSettled([
    turns.run('a', step('a1', 30, true)),
    turns.run('a', step('a2', 5)),
    turns.run('b', step('b1', 10)),
  ]);
  assert.deepEqual(results.map((r) => r.status), ['rejected', 'fulfilled', 'fulfilled']);
  assert.deepEqual(log, ['a1 start', 'b1 start', 'b1 end', 'a1 end', 'a2 start', 'a2 end']);
  assert.equal(await turns.run('a', async () => 'again'), 'again', 'nothing is left holding the key');
});

// `npm run bench` arguments: benchmark names, and bounds every benchmark honours, refused when wrong.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_OPTIONS, parseCommand } from '../../bench/options.js';

const KNOWN = ['api', 'messaging', 'twiml'];

describe('bench command line', () => {
  test('no arguments run every benchmark with the defaults', () => {
    assert.deepEqual(parseCommand([], KNOWN), { names: [], ...DEFAULT_OPTIONS, markdown: null });
  });

  test('names, duration, concurrency and a Markdown file are read', () => {
    assert.deepEqual(parseCommand(['messaging', '--duration', '2.5', '--concurrency=10', '--markdown', 'out.md', 'twiml'], KNOWN),
      { names: ['messaging', 'twiml'], durationSeconds: 2.5, concurrency: 10, markdown: 'out.md' });
  });

  test('an unknown benchmark names the ones there are', () => {
    assert.throws(() => parseCommand(['sms'], KNOWN), /no benchmark "sms": choose from api, messaging, twiml/);
  });

  test('bounds out of range, not numbers or unknown options are refused', () => {
    assert.throws(() => parseCommand(['--duration', '0'], KNOWN), /--duration must be a number above 0 and at most 600/);
    assert.throws(() => parseCommand(['--duration', 'ten'], KNOWN), /--duration/);
    assert.throws(() => parseCommand(['--concurrency', '2.5'], KNOWN), /--concurrency must be a whole number/);
    assert.throws(() => parseCommand(['--concurrency', '5000'], KNOWN), /at most 1000/);
    assert.throws(() => parseCommand(['--calls', '5'], KNOWN), /Unknown option/);
  });
});

/** The console's server-sent event parser: events split however the stream's chunks fall. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readEvents, takeEvents } from '../../console/src/sse.js';

test('complete events are taken off the front; a partial one waits for the rest', () => {
  const first = takeEvents(': connected\n\nevent: call-trace\ndata: {"seq":1}\n\nevent: message-status\nda');
  assert.deepEqual(first.events, [{ type: 'call-trace', data: { seq: 1 } }], 'comments are skipped');
  const second = takeEvents(`${first.rest}ta: {"status":"sent"}\n\n`);
  assert.deepEqual(second.events, [{ type: 'message-status', data: { status: 'sent' } }]);
  assert.equal(second.rest, '');
  assert.deepEqual(takeEvents('data: [1,\ndata: 2]\n\n').events, [{ type: 'message', data: [1, 2] }], 'data lines join; the type defaults to message');
});

test('a stream read chunk by chunk, even split inside a character, until the reader has enough', async () => {
  const bytes = new TextEncoder().encode('event: a\ndata: {"text":"héllo"}\n\nevent: b\ndata: 2\n\nevent: c\ndata: 3\n\n');
  const cut = bytes.indexOf(0xc3) + 1;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes.slice(0, cut));
      controller.enqueue(bytes.slice(cut));
      controller.close();
    },
  });
  const seen: unknown[] = [];
  await readEvents(body, (event) => { seen.push(event); return seen.length === 2; });
  assert.deepEqual(seen, [{ type: 'a', data: { text: 'héllo' } }, { type: 'b', data: 2 }]);
});

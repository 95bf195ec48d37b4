// Property test: random mutations of valid TwiML documents never make the parser throw, and it
// always answers with either a tree or at least one positioned problem. Seeded, so a failure is
// reproducible: the seed and the mutated document are in the assertion message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTwiml, serializeTwiml, type TwimlProblem } from '../../src/twiml/index.js';

const SEED = Number(process.env.TWIML_FUZZ_SEED ?? 0x7717_ad0e);
const ITERATIONS = Number(process.env.TWIML_FUZZ_ITERATIONS ?? 2000);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const FIXTURES = new URL('../fixtures/twiml/', import.meta.url).pathname;

/** mulberry32: a small, fast, seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = [
  '<', '>', '/', '&', ';', '"', "'", '=', ' ', '\n', '\r', '\t', '\u0000', '\uFEFF', '😀', '\uD800', '&amp;', '&#0;', '&#x1F600;',
  '&lol;', '<![CDATA[', ']]>', '<!--', '-->', '<?xml version="1.0"?>', '<!DOCTYPE x>', '<Say>', '</Say>', '<Gather>', '</Gather>',
  '<Dial>', '</Dial>', '<Number>', '<Pause/>', '<Response>', '</Response>', '<say-as>', ' timeout="', ' numDigits="0"', ' loop="-1"',
  'xmlns:a="b"', '<Foo/>', '<Pay/>', '<Conference>', '<Parameter/>', '<break/>', 'sip:', '+1415',
];

const VALUES = ['', ' ', '0', '1', '5', '600', '601', '-1', 'true', 'FALSE', 'yes', 'auto', 'GET', 'post', '#', '*#', 'dtmf speech', 'completed', ' https://x/y ', '&amp;', '&quot;', 'wss://s', 'onEnter', 'x'.repeat(50)];

/** Replaces the value of a random attribute (found by its `="`) with a value from VALUES. */
function replaceValue(text: string, random: () => number): string {
  const start = text.indexOf('="', Math.floor(random() * text.length));
  const end = start < 0 ? -1 : text.indexOf('"', start + 2);
  if (end < 0) return text;
  return text.slice(0, start + 2) + (VALUES[Math.floor(random() * VALUES.length)] ?? '') + text.slice(end);
}

function mutate(text: string, random: () => number): string {
  const at = Math.floor(random() * (text.length + 1));
  const length = Math.floor(random() * 12);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  switch (Math.floor(random() * 8)) {
    case 7: return replaceValue(text, random);
    case 0: return text.slice(0, at) + text.slice(at + length);
    case 1: return text.slice(0, at) + pick(FRAGMENTS) + text.slice(at);
    case 2: return text.slice(0, at) + pick(FRAGMENTS) + text.slice(at + length);
    case 3: return text.slice(0, at);
    case 4: return text.slice(0, at) + text.slice(at, at + length).repeat(2) + text.slice(at + length);
    case 5: {
      const other = Math.floor(random() * text.length);
      return text.slice(0, at) + text.slice(other, other + length) + text.slice(at);
    }
    default: return text.slice(0, at) + String.fromCharCode(Math.floor(random() * 0x3000)) + text.slice(at + 1);
  }
}

function corpus(): { kind: 'voice' | 'messaging'; text: string }[] {
  const out: { kind: 'voice' | 'messaging'; text: string }[] = [];
  for (const kind of ['voice', 'messaging'] as const) {
    for (const set of ['valid', 'invalid']) {
      const dir = join(FIXTURES, set, kind);
      for (const name of readdirSync(dir).filter((n) => n.endsWith('.xml'))) out.push({ kind, text: readFileSync(join(dir, name), 'utf8') });
    }
  }
  return out;
}

function checkProblem(problem: TwimlProblem, lines: number, context: string): void {
  assert.ok(problem.code === 12100 || problem.code === 12200, context);
  assert.ok(problem.line >= 1 && problem.line <= lines, `line ${problem.line} outside 1..${lines}: ${context}`);
  assert.ok(problem.column >= 1, context);
  assert.ok(problem.message.length > 0 && typeof problem.path === 'string', context);
}

test(`${ITERATIONS} random mutations of TwiML documents never crash the parser and always give a tree or a positioned error`, () => {
  const random = prng(SEED);
  const documents = corpus();
  let parsed = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    const source = documents[Math.floor(random() * documents.length)];
    assert.ok(source !== undefined);
    let text = source.text;
    const rounds = 1 + Math.floor(random() * 4);
    for (let r = 0; r < rounds; r++) text = mutate(text, random);
    const context = `seed ${SEED}, iteration ${i}: ${JSON.stringify(text.slice(0, 400))}`;
    let result: ReturnType<typeof parseTwiml>;
    try {
      result = parseTwiml(text, { kind: source.kind });
    } catch (error) {
      assert.fail(`parseTwiml threw ${String(error)}: ${context}`);
    }
    const lines = text.split(/\r\n|\r|\n/).length;
    for (const problem of result.warnings) checkProblem(problem, lines, context);
    if (result.ok) {
      parsed++;
      assert.equal(result.document.kind, source.kind, context);
      // Whatever parses must also survive being written back and read again — except lone
      // surrogates, which no decoded HTTP body contains and the writer replaces with U+FFFD.
      if (LONE_SURROGATE.test(text)) continue;
      const again = parseTwiml(serializeTwiml(result.document), { kind: source.kind });
      assert.ok(again.ok, `${context}\nrewritten: ${JSON.stringify(again.ok ? [] : again.errors)}`);
      assert.deepEqual(again.document, result.document, context);
    } else {
      assert.ok(result.errors.length > 0, context);
      for (const problem of result.errors) checkProblem(problem, lines, context);
    }
  }
  assert.ok(parsed > 0 && parsed < ITERATIONS, `expected a mix of parsed and refused documents, got ${parsed} parsed`);
});

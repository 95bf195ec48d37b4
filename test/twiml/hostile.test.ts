// Hostile documents are refused with bounded work: no DTD (so no entity expansion, no external
// entities), Twilio's 64 kB size limit, a nesting limit, and a cap on problems. Nothing here is
// timed (speed is measured in bench/twiml.ts, never asserted in unit tests): each test checks
// what bounds the work instead — where parsing stopped, or that the XML parser never started.
import { test, describe, mock } from 'node:test';
import assert from 'node:assert/strict';
import { SaxesParser } from 'saxes';
import { MAX_TWIML_BYTES, MAX_TWIML_DEPTH, MAX_TWIML_PROBLEMS, parseTwiml, type ParseResult, type VoiceResponse } from '../../src/twiml/index.js';

function parse(text: string): ParseResult<VoiceResponse> {
  return parseTwiml(text, { kind: 'voice' });
}

function refusedWith(result: ParseResult<VoiceResponse>, code: number, pattern: RegExp): void {
  assert.ok(!result.ok, 'expected the document to be refused');
  const match = result.errors.find((e) => pattern.test(e.message));
  assert.ok(match !== undefined, `no error matches ${String(pattern)}: ${JSON.stringify(result.errors.slice(0, 3))}`);
  assert.equal(match.code, code);
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 ${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n ')}
]>
<Response><Say>&lol9;</Say></Response>`;

describe('hostile TwiML is refused fast, with bounded memory', () => {
  test('a billion-laughs document is a 12100 at its DOCTYPE, with no entity expanded', () => {
    const result = parse(BILLION_LAUGHS);
    refusedWith(result, 12100, /DOCTYPE declarations are not allowed/);
    assert.equal(result.ok ? 0 : result.errors[0]?.line, 2);
  });

  test('an external entity (XXE) is refused before anything is read', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE Response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Response><Say>&xxe;</Say></Response>';
    refusedWith(parse(xxe), 12100, /DOCTYPE/);
    const parameterEntity = '<!DOCTYPE r [<!ENTITY % p SYSTEM "http://169.254.169.254/"> %p;]><Response/>';
    refusedWith(parse(parameterEntity), 12100, /DOCTYPE/);
  });

  test('an entity used without a DOCTYPE is a 12100, never a lookup', () => {
    refusedWith(parse('<Response><Say>&xxe;</Say></Response>'), 12100, /undefined entity &xxe;/);
  });

  test(`a body over ${MAX_TWIML_BYTES} bytes (Twilio's 64 kB) is a 12100, counted in UTF-8 bytes`, () => {
    const padding = (n: number): string => `<Response><Say>${'a'.repeat(n)}</Say></Response>`;
    const frame = padding(0).length;
    assert.ok(parse(padding(MAX_TWIML_BYTES - frame)).ok, 'exactly 64 kB is accepted');
    refusedWith(parse(padding(MAX_TWIML_BYTES - frame + 1)), 12100, /65537 bytes; a TwiML document may be at most 65536/);
    // 30,000 three-byte characters: 30 k UTF-16 units, but 90 kB of UTF-8.
    refusedWith(parse(`<Response><Say>${'€'.repeat(30_000)}</Say></Response>`), 12100, /at most 65536 bytes/);
  });

  test('a 50 MB body is a 12100 for its size, refused without being parsed or its bytes counted', () => {
    const huge = `<Response>${'<Say>x</Say>'.repeat(4_200_000)}</Response>`;
    const write = mock.method(SaxesParser.prototype, 'write');
    const byteLength = mock.method(Buffer, 'byteLength');
    try {
      const result = parse(huge);
      assert.ok(!result.ok);
      assert.deepEqual(result.errors.map(({ code, line, column }) => ({ code, line, column })), [{ code: 12100, line: 1, column: 1 }]);
      assert.match(result.errors[0]?.message ?? '', new RegExp(`at least ${huge.length} bytes; a TwiML document may be at most 65536 bytes`));
      assert.equal(write.mock.callCount(), 0, 'the XML parser was given the body');
      assert.equal(byteLength.mock.callCount(), 0, 'the body\'s UTF-8 bytes were counted; its length alone proves it too large');
    } finally {
      write.mock.restore();
      byteLength.mock.restore();
    }
  });

  test('a body between 64 k/3 and 64 k UTF-16 units has its UTF-8 bytes counted once', () => {
    const byteLength = mock.method(Buffer, 'byteLength');
    try {
      refusedWith(parse(`<Response><Say>${'€'.repeat(30_000)}</Say></Response>`), 12100, /is 90032 bytes; a TwiML document may be at most 65536/);
      assert.equal(byteLength.mock.callCount(), 1);
    } finally {
      byteLength.mock.restore();
    }
  });

  test(`nesting deeper than ${MAX_TWIML_DEPTH} elements is a 12100, even thousands deep`, () => {
    const deep = (n: number, tag: string): string => `<Response>${`<${tag}>`.repeat(n)}${`</${tag}>`.repeat(n)}</Response>`;
    refusedWith(parse(deep(7000, 'a')), 12100, /nested more than 32 deep/);
    refusedWith(parse(`<Response><Say>${'<prosody>'.repeat(5000)}</Say></Response>`), 12100, /nested more than 32 deep/);
  });

  test(`a flood of errors stops the parser after ${MAX_TWIML_PROBLEMS}`, () => {
    const result = parse(`<Response>${'<Nope/>'.repeat(5000)}</Response>`);
    assert.ok(!result.ok);
    assert.equal(result.errors.length, MAX_TWIML_PROBLEMS + 1);
    assert.match(result.errors[result.errors.length - 1]?.message ?? '', /Stopped after 100 errors/);
  });

  test(`a flood of warnings is cut at ${MAX_TWIML_PROBLEMS}, and the document still runs`, () => {
    const attributes = Array.from({ length: 3000 }, (_, i) => ` a${i}="v"`).join('');
    const many = parse(`<Response><Say${attributes}>x</Say></Response>`);
    assert.ok(many.ok);
    assert.equal(many.warnings.length, MAX_TWIML_PROBLEMS);
    assert.match(many.warnings[MAX_TWIML_PROBLEMS - 1]?.message ?? '', /More warnings follow/);
  });

  test('one huge attribute value or text stays linear', () => {
    assert.ok(parse(`<Response><Gather action="/${'x'.repeat(60_000)}"/></Response>`).ok);
    assert.ok(parse(`<Response><Redirect method="GET">/${'x'.repeat(60_000)}</Redirect></Response>`).ok);
  });

  test('an HTML page or plain-text error is a 12100 quoting its first line', () => {
    refusedWith(parse('<!DOCTYPE html>\n<html><body>Oops</body></html>'), 12100, /HTML page.*"<!DOCTYPE html>"/);
    refusedWith(parse('\n\n  Service Unavailable  \nmore'), 12100, /begins: "Service Unavailable"/);
  });
});

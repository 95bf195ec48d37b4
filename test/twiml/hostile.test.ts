// Hostile documents are refused quickly, with bounded work: no DTD (so no entity expansion, no
// external entities), Twilio's 64 kB size limit, a nesting limit, and a cap on problems.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { MAX_TWIML_BYTES, MAX_TWIML_DEPTH, MAX_TWIML_PROBLEMS, parseTwiml, type ParseResult, type VoiceResponse } from '../../src/twiml/index.js';

/** Parses, asserting it answers within `ms` (generous for slow CI machines; real times are ~1 ms). */
function parseQuickly(text: string, ms = 250): ParseResult<VoiceResponse> {
  const start = performance.now();
  const result = parseTwiml(text, { kind: 'voice' });
  const elapsed = performance.now() - start;
  assert.ok(elapsed < ms, `took ${elapsed.toFixed(1)} ms`);
  return result;
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
    const result = parseQuickly(BILLION_LAUGHS);
    refusedWith(result, 12100, /DOCTYPE declarations are not allowed/);
    assert.equal(result.ok ? 0 : result.errors[0]?.line, 2);
  });

  test('an external entity (XXE) is refused before anything is read', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE Response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Response><Say>&xxe;</Say></Response>';
    refusedWith(parseQuickly(xxe), 12100, /DOCTYPE/);
    const parameterEntity = '<!DOCTYPE r [<!ENTITY % p SYSTEM "http://169.254.169.254/"> %p;]><Response/>';
    refusedWith(parseQuickly(parameterEntity), 12100, /DOCTYPE/);
  });

  test('an entity used without a DOCTYPE is a 12100, never a lookup', () => {
    refusedWith(parseQuickly('<Response><Say>&xxe;</Say></Response>'), 12100, /undefined entity &xxe;/);
  });

  test(`a body over ${MAX_TWIML_BYTES} bytes (Twilio's 64 kB) is a 12100, counted in UTF-8 bytes`, () => {
    const padding = (n: number): string => `<Response><Say>${'a'.repeat(n)}</Say></Response>`;
    const frame = padding(0).length;
    assert.ok(parseQuickly(padding(MAX_TWIML_BYTES - frame)).ok, 'exactly 64 kB is accepted');
    refusedWith(parseQuickly(padding(MAX_TWIML_BYTES - frame + 1)), 12100, /65537 bytes; a TwiML document may be at most 65536/);
    // 30,000 three-byte characters: 30 k UTF-16 units, but 90 kB of UTF-8.
    refusedWith(parseQuickly(`<Response><Say>${'€'.repeat(30_000)}</Say></Response>`), 12100, /at most 65536 bytes/);
  });

  test('a 50 MB body is refused without being parsed', () => {
    refusedWith(parseQuickly(`<Response>${'<Say>x</Say>'.repeat(4_200_000)}</Response>`, 500), 12100, /at most 65536 bytes/);
  });

  test(`nesting deeper than ${MAX_TWIML_DEPTH} elements is a 12100, even thousands deep`, () => {
    const deep = (n: number, tag: string): string => `<Response>${`<${tag}>`.repeat(n)}${`</${tag}>`.repeat(n)}</Response>`;
    refusedWith(parseQuickly(deep(7000, 'a')), 12100, /nested more than 32 deep/);
    refusedWith(parseQuickly(`<Response><Say>${'<prosody>'.repeat(5000)}</Say></Response>`), 12100, /nested more than 32 deep/);
  });

  test(`a flood of errors stops the parser after ${MAX_TWIML_PROBLEMS}`, () => {
    const result = parseQuickly(`<Response>${'<Nope/>'.repeat(5000)}</Response>`);
    assert.ok(!result.ok);
    assert.equal(result.errors.length, MAX_TWIML_PROBLEMS + 1);
    assert.match(result.errors[result.errors.length - 1]?.message ?? '', /Stopped after 100 errors/);
  });

  test(`a flood of warnings is cut at ${MAX_TWIML_PROBLEMS}, and the document still runs`, () => {
    const attributes = Array.from({ length: 3000 }, (_, i) => ` a${i}="v"`).join('');
    const many = parseQuickly(`<Response><Say${attributes}>x</Say></Response>`);
    assert.ok(many.ok);
    assert.equal(many.warnings.length, MAX_TWIML_PROBLEMS);
    assert.match(many.warnings[MAX_TWIML_PROBLEMS - 1]?.message ?? '', /More warnings follow/);
  });

  test('one huge attribute value or text stays linear', () => {
    assert.ok(parseQuickly(`<Response><Gather action="/${'x'.repeat(60_000)}"/></Response>`).ok);
    assert.ok(parseQuickly(`<Response><Redirect method="GET">/${'x'.repeat(60_000)}</Redirect></Response>`).ok);
  });

  test('an HTML page or plain-text error is a 12100 quoting its first line', () => {
    refusedWith(parseQuickly('<!DOCTYPE html>\n<html><body>Oops</body></html>'), 12100, /HTML page.*"<!DOCTYPE html>"/);
    refusedWith(parseQuickly('\n\n  Service Unavailable  \nmore'), 12100, /begins: "Service Unavailable"/);
  });
});

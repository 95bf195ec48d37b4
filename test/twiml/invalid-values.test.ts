// Invalid attribute values, read as Twilio runs a document (`invalidValues: 'default'`, what the
// webhooks layer uses for TwiML fetched from the app): a warning — Twilio's own code where it
// documents one for that attribute (13212, 13310, 13612, 13910; "Log Level: WARNING" on
// https://www.twilio.com/docs/api/errors/<code>), else 12200 — and the attribute's default.
// Read strictly (the default mode: `dialtone lint`, the REST API's Twiml), each is a 12200 error.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseTwiml, type TwimlProblem } from '../../src/twiml/index.js';
import { DIAL, GATHER, PLAY, RECORD, SAY } from './documented-defaults.js';

const INVALID = new URL('../fixtures/twiml/invalid/voice/', import.meta.url).pathname;

function fixture(name: string): string {
  return readFileSync(`${INVALID}${name}.xml`, 'utf8');
}

function where(problems: readonly TwimlProblem[]): string[] {
  return problems.map((p) => `${p.line}:${p.column} ${p.code} ${p.severity} ${p.path}`);
}

describe('an invalid attribute value, as Twilio runs the document, is a warning and the default is used', () => {
  test('invalid values on Gather, Say, Pause and Play: the verbs run with their defaults; finishOnKey is 13310, length 13910', () => {
    const result = parseTwiml(fixture('invalid-attribute-values'), { kind: 'voice', invalidValues: 'default' });
    assert.ok(result.ok, JSON.stringify(result.ok ? [] : result.errors));
    assert.deepEqual(result.document.verbs, [
      { verb: 'Gather', ...GATHER, children: [] },
      { verb: 'Say', ...SAY, text: 'Hi', ssml: null },
      { verb: 'Pause', length: 1 },
      { verb: 'Play', ...PLAY, url: 'https://example.com/a.mp3' },
    ]);
    assert.deepEqual(where(result.warnings), [
      '2:13 12200 warning Response/Gather[1]', '2:27 12200 warning Response/Gather[1]', '2:40 12200 warning Response/Gather[1]',
      '2:54 12200 warning Response/Gather[1]', '2:76 13310 warning Response/Gather[1]', '2:93 12200 warning Response/Gather[1]',
      '3:10 12200 warning Response/Say[1]', '3:20 12200 warning Response/Say[1]',
      '4:12 13910 warning Response/Pause[1]',
      '5:11 12200 warning Response/Play[1]',
    ]);
  });

  test('out-of-range Dial timeout is 13212 and Record maxLength 13612; the defaults stand in', () => {
    const result = parseTwiml(fixture('out-of-range'), { kind: 'voice', invalidValues: 'default' });
    assert.ok(result.ok, JSON.stringify(result.ok ? [] : result.errors));
    const [first, second, record] = result.document.verbs;
    assert.equal(first?.verb === 'Dial' && first.timeout, DIAL.timeout);
    assert.equal(first?.verb === 'Dial' && first.timeLimit, DIAL.timeLimit);
    assert.equal(second?.verb === 'Dial' && second.nouns[0]?.noun === 'Conference' && second.nouns[0].maxParticipants, 250);
    assert.deepEqual(record, { verb: 'Record', ...RECORD });
    assert.deepEqual(where(result.warnings), [
      '2:11 13212 warning Response/Dial[1]', '2:25 12200 warning Response/Dial[1]',
      '3:11 13212 warning Response/Dial[2]', '3:35 12200 warning Response/Dial[2]/Conference[1]',
      '4:13 13612 warning Response/Record[1]',
    ]);
  });

  test('the warning says what was wrong and what stands in: the default, or nothing', () => {
    const result = parseTwiml('<Response><Pause length="0"/><Gather numDigits="0"/></Response>', { kind: 'voice', invalidValues: 'default' });
    assert.deepEqual(result.warnings.map((w) => w.message), [
      'Invalid length="0" on <Pause>: length must be an integer of 1 or more; the default, "1", is used instead.',
      'Invalid numDigits="0" on <Gather>: numDigits must be an integer of 1 or more; it is ignored.',
    ]);
  });

  test('an invalid value of a required attribute is still an error: nothing can stand in for it', () => {
    const twiml = '<Response><Dial><Client><Identity>alice</Identity><Parameter name="" value="1"/></Client></Dial></Response>';
    const result = parseTwiml(twiml, { kind: 'voice', invalidValues: 'default' });
    assert.ok(!result.ok);
    assert.deepEqual(where(result.errors), ['1:62 12200 error Response/Dial[1]/Client[1]/Parameter[1]']);
  });

  test('problems of structure stay errors: an unknown verb, a misplaced noun', () => {
    const result = parseTwiml('<Response><Dance/><Number>+1415</Number><Pause length="0"/></Response>', { kind: 'voice', invalidValues: 'default' });
    assert.ok(!result.ok);
    assert.deepEqual(result.errors.map((e) => e.code), [12200, 12200]);
    assert.deepEqual(result.warnings.map((w) => w.code), [13910]);
  });

  test('messaging TwiML too: <Message method="PUT"> is a warning and the reply is sent with POST', () => {
    const result = parseTwiml('<Response><Message method="PUT" action="/status">Thanks</Message></Response>', { kind: 'messaging', invalidValues: 'default' });
    assert.ok(result.ok);
    assert.equal(result.document.verbs[0]?.method, 'POST');
    assert.deepEqual(result.warnings.map((w) => w.code), [12200]);
  });
});

describe('read strictly (dialtone lint, the REST API\'s Twiml), every invalid value is a 12200 error', () => {
  for (const name of ['invalid-attribute-values', 'out-of-range']) {
    test(name, () => {
      const strict = parseTwiml(fixture(name), { kind: 'voice' });
      const refused = parseTwiml(fixture(name), { kind: 'voice', invalidValues: 'refuse' });
      assert.ok(!strict.ok && !refused.ok);
      assert.deepEqual(strict, refused);
      const runs = parseTwiml(fixture(name), { kind: 'voice', invalidValues: 'default' });
      assert.deepEqual(where(strict.errors), where(runs.warnings).map((w) => w.replace(/ 1\d{4} warning /, ' 12200 error ')));
    });
  }
});

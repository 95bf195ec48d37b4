// Attribute values as Twilio reads them: defaults applied, booleans and methods in any case,
// documented ranges enforced, unknown attributes ignored with a warning.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseTwiml, type TwimlProblem, type VoiceVerb } from '../../src/twiml/index.js';

function firstVerb(xml: string): VoiceVerb {
  const result = parseTwiml(`<Response>${xml}</Response>`, { kind: 'voice' });
  assert.ok(result.ok, JSON.stringify(result.ok ? [] : result.errors));
  const verb = result.document.verbs[0];
  assert.ok(verb !== undefined);
  return verb;
}

function problems(xml: string): { errors: TwimlProblem[]; warnings: TwimlProblem[] } {
  const result = parseTwiml(`<Response>${xml}</Response>`, { kind: 'voice' });
  return { errors: result.ok ? [] : result.errors, warnings: result.warnings };
}

describe('TwiML attribute values', () => {
  test('a bare <Gather/> waits 5 seconds for DTMF, finishes on #, and POSTs to the current document', () => {
    const gather = firstVerb('<Gather/>');
    assert.ok(gather.verb === 'Gather');
    assert.deepEqual(
      { timeout: gather.timeout, finishOnKey: gather.finishOnKey, input: gather.input, method: gather.method, action: gather.action, numDigits: gather.numDigits, actionOnEmptyResult: gather.actionOnEmptyResult },
      { timeout: 5, finishOnKey: '#', input: ['dtmf'], method: 'POST', action: null, numDigits: null, actionOnEmptyResult: false },
    );
  });

  test('a bare <Dial> rings for 30 seconds, limits the call to 4 hours and does not record', () => {
    const dial = firstVerb('<Dial>+14155551212</Dial>');
    assert.ok(dial.verb === 'Dial');
    assert.deepEqual([dial.timeout, dial.timeLimit, dial.record, dial.trim, dial.hangupOnStar], [30, 14400, 'do-not-record', 'do-not-trim', false]);
  });

  test('a bare <Record> stops after 5 seconds of silence or an hour, on any key, after a beep', () => {
    const record = firstVerb('<Record/>');
    assert.ok(record.verb === 'Record');
    assert.deepEqual([record.timeout, record.maxLength, record.finishOnKey, record.playBeep, record.trim], [5, 3600, '1234567890*#', true, 'trim-silence']);
  });

  test('a bare <Conference> beeps, starts on enter, holds 250 and plays Twilio\'s hold music', () => {
    const dial = firstVerb('<Dial><Conference>room</Conference></Dial>');
    assert.ok(dial.verb === 'Dial' && dial.nouns[0]?.noun === 'Conference');
    const c = dial.nouns[0];
    assert.deepEqual([c.beep, c.startConferenceOnEnter, c.endConferenceOnExit, c.muted, c.maxParticipants, c.waitUrl], [true, true, false, false, 250, null]);
  });

  test('booleans accept "true" and "false" in any case, as Twilio does', () => {
    const gather = firstVerb('<Gather profanityFilter="FALSE" actionOnEmptyResult="True" enhanced="tRuE"/>');
    assert.ok(gather.verb === 'Gather');
    assert.deepEqual([gather.profanityFilter, gather.actionOnEmptyResult, gather.enhanced], [false, true, true]);
    assert.match(problems('<Gather profanityFilter="no"/>').errors[0]?.message ?? '', /profanityFilter must be "true" or "false"/);
  });

  test('HTTP methods accept any case and are read as GET or POST', () => {
    const redirect = firstVerb('<Redirect method="get">/next</Redirect>');
    assert.ok(redirect.verb === 'Redirect');
    assert.equal(redirect.method, 'GET');
    assert.equal(problems('<Redirect method="PUT">/next</Redirect>').errors[0]?.code, 12200);
  });

  test('Dial timeout must be from 5 to 600 seconds', () => {
    assert.equal(problems('<Dial timeout="5">+14155551212</Dial>').errors.length, 0);
    assert.equal(problems('<Dial timeout="600">+14155551212</Dial>').errors.length, 0);
    assert.equal(problems('<Dial timeout="4">+14155551212</Dial>').errors.length, 1);
    assert.equal(problems('<Dial timeout="601">+14155551212</Dial>').errors.length, 1);
  });

  test('Say and Play loop must be 0 (forever) or more; Pause length 1 or more; numDigits 1 or more', () => {
    assert.equal(problems('<Say loop="0">x</Say><Play loop="0">u</Play><Pause length="1"/><Gather numDigits="1"/>').errors.length, 0);
    assert.equal(problems('<Say loop="-1">x</Say><Play loop="1.5">u</Play><Pause length="0"/><Gather numDigits="0"/>').errors.length, 4);
  });

  test('Dial record="true" is Twilio\'s legacy spelling of record-from-answer', () => {
    const dial = firstVerb('<Dial record="true">+14155551212</Dial>');
    assert.ok(dial.verb === 'Dial');
    assert.equal(dial.record, 'record-from-answer');
  });

  test('lists such as input and statusCallbackEvent are separated by spaces (or commas)', () => {
    const gather = firstVerb('<Gather input="speech dtmf"/>');
    assert.ok(gather.verb === 'Gather');
    assert.deepEqual(gather.input, ['speech', 'dtmf']);
    const dial = firstVerb('<Dial><Number statusCallbackEvent="initiated,ringing  answered">+14155551212</Number></Dial>');
    assert.ok(dial.verb === 'Dial' && dial.nouns[0]?.noun === 'Number');
    assert.deepEqual(dial.nouns[0].statusCallbackEvent, ['initiated', 'ringing', 'answered']);
  });

  test('Gather speechTimeout is "auto" or seconds, and absent means "the timeout value"', () => {
    const values = ['<Gather speechTimeout="auto"/>', '<Gather speechTimeout="3"/>', '<Gather/>'].map((xml) => {
      const g = firstVerb(xml);
      return g.verb === 'Gather' ? g.speechTimeout : undefined;
    });
    assert.deepEqual(values, ['auto', 3, null]);
  });

  test('Gather finishOnKey is one key or "" (none); Record finishOnKey is a set of keys', () => {
    assert.equal(problems('<Gather finishOnKey=""/><Gather finishOnKey="*"/><Record finishOnKey="#*0"/>').errors.length, 0);
    assert.match(problems('<Gather finishOnKey="12"/>').errors[0]?.message ?? '', /one key/);
    assert.match(problems('<Record finishOnKey="#a"/>').errors[0]?.message ?? '', /keys from 0-9/);
  });

  test('unknown attributes are ignored with a 12200 warning, and a near miss is suggested', () => {
    const result = parseTwiml('<Response><Say voice="alice" colour="red" Loop="2">Hi</Say></Response>', { kind: 'voice' });
    assert.ok(result.ok);
    assert.deepEqual(result.warnings.map((w) => [w.code, w.severity, w.column, w.message]), [
      [12200, 'warning', 30, 'Unknown attribute colour on <Say> is ignored.'],
      [12200, 'warning', 43, 'Unknown attribute Loop on <Say> is ignored; did you mean loop?'],
    ]);
    const say = result.document.verbs[0];
    assert.ok(say?.verb === 'Say');
    assert.equal(say.loop, 1);
  });

  test('an invalid value is reported at the attribute, not just the element', () => {
    const { errors } = problems('\n  <Gather\n      timeout="soon"/>');
    assert.deepEqual(errors.map((e) => [e.line, e.column, e.path]), [[3, 7, 'Response/Gather[1]']]);
  });

  test('namespace declarations are accepted silently', () => {
    assert.deepEqual(problems('<Say xmlns:foo="urn:x">Hi</Say>').warnings, []);
  });
});

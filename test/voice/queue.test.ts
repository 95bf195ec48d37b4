/**
 * Call queues end to end on the fast clock: callers' virtual phones `<Enqueue>` with a waitUrl
 * served by a local app, an agent's `<Dial><Queue>` takes the front caller, the Members
 * resource (through the official Node SDK) dequeues another to new TwiML, `<Leave>` ends a
 * wait, a full queue refuses at once, and a caller hanging up leaves the queue.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/platform.js';
import { startAppServer, xml } from '../support/app-server.js';
import type { AppServer } from '../support/app-server.js';
import { sim } from '../support/sim.js';
import { buyNumber, callEnded, createPhone, form, requestsFor, startVoicePlatform, steps, transcript } from '../support/voice.js';
import type { VoicePlatform } from '../support/voice.js';

for (const dialect of DIALECTS) {
  describe(`Call queues (${dialect})`, () => {
    let platform: VoicePlatform;
    let app: AppServer;
    let supportNumber: string;
    let agentNumber: string;
    let tinyNumber: string;
    /** Callers whose wait requests the app has seen, in order of their first request. */
    const joined: string[] = [];
    let release: () => void = () => {};
    const allJoined = new Promise<void>((resolve) => { release = resolve; });
    let closing = false;
    let agent = '';
    let agentCall = '';

    before(async () => {
      platform = await startVoicePlatform(dialect);
      app = await startAppServer();
      app.route('/enqueue', xml('<Response><Enqueue waitUrl="/wait" action="/queue-done">support</Enqueue><Say>This verb is not reached after an action.</Say></Response>'));
      app.route('/agent', xml('<Response><Dial action="/agent-done" timeout="20"><Queue url="/connecting">support</Queue></Dial></Response>'));
      app.route('/connecting', xml('<Response><Say>Connecting you to an agent.</Say></Response>'));
      app.route('/agent-done', xml('<Response><Say>Agent done.</Say></Response>'));
      app.route('/moved', xml('<Response><Say>You have been moved to voicemail.</Say></Response>'));
      app.route('/tiny', xml('<Response><Enqueue waitUrl="/tiny-wait" action="/queue-done">tiny</Enqueue></Response>'));
      app.route('/tiny-wait', xml('<Response><Say>Waiting in tiny.</Say><Pause length="2"/></Response>'));
      app.route('/queue-done', (_req, res, received) => {
        const result = form(received).QueueResult ?? '';
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(`<Response><Say>Queue result ${result}.</Say></Response>`);
      });
      app.route('/wait', (_req, res, received) => {
        const params = form(received);
        const caller = params.CallSid ?? '';
        const answer = () => {
          res.writeHead(200, { 'content-type': 'text/xml' });
          res.end(closing && params.QueuePosition === '1' ? '<Response><Leave/></Response>'
            : `<Response><Say>You are number ${params.QueuePosition ?? '?'} in line.</Say><Pause length="2"/></Response>`);
        };
        if (!joined.includes(caller)) joined.push(caller);
        if (joined.length < 3) { void allJoined.then(answer); return; }
        if (agentCall !== '') { answer(); return; }
        // All three wait: the agent calls now, while call time stands still for this request.
        void sim<{ callSid: string }>(platform, 'POST', `/Phones/${agent}/Calls`, { to: agentNumber }).then((placed) => {
          agentCall = placed.body.callSid;
          release();
          answer();
        });
      });
      supportNumber = await buyNumber(platform, { voiceUrl: `${app.origin}/enqueue` });
      agentNumber = await buyNumber(platform, { voiceUrl: `${app.origin}/agent` });
      tinyNumber = await buyNumber(platform, { voiceUrl: `${app.origin}/tiny` });
    });
    after(async () => {
      await platform.stop();
      await app.close();
    });

    async function call(phone: string, to: string): Promise<string> {
      const placed = await sim<{ callSid: string }>(platform, 'POST', `/Phones/${phone}/Calls`, { to });
      assert.equal(placed.status, 201, JSON.stringify(placed.body));
      return placed.body.callSid;
    }

    test('a call centre: three callers wait with their positions, the agent is bridged to the first, the Members API moves the second, the third leaves', async () => {
      agent = await createPhone(platform, { script: [{ waitFor: 'bridged' }, { waitFor: 'say', match: 'hello agent' }, { speak: 'hello caller' }, { hangup: true }] });
      const first = await createPhone(platform, { script: [{ waitFor: 'bridged' }, { speak: 'hello agent' }, { waitFor: 'say', match: 'hello caller' }] });
      const second = await createPhone(platform);
      const third = await createPhone(platform);
      const callA = await call(first, supportNumber);
      const callB = await call(second, supportNumber);
      const callC = await call(third, supportNumber);

      await callEnded(platform, callA);
      assert.ok(agentCall, 'the agent called');
      await callEnded(platform, agentCall);
      // Each caller's first wait request told its place in line.
      for (const [callSid, position] of [[callA, '1'], [callB, '2'], [callC, '3']] as const) {
        const [firstWait] = await requestsFor(app, '/wait', callSid);
        assert.equal(firstWait?.QueuePosition, position, `${callSid} was number ${position}`);
        assert.ok(Number(firstWait?.CurrentQueueSize) >= Number(position));
        assert.equal(firstWait?.MaxQueueSize, '1000');
        assert.match(firstWait?.QueueSid ?? '', /^QU[0-9a-f]{32}$/);
        for (const name of ['QueueTime', 'AvgQueueTime']) assert.match(firstWait?.[name] ?? '', /^\d+$/);
      }
      const agentSteps = steps(await transcript(platform, agentCall));
      assert.deepEqual(agentSteps.filter((s) => !s.startsWith('dial-tone')), ['ringing', 'answered', `bridged: ${first}`, 'say: hello agent', 'speech-sent: hello caller', 'hangup: phone']);
      const firstSteps = steps(await transcript(platform, callA));
      assert.ok(firstSteps.includes(`bridged: ${agent}`), firstSteps.join('\n'));
      assert.equal(firstSteps[firstSteps.indexOf(`bridged: ${agent}`) - 1], 'say: Connecting you to an agent.', '<Queue url> plays to the caller before the bridge');
      const [connecting] = await requestsFor(app, '/connecting', callA);
      assert.equal(connecting?.DequeingCallSid, agentCall);
      assert.match(connecting?.QueueSid ?? '', /^QU[0-9a-f]{32}$/);
      assert.match(connecting?.QueueTime ?? '', /^\d+$/);
      assert.deepEqual(firstSteps.slice(firstSteps.indexOf(`bridged: ${agent}`)), [
        `bridged: ${agent}`, 'speech-sent: hello agent', 'say: hello caller', `unbridged: ${agent}`, 'say: Queue result bridged.', 'hangup: platform',
      ]);
      const [doneA] = await requestsFor(app, '/queue-done', callA);
      assert.equal(doneA?.QueueResult, 'bridged');
      const [agentDone] = await requestsFor(app, '/agent-done', agentCall);
      assert.equal(agentDone?.DialCallStatus, 'completed');
      assert.equal(agentDone?.DialCallSid, callA);
      assert.equal(agentDone?.DialBridged, 'true');
      assert.equal(agentDone?.QueueSid, doneA?.QueueSid);
      assert.match(agentDone?.DialCallDuration ?? '', /^\d+$/);

      // The two left wait, front first; B's later wait requests say it moved up.
      const queueSid = doneA?.QueueSid ?? '';
      const queue = await platform.client.queues(queueSid).fetch();
      assert.equal(queue.currentSize, 2);
      const members = await platform.client.queues(queueSid).members.list();
      assert.deepEqual(members.map((m) => [m.callSid, m.position]), [[callB, 1], [callC, 2]]);
      assert.equal((await platform.client.queues(queueSid).members('Front').fetch()).callSid, callB);
      assert.equal((await platform.client.queues(queueSid).members(callC).fetch()).position, 2);
      assert.ok(app.hits('/wait').map(form).some((p) => p.CallSid === callB && p.QueuePosition === '1'), 'B heard it was number 1');

      // The Members resource dequeues B to new TwiML: no Enqueue action for B.
      const moved = await platform.client.queues(queueSid).members(callB).update({ url: `${app.origin}/moved`, method: 'POST' });
      assert.equal(moved.callSid, callB);
      await callEnded(platform, callB);
      const bSteps = steps(await transcript(platform, callB));
      assert.deepEqual(bSteps.slice(-2), ['say: You have been moved to voicemail.', 'hangup: platform']);
      assert.equal(app.hits('/queue-done').map(form).filter((p) => p.CallSid === callB).length, 0);

      // The line closes: C's next wait TwiML says <Leave/>, and its Enqueue action follows.
      closing = true;
      await callEnded(platform, callC);
      const [doneC] = await requestsFor(app, '/queue-done', callC);
      assert.equal(doneC?.QueueResult, 'leave');
      assert.deepEqual(steps(await transcript(platform, callC)).slice(-2), ['say: Queue result leave.', 'hangup: platform']);
      assert.equal((await platform.client.queues(queueSid).fetch()).currentSize, 0);
      assert.deepEqual(await platform.client.queues(queueSid).members.list(), []);
    });

    test('a full queue answers QueueResult=queue-full at once; a caller hanging up while waiting gets QueueResult=hangup and leaves the queue', async () => {
      const tiny = await platform.client.queues.create({ friendlyName: 'tiny', maxSize: 1 });
      const waiting = await call(await createPhone(platform), tinyNumber);
      const [waitRequest] = await requestsFor(app, '/tiny-wait', waiting);
      assert.equal(waitRequest?.MaxQueueSize, '1');
      assert.equal(waitRequest?.CurrentQueueSize, '1');
      assert.equal((await platform.client.queues(tiny.sid).members('Front').fetch()).callSid, waiting);

      const refused = await call(await createPhone(platform), tinyNumber);
      await callEnded(platform, refused);
      const [full] = await requestsFor(app, '/queue-done', refused);
      assert.equal(full?.QueueResult, 'queue-full');
      assert.equal(full?.QueueSid, tiny.sid);
      assert.deepEqual(steps(await transcript(platform, refused)).slice(-2), ['say: Queue result queue-full.', 'hangup: platform']);

      const hungUp = await sim(platform, 'POST', `/Calls/${waiting}/Hangup`);
      assert.equal(hungUp.status < 300, true, JSON.stringify(hungUp.body));
      await callEnded(platform, waiting);
      const [gone] = await requestsFor(app, '/queue-done', waiting);
      assert.equal(gone?.QueueResult, 'hangup');
      assert.equal(gone?.QueueSid, tiny.sid);
      assert.equal((await platform.client.queues(tiny.sid).fetch()).currentSize, 0);
    });
  });
}

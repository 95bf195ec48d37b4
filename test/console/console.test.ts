/**
 * The console in headless Chromium, clicked through as a user would: sign in, buy a number and
 * point it at a local app, call the app's IVR from a virtual phone by clicking the keypad while
 * the call's trace updates live in another tab, text the number and see the reply, read the
 * message's status history, see an MMS's picture, find a webhook failure among the alerts, and keep eight tabs live
 * on one shared event stream. One dialect: what is
 * tested here is the console; the API under it is tested on both.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { bytes, startAppServer, xml } from '../support/app-server.js';
import type { AppServer } from '../support/app-server.js';
import { openBrowser, screenshot } from '../support/browser.js';
import type { TestBrowser } from '../support/browser.js';
import { startLiveVoicePlatform } from '../support/voice.js';
import type { VoicePlatform } from '../support/voice.js';
import { createPhone, form } from '../support/voice.js';

const TIMEOUT = 15_000;

describe('console (headless Chromium)', () => {
  let platform: VoicePlatform;
  let app: AppServer;
  let browser: TestBrowser;
  let page: Page;

  before(async () => {
    platform = await startLiveVoicePlatform('sqlite');
    app = await startAppServer();
    app.route('/voice', xml('<Response><Gather numDigits="1" action="/menu" timeout="20"><Say>Press 1 for sales or 2 for support.</Say></Gather></Response>'));
    app.route('/menu', (_req, res, entry) => {
      const digits = form(entry).Digits;
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(digits === '1' ? '<Response><Say>Connecting you to sales.</Say><Pause length="1"/><Hangup/></Response>' : '<Response><Say>Goodbye.</Say></Response>');
    });
    app.route('/sms', xml('<Response><Message>Thanks for your text!</Message></Response>'));
    app.route('/broken', xml('oops', 500, 'text/plain'));
    browser = await openBrowser();
    page = await browser.newPage();
    page.setDefaultTimeout(TIMEOUT);
    page.on('dialog', (dialog) => void dialog.accept());
  });
  after(async () => {
    await browser?.close();
    await platform?.stop();
    await app?.close();
  });

  const go = (hash: string) => page.goto(`${platform.url}/console/#${hash}`);

  test('signing in: wrong credentials are refused, the account’s own are taken', async () => {
    await page.goto(`${platform.url}/console`);
    assert.equal(new URL(page.url()).pathname, '/console/', '/console redirects to the bundle');
    await page.getByLabel('Account SID').fill(platform.sid);
    await page.getByLabel('Auth Token').fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: '20003' }).waitFor();
    await screenshot(page, 'sign-in');
    await page.getByLabel('Auth Token').fill(platform.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Calls' }).waitFor();
  });

  let number = '';
  test('numbers: buy one from the inventory and point its voice and SMS URLs at the app', async () => {
    await go('/numbers');
    await page.getByText('No numbers yet').waitFor();
    await page.getByRole('button', { name: 'Search' }).click();
    const buy = page.locator('table.available button').first();
    number = (await buy.textContent())?.replace('Buy ', '').trim() ?? '';
    assert.match(number, /^\+1\d{10}$/);
    await buy.click();
    const row = page.locator(`tr[data-number="${number}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: `edit ${number}` });
    await edit.getByLabel('Voice URL').fill(`${app.origin}/voice`);
    await edit.getByLabel('SMS URL').fill(`${app.origin}/sms`);
    await edit.getByRole('button', { name: 'Save' }).click();
    await row.getByText(`POST ${app.origin}/voice`).waitFor();
    await screenshot(page, 'numbers');
    const [owned] = await platform.client.incomingPhoneNumbers.list({ phoneNumber: number });
    assert.equal(owned?.voiceUrl, `${app.origin}/voice`, 'the API has what the console saved');
    assert.equal(owned?.smsUrl, `${app.origin}/sms`);
  });

  let phone = '';
  let callSid = '';
  test('a virtual phone calls the IVR: the keypad answers the menu, and the call’s trace updates live', async () => {
    await go('/phones');
    const create = page.getByRole('form', { name: 'new phone' });
    await create.getByLabel('Name').fill('alice');
    await create.getByRole('button', { name: 'Create phone' }).click();
    await page.getByRole('heading', { name: /alice/ }).waitFor();
    phone = decodeURIComponent(new URL(page.url()).hash.replace('#/phones/', ''));
    assert.match(phone, /^\+1650555\d{4}$/);

    await page.getByLabel('Number to call').fill(number);
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    const transcript = page.getByRole('list', { name: 'transcript' });
    await transcript.getByText('Press 1 for sales or 2 for support.').waitFor();
    const callLink = page.locator('h3 a[href^="#/calls/CA"]');
    callSid = (await callLink.textContent()) ?? '';
    assert.match(callSid, /^CA[0-9a-f]{32}$/);

    // The call's page, open in a second tab while the call runs.
    const tracePage = await browser.newPage();
    tracePage.setDefaultTimeout(TIMEOUT);
    await tracePage.goto(`${platform.url}/console/#/calls/${callSid}`);
    const trace = tracePage.getByRole('list', { name: 'trace' });
    await trace.getByText(`${app.origin}/voice`).first().waitFor();
    assert.equal(await trace.getByText('Received digits').count(), 0, 'nothing pressed yet');

    await page.locator('.keypad button[data-key="1"]').click();
    await transcript.getByText('pressed 1').waitFor();
    await transcript.getByText('Connecting you to sales.').waitFor();
    // The trace tab was not reloaded: the event stream brought the digits and the next request.
    await trace.getByText('Received digits').waitFor();
    await trace.locator('li[data-kind="request"]', { hasText: `${app.origin}/menu` }).waitFor();
    await transcript.getByText(/hung up/).waitFor();
    await trace.locator('li[data-kind="status"]', { hasText: 'completed' }).waitFor();
    await tracePage.locator('.call-page h2 .status-completed').waitFor();

    // The request's parameters and the TwiML the app answered, pretty-printed.
    const menu = trace.locator('li[data-kind="request"]', { hasText: `${app.origin}/menu` });
    await menu.getByText('Request and response').click();
    await menu.locator('table.params tr', { hasText: 'Digits' }).getByText('1', { exact: true }).waitFor();
    assert.match((await menu.locator('pre.body').textContent()) ?? '', /<Say>Connecting you to sales\.<\/Say>/);
    assert.ok(await trace.locator('li[data-kind="verb"]', { hasText: '<Gather>' }).count() >= 1, 'each verb is in the trace');
    await screenshot(tracePage, 'call-trace');
    await screenshot(page, 'phone');
    await tracePage.close();

    await go('/calls');
    await page.locator(`tr[data-sid="${callSid}"]`).getByText('completed').waitFor();
    await page.getByLabel('Status').selectOption('busy');
    await page.getByText('No calls match.').waitFor();
    await page.getByLabel('Status').selectOption('completed');
    await page.locator(`tr[data-sid="${callSid}"]`).waitFor();
    await screenshot(page, 'calls');
  });

  test('a text from the phone gets the app’s reply in the thread; the message page shows its history and requests', async () => {
    await go(`/phones/${encodeURIComponent(phone)}`);
    const send = page.getByRole('form', { name: 'send a text' });
    await send.getByPlaceholder('to +1…').fill(number);
    await send.getByPlaceholder('message').fill('Hello there');
    await send.getByRole('button', { name: 'Send' }).click();
    const thread = page.getByRole('list', { name: 'texts' });
    await thread.locator('li[data-direction="out"]', { hasText: 'Hello there' }).waitFor();
    await thread.locator('li[data-direction="in"]', { hasText: 'Thanks for your text!' }).waitFor();

    await go('/messages');
    const reply = page.locator('table.messages tr', { hasText: 'Thanks for your text!' });
    await reply.getByText('delivered').waitFor();
    await reply.locator('a[href^="#/messages/"]').click();
    const history = page.getByRole('list', { name: 'status history' });
    for (const status of ['queued', 'sending', 'sent', 'delivered']) await history.locator(`li[data-status="${status}"]`).waitFor();
    await screenshot(page, 'message');

    await go('/messages');
    await page.locator('table.messages tr', { hasText: 'Hello there' }).locator('a[href^="#/messages/"]').click();
    await page.getByRole('list', { name: 'status history' }).locator('li[data-status="received"]').waitFor();
    const requests = page.getByRole('list', { name: 'requests' });
    await requests.getByText(`${app.origin}/sms`).waitFor();
    await requests.getByText('Request and response').click();
    await requests.locator('table.params tr', { hasText: 'Body' }).getByText('Hello there').waitFor();
  });

  test('an MMS\'s page shows its picture: the platform\'s copy, after the app stopped serving it', async () => {
    // A 1×1 PNG.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    app.route('/pixel', bytes(png, 'image/png'));
    const sent = await platform.client.messages.create({ to: phone, from: number, body: 'a picture', mediaUrl: [`${app.origin}/pixel`] });
    for (let i = 0; i < 40 && (await platform.client.messages(sent.sid).fetch()).status !== 'delivered'; i++) await page.waitForTimeout(250);
    app.route('/pixel', xml('gone', 404));
    await go(`/messages/${sent.sid}`);
    const picture = page.locator('img');
    await picture.waitFor();
    const width = await picture.evaluate((el) => new Promise<number>((resolve) => {
      const img = el as unknown as { complete: boolean; naturalWidth: number; addEventListener(type: string, fn: () => void, options: object): void };
      if (img.complete) resolve(img.naturalWidth);
      else {
        img.addEventListener('load', () => resolve(img.naturalWidth), { once: true });
        img.addEventListener('error', () => resolve(0), { once: true });
      }
    }));
    assert.equal(width, 1, 'the picture decoded');
    assert.equal(app.hits('/pixel').length, 1, 'fetched once, when sent');
  });

  test('alerts: a webhook failure is listed with the request and the response that caused it', async () => {
    const [owned] = await platform.client.incomingPhoneNumbers.list({ phoneNumber: number });
    await platform.client.incomingPhoneNumbers(owned?.sid ?? '').update({ smsUrl: `${app.origin}/broken` });
    await go(`/phones/${encodeURIComponent(phone)}`);
    const send = page.getByRole('form', { name: 'send a text' });
    await send.getByPlaceholder('to +1…').fill(number);
    await send.getByPlaceholder('message').fill('Anyone there?');
    await send.getByRole('button', { name: 'Send' }).click();

    await go('/alerts');
    const row = page.locator('table.alerts tr', { hasText: '11200' }).first();
    for (let i = 0; i < 20 && (await row.count()) === 0; i++) {
      await page.waitForTimeout(250);
      await page.getByRole('button', { name: 'Refresh' }).click();
    }
    await row.click();
    await page.locator('.alert-detail').getByText(`${app.origin}/broken`).waitFor();
    await page.locator('.alert-detail pre.body', { hasText: 'oops' }).waitFor();
    await page.locator('.alert-detail table.params tr', { hasText: 'Body' }).getByText('Anyone there?').waitFor();
    await screenshot(page, 'alerts');
  });

  test('applications: create, edit and delete', async () => {
    await go('/applications');
    const create = page.getByRole('form', { name: 'new application' });
    await create.getByLabel('Friendly name').fill('IVR');
    await create.getByLabel('Voice URL').fill(`${app.origin}/voice`);
    await create.getByRole('button', { name: 'Create application' }).click();
    const row = page.locator('tr', { hasText: 'IVR' });
    await row.getByText(`POST ${app.origin}/voice`).waitFor();
    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'edit IVR' });
    await edit.getByLabel('SMS URL').fill(`${app.origin}/sms`);
    await edit.getByRole('button', { name: 'Save' }).click();
    await row.getByText(`POST ${app.origin}/sms`).waitFor();
    const [listed] = await platform.client.applications.list({ friendlyName: 'IVR' });
    assert.equal(listed?.smsUrl, `${app.origin}/sms`);
    await row.getByRole('button', { name: 'Delete' }).click();
    await page.getByText(`POST ${app.origin}/sms`).waitFor({ state: 'detached' });
    assert.deepEqual(await platform.client.applications.list({ friendlyName: 'IVR' }), []);
  });

  test("a forwarded call's page: its child call, the Dial's outcome, and the recording playable in the page", async () => {
    const callee = await createPhone(platform, { ringSeconds: 0, script: [{ waitFor: 'bridged' }, { speak: 'hello from the callee' }, { hangup: true }] });
    const caller = await createPhone(platform, { ringSeconds: 0 });
    const call = await platform.client.calls.create({
      to: caller, from: number, twiml: `<Response><Dial record="record-from-answer"><Number>${callee}</Number></Dial></Response>`,
    });
    assert.equal(await waitForStatus(platform, call.sid, 'completed'), 'completed');
    await go(`/calls/${call.sid}`);
    const child = page.locator('ul.children a[href^="#/calls/CA"]');
    await child.waitFor();
    const childSid = (await child.textContent()) ?? '';
    const trace = page.getByRole('list', { name: 'trace' });
    await trace.locator('li[data-kind="dial"]', { hasText: callee }).waitFor();
    await trace.locator('li[data-kind="dialed"]', { hasText: 'completed' }).waitFor();
    const audio = page.locator('audio[data-recording]').first();
    await audio.waitFor();
    assert.match((await audio.getAttribute('src')) ?? '', /^blob:/, 'the recording is fetched with the credentials and played from memory');
    // In the page: the element is an HTMLAudioElement (the tests' types have no DOM).
    const duration = await audio.evaluate((el) => new Promise<number>((resolve) => {
      const media = el as unknown as { readyState: number; duration: number; addEventListener(type: string, fn: () => void, options: object): void };
      if (media.readyState >= 1) resolve(media.duration);
      else media.addEventListener('loadedmetadata', () => resolve(media.duration), { once: true });
    }));
    assert.ok(duration > 0, `the browser decodes the recording (${duration} s)`);
    await child.click();
    await page.locator('.call-page h2', { hasText: childSid }).waitFor();
    await page.getByText(`Child of ${call.sid}`).waitFor();
  });

  test('an incoming call rings a manual phone in the browser until it is answered there', async () => {
    await go(`/phones/${encodeURIComponent(phone)}`);
    await page.getByRole('heading', { name: /alice/ }).waitFor();
    const call = await platform.client.calls.create({ to: phone, from: number, twiml: '<Response><Say>This is the platform calling.</Say><Pause length="1"/></Response>' });
    const incoming = page.locator('.incoming');
    await incoming.getByText(number).waitFor();
    await incoming.getByRole('button', { name: 'Answer' }).click();
    await page.getByRole('list', { name: 'transcript' }).getByText('This is the platform calling.').waitFor();
    const done = await waitForStatus(platform, call.sid, 'completed');
    assert.equal(done, 'completed');
    assert.deepEqual(browser.offMachine, [], 'the console made no request off the machine');
  });

  test('eight tabs on the calls list all update live: they share one event stream (a browser opens six connections to a host)', async () => {
    const tabs = await Promise.all(Array.from({ length: 8 }, () => browser.newPage()));
    try {
      for (const tab of tabs) {
        tab.setDefaultTimeout(TIMEOUT);
        await tab.goto(`${platform.url}/console/#/calls`);
        await tab.getByRole('heading', { name: 'Calls' }).waitFor();
      }
      const call = await platform.client.calls.create({ to: phone, from: number, twiml: '<Response><Say>Hello, every tab.</Say></Response>' });
      for (const tab of tabs) await tab.locator(`tr[data-sid="${call.sid}"]`).waitFor();
    } finally {
      await Promise.all(tabs.map((tab) => tab.close()));
    }
  });
});

async function waitForStatus(platform: VoicePlatform, sid: string, status: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const call = await platform.client.calls(sid).fetch();
    if (call.status === status) return call.status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return (await platform.client.calls(sid).fetch()).status;
}

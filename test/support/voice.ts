/**
 * Voice test helpers: a platform on the fast clock, a number pointed at a local app, virtual
 * phones, and waiting for a call to end and reading what the phone and the app saw.
 */
import { after, before } from 'node:test';
import type { DialectName } from '../../src/store/index.js';
import { basic, startTestPlatform } from './platform.js';
import type { TestPlatform } from './platform.js';
import { eventually, sim } from './sim.js';
import { sdkClient } from './twilio.js';
import type { TwilioClient } from './twilio.js';
import { startAppServer } from './app-server.js';
import type { AppServer, Behaviour, ReceivedRequest } from './app-server.js';

export const FINAL_STATUSES = ['completed', 'busy', 'failed', 'no-answer', 'canceled'];

export interface VoicePlatform extends TestPlatform {
  readonly client: TwilioClient;
}

/** A platform whose call time runs on the fast clock (`--clock=fast`). */
export async function startVoicePlatform(dialect: DialectName, env: Record<string, string> = {}): Promise<VoicePlatform> {
  const platform = await startTestPlatform(dialect, { DIALTONE_CLOCK: 'fast', ...env });
  return { ...platform, client: sdkClient(platform.url, platform.sid, platform.token) };
}

/** A platform on the system clock, for calls that must stay live while a test acts on them. */
export async function startLiveVoicePlatform(dialect: DialectName): Promise<VoicePlatform> {
  const platform = await startTestPlatform(dialect);
  return { ...platform, client: sdkClient(platform.url, platform.sid, platform.token) };
}

export interface TranscriptEvent {
  readonly at: number;
  readonly event: string;
  readonly [detail: string]: unknown;
}

/** A virtual phone of the platform's account; resolves to its number. */
export async function createPhone(platform: VoicePlatform, phone: Record<string, unknown> = {}): Promise<string> {
  const created = await sim<{ number: string }>(platform, 'POST', '/Phones', phone);
  if (created.status !== 201) throw new Error(`creating a phone failed: ${JSON.stringify(created.body)}`);
  return created.body.number;
}

/** Buys a number whose voice URL is `voiceUrl`. */
export async function buyNumber(platform: VoicePlatform, options: { voiceUrl?: string; voiceFallbackUrl?: string; statusCallback?: string } = {}): Promise<string> {
  const number = await platform.client.incomingPhoneNumbers.create({ areaCode: '415', ...options });
  return number.phoneNumber;
}

/** Waits until the call has a final status, and returns it. */
export async function callEnded(platform: VoicePlatform, callSid: string, ms = 20_000) {
  return eventually(async () => {
    const call = await platform.client.calls(callSid).fetch();
    return FINAL_STATUSES.includes(call.status) ? call : null;
  }, ms);
}

/** What the phone experienced on the call, in order. */
export async function transcript(platform: VoicePlatform, callSid: string): Promise<TranscriptEvent[]> {
  const response = await sim<{ events: TranscriptEvent[] }>(platform, 'GET', `/Calls/${callSid}/Transcript`);
  if (response.status !== 200) throw new Error(`reading the transcript failed: ${JSON.stringify(response.body)}`);
  return response.body.events;
}

/** The first `event` (ringing, say, pause…) in the call's transcript, once the phone has experienced it. */
export async function heard(platform: VoicePlatform, callSid: string, event: string, ms = 10_000): Promise<TranscriptEvent> {
  return eventually(async () => (await transcript(platform, callSid)).find((e) => e.event === event), ms);
}

/** The transcript as `event: detail` lines, for readable assertions. */
export function steps(events: readonly TranscriptEvent[]): string[] {
  return events.map((e) => {
    const detail = e.text ?? e.url ?? e.digits ?? e.by ?? e.seconds ?? e.reason ?? e.step ?? e.with ?? e.conference;
    return detail === undefined ? e.event : `${e.event}: ${String(detail)}`;
  });
}

/** The form parameters of a request the app received. */
export function form(request: ReceivedRequest): Record<string, string> {
  const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  return Object.fromEntries(new URLSearchParams(request.method === 'GET' ? query : request.body));
}

/** Requests the app received on `path`, once at least `count` have arrived. */
export async function received(app: AppServer, path: string, count = 1, ms = 10_000): Promise<ReceivedRequest[]> {
  return eventually(async () => (app.hits(path).length >= count ? app.hits(path) : null), ms);
}

/** The parameters of the requests the app received on `path` for one call, once `count` have arrived. */
export async function requestsFor(app: AppServer, path: string, callSid: string, count = 1, ms = 10_000): Promise<Array<Record<string, string>>> {
  return eventually(async () => {
    const forCall = app.hits(path).map(form).filter((p) => p.CallSid === callSid);
    return forCall.length >= count ? forCall : null;
  }, ms);
}

/** The virtual phone `phone` calls `to` (a number, SIP URI…); resolves to the call's SID. */
export async function phoneCall(platform: VoicePlatform, phone: string, to: string): Promise<string> {
  const placed = await sim<{ callSid: string }>(platform, 'POST', `/Phones/${phone}/Calls`, { to });
  if (placed.status !== 201) throw new Error(`placing a call from ${phone} failed: ${JSON.stringify(placed.body)}`);
  return placed.body.callSid;
}

/** A platform, a local app whose routes `routes` sets, and a number whose voice URL is the app's `/voice`. */
export interface VoiceApp {
  readonly platform: VoicePlatform;
  readonly app: AppServer;
  readonly number: string;
  /** Stops the platform, then the app. */
  stop(): Promise<void>;
}

/** Starts a VoiceApp on the fast clock, or with `live` on the system clock. */
export async function startVoiceApp(dialect: DialectName, routes: (app: AppServer) => void, options: { live?: boolean } = {}): Promise<VoiceApp> {
  const platform = options.live ? await startLiveVoicePlatform(dialect) : await startVoicePlatform(dialect);
  const app = await startAppServer();
  routes(app);
  const number = await buyNumber(platform, { voiceUrl: `${app.origin}/voice` });
  return { platform, app, number, stop: async () => { await platform.stop(); await app.close(); } };
}

/** A recording's audio as its URL serves it (WAV; `.mp3` for MP3), fetched with the account's credentials. */
export async function recordingMedia(platform: VoicePlatform, url: string): Promise<{ type: string | null; bytes: Uint8Array }> {
  const response = await fetch(url, { headers: { authorization: basic(platform.sid, platform.token) } });
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
  return { type: response.headers.get('content-type'), bytes: new Uint8Array(await response.arrayBuffer()) };
}

/**
 * The suite's VoiceApp (see `startVoiceApp`), started in its `before` hook and stopped in its
 * `after` hook; read its fields inside tests.
 */
export function useVoiceApp(dialect: DialectName, routes: (app: AppServer) => void, options: { live?: boolean } = {}): Omit<VoiceApp, 'stop'> {
  let setup: VoiceApp | null = null;
  before(async () => { setup = await startVoiceApp(dialect, routes, options); });
  after(() => setup?.stop());
  const started = (): VoiceApp => {
    if (!setup) throw new Error('the suite\'s VoiceApp is read before its before hook ran');
    return setup;
  };
  return { get platform() { return started().platform; }, get app() { return started().app; }, get number() { return started().number; } };
}

/** An app route answering with the TwiML `twiml` gives for the request, as it is when the request comes. */
export function twimlFor(twiml: (request: ReceivedRequest) => string): Behaviour {
  return (_req, res, request) => { res.writeHead(200, { 'content-type': 'text/xml' }); res.end(twiml(request)); };
}

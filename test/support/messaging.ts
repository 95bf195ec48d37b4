/**
 * Messaging test helpers: a platform with an SDK client and a local app, a virtual phone's
 * inbox, a phone texting, waiting for a message's status, and the status callbacks an app
 * received for one message.
 */
import type { DialectName } from '../../src/store/index.js';
import { startAppServer } from './app-server.js';
import type { AppServer } from './app-server.js';
import { startTestPlatform } from './platform.js';
import type { TestPlatform } from './platform.js';
import { eventually, sim } from './sim.js';
import { sdkClient } from './twilio.js';
import type { TwilioClient } from './twilio.js';

/** A platform (with `env`), the npm SDK pointed at it, and a local app; `stop` ends both. */
export interface MessagingApp {
  readonly platform: TestPlatform;
  readonly client: TwilioClient;
  readonly app: AppServer;
  stop(): Promise<void>;
}

export async function startMessagingApp(dialect: DialectName, env: Record<string, string> = {}): Promise<MessagingApp> {
  const platform = await startTestPlatform(dialect, env);
  const app = await startAppServer();
  return {
    platform, app, client: sdkClient(platform.url, platform.sid, platform.token),
    stop: async () => { await app.close(); await platform.stop(); },
  };
}

export interface InboxEntry {
  readonly direction: 'in' | 'out';
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly mediaUrls: string[];
  readonly messageSid: string;
}

type Platform = { url: string; sid: string; token: string };

/** What the phone has sent and received, oldest first. */
export async function inbox(platform: Platform, phone: string): Promise<InboxEntry[]> {
  return (await sim<{ messages: InboxEntry[] }>(platform, 'GET', `/Phones/${encodeURIComponent(phone)}/Messages`)).body.messages;
}

/** What the phone has received. */
export async function received(platform: Platform, phone: string): Promise<InboxEntry[]> {
  return (await inbox(platform, phone)).filter((m) => m.direction === 'in');
}

/** The phone texts `to`; resolves to the MessageSid. */
export async function text(platform: Platform, phone: string, to: string, body: string, mediaUrls: string[] = []): Promise<string> {
  const sent = await sim<{ messageSid: string }>(platform, 'POST', `/Phones/${encodeURIComponent(phone)}/Messages`, { to, body, mediaUrls });
  if (sent.status !== 201) throw new Error(`texting failed: ${JSON.stringify(sent.body)}`);
  return sent.body.messageSid;
}

/** Waits for the phone to receive a message with this body. */
export function receivedBody(platform: Platform, phone: string, body: string): Promise<InboxEntry> {
  return eventually(async () => (await received(platform, phone)).find((m) => m.body === body));
}

/** Waits until the message has `status`, and returns it as the SDK fetches it. */
export function messageWithStatus(client: TwilioClient, sid: string, status: string): ReturnType<ReturnType<TwilioClient['messages']>['fetch']> {
  return eventually(async () => { const m = await client.messages(sid).fetch(); return m.status === status ? m : null; });
}

/** The form parameters of every request the app received on `path` about `messageSid`, in order. */
export function callbacksFor(app: AppServer, path: string, messageSid: string): URLSearchParams[] {
  return app.hits(path).map((r) => new URLSearchParams(r.body)).filter((p) => p.get('MessageSid') === messageSid);
}

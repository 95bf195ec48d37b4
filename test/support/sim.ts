/** The simulated network's control API, as an app's test suite drives it. */
import { basic } from './platform.js';

export async function sim<T = Record<string, unknown>>(platform: { url: string; sid: string; token: string }, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${platform.url}/sim/v1${path}`, {
    method,
    headers: { authorization: basic(platform.sid, platform.token), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
}

/** Polls until `check` holds (messages flow through durable jobs, so tests wait for them). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

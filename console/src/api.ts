/**
 * The console's one way to the platform: the same REST API the SDKs use (Twilio's 2010-04-01,
 * form-encoded in, JSON out), the simulated network's /sim/v1 (JSON) and Dialtone's /dialtone/v1,
 * all with the credentials the user signed in with.
 */
import { sharedStream } from './shared-stream';
import type { OnEvent } from './shared-stream';
import { readEvents } from './sse';

export interface Credentials {
  readonly sid: string;
  readonly token: string;
}

/** An error the API answered with, in Twilio's shape. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: number | null, message: string, readonly moreInfo: string | null) {
    super(code ? `${code}: ${message}` : message);
  }
}

export type Form = Record<string, string | readonly string[] | undefined>;

/** One page of a Twilio list: its items under `key`, and the URIs of its neighbours. */
export interface ListPage<T> {
  readonly items: T[];
  readonly next: string | null;
  readonly previous: string | null;
  readonly page: number;
}

function formBody(form: Form): URLSearchParams {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) {
    if (value === undefined) continue;
    if (typeof value === 'string') body.append(key, value);
    else for (const v of value) body.append(key, v);
  }
  return body;
}

export class Api {
  constructor(readonly credentials: Credentials) {}

  /** The account's 2010-04-01 path: `account('Calls.json')` → `/2010-04-01/Accounts/AC…/Calls.json`. */
  account(path: string): string {
    return `/2010-04-01/Accounts/${this.credentials.sid}/${path}`;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    // X-Requested-With: a failed sign-in answers 401 without a challenge, so the browser shows no password prompt.
    return {
      authorization: `Basic ${btoa(`${this.credentials.sid}:${this.credentials.token}`)}`, accept: 'application/json', 'x-requested-with': 'XMLHttpRequest', ...extra,
    };
  }

  async request<T>(method: string, path: string, init: { body?: BodyInit; type?: string } = {}): Promise<T> {
    const response = await fetch(path, {
      method, headers: this.headers(init.type ? { 'content-type': init.type } : {}), ...(init.body !== undefined ? { body: init.body } : {}),
    });
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let data: unknown = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    if (!response.ok) {
      const e = (data ?? {}) as { code?: number; message?: string; more_info?: string };
      throw new ApiError(response.status, e.code ?? null, e.message ?? (text || response.statusText), e.more_info ?? null);
    }
    return data as T;
  }

  get<T>(path: string, query: Form = {}): Promise<T> {
    const q = formBody(query).toString();
    return this.request<T>('GET', q ? `${path}${path.includes('?') ? '&' : '?'}${q}` : path);
  }

  /** A 2010-04-01 create or update: a form POST. */
  post<T>(path: string, form: Form): Promise<T> {
    return this.request<T>('POST', path, { body: formBody(form), type: 'application/x-www-form-urlencoded' });
  }

  /** A /sim/v1 call: JSON in and out. */
  json<T>(method: string, path: string, body: unknown = {}): Promise<T> {
    if (method === 'GET' || method === 'DELETE') return this.request<T>(method, path);
    return this.request<T>(method, path, { body: JSON.stringify(body), type: 'application/json' });
  }

  delete(path: string): Promise<void> {
    return this.request<void>('DELETE', path);
  }

  /** A page of a Twilio list resource (`uri` is a list path, or a next/previous page URI). */
  async list<T>(uri: string, key: string, query: Form = {}): Promise<ListPage<T>> {
    const body = await this.get<Record<string, unknown>>(uri, query);
    return {
      items: (body[key] as T[] | undefined) ?? [], next: (body.next_page_uri as string | null) ?? null,
      previous: (body.previous_page_uri as string | null) ?? null, page: Number(body.page ?? 0),
    };
  }

  /** Audio (or any file) behind the credentials, as a URL the page can play. */
  async blobUrl(path: string): Promise<string> {
    const response = await fetch(path, { headers: this.headers({ accept: '*/*' }) });
    if (!response.ok) throw new ApiError(response.status, null, `could not fetch ${path}`, null);
    return URL.createObjectURL(await response.blob());
  }

  /**
   * Reads a server-sent event stream until `signal` aborts: one connection for all the tabs and
   * pages reading it (see shared-stream.ts).
   */
  stream(path: string, onEvent: OnEvent, signal: AbortSignal): Promise<void> {
    return sharedStream(`dialtone-stream ${this.credentials.sid} ${path}`, (relay, until) => this.read(path, relay, until), onEvent, signal);
  }

  /**
   * Reads a server-sent event stream (fetch rather than EventSource, which cannot send the
   * credentials) until `signal` aborts, reconnecting after a dropped connection.
   */
  private async read(path: string, onEvent: OnEvent, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        const response = await fetch(path, { headers: this.headers({ accept: 'text/event-stream' }), signal });
        if (!response.ok || !response.body) throw new Error(`event stream ${path}: ${response.status}`);
        await readEvents(response.body, (event) => onEvent(event.type, event.data));
      } catch {
        if (signal.aborted) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

const KEY = 'dialtone.credentials';

export function savedCredentials(): Credentials | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Credentials) : null;
  } catch {
    return null;
  }
}

export function saveCredentials(credentials: Credentials | null): void {
  if (credentials) localStorage.setItem(KEY, JSON.stringify(credentials));
  else localStorage.removeItem(KEY);
}

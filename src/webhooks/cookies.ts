/**
 * Cookies across an app's webhooks, as Twilio keeps them: a `Set-Cookie` the app answers with
 * comes back as `Cookie` on later TwiML requests of the same conversation — for a call, the call
 * (its documents, redirects, actions); for messages, the From/To pair of the inbound messages,
 * for four hours at most (https://help.twilio.com/articles/223136287). Cookies follow the
 * browser's rules for which URLs get them (tough-cookie: domain, path, Secure, expiry).
 */
import { Cookie, CookieJar } from 'tough-cookie';

/** What a request needs of a jar: the header to send, and where to put what comes back. */
export interface WebhookCookies {
  /** The `Cookie` header for a request to `url` ('' when none apply). */
  header(url: string): string;
  /** Takes the `Set-Cookie` headers of a response from `url`. */
  take(url: string, setCookies: readonly string[]): void;
}

/** Twilio's limit on a messaging cookie's life. */
export const SMS_COOKIE_MAX_AGE_S = 4 * 60 * 60;
/** Most cookies a conversation keeps (a browser keeps 50 per domain; an app needs one or two). */
const MAX_COOKIES = 20;
/** Longest `Set-Cookie` header taken (browsers allow about 4 kB). */
const MAX_COOKIE_BYTES = 4096;

export class ConversationCookies implements WebhookCookies {
  private changedSinceSave = false;

  private constructor(private readonly jar: CookieJar, private readonly maxAgeS: number | null) {}

  /** An empty jar; `maxAgeS` caps every cookie's life (and gives session cookies one). */
  static empty(maxAgeS: number | null = null): ConversationCookies {
    return new ConversationCookies(new CookieJar(), maxAgeS);
  }

  /** A jar saved by `serialize` (an unreadable one starts empty). */
  static restore(json: string, maxAgeS: number | null = null): ConversationCookies {
    try {
      return new ConversationCookies(CookieJar.deserializeSync(json), maxAgeS);
    } catch {
      return ConversationCookies.empty(maxAgeS);
    }
  }

  header(url: string): string {
    try {
      return this.jar.getCookieStringSync(url);
    } catch {
      return '';
    }
  }

  take(url: string, setCookies: readonly string[]): void {
    for (const raw of setCookies) {
      if (raw.length > MAX_COOKIE_BYTES) continue;
      const cookie = Cookie.parse(raw);
      if (!cookie) continue;
      if (this.maxAgeS !== null) this.cap(cookie);
      try {
        if (this.jar.setCookieSync(cookie, url)) this.changedSinceSave = true;
      } catch {
        // A cookie for another domain, or one the URL may not set: ignored, as a browser does.
      }
    }
    this.trim();
  }

  /** Whether cookies were taken since the jar was made or restored. */
  get changed(): boolean {
    return this.changedSinceSave;
  }

  /** Whether the jar holds any cookie that has not expired. */
  get empty(): boolean {
    return this.cookies().length === 0;
  }

  serialize(): string {
    return JSON.stringify(this.jar.serializeSync());
  }

  private cookies(): Cookie[] {
    return (this.jar.serializeSync()?.cookies ?? []).map((c) => Cookie.fromJSON(c)).filter((c): c is Cookie => c !== undefined && c.TTL() > 0);
  }

  /** No cookie outlives `maxAgeS` from now; a session cookie lives that long. */
  private cap(cookie: Cookie): void {
    const limit = this.maxAgeS ?? 0;
    const ttl = cookie.TTL();
    if (ttl === Infinity || ttl > limit * 1000) {
      cookie.expires = 'Infinity';
      cookie.maxAge = limit;
    }
  }

  /** Keeps the newest MAX_COOKIES. */
  private trim(): void {
    const all = this.cookies();
    if (all.length <= MAX_COOKIES) return;
    const when = (c: Cookie) => (c.creation instanceof Date ? c.creation.getTime() : 0);
    const oldest = all.sort((a, b) => when(a) - when(b)).slice(0, all.length - MAX_COOKIES);
    const store = this.jar.store;
    for (const c of oldest) {
      void store.removeCookie(c.domain ?? '', c.path ?? '/', c.key);
    }
  }
}

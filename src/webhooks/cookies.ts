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
/** Most bytes of names and values a jar keeps, so a saved jar stays small. */
const MAX_JAR_BYTES = 16 * 1024;

export class ConversationCookies implements WebhookCookies {
  /** What was taken since the jar was made or restored, to be merged into a newer saved jar. */
  private readonly taken: { url: string; setCookies: readonly string[] }[] = [];

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
    let changed = false;
    for (const raw of setCookies) {
      if (raw.length > MAX_COOKIE_BYTES) continue;
      const cookie = Cookie.parse(raw);
      if (!cookie) continue;
      this.fixExpiry(cookie);
      try {
        if (this.jar.setCookieSync(cookie, url)) changed = true;
      } catch {
        // A cookie for another domain, or one the URL may not set: ignored, as a browser does.
      }
    }
    if (changed) this.taken.push({ url, setCookies });
    this.trim();
  }

  /** Whether cookies were taken since the jar was made, restored or last saved. */
  get changed(): boolean {
    return this.taken.length > 0;
  }

  /** What was taken so far is saved: later merges apply only what comes after. */
  markSaved(): void {
    this.taken.length = 0;
  }

  /** Whether the jar holds any cookie that has not expired. */
  get empty(): boolean {
    return this.cookies().length === 0;
  }

  /** The jar's live cookies as JSON (expired ones are dropped). */
  serialize(): string {
    this.trim();
    return JSON.stringify(this.jar.serializeSync());
  }

  /**
   * What this jar took, applied over `saved` (the jar as saved since, perhaps by a concurrent
   * request of the same conversation): the merged jar to save, or null when nothing is left.
   */
  mergeInto(saved: string | null): string | null {
    const merged = saved === null ? ConversationCookies.empty(this.maxAgeS) : ConversationCookies.restore(saved, this.maxAgeS);
    for (const { url, setCookies } of this.taken) merged.take(url, setCookies);
    return merged.empty ? null : merged.serialize();
  }

  /** Every cookie in the jar, with whether it is still live. */
  private all(): { cookie: Cookie; live: boolean }[] {
    const now = Date.now();
    return (this.jar.serializeSync()?.cookies ?? []).map((c) => Cookie.fromJSON(c)).filter((c): c is Cookie => c !== undefined)
      .map((cookie) => ({ cookie, live: (cookie.expiryTime() ?? Infinity) > now }));
  }

  private cookies(): Cookie[] {
    return this.all().filter((c) => c.live).map((c) => c.cookie);
  }

  /**
   * A cookie's life is fixed when it is taken, as an absolute expiry: tough-cookie counts
   * Max-Age from the cookie's last use, which every request renews. With a cap (`maxAgeS`), no
   * cookie outlives it from now, and a session cookie lives that long.
   */
  private fixExpiry(cookie: Cookie): void {
    const ttl = cookie.TTL();
    if (ttl <= 0) {
      cookie.maxAge = 0;
      return;
    }
    const life = this.maxAgeS === null ? ttl : Math.min(ttl, this.maxAgeS * 1000);
    if (life === Infinity) return;
    cookie.expires = new Date(Date.now() + life);
    cookie.maxAge = null;
  }

  /** Drops expired cookies, then keeps the newest MAX_COOKIES within MAX_JAR_BYTES. */
  private trim(): void {
    const all = this.all();
    const when = (c: Cookie) => (c.creation instanceof Date ? c.creation.getTime() : 0);
    const newestFirst = (a: Cookie, b: Cookie) => when(b) - when(a) || b.creationIndex - a.creationIndex;
    const live = all.filter((c) => c.live).map((c) => c.cookie).sort(newestFirst);
    const drop = all.filter((c) => !c.live).map((c) => c.cookie);
    let bytes = 0;
    live.forEach((c, i) => {
      bytes += c.key.length + c.value.length;
      if (i >= MAX_COOKIES || bytes > MAX_JAR_BYTES) drop.push(c);
    });
    const store = this.jar.store;
    for (const c of drop) {
      void store.removeCookie(c.domain ?? '', c.path ?? '/', c.key);
    }
  }
}

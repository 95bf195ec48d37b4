/** What every page shares: the API in context, loading data, live events, and small widgets. */
import { createContext } from 'preact';
import type { ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { Api, Form, ListPage } from './api';

export const ApiContext = createContext<Api | null>(null);

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('no API: not signed in');
  return api;
}

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: string | null;
  readonly loading: boolean;
  readonly reload: () => void;
}

/** Runs `load` now and whenever `deps` change; `reload` runs it again (keeping what is shown meanwhile). */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let current = true;
    setLoading(true);
    load().then(
      (value) => { if (current) { setData(value); setError(null); setLoading(false); } },
      (err: unknown) => { if (current) { setError(err instanceof Error ? err.message : String(err)); setLoading(false); } },
    );
    return () => { current = false; };
    // `load` is new each render: `deps` say when it must run again.
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}

/** Calls `onEvent` with each event of an authenticated event stream while the component is shown. */
export function useStream(path: string, onEvent: (type: string, data: unknown) => void): void {
  const api = useApi();
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    const stop = new AbortController();
    void api.stream(path, (type, data) => handler.current(type, data), stop.signal);
    return () => stop.abort();
  }, [api, path]);
}

/** Runs `fn` at most once per `ms`, after the last call (a burst of events → one reload). */
export function useDebounced(fn: () => void, ms: number): () => void {
  const timer = useRef<number | null>(null);
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => () => { if (timer.current !== null) clearTimeout(timer.current); }, []);
  return useCallback(() => {
    if (timer.current !== null) return;
    timer.current = window.setTimeout(() => { timer.current = null; latest.current(); }, ms);
  }, [ms]);
}

/** Runs an action, showing its error; resolves to whether it worked. */
export function useAction(): [(fn: () => Promise<unknown>) => Promise<boolean>, string | null, boolean] {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      return true;
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return [run, error, busy];
}

/** A file behind the credentials (a recording, a message's media) as a URL the page can use; freed when gone. */
export function useBlobUrl(path: string): { src: string | null; error: string | null } {
  const api = useApi();
  const [src, setSrc] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let url: string | null = null;
    let current = true;
    api.blobUrl(path).then((u) => { url = u; if (current) setSrc(u); }, (e: unknown) => { if (current) setError(String(e)); });
    return () => { current = false; if (url) URL.revokeObjectURL(url); };
  }, [api, path]);
  return { src, error };
}

/**
 * A Twilio list a page at a time: the first page of `path` with `query` (again whenever `deps`
 * change), or the neighbour page `go` was given.
 */
export function usePagedList<T>(path: string, key: string, query: Form, deps: readonly unknown[]): { loaded: Loaded<ListPage<T>>; go: (uri: string | null) => void } {
  const api = useApi();
  const [uri, setUri] = useState<string | null>(null);
  useEffect(() => setUri(null), deps);
  const loaded = useLoad(() => (uri ? api.list<T>(uri, key) : api.list<T>(path, key, query)), [api, uri, ...deps]);
  return { loaded, go: setUri };
}

export function ErrorBox({ error }: { error: string | null | undefined }) {
  if (!error) return null;
  return <p class="error" role="alert">{error}</p>;
}

export function Loading({ loaded }: { loaded: Loaded<unknown> }) {
  if (loaded.error) return <ErrorBox error={loaded.error} />;
  if (loaded.loading && loaded.data === undefined) return <p aria-busy="true">Loading…</p>;
  return null;
}

/** A date as the user's local time (Twilio sends RFC 2822; Dialtone's own API ISO 8601). */
export function When({ at }: { at: string | null | undefined }) {
  if (!at) return <span class="muted">—</span>;
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return <span>{at}</span>;
  return <time dateTime={date.toISOString()} title={date.toISOString()}>{date.toLocaleString()}</time>;
}

export function Status({ status }: { status: string | null | undefined }) {
  return <span class={`status status-${status ?? 'none'}`}>{status ?? '—'}</span>;
}

export function Link({ to, children }: { to: string; children: ComponentChildren }) {
  return <a href={`#${to}`}>{children}</a>;
}

/** Previous / next buttons for a Twilio list page. */
export function Pager<T>({ page, go }: { page: ListPage<T> | undefined; go: (uri: string) => void }) {
  if (!page || (!page.next && !page.previous)) return null;
  return (
    <nav class="pager" aria-label="pages">
      <button class="secondary" disabled={!page.previous} onClick={() => page.previous && go(page.previous)}>← Newer</button>
      <span>page {page.page + 1}</span>
      <button class="secondary" disabled={!page.next} onClick={() => page.next && go(page.next)}>Older →</button>
    </nav>
  );
}

/** Indents an XML document for reading (left as it is when it does not parse). */
export function prettyXml(xml: string): string {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) return xml;
  const lines: string[] = [];
  const walk = (node: Node, depth: number) => {
    const pad = '  '.repeat(depth);
    if (node.nodeType === Node.TEXT_NODE) {
      const text = node.textContent?.trim();
      if (text) lines.push(pad + text);
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const el = node as Element;
    const attrs = [...el.attributes].map((a) => ` ${a.name}="${a.value}"`).join('');
    const kids = [...el.childNodes].filter((c) => c.nodeType === Node.ELEMENT_NODE || c.textContent?.trim());
    if (kids.length === 0) lines.push(`${pad}<${el.tagName}${attrs}/>`);
    else if (kids.length === 1 && kids[0]?.nodeType === Node.TEXT_NODE) lines.push(`${pad}<${el.tagName}${attrs}>${kids[0].textContent?.trim() ?? ''}</${el.tagName}>`);
    else {
      lines.push(`${pad}<${el.tagName}${attrs}>`);
      for (const kid of kids) walk(kid, depth + 1);
      lines.push(`${pad}</${el.tagName}>`);
    }
  };
  walk(doc.documentElement, 0);
  return lines.join('\n');
}

/** A response body for reading: XML indented, JSON indented, anything else as it came. */
export function Body({ text, type }: { text: string | null; type?: string | null }) {
  if (!text) return <span class="muted">(empty)</span>;
  let shown = text;
  if ((type ?? '').includes('xml') || text.trimStart().startsWith('<')) shown = prettyXml(text);
  else if ((type ?? '').includes('json')) {
    try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch { /* as it came */ }
  }
  return <pre class="body">{shown}</pre>;
}

/** A parameter table (webhook parameters, a call's fields). */
export function Params({ params }: { params: Record<string, unknown> | null | undefined }) {
  const entries = Object.entries(params ?? {});
  if (entries.length === 0) return <span class="muted">(none)</span>;
  return (
    <table class="params">
      <tbody>{entries.map(([k, v]) => <tr key={k}><th>{k}</th><td>{typeof v === 'string' ? v : JSON.stringify(v)}</td></tr>)}</tbody>
    </table>
  );
}

/** A labelled input bound to one field of a form state. */
export function Field({ label, value, onInput, name, placeholder, type }: {
  label: string; value: string; onInput: (v: string) => void; name: string; placeholder?: string; type?: 'text' | 'password' | 'date';
}) {
  return (
    <label>
      {label}
      <input name={name} type={(type ?? 'text') as 'text'} value={value} placeholder={placeholder} onInput={(e) => onInput((e.target as HTMLInputElement).value)} />
    </label>
  );
}

export function MethodSelect({ label, value, onInput, name }: { label: string; value: string; onInput: (v: string) => void; name: string }) {
  return (
    <label>
      {label}
      <select name={name} value={value} onChange={(e) => onInput((e.target as HTMLSelectElement).value)}>
        <option value="POST">POST</option>
        <option value="GET">GET</option>
      </select>
    </label>
  );
}

/** The URL fields numbers and applications share, as Twilio names them. */
export type UrlForm = { FriendlyName: string; StatusCallback: string; VoiceUrl: string; VoiceMethod: string; SmsUrl: string; SmsMethod: string };

export function urlForm(r: { friendly_name: string; status_callback: string | null; voice_url: string | null; voice_method: string; sms_url: string | null; sms_method: string }): UrlForm {
  return {
    FriendlyName: r.friendly_name, StatusCallback: r.status_callback ?? '', VoiceUrl: r.voice_url ?? '', VoiceMethod: r.voice_method || 'POST',
    SmsUrl: r.sms_url ?? '', SmsMethod: r.sms_method || 'POST',
  };
}

export function UrlFields({ form, set }: { form: UrlForm; set: (key: keyof UrlForm) => (v: string) => void }) {
  return (
    <>
      <div class="grid">
        <Field label="Friendly name" name="FriendlyName" value={form.FriendlyName} onInput={set('FriendlyName')} />
        <Field label="Status callback" name="StatusCallback" value={form.StatusCallback} onInput={set('StatusCallback')} placeholder="https://…" />
      </div>
      <div class="grid">
        <Field label="Voice URL" name="VoiceUrl" value={form.VoiceUrl} onInput={set('VoiceUrl')} placeholder="https://your.app/voice" />
        <MethodSelect label="Voice method" name="VoiceMethod" value={form.VoiceMethod} onInput={set('VoiceMethod')} />
      </div>
      <div class="grid">
        <Field label="SMS URL" name="SmsUrl" value={form.SmsUrl} onInput={set('SmsUrl')} placeholder="https://your.app/sms" />
        <MethodSelect label="SMS method" name="SmsMethod" value={form.SmsMethod} onInput={set('SmsMethod')} />
      </div>
    </>
  );
}

/**
 * One call, the whole story: its fields, and a timeline of every status change, every request
 * made to the app (parameters, answer, timing, TwiML), every verb run, digits and speech
 * received, recordings (playable), child calls, conference and queue membership and alerts.
 * Live: the page reloads as the call's trace grows.
 */
import type { ComponentChildren } from 'preact';
import { Body, ErrorBox, Link, Loading, Params, Status, When, useApi, useBlobUrl, useDebounced, useLoad, useStream } from '../ui';
import type { CallRecord } from './calls';

export interface WebhookRequest {
  sid: string; purpose: string; method: string; url: string; parameters: Record<string, string>; started_at: string; duration_ms: number;
  attempts: number; status: number | null; response_headers: Record<string, string> | null; response_body: string | null;
  error_code: number | null; error_message: string | null;
}
interface Step { seq: number; at: string; kind: string; detail: Record<string, unknown> }
interface Trace { call_sid: string; status: string; steps: Step[]; requests: WebhookRequest[] }
interface Recording { sid: string; duration: string | null; status: string; channels: number; source: string; date_created: string }
interface Alert { sid: string; error_code: string; message_text: string; log: string; request_url: string | null; message_date: string }

/** A request to the app: the line, then what was sent and what came back. */
export function RequestEntry({ r }: { r: WebhookRequest }) {
  const outcome = r.error_code ? `failed: ${r.error_code}${r.error_message ? ` ${r.error_message}` : ''}` : `${r.status ?? '—'}`;
  return (
    <>
      <strong>{r.method}</strong> <code>{r.url}</code> → <span class={r.error_code ? 'error' : ''}>{outcome}</span>
      <span class="muted"> in {r.duration_ms} ms ({r.purpose}{r.attempts > 1 ? `, ${r.attempts} attempts` : ''})</span>
      <details>
        <summary>Request and response</summary>
        <h6>Parameters</h6>
        <Params params={r.parameters} />
        <h6>Response{r.response_headers?.['content-type'] ? ` (${r.response_headers['content-type']})` : ''}</h6>
        <Body text={r.response_body} type={r.response_headers?.['content-type'] ?? null} />
      </details>
    </>
  );
}

function Recorded({ sid }: { sid: string }) {
  const api = useApi();
  const { src, error } = useBlobUrl(api.account(`Recordings/${sid}.wav`));
  if (error) return <ErrorBox error={error} />;
  return src ? <audio controls src={src} data-recording={sid} /> : <span aria-busy="true">loading audio…</span>;
}

const childLinks = (sids: unknown): ComponentChildren => (Array.isArray(sids) ? sids : [sids]).filter((s): s is string => typeof s === 'string')
  .map((s, i) => <span key={s}>{i > 0 ? ', ' : ''}<Link to={`/calls/${s}`}>{s}</Link></span>);

/** One step of the engine, in words. */
function StepEntry({ step }: { step: Step }) {
  const d = step.detail;
  switch (step.kind) {
    case 'status': return <>Status → <Status status={String(d.status)} /></>;
    case 'verb': return <><strong>&lt;{String(d.verb)}&gt;</strong> ran {Number(d.ms) / 1000} s <span class="muted">(verb {Number(d.index) + 1} of {String(d.url ?? 'inline TwiML')}; then {String(d.next)})</span></>;
    case 'twiml': return d.code
      ? <span class="error">TwiML from {String(d.url)} failed: {String(d.code)} {String(d.message ?? '')}</span>
      : <>TwiML from <code>{String(d.url ?? 'inline')}</code>: {String(d.verbs)} verb(s){d.usedFallback ? ' (from the fallback URL)' : ''}</>;
    case 'gathered': return <>Received {d.speech ? <>speech “<strong>{String(d.speech)}</strong>”</> : <>digits <strong>{String(d.digits) || '(none)'}</strong></>}{d.finishedOnKey ? ` (finished with ${String(d.finishedOnKey)})` : ''}</>;
    case 'dial': return <>Dialing {Array.isArray(d.to) ? d.to.join(', ') : String(d.to)}: child call {childLinks(d.children)}</>;
    case 'dialed': return <>Dial ended <Status status={String(d.status)} />{d.child ? <> with {childLinks(d.child)}</> : null}{d.bridged ? `, bridged ${String(d.duration)} s` : ''}</>;
    case 'recording': return <>Recording <code>{String(d.sid)}</code> ({String(d.duration)} s) <Recorded sid={String(d.sid)} /></>;
    case 'recorded': return <>Recording ended ({String(d.endedBy)}{d.key ? ` ${String(d.key)}` : ''})</>;
    case 'conference': return <>Joined conference <strong>{String(d.name)}</strong> <code>{String(d.sid)}</code>{d.started ? '' : ' (waiting for it to start)'}</>;
    case 'conference-left': return <>Left conference <code>{String(d.sid)}</code>{d.kicked ? ' (removed)' : ''}{d.ended ? ' (it ended)' : ''}</>;
    case 'enqueued': return <>Enqueued in <code>{String(d.queue)}</code> at position {String(d.position)}</>;
    case 'dequeued': return <>Left queue <code>{String(d.queue)}</code>: {String(d.result)}{d.queueTime !== undefined ? ` after ${String(d.queueTime)} s` : ''}</>;
    case 'queue-dialed': return <>Took caller {childLinks(d.caller)} from queue <code>{String(d.queue)}</code></>;
    case 'message': return d.sid ? <>Sent message <Link to={`/messages/${String(d.sid)}`}>{String(d.sid)}</Link></> : <span class="error">Message refused: {String(d.code)} {String(d.message)}</span>;
    case 'alert': return <span class="error">Alert {String(d.code)}: {String(d.message)}</span>;
    case 'hangup': return <>Hung up ({String(d.reason)})</>;
    default: return <>{step.kind} <code>{JSON.stringify(d)}</code></>;
  }
}

type Entry = { at: number; order: number; key: string; kind: string; node: ComponentChildren; when: string };

function timeline(trace: Trace): Entry[] {
  const entries: Entry[] = [
    // A verb is traced when it ends, and placed where it began.
    ...trace.steps.map((s) => {
      const when = s.kind === 'verb' && typeof s.detail.began === 'string' ? s.detail.began : s.at;
      return { at: Date.parse(when), order: s.seq, key: `s${s.seq}`, kind: s.kind, when, node: <StepEntry step={s} /> };
    }),
    ...trace.requests.map((r, i) => ({ at: Date.parse(r.started_at), order: -1000 + i, key: r.sid, kind: 'request', when: r.started_at, node: <RequestEntry r={r} /> })),
  ];
  return entries.sort((a, b) => a.at - b.at || a.order - b.order);
}

export function CallPage({ sid }: { sid: string }) {
  const api = useApi();
  const load = async () => {
    const [call, trace, recordings, children, alerts] = await Promise.all([
      api.get<CallRecord>(api.account(`Calls/${sid}.json`)),
      api.get<Trace>(`/dialtone/v1/Calls/${sid}/Trace`),
      api.list<Recording>(api.account(`Calls/${sid}/Recordings.json`), 'recordings'),
      api.list<CallRecord>(api.account('Calls.json'), 'calls', { ParentCallSid: sid }),
      api.list<Alert>(api.account(`Calls/${sid}/Notifications.json`), 'notifications'),
    ]);
    return { call, trace, recordings: recordings.items, children: children.items, alerts: alerts.items };
  };
  const loaded = useLoad(load, [api, sid]);
  const refresh = useDebounced(loaded.reload, 250);
  const data = loaded.data;
  useStream('/dialtone/v1/Events', (type, event) => {
    const callSid = (event as { callSid?: string }).callSid;
    // Its own steps (its `dial` step names new child calls), and its children's.
    if (type === 'call-trace' && (callSid === sid || data?.children.some((c) => c.sid === callSid))) refresh();
  });
  if (!data) return <Loading loaded={loaded} />;
  const { call, trace } = data;
  const entries = timeline(trace);
  const start = entries[0]?.at ?? Date.parse(call.date_created);
  return (
    <section class="call-page">
      <p><Link to="/calls">← Calls</Link></p>
      <h2>Call <code>{call.sid}</code> <Status status={call.status} /></h2>
      <div class="grid">
        <Params params={{ From: call.from, To: call.to, Direction: call.direction, Duration: call.duration === null ? '—' : `${call.duration} s`, 'Answered by': call.answered_by ?? '—' }} />
        <Params params={{ Created: call.date_created, Started: call.start_time ?? '—', Ended: call.end_time ?? '—', Parent: call.parent_call_sid ?? '—' }} />
      </div>
      {call.parent_call_sid && <p>Child of <Link to={`/calls/${call.parent_call_sid}`}>{call.parent_call_sid}</Link></p>}
      {data.children.length > 0 && (
        <>
          <h3>Child calls</h3>
          <ul class="children">{data.children.map((c) => <li key={c.sid}><Link to={`/calls/${c.sid}`}>{c.sid}</Link> to {c.to} <Status status={c.status} /></li>)}</ul>
        </>
      )}
      <h3>Trace {['queued', 'ringing', 'in-progress'].includes(call.status) ? <small class="live" aria-busy="true">live</small> : null}</h3>
      <ol class="timeline" aria-label="trace">
        {entries.map((e) => (
          <li key={e.key} class={`kind-${e.kind}`} data-kind={e.kind}>
            <span class="at" title={e.when}>+{((e.at - start) / 1000).toFixed(1)} s</span>{e.node}
          </li>
        ))}
      </ol>
      {data.recordings.length > 0 && (
        <>
          <h3>Recordings</h3>
          <ul>{data.recordings.map((r) => <li key={r.sid}><code>{r.sid}</code> {r.duration ?? '?'} s, {r.channels} channel(s), {r.status} <Recorded sid={r.sid} /></li>)}</ul>
        </>
      )}
      {data.alerts.length > 0 && (
        <>
          <h3>Alerts</h3>
          <ul>{data.alerts.map((a) => <li key={a.sid} class="error">{a.error_code}: {a.message_text} <When at={a.message_date} /></li>)}</ul>
        </>
      )}
    </section>
  );
}

/**
 * A virtual phone in the browser: a keypad to dial a number and press digits, typed speech,
 * hang up, answer or reject incoming calls; the call's transcript as it happens (read aloud by
 * the browser's speech synthesis when asked); and the phone's text thread. Live over the
 * simulated network's event stream.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorBox, Link, Loading, useAction, useApi, useLoad, useStream } from '../ui';
import { ANSWER_MODES } from './phones';
import type { SimPhone } from './phones';

interface CallEvent { phone: string; callSid: string; at: number; event: string; [key: string]: unknown }
interface TextEntry { direction: 'in' | 'out'; from: string; to: string; body: string; mediaUrls: string[]; messageSid: string | null; at: string }

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** One transcript event, as the phone's user experienced it. */
function describe(e: CallEvent): string {
  const from = typeof e.from === 'string' ? `${e.from}: ` : '';
  switch (e.event) {
    case 'say': return `heard ${from}“${String(e.text)}”`;
    case 'play': return e.digits ? `heard tones ${String(e.digits)}` : `heard audio ${String(e.url)}`;
    case 'pause': return `silence${e.seconds ? ` ${String(e.seconds)} s` : ''}`;
    case 'beep': return 'beep';
    case 'digits-sent': return `pressed ${String(e.digits)}`;
    case 'speech-sent': return `said “${String(e.text)}”`;
    case 'ringing': return 'ringing';
    case 'answered': return 'answered';
    case 'dial-tone': return 'ringback (the call is being forwarded)';
    case 'bridged': return `connected with ${String(e.with)}`;
    case 'unbridged': return `disconnected from ${String(e.with)}`;
    case 'conference-joined': return `joined conference ${String(e.conference)}`;
    case 'conference-left': return `left conference ${String(e.conference)}`;
    case 'participant-joined': return `${String(e.with)} joined`;
    case 'participant-left': return `${String(e.with)} left`;
    case 'hangup': return `hung up by ${String(e.by)}${e.reason ? ` (${String(e.reason)})` : ''}`;
    default: return `${e.event} ${JSON.stringify(Object.fromEntries(Object.entries(e).filter(([k]) => !['phone', 'callSid', 'at', 'event'].includes(k))))}`;
  }
}

function speak(text: string): void {
  if (!('speechSynthesis' in window)) return;
  window.speechSynthesis.speak(new SpeechSynthesisUtterance(text));
}

export function PhonePage({ number }: { number: string }) {
  const api = useApi();
  const base = `/sim/v1/Phones/${encodeURIComponent(number)}`;
  const phone = useLoad(() => api.json<SimPhone>('GET', base), [api, number]);
  const texts = useLoad(() => api.json<{ messages: TextEntry[] }>('GET', `${base}/Messages`).then((b) => b.messages), [api, number]);
  const [to, setTo] = useState('');
  const [call, setCall] = useState<{ sid: string; live: boolean } | null>(null);
  const [incoming, setIncoming] = useState<{ sid: string; from: string } | null>(null);
  const [events, setEvents] = useState<CallEvent[]>([]);
  const [speech, setSpeech] = useState('');
  const [aloud, setAloud] = useState(true);
  const [text, setText] = useState({ to: '', body: '' });
  const [run, error, busy] = useAction();
  const callRef = useRef(call);
  callRef.current = call;
  const placing = useRef(false);
  const aloudRef = useRef(aloud);
  aloudRef.current = aloud;
  const threadEnd = useRef<HTMLLIElement>(null);

  useStream('/sim/v1/Events', (type, data) => {
    if (type === 'message') {
      if ((data as { phone?: string }).phone === number) texts.reload();
      return;
    }
    if (type !== 'call') return;
    const e = data as CallEvent;
    if (e.phone !== number) return;
    const current = callRef.current;
    if (!current || current.sid !== e.callSid) {
      if (e.event !== 'ringing') return;
      setCall({ sid: e.callSid, live: true });
      setEvents([e]);
      // The ringing of a call this page is placing (its SID not known yet), or someone calling the phone.
      if (!placing.current && phone.data?.answer === 'manual') {
        setIncoming({ sid: e.callSid, from: '…' });
        api.get<{ from: string }>(api.account(`Calls/${e.callSid}.json`)).then((c) => setIncoming((i) => (i?.sid === e.callSid ? { sid: e.callSid, from: c.from } : i)), () => undefined);
      }
      return;
    }
    setEvents((list) => [...list, e]);
    if (e.event === 'answered' || e.event === 'hangup') setIncoming(null);
    if (e.event === 'hangup') setCall({ sid: e.callSid, live: false });
    if (e.event === 'say' && aloudRef.current && typeof e.text === 'string') speak(e.text);
  });

  useEffect(() => { threadEnd.current?.scrollIntoView({ block: 'nearest' }); }, [texts.data?.length]);

  const live = call?.live === true;
  const dial = () => void run(async () => {
    placing.current = true;
    try {
      const placed = await api.json<{ callSid: string }>('POST', `${base}/Calls`, { to });
      if (callRef.current?.sid !== placed.callSid) {
        setEvents([]);
        setCall({ sid: placed.callSid, live: true });
      }
    } finally {
      placing.current = false;
    }
  });
  const press = (key: string) => {
    if (!live || !call) { setTo((t) => t + key); return; }
    void run(() => api.json('POST', `/sim/v1/Calls/${call.sid}/Digits`, { digits: key }));
  };
  const say = (e: Event) => {
    e.preventDefault();
    if (!call || !speech) return;
    void run(async () => { await api.json('POST', `/sim/v1/Calls/${call.sid}/Speech`, { text: speech }); setSpeech(''); });
  };
  const hangup = () => call && void run(() => api.json('POST', `/sim/v1/Calls/${call.sid}/Hangup`));
  const answer = (yes: boolean) => incoming && void run(async () => {
    await api.json('POST', `/sim/v1/Calls/${incoming.sid}/${yes ? 'Answer' : 'Reject'}`);
    setIncoming(null);
  });
  const sendText = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      await api.json('POST', `${base}/Messages`, { to: text.to, body: text.body });
      setText({ ...text, body: '' });
      texts.reload();
    });
  };
  const setMode = (answerMode: string) => void run(async () => { await api.json('POST', base, { answer: answerMode }); phone.reload(); });

  if (!phone.data) return <Loading loaded={phone} />;
  return (
    <section class="phone-page">
      <p><Link to="/phones">← Virtual phones</Link></p>
      <h2>{phone.data.name} <small class="muted">{phone.data.number}</small></h2>
      <ErrorBox error={error} />
      <div class="phone">
        <article class="handset" aria-label="keypad">
          <label>
            Number to call
            <input name="to" value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} placeholder="+14155550100" disabled={live} />
          </label>
          <div class="keypad">{KEYS.map((k) => <button key={k} type="button" class="secondary" data-key={k} onClick={() => press(k)}>{k}</button>)}</div>
          {incoming ? (
            <div class="incoming" role="alert">
              <p>Incoming call from <strong>{incoming.from}</strong></p>
              <div class="grid"><button onClick={() => answer(true)}>Answer</button><button class="secondary" onClick={() => answer(false)}>Reject</button></div>
            </div>
          ) : live ? <button class="hangup" onClick={hangup} aria-busy={busy}>Hang up</button> : <button class="call" onClick={dial} disabled={!to} aria-busy={busy}>Call</button>}
          <form onSubmit={say} aria-label="speak">
            <fieldset role="group">
              <input name="speech" value={speech} onInput={(e) => setSpeech((e.target as HTMLInputElement).value)} placeholder="say something…" disabled={!live} />
              <button type="submit" disabled={!live || !speech}>Say</button>
            </fieldset>
          </form>
          <label><input type="checkbox" role="switch" checked={aloud} onChange={(e) => setAloud((e.target as HTMLInputElement).checked)} /> Read what I hear aloud</label>
          <label>
            When called
            <select name="answer" value={phone.data.answer} onChange={(e) => setMode((e.target as HTMLSelectElement).value)}>
              {ANSWER_MODES.map((m) => <option key={m} value={m}>{m === 'manual' ? 'ring until I answer' : m}</option>)}
            </select>
          </label>
        </article>
        <div>
          <h3>Call {call ? <><Link to={`/calls/${call.sid}`}>{call.sid}</Link> {call.live ? <small aria-busy="true">live</small> : <small class="muted">ended</small>}</> : null}</h3>
          {events.length === 0 ? <p class="muted">No call yet: dial a number, or call this phone.</p> : (
            <ol class="transcript" aria-label="transcript">
              {events.map((e, i) => <li key={i} data-event={e.event}><span class="at">{(e.at / 1000).toFixed(1)} s</span> {describe(e)}</li>)}
            </ol>
          )}
          <h3>Texts</h3>
          <Loading loaded={texts} />
          <ol class="thread" aria-label="texts">
            {(texts.data ?? []).map((m, i) => (
              <li key={m.messageSid ?? i} class={m.direction} data-direction={m.direction}>
                <small class="muted">{m.direction === 'in' ? m.from : `to ${m.to}`}</small><br />{m.body}
                {m.mediaUrls.map((u) => <div key={u}>{/^https?:\/\//i.test(u) ? <a href={u} target="_blank" rel="noreferrer">{u}</a> : u}</div>)}
              </li>
            ))}
            <li ref={threadEnd} style={{ background: 'none' }} />
          </ol>
          <form onSubmit={sendText} aria-label="send a text">
            <fieldset role="group">
              <input name="textTo" value={text.to} onInput={(e) => setText({ ...text, to: (e.target as HTMLInputElement).value })} placeholder="to +1…" />
              <input name="body" value={text.body} onInput={(e) => setText({ ...text, body: (e.target as HTMLInputElement).value })} placeholder="message" />
              <button type="submit" disabled={!text.to || !text.body}>Send</button>
            </fieldset>
          </form>
        </div>
      </div>
    </section>
  );
}

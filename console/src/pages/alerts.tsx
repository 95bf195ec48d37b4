/** Alerts (the debugger): every webhook failure and TwiML error, with the request and response that caused it. */
import { useState } from 'preact/hooks';
import { Body, Link, Loading, Pager, Params, When, useApi, useLoad } from '../ui';

interface Alert {
  sid: string; call_sid: string | null; error_code: string; log: string; message_text: string; message_date: string; more_info: string;
  request_method: string | null; request_url: string | null; uri: string;
}
interface AlertDetail extends Alert { request_variables: string | null; response_body: string | null; response_headers: string | null }

/** Twilio keeps request variables as a form-encoded string. */
function variables(raw: string | null): Record<string, string> | null {
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (parsed && typeof parsed === 'object') return parsed as Record<string, string>;
  } catch { /* form-encoded */ }
  return Object.fromEntries(new URLSearchParams(raw));
}

function AlertDetails({ alert }: { alert: Alert }) {
  const api = useApi();
  const detail = useLoad(() => api.get<AlertDetail>(alert.uri), [api, alert.uri]);
  if (!detail.data) return <Loading loaded={detail} />;
  const d = detail.data;
  return (
    <div class="alert-detail">
      <p><a href={d.more_info} target="_blank" rel="noreferrer">About error {d.error_code}</a></p>
      <h6>Request: {d.request_method ?? ''} <code>{d.request_url ?? '—'}</code></h6>
      <Params params={variables(d.request_variables)} />
      <h6>Response</h6>
      <Body text={d.response_body} />
    </div>
  );
}

export function AlertsPage() {
  const api = useApi();
  const [level, setLevel] = useState('');
  const [uri, setUri] = useState<string | null>(null);
  const alerts = useLoad(() => (uri ? api.list<Alert>(uri, 'notifications')
    : api.list<Alert>(api.account('Notifications.json'), 'notifications', { PageSize: '20', Log: level || undefined })), [api, uri, level]);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section>
      <h2>Alerts</h2>
      <form class="filters" aria-label="filter alerts" onSubmit={(e) => e.preventDefault()}>
        <label>Level<select name="Log" value={level} onChange={(e) => { setUri(null); setLevel((e.target as HTMLSelectElement).value); }}>
          <option value="">any</option><option value="0">errors</option><option value="1">warnings</option>
        </select></label>
        <button type="button" class="secondary" onClick={alerts.reload}>Refresh</button>
      </form>
      <Loading loaded={alerts} />
      {alerts.data && (alerts.data.items.length === 0 ? <p>No alerts. Webhook failures and TwiML errors show here.</p> : (
        <table class="alerts">
          <thead><tr><th>When</th><th>Code</th><th>Level</th><th>Message</th><th>Call</th></tr></thead>
          <tbody>{alerts.data.items.map((a) => [
            <tr key={a.sid} data-sid={a.sid} onClick={() => setOpen(open === a.sid ? null : a.sid)} style={{ cursor: 'pointer' }}>
              <td><When at={a.message_date} /></td><td><strong>{a.error_code}</strong></td><td>{a.log === '0' ? 'error' : 'warning'}</td>
              <td>{a.message_text}</td><td>{a.call_sid ? <Link to={`/calls/${a.call_sid}`}>{a.call_sid}</Link> : '—'}</td>
            </tr>,
            open === a.sid ? <tr key={`${a.sid}-detail`}><td colSpan={5}><AlertDetails alert={a} /></td></tr> : null,
          ])}</tbody>
        </table>
      ))}
      <Pager page={alerts.data} go={setUri} />
    </section>
  );
}

/** Calls: filter by status, direction, From, To and start time; newest first, a page at a time; live as calls change. */
import { useState } from 'preact/hooks';
import type { Form } from '../api';
import { Link, Loading, Pager, Status, When, useApi, useDebounced, usePagedList, useStream } from '../ui';

export interface CallRecord {
  sid: string; from: string; to: string; status: string; direction: string; duration: string | null; start_time: string | null;
  end_time: string | null; date_created: string; parent_call_sid: string | null; answered_by: string | null;
}

const STATUSES = ['', 'queued', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled'];
const DIRECTIONS = ['', 'inbound', 'outbound-api', 'outbound-dial'];

export function CallsPage() {
  const api = useApi();
  const [filters, setFilters] = useState({ Status: '', direction: '', From: '', To: '', after: '', before: '' });
  const query: Form = {
    PageSize: '20', Status: filters.Status || undefined, From: filters.From || undefined, To: filters.To || undefined,
    'StartTime>': filters.after || undefined, 'StartTime<': filters.before || undefined,
  };
  const { loaded: calls, go } = usePagedList<CallRecord>(api.account('Calls.json'), 'calls', query, [JSON.stringify(filters)]);
  const refresh = useDebounced(calls.reload, 500);
  useStream('/dialtone/v1/Events', (type, data) => {
    if (type === 'call-trace' && (data as { kind?: string }).kind === 'status') refresh();
  });
  const set = (key: keyof typeof filters) => (e: Event) => { setFilters({ ...filters, [key]: (e.target as HTMLInputElement).value }); };
  // Twilio's list has no direction filter: the page shown is narrowed here.
  const shown = (calls.data?.items ?? []).filter((c) => !filters.direction || c.direction === filters.direction);
  return (
    <section>
      <h2>Calls</h2>
      <form class="filters" aria-label="filter calls" onSubmit={(e) => e.preventDefault()}>
        <label>Status<select name="Status" value={filters.Status} onChange={set('Status')}>{STATUSES.map((s) => <option key={s} value={s}>{s || 'any'}</option>)}</select></label>
        <label>Direction<select name="direction" value={filters.direction} onChange={set('direction')}>{DIRECTIONS.map((s) => <option key={s} value={s}>{s || 'any'}</option>)}</select></label>
        <label>From<input name="From" value={filters.From} onChange={set('From')} placeholder="+1…" /></label>
        <label>To<input name="To" value={filters.To} onChange={set('To')} placeholder="+1…" /></label>
        <label>Started after<input name="after" type="date" value={filters.after} onChange={set('after')} /></label>
        <label>Started before<input name="before" type="date" value={filters.before} onChange={set('before')} /></label>
      </form>
      <Loading loaded={calls} />
      {calls.data && (shown.length === 0 ? <p>No calls match.</p> : (
        <table class="calls">
          <thead><tr><th>Started</th><th>From</th><th>To</th><th>Direction</th><th>Status</th><th>Duration</th><th>Call</th></tr></thead>
          <tbody>{shown.map((c) => (
            <tr key={c.sid} data-sid={c.sid}>
              <td><When at={c.start_time ?? c.date_created} /></td><td>{c.from}</td><td>{c.to}</td><td>{c.direction}</td>
              <td><Status status={c.status} /></td><td>{c.duration !== null ? `${c.duration} s` : '—'}</td>
              <td><Link to={`/calls/${c.sid}`}>{c.sid}</Link></td>
            </tr>
          ))}</tbody>
        </table>
      ))}
      <Pager page={calls.data} go={go} />
    </section>
  );
}

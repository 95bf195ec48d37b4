/** Messages: filter by From, To and date sent; newest first, a page at a time; live as statuses change. */
import { useState } from 'preact/hooks';
import type { Form } from '../api';
import { Link, Loading, Pager, Status, When, useApi, useDebounced, usePagedList, useStream } from '../ui';

export interface MessageRecord {
  sid: string; from: string; to: string; body: string; status: string; direction: string; num_segments: string; num_media: string;
  error_code: number | null; error_message: string | null; date_created: string; date_sent: string | null; date_updated: string;
}

export function MessagesPage() {
  const api = useApi();
  const [filters, setFilters] = useState({ From: '', To: '', DateSent: '', after: '', before: '' });
  const query: Form = {
    PageSize: '20', From: filters.From || undefined, To: filters.To || undefined, DateSent: filters.DateSent || undefined,
    'DateSent>': filters.after || undefined, 'DateSent<': filters.before || undefined,
  };
  const { loaded: messages, go } = usePagedList<MessageRecord>(api.account('Messages.json'), 'messages', query, [JSON.stringify(filters)]);
  const refresh = useDebounced(messages.reload, 500);
  useStream('/dialtone/v1/Events', (type) => { if (type === 'message-status') refresh(); });
  const set = (key: keyof typeof filters) => (e: Event) => { setFilters({ ...filters, [key]: (e.target as HTMLInputElement).value }); };
  return (
    <section>
      <h2>Messages</h2>
      <form class="filters" aria-label="filter messages" onSubmit={(e) => e.preventDefault()}>
        <label>From<input name="From" value={filters.From} onChange={set('From')} placeholder="+1…" /></label>
        <label>To<input name="To" value={filters.To} onChange={set('To')} placeholder="+1…" /></label>
        <label>Sent on<input name="DateSent" type="date" value={filters.DateSent} onChange={set('DateSent')} /></label>
        <label>Sent after<input name="after" type="date" value={filters.after} onChange={set('after')} /></label>
        <label>Sent before<input name="before" type="date" value={filters.before} onChange={set('before')} /></label>
      </form>
      <Loading loaded={messages} />
      {messages.data && (messages.data.items.length === 0 ? <p>No messages match.</p> : (
        <table class="messages">
          <thead><tr><th>Sent</th><th>From</th><th>To</th><th>Body</th><th>Direction</th><th>Status</th><th>Message</th></tr></thead>
          <tbody>{messages.data.items.map((m) => (
            <tr key={m.sid} data-sid={m.sid}>
              <td><When at={m.date_sent ?? m.date_created} /></td><td>{m.from}</td><td>{m.to}</td>
              <td>{m.body.length > 60 ? `${m.body.slice(0, 60)}…` : m.body}{Number(m.num_media) > 0 ? ` [${m.num_media} media]` : ''}</td>
              <td>{m.direction}</td><td><Status status={m.status} />{m.error_code ? <small class="error"> {m.error_code}</small> : null}</td>
              <td><Link to={`/messages/${m.sid}`}>{m.sid}</Link></td>
            </tr>
          ))}</tbody>
        </table>
      ))}
      <Pager page={messages.data} go={go} />
    </section>
  );
}

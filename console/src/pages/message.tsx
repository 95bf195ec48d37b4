/** One message: its fields, its status history, every request made for it (status callbacks, the inbound webhook) and its media. */
import { ErrorBox, Link, Loading, Params, Status, When, useApi, useBlobUrl, useDebounced, useLoad, useStream } from '../ui';
import { RequestEntry } from './call';
import type { WebhookRequest } from './call';
import type { MessageRecord } from './messages';

interface MessageTrace { message_sid: string; status: string; statuses: Array<{ status: string; at: string }>; requests: WebhookRequest[] }
interface Media { sid: string; content_type: string; uri: string }

function MediaItem({ media }: { media: Media }) {
  const { src, error } = useBlobUrl(media.uri.replace(/\.json$/, ''));
  if (error) return <ErrorBox error={error} />;
  if (!src) return <span aria-busy="true">loading…</span>;
  if (media.content_type.startsWith('image/')) return <img src={src} alt={media.sid} style={{ maxWidth: '16rem' }} />;
  if (media.content_type.startsWith('audio/')) return <audio controls src={src} />;
  return <a href={src} download={media.sid}>{media.sid} ({media.content_type})</a>;
}

export function MessagePage({ sid }: { sid: string }) {
  const api = useApi();
  const loaded = useLoad(async () => {
    const [message, trace, media] = await Promise.all([
      api.get<MessageRecord>(api.account(`Messages/${sid}.json`)),
      api.get<MessageTrace>(`/dialtone/v1/Messages/${sid}/Trace`),
      api.list<Media>(api.account(`Messages/${sid}/Media.json`), 'media_list'),
    ]);
    return { message, trace, media: media.items };
  }, [api, sid]);
  const refresh = useDebounced(loaded.reload, 250);
  useStream('/dialtone/v1/Events', (type, event) => {
    if (type === 'message-status' && (event as { messageSid?: string }).messageSid === sid) refresh();
  });
  const data = loaded.data;
  if (!data) return <Loading loaded={loaded} />;
  const { message: m, trace } = data;
  return (
    <section class="message-page">
      <p><Link to="/messages">← Messages</Link></p>
      <h2>Message <code>{m.sid}</code> <Status status={m.status} /></h2>
      <div class="grid">
        <Params params={{ From: m.from, To: m.to, Direction: m.direction, Segments: m.num_segments, Media: m.num_media }} />
        <Params params={{ Created: m.date_created, Sent: m.date_sent ?? '—', Updated: m.date_updated, Error: m.error_code ? `${m.error_code} ${m.error_message ?? ''}` : '—' }} />
      </div>
      <blockquote class="message-body">{m.body || <span class="muted">(no body)</span>}</blockquote>
      <h3>Status history</h3>
      <ol class="timeline statuses" aria-label="status history">
        {trace.statuses.map((s) => <li key={s.status} class="kind-status" data-status={s.status}><span class="at"><When at={s.at} /></span><Status status={s.status} /></li>)}
      </ol>
      <h3>Requests to the app</h3>
      {trace.requests.length === 0 ? <p class="muted">None (no status callback or SMS URL).</p> : (
        <ol class="timeline requests" aria-label="requests">
          {trace.requests.map((r) => <li key={r.sid} class="kind-request"><span class="at"><When at={r.started_at} /></span><RequestEntry r={r} /></li>)}
        </ol>
      )}
      {data.media.length > 0 && (
        <>
          <h3>Media</h3>
          <ul>{data.media.map((x) => <li key={x.sid}><MediaItem media={x} /></li>)}</ul>
        </>
      )}
    </section>
  );
}

/** TwiML applications: create, edit and delete the URL sets numbers can point at. */
import { useState } from 'preact/hooks';
import { ErrorBox, Loading, UrlFields, urlForm, useAction, useApi, useLoad } from '../ui';
import type { UrlForm } from '../ui';

interface Application {
  sid: string; friendly_name: string; voice_url: string | null; voice_method: string; sms_url: string | null; sms_method: string; status_callback: string | null;
}

const EMPTY: UrlForm = { FriendlyName: '', VoiceUrl: '', VoiceMethod: 'POST', SmsUrl: '', SmsMethod: 'POST', StatusCallback: '' };

function ApplicationForm({ app, done }: { app: Application | null; done: () => void }) {
  const api = useApi();
  const [form, setForm] = useState<UrlForm>(app ? urlForm(app) : EMPTY);
  const set = (key: keyof typeof form) => (v: string) => setForm({ ...form, [key]: v });
  const [run, error, busy] = useAction();
  const save = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      await api.post(api.account(app ? `Applications/${app.sid}.json` : 'Applications.json'), form);
      if (!app) setForm(EMPTY);
      done();
    });
  };
  return (
    <form onSubmit={save} aria-label={app ? `edit ${app.friendly_name}` : 'new application'}>
      <UrlFields form={form} set={set} />
      <ErrorBox error={error} />
      <button type="submit" aria-busy={busy}>{app ? 'Save' : 'Create application'}</button>
    </form>
  );
}

export function ApplicationsPage() {
  const api = useApi();
  const apps = useLoad(() => api.list<Application>(api.account('Applications.json'), 'applications', { PageSize: '200' }), [api]);
  const [editing, setEditing] = useState<string | null>(null);
  const [run, error] = useAction();
  const remove = (a: Application) => {
    if (!window.confirm(`Delete ${a.friendly_name}?`)) return;
    void run(async () => { await api.delete(api.account(`Applications/${a.sid}.json`)); apps.reload(); });
  };
  return (
    <section>
      <h2>Applications</h2>
      <Loading loaded={apps} />
      <ErrorBox error={error} />
      {apps.data && apps.data.items.length > 0 && (
        <table>
          <thead><tr><th>Name</th><th>SID</th><th>Voice</th><th>SMS</th><th /></tr></thead>
          <tbody>{apps.data.items.map((a) => [
            <tr key={a.sid}>
              <td>{a.friendly_name}</td><td><code>{a.sid}</code></td>
              <td>{a.voice_url ? `${a.voice_method} ${a.voice_url}` : '—'}</td><td>{a.sms_url ? `${a.sms_method} ${a.sms_url}` : '—'}</td>
              <td class="actions"><div class="row-actions">
                <button class="secondary" onClick={() => setEditing(editing === a.sid ? null : a.sid)}>Edit</button>
                <button class="secondary outline" onClick={() => remove(a)}>Delete</button>
              </div></td>
            </tr>,
            editing === a.sid ? <tr key={`${a.sid}-edit`}><td colSpan={5}><ApplicationForm app={a} done={() => { setEditing(null); apps.reload(); }} /></td></tr> : null,
          ])}</tbody>
        </table>
      )}
      <h3>New application</h3>
      <ApplicationForm app={null} done={apps.reload} />
    </section>
  );
}

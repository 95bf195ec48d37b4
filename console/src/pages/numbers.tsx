/** Phone numbers: the account's numbers (edit their voice and SMS URLs, release), and buying more from the inventory. */
import { useState } from 'preact/hooks';
import { ErrorBox, Field, Loading, UrlFields, urlForm, useAction, useApi, useLoad } from '../ui';

interface IncomingNumber {
  sid: string; phone_number: string; friendly_name: string; voice_url: string | null; voice_method: string; sms_url: string | null; sms_method: string;
  voice_application_sid: string | null; sms_application_sid: string | null; status_callback: string | null;
}
interface AvailableNumber { phone_number: string; friendly_name: string; locality: string | null; region: string | null }

function EditNumber({ number, done }: { number: IncomingNumber; done: () => void }) {
  const api = useApi();
  const [form, setForm] = useState(urlForm(number));
  const set = (key: keyof typeof form) => (v: string) => setForm({ ...form, [key]: v });
  const [voiceApp, setVoiceApp] = useState(number.voice_application_sid ?? '');
  const [smsApp, setSmsApp] = useState(number.sms_application_sid ?? '');
  const apps = useLoad(() => api.list<{ sid: string; friendly_name: string }>(api.account('Applications.json'), 'applications', { PageSize: '200' }), [api]);
  const [run, error, busy] = useAction();
  const save = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      // An application, when chosen, answers instead of the URLs (an empty SID unpoints it).
      await api.post(api.account(`IncomingPhoneNumbers/${number.sid}.json`), { ...form, VoiceApplicationSid: voiceApp, SmsApplicationSid: smsApp });
      done();
    });
  };
  return (
    <form class="edit-number" onSubmit={save} aria-label={`edit ${number.phone_number}`}>
      <UrlFields form={form} set={set} />
      {(apps.data?.items.length ?? 0) > 0 && (
        <div class="grid">
          {([['Voice application', 'VoiceApplicationSid', voiceApp, setVoiceApp], ['SMS application', 'SmsApplicationSid', smsApp, setSmsApp]] as const).map(([label, name, value, setValue]) => (
            <label key={name}>
              {label}
              <select name={name} value={value} onChange={(e) => setValue((e.target as HTMLSelectElement).value)}>
                <option value="">none (use the URLs)</option>
                {apps.data?.items.map((a) => <option key={a.sid} value={a.sid}>{a.friendly_name} ({a.sid})</option>)}
              </select>
            </label>
          ))}
        </div>
      )}
      <ErrorBox error={error} />
      <div class="row-actions">
        <button type="submit" aria-busy={busy}>Save</button>
        <button type="button" class="secondary" onClick={done}>Cancel</button>
      </div>
    </form>
  );
}

function BuyNumbers({ bought }: { bought: () => void }) {
  const api = useApi();
  const [areaCode, setAreaCode] = useState('');
  const [contains, setContains] = useState('');
  const [found, setFound] = useState<AvailableNumber[] | null>(null);
  const [run, error, busy] = useAction();
  const search = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const body = await api.get<{ available_phone_numbers: AvailableNumber[] }>(api.account('AvailablePhoneNumbers/US/Local.json'), {
        AreaCode: areaCode || undefined, Contains: contains || undefined, PageSize: '10',
      });
      setFound(body.available_phone_numbers);
    });
  };
  const buy = (n: AvailableNumber) => void run(async () => {
    await api.post(api.account('IncomingPhoneNumbers.json'), { PhoneNumber: n.phone_number });
    setFound((f) => f?.filter((x) => x.phone_number !== n.phone_number) ?? null);
    bought();
  });
  return (
    <section>
      <h3>Buy a number</h3>
      <form class="filters" onSubmit={search} aria-label="search numbers">
        <Field label="Area code" name="AreaCode" value={areaCode} onInput={setAreaCode} placeholder="415" />
        <Field label="Contains" name="Contains" value={contains} onInput={setContains} placeholder="555" />
        <button type="submit" aria-busy={busy}>Search</button>
      </form>
      <ErrorBox error={error} />
      {found && (found.length === 0 ? <p>No numbers match.</p> : (
        <table class="available">
          <thead><tr><th>Number</th><th>Where</th><th /></tr></thead>
          <tbody>{found.map((n) => (
            <tr key={n.phone_number}><td>{n.friendly_name} <small class="muted">{n.phone_number}</small></td><td>{[n.locality, n.region].filter(Boolean).join(', ')}</td>
              <td class="actions"><button onClick={() => buy(n)}>Buy {n.phone_number}</button></td></tr>
          ))}</tbody>
        </table>
      ))}
    </section>
  );
}

export function NumbersPage() {
  const api = useApi();
  const numbers = useLoad(() => api.list<IncomingNumber>(api.account('IncomingPhoneNumbers.json'), 'incoming_phone_numbers', { PageSize: '200' }), [api]);
  const [editing, setEditing] = useState<string | null>(null);
  const [run, error] = useAction();
  const release = (n: IncomingNumber) => {
    if (!window.confirm(`Release ${n.phone_number}?`)) return;
    void run(async () => { await api.delete(api.account(`IncomingPhoneNumbers/${n.sid}.json`)); numbers.reload(); });
  };
  return (
    <section>
      <h2>Phone numbers</h2>
      <Loading loaded={numbers} />
      <ErrorBox error={error} />
      {numbers.data && (numbers.data.items.length === 0 ? <p>No numbers yet: buy one below.</p> : (
        <table class="numbers">
          <thead><tr><th>Number</th><th>Name</th><th>Voice</th><th>SMS</th><th /></tr></thead>
          <tbody>{numbers.data.items.map((n) => [
            <tr key={n.sid} data-number={n.phone_number}>
              <td>{n.phone_number}</td><td>{n.friendly_name}</td>
              <td>{n.voice_application_sid ? `app ${n.voice_application_sid}` : n.voice_url ? `${n.voice_method} ${n.voice_url}` : <span class="muted">—</span>}</td>
              <td>{n.sms_application_sid ? `app ${n.sms_application_sid}` : n.sms_url ? `${n.sms_method} ${n.sms_url}` : <span class="muted">—</span>}</td>
              <td class="actions"><div class="row-actions">
                <button class="secondary" onClick={() => setEditing(editing === n.sid ? null : n.sid)}>Edit</button>
                <button class="secondary outline" onClick={() => release(n)}>Release</button>
              </div></td>
            </tr>,
            editing === n.sid ? <tr key={`${n.sid}-edit`}><td colSpan={5}><EditNumber number={n} done={() => { setEditing(null); numbers.reload(); }} /></td></tr> : null,
          ])}</tbody>
        </table>
      ))}
      <BuyNumbers bought={numbers.reload} />
    </section>
  );
}

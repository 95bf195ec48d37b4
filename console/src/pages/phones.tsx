/** Virtual phones: the simulated network's phones of this account; create one, open one to use it. */
import { useState } from 'preact/hooks';
import { ErrorBox, Field, Link, Loading, useAction, useApi, useLoad } from '../ui';

export interface SimPhone { number: string; name: string; answer: string; ringSeconds: number; sms: string; machine: boolean; sipUri: string | null; clientIdentity: string | null }

export const ANSWER_MODES = ['answer', 'manual', 'busy', 'no-answer', 'reject', 'fail'];

export function PhonesPage() {
  const api = useApi();
  const phones = useLoad(() => api.json<{ phones: SimPhone[] }>('GET', '/sim/v1/Phones').then((b) => b.phones), [api]);
  const [form, setForm] = useState({ name: '', number: '', answer: 'manual' });
  const [run, error, busy] = useAction();
  const create = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const created = await api.json<SimPhone>('POST', '/sim/v1/Phones', { name: form.name || undefined, number: form.number || undefined, answer: form.answer });
      setForm({ name: '', number: '', answer: 'manual' });
      window.location.hash = `#/phones/${encodeURIComponent(created.number)}`;
    });
  };
  const remove = (p: SimPhone) => {
    if (!window.confirm(`Delete the phone ${p.name}?`)) return;
    void run(async () => { await api.delete(`/sim/v1/Phones/${encodeURIComponent(p.number)}`); phones.reload(); });
  };
  return (
    <section>
      <h2>Virtual phones</h2>
      <p class="muted">Phones on the simulated network: call your numbers from them, and text them.</p>
      <Loading loaded={phones} />
      {phones.data && phones.data.length > 0 && (
        <table class="phones">
          <thead><tr><th>Name</th><th>Number</th><th>When called</th><th>SMS</th><th /></tr></thead>
          <tbody>{phones.data.map((p) => (
            <tr key={p.number} data-number={p.number}>
              <td><Link to={`/phones/${encodeURIComponent(p.number)}`}>{p.name}</Link></td><td>{p.number}</td><td>{p.answer}</td><td>{p.sms}</td>
              <td class="actions"><div class="row-actions">
                <a role="button" href={`#/phones/${encodeURIComponent(p.number)}`}>Open</a>
                <button class="secondary outline" onClick={() => remove(p)}>Delete</button>
              </div></td>
            </tr>
          ))}</tbody>
        </table>
      )}
      <h3>New phone</h3>
      <form class="filters" onSubmit={create} aria-label="new phone">
        <Field label="Name" name="name" value={form.name} onInput={(v) => setForm({ ...form, name: v })} placeholder="alice" />
        <Field label="Number (optional)" name="number" value={form.number} onInput={(v) => setForm({ ...form, number: v })} placeholder="+16505550100" />
        <label>When called<select name="answer" value={form.answer} onChange={(e) => setForm({ ...form, answer: (e.target as HTMLSelectElement).value })}>
          {ANSWER_MODES.map((m) => <option key={m} value={m}>{m === 'manual' ? 'ring until I answer' : m}</option>)}
        </select></label>
        <button type="submit" aria-busy={busy}>Create phone</button>
      </form>
      <ErrorBox error={error} />
    </section>
  );
}

/** Sign in with an Account SID and its Auth Token, checked against the API. */
import { useState } from 'preact/hooks';
import { Api } from '../api';
import type { Credentials } from '../api';
import { ErrorBox, Field, useAction } from '../ui';

export function SignIn({ onSignedIn }: { onSignedIn: (c: Credentials) => void }) {
  const [sid, setSid] = useState('');
  const [token, setToken] = useState('');
  const [run, error, busy] = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    const credentials = { sid: sid.trim(), token: token.trim() };
    void run(async () => {
      await new Api(credentials).get(`/2010-04-01/Accounts/${credentials.sid}.json`);
      onSignedIn(credentials);
    });
  };
  return (
    <article class="sign-in">
      <h1>Dialtone console</h1>
      <p>Sign in with your account's credentials (<code>npm start</code> prints them).</p>
      <form onSubmit={submit}>
        <Field label="Account SID" name="sid" value={sid} onInput={setSid} placeholder="AC…" />
        <Field label="Auth Token" name="token" type="password" value={token} onInput={setToken} />
        <ErrorBox error={error} />
        <button type="submit" aria-busy={busy}>Sign in</button>
      </form>
    </article>
  );
}

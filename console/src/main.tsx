/** The console: sign in with the account's credentials, then pages chosen by the URL's #path. */
import '@picocss/pico/css/pico.min.css';
import './console.css';
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Api, savedCredentials, saveCredentials } from './api';
import type { Credentials } from './api';
import { AlertsPage } from './pages/alerts';
import { ApplicationsPage } from './pages/applications';
import { CallPage } from './pages/call';
import { CallsPage } from './pages/calls';
import { MessagePage } from './pages/message';
import { MessagesPage } from './pages/messages';
import { NumbersPage } from './pages/numbers';
import { PhonePage } from './pages/phone';
import { PhonesPage } from './pages/phones';
import { SignIn } from './pages/sign-in';
import { ApiContext } from './ui';

function useHashPath(): string {
  const read = () => decodeURIComponent(window.location.hash.replace(/^#/, '')) || '/calls';
  const [path, setPath] = useState(read);
  useEffect(() => {
    const changed = () => setPath(read());
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return path;
}

const SECTIONS: ReadonlyArray<[string, string]> = [
  ['/calls', 'Calls'], ['/messages', 'Messages'], ['/numbers', 'Numbers'], ['/applications', 'Applications'],
  ['/phones', 'Virtual phones'], ['/alerts', 'Alerts'],
];

function Page({ path }: { path: string }) {
  const [, section, id] = path.split('/');
  switch (section) {
    case 'calls': return id ? <CallPage sid={id} /> : <CallsPage />;
    case 'messages': return id ? <MessagePage sid={id} /> : <MessagesPage />;
    case 'numbers': return <NumbersPage />;
    case 'applications': return <ApplicationsPage />;
    case 'phones': return id ? <PhonePage number={id} /> : <PhonesPage />;
    case 'alerts': return <AlertsPage />;
    default: return <p>No page at {path}. <a href="#/calls">Calls</a></p>;
  }
}

function Console() {
  const [credentials, setCredentials] = useState<Credentials | null>(savedCredentials);
  const path = useHashPath();
  const api = useMemo(() => (credentials ? new Api(credentials) : null), [credentials]);
  const signIn = (c: Credentials | null) => {
    saveCredentials(c);
    setCredentials(c);
  };
  if (!api || !credentials) return <main class="container"><SignIn onSignedIn={signIn} /></main>;
  const section = `/${path.split('/')[1] ?? ''}`;
  return (
    <ApiContext.Provider value={api}>
      <header class="container-fluid">
        <nav>
          <ul><li><strong>Dialtone</strong></li></ul>
          <ul>
            {SECTIONS.map(([to, label]) => (
              <li key={to}><a href={`#${to}`} aria-current={section === to ? 'page' : undefined}>{label}</a></li>
            ))}
          </ul>
          <ul>
            <li><small class="muted" title="signed in as">{credentials.sid}</small></li>
            <li><button class="secondary outline" onClick={() => signIn(null)}>Sign out</button></li>
          </ul>
        </nav>
      </header>
      <main class="container-fluid"><Page path={path} /></main>
    </ApiContext.Provider>
  );
}

const root = document.getElementById('app');
if (root) render(<Console />, root);

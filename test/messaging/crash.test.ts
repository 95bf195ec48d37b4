/**
 * Nothing accepted is lost: a real Dialtone process is killed (SIGKILL) in the middle of a
 * burst of messages, restarted on the same store, and every message the API accepted still
 * reaches a final status — and each virtual phone received each message exactly once.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { openStore } from '../../src/store/index.js';
import { startAppServer } from '../support/app-server.js';
import { DIALECTS, createTestDatabase } from '../support/platform.js';
import type { TestDatabase } from '../support/platform.js';
import { eventually, sim } from '../support/sim.js';
import { sdkClient } from '../support/twilio.js';

const root = new URL('../..', import.meta.url).pathname;
const SID = `AC${'5a'.repeat(16)}`;
const TOKEN = '6b'.repeat(16);
const BURST = 200;

async function startServer(database: TestDatabase): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const args = ['--import', 'tsx', '-e', `import('./src/cli/index.ts').then(async (m) => { process.exitCode = await m.main(process.argv.slice(1)); })`,
    'start', '--port', '0', '--log-level', 'error', '--data-dir', database.dataDir, ...(database.databaseUrl ? ['--database-url', database.databaseUrl] : [])];
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, DIALTONE_ACCOUNT_SID: SID, DIALTONE_AUTH_TOKEN: TOKEN, DIALTONE_JOB_LEASE_MS: '500' } });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner:\n${output}`)), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /API base URL\s+(\S+)/.exec(output);
      if (match?.[1]) { clearTimeout(timer); resolve(match[1]); }
    });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`exited ${code}:\n${output}`)); });
  });
  return { child, url };
}

for (const dialect of DIALECTS) {
  describe(`crash safety (${dialect})`, () => {
    let database: TestDatabase;
    let server: { child: ChildProcessWithoutNullStreams; url: string } | null = null;
    before(async () => { database = await createTestDatabase(dialect); });
    after(async () => {
      server?.child.kill('SIGKILL');
      await database.drop();
    });

    test('every message accepted before a SIGKILL reaches a final status once after restart', async () => {
      // The app's status callback stalls until the restart, so delivery jobs are in flight at the kill.
      const app = await startAppServer();
      let stall = true;
      app.route('/status', (_req, res) => {
        const answer = () => { res.writeHead(204); res.end(); };
        if (stall) setTimeout(answer, 3000); else answer();
      });
      server = await startServer(database);
      const platform = { url: server.url, sid: SID, token: TOKEN };
      const client = sdkClient(server.url, SID, TOKEN);
      const from = (await client.incomingPhoneNumbers.create({ areaCode: '212' })).phoneNumber;
      const phones = ['+16505550301', '+16505550302', '+16505550303'];
      for (const number of phones) await sim(platform, 'POST', '/Phones', { number });

      const accepted: string[] = [];
      let refusedAfterKill = 0;
      const sends = Array.from({ length: BURST }, async (_, i) => {
        try {
          const m = await client.messages.create({ from, to: phones[i % phones.length] ?? '', body: `burst ${i}`, statusCallback: `${app.origin}/status#rc=0` });
          accepted.push(m.sid);
        } catch {
          refusedAfterKill++;
        }
      });
      // Kill the server while the burst is in flight: some accepted, some not yet delivered.
      await eventually(async () => accepted.length >= BURST / 4);
      const dead = new Promise((resolve) => server?.child.on('exit', resolve));
      server.child.kill('SIGKILL');
      await dead;
      await Promise.all(sends);
      assert.ok(accepted.length > 0 && accepted.length + refusedAfterKill === BURST);
      // What the dead process left unfinished: the restart must complete it.
      const store = await openStore(database);
      const pending = await store.db.selectFrom('messages').select('sid').where('sid', 'in', accepted).where('status', 'not in', ['delivered', 'undelivered', 'failed']).execute();
      await store.close();
      console.log(`killed with ${accepted.length} accepted, ${pending.length} not yet final`);
      assert.ok(pending.length > 0, 'the kill came too late to test recovery');

      stall = false;
      server = await startServer(database);
      const restarted = sdkClient(server.url, SID, TOKEN);
      const finals = new Set(['delivered', 'undelivered', 'failed']);
      await eventually(async () => {
        const all = await restarted.messages.list({ from, pageSize: 1000 });
        const byStatus = new Map(all.map((m) => [m.sid, m.status]));
        return accepted.every((sid) => finals.has(byStatus.get(sid) ?? '')) ? true : null;
      }, 30_000);
      const statuses = await restarted.messages.list({ from, pageSize: 1000 });
      for (const sid of accepted) assert.equal(statuses.find((m) => m.sid === sid)?.status, 'delivered', sid);

      const received: string[] = [];
      for (const number of phones) {
        const inbox = await sim<{ messages: Array<{ direction: string; messageSid: string }> }>({ url: server.url, sid: SID, token: TOKEN }, 'GET', `/Phones/${encodeURIComponent(number)}/Messages`);
        received.push(...inbox.body.messages.filter((m) => m.direction === 'in').map((m) => m.messageSid));
      }
      assert.equal(new Set(received).size, received.length, 'no phone received a message twice');
      for (const sid of accepted) assert.ok(received.includes(sid), `${sid} never reached its phone`);
      await app.close();
    });
  });
}

/**
 * Nothing accepted is lost across a crash: a real Dialtone process is killed (SIGKILL) while
 * calls are queued and in progress, and restarted on the same store. Every call the API
 * accepted reaches a final status, with exactly one completed status callback: calls that were
 * live are ended by the new engine once the dead one's heartbeat lapses (their audio died with
 * it, as a carrier's would), and calls not yet placed are placed.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { startAppServer, xml } from '../support/app-server.js';
import { DIALECTS, createTestDatabase } from '../support/platform.js';
import type { TestDatabase } from '../support/platform.js';
import { eventually, sim } from '../support/sim.js';
import { sdkClient } from '../support/twilio.js';
import { FINAL_STATUSES, form } from '../support/voice.js';

const root = new URL('../..', import.meta.url).pathname;
const SID = `AC${'7c'.repeat(16)}`;
const TOKEN = '8d'.repeat(16);
const BURST = 40;

async function startServer(database: TestDatabase): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const args = ['--import', 'tsx', '-e', `import('./src/cli/index.ts').then(async (m) => { process.exitCode = await m.main(process.argv.slice(1)); })`,
    'start', '--port', '0', '--log-level', 'error', '--data-dir', database.dataDir, ...(database.databaseUrl ? ['--database-url', database.databaseUrl] : [])];
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, DIALTONE_ACCOUNT_SID: SID, DIALTONE_AUTH_TOKEN: TOKEN, DIALTONE_JOB_LEASE_MS: '600' } });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner:\n${output}`)), 60_000);
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
  describe(`voice crash safety (${dialect})`, () => {
    let database: TestDatabase;
    let server: { child: ChildProcessWithoutNullStreams; url: string } | null = null;
    before(async () => { database = await createTestDatabase(dialect); });
    after(async () => {
      server?.child.kill('SIGKILL');
      await database.drop();
    });

    test('every call accepted before a SIGKILL ends with one completed callback after the restart', async () => {
      const app = await startAppServer();
      app.route('/call', xml('<Response><Say>Hello</Say><Pause length="3"/></Response>'));
      app.route('/status', xml('<Response/>'));
      server = await startServer(database);
      const client = sdkClient(server.url, SID, TOKEN);
      const from = (await client.incomingPhoneNumbers.create({ areaCode: '212' })).phoneNumber;
      const phones = ['+16505550401', '+16505550402', '+16505550403', '+16505550404'];
      for (const number of phones) await sim({ url: server.url, sid: SID, token: TOKEN }, 'POST', '/Phones', { number, ringSeconds: 0 });

      const accepted: string[] = [];
      const creates = Array.from({ length: BURST }, async (_, i) => {
        try {
          const call = await client.calls.create({ from, to: phones[i % phones.length] ?? '', url: `${app.origin}/call`, statusCallback: `${app.origin}/status` });
          accepted.push(call.sid);
        } catch {
          // refused because the server died mid-request: not accepted
        }
      });
      // Kill while some calls are live and others still queued.
      await eventually(async () => app.hits('/call').length >= 3);
      const dead = new Promise((resolve) => server?.child.on('exit', resolve));
      server.child.kill('SIGKILL');
      await dead;
      await Promise.all(creates);
      assert.ok(accepted.length >= 3, `${accepted.length} calls were accepted before the kill`);

      server = await startServer(database);
      const restarted = sdkClient(server.url, SID, TOKEN);
      const final = await eventually(async () => {
        const calls = await Promise.all(accepted.map((sid) => restarted.calls(sid).fetch()));
        return calls.every((c) => FINAL_STATUSES.includes(c.status)) ? calls : null;
      }, 60_000);
      assert.ok(final.every((c) => c.status === 'completed' || c.status === 'failed'), JSON.stringify(final.map((c) => c.status)));
      const completedCallbacks = await eventually(async () => {
        const got = app.hits('/status').map(form).filter((p) => accepted.includes(p.CallSid ?? ''));
        return new Set(got.map((p) => p.CallSid)).size === accepted.length ? got : null;
      }, 30_000);
      const perCall = new Map<string, number>();
      for (const p of completedCallbacks) perCall.set(p.CallSid ?? '', (perCall.get(p.CallSid ?? '') ?? 0) + 1);
      assert.deepEqual([...perCall.values()].filter((n) => n !== 1), [], 'one completed callback per call');
      assert.ok(completedCallbacks.every((p) => FINAL_STATUSES.includes(p.CallStatus ?? '')));
      await app.close();
    });
  });
}

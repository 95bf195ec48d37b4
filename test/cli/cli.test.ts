/**
 * The `dialtone` command as users run it: `start` prints working credentials and SDK snippets
 * (the printed Python snippet really lists the account's numbers), later starts reuse the
 * account, env vars fix credentials, and `accounts`/`numbers` work with clear exit codes.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { main } from '../../src/cli/index.js';
import type { CliIo } from '../../src/cli/io.js';

const root = new URL('../..', import.meta.url).pathname;
const PYTHON = '/usr/bin/python3';

function capture(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (s) => out.push(s), stderr: (s) => err.push(s), readStdin: async () => '' };
}

interface Running { child: ChildProcessWithoutNullStreams; banner: string; url: string; sid: string; token: string }

/** Runs `bin/dialtone.js start` (what `npm start` runs) and waits for its banner. */
async function startCli(dataDir: string, env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, [join(root, 'bin/dialtone.js'), 'start', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn'], {
    env: { ...process.env, ...env },
  });
  let banner = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 20 s:\n${banner}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      banner += chunk.toString();
      if (banner.includes('print([n.phone_number')) { clearTimeout(timer); resolve(); }
    });
    child.stderr.on('data', (chunk: Buffer) => { banner += chunk.toString(); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`exited with ${code}:\n${banner}`)); });
  });
  const url = /API base URL\s+(\S+)/.exec(banner)?.[1];
  const sid = /Account SID\s+(AC[0-9a-f]{32})/.exec(banner)?.[1];
  const token = /Auth Token\s+([0-9a-f]{32})/.exec(banner)?.[1];
  assert.ok(url && sid && token, banner);
  return { child, banner, url, sid, token };
}

async function stopCli(running: Running): Promise<void> {
  const exited = new Promise((resolve) => running.child.on('exit', resolve));
  running.child.kill('SIGTERM');
  await exited;
}

describe('dialtone CLI', () => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'dialtone-cli-'));
    const build = spawnSync(process.execPath, [join(root, 'scripts/build-if-needed.mjs')], { encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('--help lists the commands and exits 0; unknown commands and no command exit 2', async () => {
    const io = capture();
    assert.equal(await main(['--help'], io), 0);
    const help = io.out.join('');
    for (const command of ['start', 'accounts', 'numbers']) assert.match(help, new RegExp(`\\b${command}\\b`));
    assert.equal(await main(['numbers', 'buy', '--help'], capture()), 0);
    assert.equal(await main(['frobnicate'], capture()), 2);
    assert.equal(await main([], capture()), 2);
    const bad = capture();
    assert.equal(await main(['accounts', '--database-url', 'mysql://nope'], bad), 2);
    assert.match(bad.err.join(''), /postgres:\/\//);
  });

  test('lint prints file:line:col code message and exits 1 on errors, 0 on a valid document', async () => {
    const file = join(dataDir, 'ivr.xml');
    writeFileSync(file, '<Response>\n  <Gather numDigits="x"><Say>Hi</Say></Gather>\n</Response>');
    const io = capture();
    assert.equal(await main(['lint', file], io), 1);
    assert.match(io.out.join(''), new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:11\\s+12200\\s+.*numDigits`));
    writeFileSync(file, '<?xml version="1.0"?><Response><Say voice="alice">Hello</Say></Response>');
    assert.equal(await main(['lint', file], capture()), 0);
  });

  test('start prints credentials; the printed Python snippet lists the numbers bought with the CLI', async () => {
    const running = await startCli(dataDir);
    try {
      assert.match(running.banner, /\(new bootstrap account\)/);
      assert.match(running.banner, /client\.api\.baseUrl = 'http:\/\/127\.0\.0\.1:\d+'/);
      const io = capture();
      const target = ['--url', running.url, '--data-dir', dataDir];
      assert.equal(await main(['numbers', 'buy', '--area-code', '415', ...target], io), 0, io.err.join(''));
      const bought = io.out.join('').split(/\s+/)[0] ?? '';
      assert.match(bought, /^\+1415\d{7}$/);
      const listed = capture();
      assert.equal(await main(['numbers', 'list', ...target], listed), 0);
      assert.match(listed.out.join(''), new RegExp(`\\${bought}`));

      const snippet = running.banner.split('\n').filter((l) => /^\s{4}(from twilio|client = Client|print\()/.test(l)).map((l) => l.trim()).join('\n');
      const python = spawnSync(PYTHON, ['-c', snippet], { encoding: 'utf8', env: { ...process.env, NO_PROXY: '127.0.0.1,localhost' } });
      assert.equal(python.status, 0, python.stderr);
      assert.equal(python.stdout.trim(), `['${bought}']`);

      const refused = capture();
      assert.equal(await main(['numbers', 'buy', '--area-code', '999', ...target], refused), 1);
      assert.match(refused.err.join(''), /error 21452/);
      assert.equal(await main(['numbers', 'buy', ...target], capture()), 2);
    } finally {
      await stopCli(running);
    }
  });

  test('a later start reuses the same account; `accounts` shows it', async () => {
    const first = /Account SID\s+(AC[0-9a-f]{32})/;
    const running = await startCli(dataDir);
    await stopCli(running);
    assert.doesNotMatch(running.banner, /new bootstrap account/);
    const io = capture();
    assert.equal(await main(['accounts', '--data-dir', dataDir], io), 0);
    assert.match(io.out.join('\n'), new RegExp(`${running.sid}\\s+${running.token}\\s+active\\s+bootstrap`));
    assert.ok(first.test(running.banner));
  });

  test('DIALTONE_ACCOUNT_SID and DIALTONE_AUTH_TOKEN fix the bootstrap credentials', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dialtone-cli-env-'));
    const sid = `AC${'ab'.repeat(16)}`;
    const token = 'cd'.repeat(16);
    const running = await startCli(dir, { DIALTONE_ACCOUNT_SID: sid, DIALTONE_AUTH_TOKEN: token });
    try {
      assert.equal(running.sid, sid);
      assert.equal(running.token, token);
      const r = await fetch(`${running.url}/2010-04-01/Accounts/${sid}.json`, { headers: { authorization: `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}` } });
      assert.equal(r.status, 200);
    } finally {
      await stopCli(running);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

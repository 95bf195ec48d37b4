/**
 * A TLS failure is Twilio's 11220: an https app with a certificate Dialtone cannot verify
 * (self-signed, made here with openssl) is refused, and a request never reaches it in clear.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { WebhookClient } from '../../src/webhooks/client.js';

let dir: string;
let server: Server;
let origin: string;
let reached = 0;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dialtone-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => {
    reached++;
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end('<Response/>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

test('an https app whose certificate cannot be verified fails with 11220', async () => {
  const client = new WebhookClient();
  try {
    const exchange = await client.send({ url: `${origin}/voice#rc=0`, method: 'POST', params: { CallSid: 'CA1' }, authToken: 't', maxBodyBytes: 65536, oversize: 'fail' });
    assert.equal(exchange.failure?.code, 11220, exchange.failure?.message);
    assert.equal(reached, 0);
  } finally {
    await client.close();
  }
});

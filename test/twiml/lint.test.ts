// `dialtone lint FILE|URL|-`: prints each problem as `file:line:col  code  message`, exits 1 on
// errors and 0 otherwise, for a file, standard input and a URL (fetched from a local app server).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lintCommand, type LintIo } from '../../src/cli/lint.js';

const FIXTURES = new URL('../fixtures/twiml/', import.meta.url).pathname;

interface Captured {
  io: LintIo;
  stdout: string[];
  stderr: string[];
}

function capture(stdin = ''): Captured {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, io: { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s), readStdin: async () => stdin } };
}

describe('dialtone lint', () => {
  test('a valid TwiML file prints nothing on stdout and exits 0', async () => {
    const out = capture();
    const file = `${FIXTURES}valid/voice/ivr.xml`;
    assert.equal(await lintCommand(file, out.io), 0);
    assert.deepEqual(out.stdout, []);
    assert.deepEqual(out.stderr, [`${file}: valid voice TwiML (0 errors, 0 warnings)`]);
  });

  test('a file with errors prints file:line:col  code  message for each, and exits 1', async () => {
    const out = capture();
    const file = `${FIXTURES}invalid/voice/out-of-range.xml`;
    assert.equal(await lintCommand(file, out.io), 1);
    assert.deepEqual(out.stdout.slice(0, 2), [
      `${file}:2:11  12200  Invalid timeout="601" on <Dial>: timeout must be an integer from 5 to 600.`,
      `${file}:2:25  12200  Invalid timeLimit="0" on <Dial>: timeLimit must be an integer from 1 to 86400.`,
    ]);
    assert.equal(out.stdout.length, 5);
    assert.match(out.stderr[0] ?? '', /not valid voice TwiML \(5 errors, 0 warnings\)/);
  });

  test('warnings alone are printed as warnings and do not fail', async () => {
    const out = capture('<Response>\n  <Say colour="red">Hi</Say>\n</Response>');
    assert.equal(await lintCommand('-', out.io), 0);
    assert.deepEqual(out.stdout, ['<stdin>:2:8  12200  warning: Unknown attribute colour on <Say> is ignored.']);
  });

  test('reads standard input for "-" and reports an HTML error page as a 12100', async () => {
    const out = capture('<!DOCTYPE html>\n<html><body>502 Bad Gateway</body></html>');
    assert.equal(await lintCommand('-', out.io), 1);
    assert.deepEqual(out.stdout, ['<stdin>:1:1  12100  The document is an HTML page, not TwiML. It begins: "<!DOCTYPE html>"']);
  });

  test('reads a document of <Message> replies as messaging TwiML, and checks as the kind it is told', async () => {
    const reply = '<Response><Message><Body>Hi</Body><Media>https://example.com/a.png</Media></Message></Response>';
    const detected = capture(reply);
    assert.equal(await lintCommand('-', detected.io), 0);
    assert.match(detected.stderr[0] ?? '', /valid messaging TwiML/);
    const call = capture('<Response><Say>Hi</Say><Message>Texting you the details</Message></Response>');
    assert.equal(await lintCommand('-', call.io), 0);
    assert.match(call.stderr[0] ?? '', /valid voice TwiML/);
    const sms = capture('<Response><Message>Hi</Message><Foo/></Response>');
    assert.equal(await lintCommand('-', sms.io, { kind: 'messaging' }), 1);
    assert.match(sms.stderr[0] ?? '', /not valid messaging TwiML/);
    assert.match(sms.stdout[0] ?? '', /In messaging TwiML, <Response> accepts <Message>, <Redirect> and <Sms>/);
  });

  test('a file that cannot be read exits 1 with the reason on stderr', async () => {
    const out = capture();
    assert.equal(await lintCommand(`${FIXTURES}does-not-exist.xml`, out.io), 1);
    assert.deepEqual(out.stdout, []);
    assert.match(out.stderr[0] ?? '', /cannot read .*does-not-exist\.xml \(ENOENT\)/);
  });

  describe('on a URL', () => {
    let server: Server;
    let base = '';
    const requests: string[] = [];

    before(async () => {
      server = createServer((req, res) => {
        requests.push(`${req.method ?? ''} ${req.url ?? ''}`);
        if (req.url === '/ok') res.writeHead(200, { 'content-type': 'text/xml' }).end('<Response><Say>Hi</Say><Gather numDigits="0"/></Response>');
        else if (req.url === '/huge') {
          res.writeHead(200, { 'content-type': 'text/xml' });
          res.write('<Response>');
          for (let i = 0; i < 2000; i++) res.write(`<Say>${'x'.repeat(100)}</Say>`);
          res.end('</Response>');
        } else res.writeHead(500).end('Internal Server Error');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    test('fetches the TwiML with GET and lints it', async () => {
      const out = capture();
      assert.equal(await lintCommand(`${base}/ok`, out.io), 1);
      assert.deepEqual(out.stdout, [`${base}/ok:1:32  12200  Invalid numDigits="0" on <Gather>: numDigits must be an integer of 1 or more.`]);
      assert.ok(requests.includes('GET /ok'));
    });

    test('an HTTP error status exits 1 and says so', async () => {
      const out = capture();
      assert.equal(await lintCommand(`${base}/broken`, out.io), 1);
      assert.match(out.stderr[0] ?? '', /GET .*\/broken answered HTTP 500/);
    });

    test('a body over 64 kB is a 12100 without reading all of it', async () => {
      const out = capture();
      assert.equal(await lintCommand(`${base}/huge`, out.io), 1);
      assert.deepEqual(out.stdout, [`${base}/huge:1:1  12100  The document is larger than 65536 bytes; a TwiML document may be at most 64 kB (Twilio's limit, error 11750).`]);
    });
  });
});

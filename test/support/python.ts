/** Runs a script of test/sdk/python with Debian's python3 (and its python3-twilio), as users run the Python SDK. */
import { spawn } from 'node:child_process';

export function runPython(file: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const script = new URL(`../sdk/python/${file}`, import.meta.url).pathname;
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/python3', [script], { env: { ...process.env, ...env, NO_PROXY: '127.0.0.1,localhost' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

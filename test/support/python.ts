/** Runs a script of test/sdk/python/ with Debian's /usr/bin/python3 (python3-twilio), proxies bypassed for 127.0.0.1. */
import { spawn } from 'node:child_process';

/** The script's exit code and everything it printed (stdout and stderr together). */
export function runPython(file: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const path = new URL(`../sdk/python/${file}`, import.meta.url).pathname;
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/python3', [path], { env: { ...process.env, ...env, NO_PROXY: '127.0.0.1,localhost' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

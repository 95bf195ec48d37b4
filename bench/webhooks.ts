/**
 * Webhooks benchmark: Dialtone's webhook client (Twilio's headers, X-Twilio-Signature, timeouts,
 * size limits, failure classification) sending a message status callback to a bare local app in
 * another process, `concurrency` in flight for `duration` seconds, beside undici alone POSTing
 * the same form body to the same app (no signature, no checks), in the same run.
 */
import { Pool } from 'undici';
import { WebhookClient } from '../src/webhooks/index.js';
import { drive } from './load.js';
import type { Timing } from './load.js';
import type { BenchOptions } from './options.js';
import { BENCH_SID, BENCH_TOKEN, startApp } from './processes.js';
import type { Row } from './table.js';

/** What a message's `delivered` status callback carries. */
function callbackParams(i: number): Record<string, string> {
  return {
    AccountSid: BENCH_SID, ApiVersion: '2010-04-01', From: '+14155550100', To: '+14155550199', MessageSid: `SM${String(i).padStart(32, '0')}`,
    SmsSid: `SM${String(i).padStart(32, '0')}`, SmsStatus: 'delivered', MessageStatus: 'delivered', NumSegments: '1', NumMedia: '0', ErrorCode: '',
  };
}

async function measureClient(url: string, options: BenchOptions): Promise<Timing> {
  const client = new WebhookClient();
  try {
    return await drive({ concurrency: options.concurrency, seconds: options.durationSeconds, max: 1_000_000 }, async (i) => {
      const exchange = await client.send({ url, method: 'POST', params: callbackParams(i), authToken: BENCH_TOKEN, maxBodyBytes: 64 * 1024, oversize: 'truncate' });
      if (exchange.failure) throw new Error(`webhook failed: ${exchange.failure.code} ${exchange.failure.message}`);
    });
  } finally {
    await client.close();
  }
}

async function measureUndici(url: string, options: BenchOptions): Promise<Timing> {
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections: options.concurrency, pipelining: 1 });
  try {
    return await drive({ concurrency: options.concurrency, seconds: options.durationSeconds, max: 1_000_000 }, async (i) => {
      const response = await pool.request({ path: target.pathname, method: 'POST', body: new URLSearchParams(callbackParams(i)).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      await response.body.dump();
      if (response.statusCode !== 200) throw new Error(`the app answered ${response.statusCode}`);
    });
  } finally {
    await pool.close();
  }
}

export async function benchWebhooks(options: BenchOptions): Promise<Row[]> {
  const app = await startApp();
  try {
    const url = `${app.url}/status`;
    const ours = await measureClient(url, options);
    const bare = await measureUndici(url, options);
    const row = { benchmark: 'webhooks', baselineName: 'undici alone' };
    return [
      { ...row, metric: 'signed status callbacks sent', unit: 'req/s', dialtone: ours.perSecond, baseline: bare.perSecond },
      { ...row, metric: 'status callback latency p50', unit: 'ms', dialtone: ours.p50, baseline: bare.p50 },
      { ...row, metric: 'status callback latency p99', unit: 'ms', dialtone: ours.p99, baseline: bare.p99 },
    ];
  } finally {
    await app.stop();
  }
}

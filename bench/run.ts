/**
 * `npm run bench [-- NAME …]`: runs the benchmarks in bench/ (all, or the named ones) and prints
 * each one's table: Dialtone's figures beside a baseline measured in the same run.
 */
import { benchMessaging, printMessaging } from './messaging.js';
import { benchMultiparty, printMultiparty } from './multiparty.js';
import { benchTwiml } from './twiml.js';
import { benchVoice, printVoice } from './voice.js';

const BENCHMARKS: Record<string, () => Promise<void>> = {
  twiml: async () => {
    const rows = await benchTwiml({ durationSeconds: 6 });
    console.log('TwiML parse: document, bytes, Dialtone docs/s, MB/s, saxes-alone docs/s, MB/s, ratio (goal ≤ 2×)');
    for (const r of rows) {
      console.log(`  ${r.document.padEnd(22)} ${String(r.bytes).padStart(7)}  ${r.dialtone.docsPerSecond.toFixed(0).padStart(8)} ${r.dialtone.mbPerSecond.toFixed(1).padStart(7)}  ${r.saxes.docsPerSecond.toFixed(0).padStart(8)} ${r.saxes.mbPerSecond.toFixed(1).padStart(7)}  ${r.ratio.toFixed(2)}×`);
    }
  },
  messaging: async () => printMessaging(await benchMessaging(2000, 50)),
  voice: async () => printVoice(await benchVoice(10_000, 30, 50)),
  multiparty: async () => printMultiparty(await benchMultiparty(1000, 100, 10, 10)),
};

const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const name of names) if (!(name in BENCHMARKS)) throw new Error(`no benchmark "${name}": choose from ${Object.keys(BENCHMARKS).join(', ')}`);
for (const name of names.length > 0 ? names : Object.keys(BENCHMARKS)) {
  console.log(`\n== ${name}`);
  await BENCHMARKS[name]?.();
}

/**
 * TwiML parser benchmark: Dialtone's parseTwiml (parse + validate + typed tree) beside saxes
 * alone (the XML parser underneath, no handlers: its raw throughput) on the same documents, in
 * the same run. Goal: Dialtone costs at most 2× saxes alone (ratio ≤ 2).
 *
 * Bounded in time: `duration` seconds per document, split evenly between the two parsers,
 * measured in interleaved rounds so both see the same machine state.
 */
import { SaxesParser } from 'saxes';
import { parseTwiml } from '../src/twiml/index.js';
import type { BenchOptions } from './options.js';
import type { Row } from './table.js';

/** One benchmarked document: its name, kind and text. */
export interface BenchDocument {
  name: string;
  kind: 'voice' | 'messaging';
  text: string;
}

/** Throughput of one parser on one document. */
export interface Throughput {
  docsPerSecond: number;
  mbPerSecond: number;
}

/** One row of results. `ratio` is saxes' throughput over Dialtone's (time per document, Dialtone ÷ saxes). */
export interface BenchRow {
  document: string;
  bytes: number;
  dialtone: Throughput;
  saxes: Throughput;
  ratio: number;
}

/** Options: total duration in seconds (default 6), and the documents (default: the realistic mix). */
export interface TwimlBenchOptions {
  durationSeconds?: number;
  documents?: readonly BenchDocument[];
}

const IVR = `<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Gather numDigits="1" action="/ivr/menu" method="POST" timeout="6">
    <Say voice="Polly.Joanna">Welcome to Acme. For sales, press 1. For support, press 2.</Say>
  </Gather>
  <Say>We did not get your choice. Goodbye.</Say>
</Response>`;

function conferenceDocument(): string {
  const numbers = Array.from({ length: 8 }, (_, i) =>
    `    <Number statusCallbackEvent="initiated ringing answered completed" statusCallback="https://app.example.com/status/${i}" sendDigits="ww${i}#">+1415555${String(1000 + i)}</Number>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Say voice="alice" language="en-GB">Connecting you to the on-call team now. Please hold.</Say>
  <Dial action="https://app.example.com/dial/done?team=ops&amp;shift=night" method="POST" timeout="25" timeLimit="3600" callerId="+14155550100" record="record-from-answer-dual" recordingStatusCallback="https://app.example.com/recordings" answerOnBridge="true" ringTone="us">
${numbers}
  </Dial>
  <Say>Nobody answered. Joining the team bridge instead.</Say>
  <Dial hangupOnStar="true">
    <Conference startConferenceOnEnter="true" endConferenceOnExit="false" beep="onEnter" waitUrl="https://app.example.com/hold" maxParticipants="20" record="record-from-start" trim="do-not-trim" statusCallback="https://app.example.com/conference" statusCallbackEvent="start end join leave mute hold">ops-bridge-night</Conference>
  </Dial>
  <Redirect method="POST">https://app.example.com/voice/after-bridge</Redirect>
</Response>`;
}

function largeDocument(): string {
  const block = (i: number): string => `  <Gather input="dtmf speech" numDigits="4" action="/survey/${i}" timeout="8" hints="yes, no, maybe" language="en-US" speechTimeout="auto" actionOnEmptyResult="true">
    <Say voice="Polly.Matthew" language="en-US">Question ${i}. <prosody rate="slow">Please say yes or no</prosody>, or press <say-as interpret-as="digits">1</say-as> for yes and 2 for no.<break time="300ms"/>Thank you &amp; good luck.</Say>
    <Play loop="1">https://cdn.example.com/audio/question-${i}.mp3</Play>
    <Pause length="1"/>
  </Gather>
`;
  let body = '';
  for (let i = 0; body.length < 49_000; i++) body += block(i);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n${body}  <Hangup/>\n</Response>`;
}

/** The realistic mix: a ~300-byte IVR, a ~2 KB Dial/Conference document, a ~50 KB document. */
export const BENCH_DOCUMENTS: readonly BenchDocument[] = [
  { name: 'Say/Gather IVR', kind: 'voice', text: IVR },
  { name: 'Dial/Conference', kind: 'voice', text: conferenceDocument() },
  { name: 'large survey', kind: 'voice', text: largeDocument() },
];

function parseWithDialtone(doc: BenchDocument): void {
  const result = parseTwiml(doc.text, { kind: doc.kind });
  if (!result.ok) throw new Error(`${doc.name} does not parse: ${result.errors[0]?.message ?? ''}`);
}

function parseWithSaxes(doc: BenchDocument): void {
  const parser = new SaxesParser();
  parser.on('error', (error) => {
    throw error;
  });
  parser.write(doc.text).close();
}

/** Runs `fn` repeatedly for about `ms` milliseconds; returns iterations and elapsed ns. */
function timed(fn: () => void, ms: number): { iterations: number; ns: bigint } {
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(ms * 1e6));
  let iterations = 0;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 16; i++) fn();
    iterations += 16;
    now = process.hrtime.bigint();
  }
  return { iterations, ns: now - start };
}

function throughput(iterations: number, ns: bigint, bytes: number): Throughput {
  const seconds = Number(ns) / 1e9;
  const docsPerSecond = iterations / seconds;
  return { docsPerSecond, mbPerSecond: (docsPerSecond * bytes) / 1e6 };
}

function measure(doc: BenchDocument, ms: number): BenchRow {
  const bytes = Buffer.byteLength(doc.text, 'utf8');
  parseWithDialtone(doc);
  timed(() => parseWithDialtone(doc), Math.min(200, ms / 10));
  timed(() => parseWithSaxes(doc), Math.min(200, ms / 10));
  const rounds = 5;
  let dialtone = { iterations: 0, ns: 0n };
  let saxes = { iterations: 0, ns: 0n };
  for (let round = 0; round < rounds; round++) {
    const d = timed(() => parseWithDialtone(doc), ms / (2 * rounds));
    const s = timed(() => parseWithSaxes(doc), ms / (2 * rounds));
    dialtone = { iterations: dialtone.iterations + d.iterations, ns: dialtone.ns + d.ns };
    saxes = { iterations: saxes.iterations + s.iterations, ns: saxes.ns + s.ns };
  }
  const ours = throughput(dialtone.iterations, dialtone.ns, bytes);
  const raw = throughput(saxes.iterations, saxes.ns, bytes);
  return { document: doc.name, bytes, dialtone: ours, saxes: raw, ratio: raw.docsPerSecond / ours.docsPerSecond };
}

/**
 * Benchmarks Dialtone's TwiML parser against saxes alone and returns one row per document plus
 * a "mix" row (all documents, in equal numbers, by total bytes and time).
 *
 * @example
 * const rows = await measureTwiml({ durationSeconds: 3 });
 * for (const row of rows) console.log(row.document, row.ratio.toFixed(2));
 */
export async function measureTwiml(options: TwimlBenchOptions = {}): Promise<BenchRow[]> {
  const documents = options.documents ?? BENCH_DOCUMENTS;
  const ms = ((options.durationSeconds ?? 6) * 1000) / Math.max(1, documents.length);
  const rows = documents.map((doc) => measure(doc, ms));
  const seconds = (per: (row: BenchRow) => number): number => rows.reduce((sum, row) => sum + 1 / per(row), 0);
  const bytes = rows.reduce((sum, row) => sum + row.bytes, 0);
  const mix = (per: (row: BenchRow) => number): Throughput => {
    const time = seconds(per);
    return { docsPerSecond: rows.length / time, mbPerSecond: bytes / time / 1e6 };
  };
  const dialtone = mix((row) => row.dialtone.docsPerSecond);
  const saxes = mix((row) => row.saxes.docsPerSecond);
  rows.push({ document: 'mix (1 of each)', bytes: Math.round(bytes / rows.length), dialtone, saxes, ratio: saxes.docsPerSecond / dialtone.docsPerSecond });
  return rows;
}

/** The table's rows: docs/s of each document (goal: at least half saxes' rate, i.e. ≤ 2× its time), and the mix's MB/s. */
export async function benchTwiml(options: BenchOptions): Promise<Row[]> {
  const rows = await measureTwiml({ durationSeconds: options.durationSeconds * BENCH_DOCUMENTS.length });
  const row = { benchmark: 'twiml', baselineName: 'saxes alone' };
  const goal = { on: 'ratio', op: '>=', target: 0.5 } as const;
  const mix = rows[rows.length - 1];
  return [
    ...rows.map((r) => ({ ...row, metric: `parse ${r.document} (${r.bytes} B${r === mix ? ' average' : ''})`, unit: 'docs/s', dialtone: r.dialtone.docsPerSecond, baseline: r.saxes.docsPerSecond, goal })),
    ...(mix ? [{ ...row, metric: `parse ${mix.document}`, unit: 'MB/s', dialtone: mix.dialtone.mbPerSecond, baseline: mix.saxes.mbPerSecond }] : []),
  ];
}

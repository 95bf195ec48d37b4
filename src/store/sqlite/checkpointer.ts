/**
 * WAL checkpoints off the event loop. With synchronous=NORMAL a commit only appends to the
 * write-ahead log; the expensive work (copying the log into the database file and syncing it
 * to disk) happens at checkpoints, which SQLite otherwise runs inside whichever commit pushes
 * the log past 1,000 pages. better-sqlite3 is synchronous, so that commit stalls the whole
 * server for tens of milliseconds: under the messaging benchmark, one commit in forty did, and
 * those few took half the time spent committing.
 *
 * Here a worker thread with its own connection runs a PASSIVE checkpoint, then rests
 * `intervalMs` before the next (a pause after each, not a fixed rate: on a loaded machine a
 * checkpoint can outlast the interval, and back-to-back ones would hold the checkpoint lock
 * so long that the fallback below never got it, and the log never restarted):
 * they never block the server's writes or reads (SQLite's checkpoint copies only what no
 * reader still needs), and the log is restarted by the next commit once all of it is copied.
 * The server's own connection keeps an automatic checkpoint at a higher mark, so the log stays
 * bounded even if this thread falls behind or dies.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The server's own automatic checkpoint, in pages (4 KiB): a fallback, which also restarts the
 * log under writes that never pause (by then the thread has copied nearly all of it, so it
 * costs the server little). Without it, 40 MB written back to back grew the log to 47 MB;
 * with it, the log is restarted near 16 MB (later when the thread holds the checkpoint lock).
 */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 4_000;

const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
let timer;
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or closing: the next turn tries again */ }
  timer = setTimeout(checkpoint, workerData.intervalMs);
};
timer = setTimeout(checkpoint, workerData.intervalMs);
parentPort.on('message', (m) => { if (m === 'close') { clearTimeout(timer); db.close(); parentPort.close(); } });
`;

export interface Checkpointer {
  /** Stops the thread and closes its connection (the server's close checkpoints what is left). */
  close(): Promise<void>;
}

/** Starts checkpointing the SQLite database at `file` (in WAL mode) from a worker thread. */
export function startCheckpointer(file: string, intervalMs = 50): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  // The worker is plain JavaScript: it needs no loader, whatever the server runs under.
  const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { file, driver, intervalMs } });
  worker.unref();
  // A checkpointer that dies leaves the fallback autocheckpoint in charge; nothing is lost.
  worker.on('error', () => {});
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let closed: Promise<void> | null = null;
  return {
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        void exited.then(resolve);
        // Held until it has exited: an unreferenced thread would let the process end first.
        worker.ref();
        worker.postMessage('close');
        setTimeout(() => void worker.terminate(), 2_000).unref();
      });
      return closed;
    },
  };
}

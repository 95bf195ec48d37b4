/**
 * The fast clock (`--clock=fast`): virtual call time that jumps straight to the next timer as
 * soon as the platform is idle, so a five-minute IVR runs in milliseconds while transcripts keep
 * call-time offsets. Idle means no hold is open (see `Clock.hold`) and the event loop has had a
 * turn for I/O; timers fire one at a time in due order (ties in scheduling order), each on its
 * own turn of the event loop, so everything a timer sets off settles before time moves again.
 *
 * Live control from outside the process (a test posting digits over HTTP) races virtual time;
 * scripted phones (../network/sim) are how fast-clock tests drive calls.
 */
import type { Clock, Timer } from '../clock.js';
import { sleepOn } from '../clock.js';

interface Entry { readonly due: number; readonly seq: number; readonly fn: () => void; cancelled: boolean }

/** A binary min-heap of timers by (due, seq). */
class TimerHeap {
  private readonly items: Entry[] = [];
  get size(): number { return this.items.length; }
  peek(): Entry | undefined { return this.items[0]; }
  push(entry: Entry): void {
    const items = this.items;
    items.push(entry);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, items[parent] as Entry)) break;
      items[i] = items[parent] as Entry;
      i = parent;
    }
    items[i] = entry;
  }
  pop(): Entry | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && before(items[right] as Entry, items[left] as Entry) ? right : left;
      if (!before(items[child] as Entry, last)) break;
      items[i] = items[child] as Entry;
      i = child;
    }
    items[i] = last;
    return top;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}

export function createFastClock(start: number = Date.now()): Clock {
  let now = start;
  let seq = 0;
  let holds = 0;
  let scheduled = false;
  const heap = new TimerHeap();

  const step = () => {
    scheduled = false;
    if (holds > 0) return;
    let entry = heap.pop();
    while (entry?.cancelled) entry = heap.pop();
    if (!entry) return;
    now = Math.max(now, entry.due);
    entry.fn();
    wake();
  };
  // setImmediate runs after pending I/O callbacks, so replies already on the wire land first.
  const wake = () => {
    if (scheduled || holds > 0 || heap.size === 0) return;
    scheduled = true;
    setImmediate(step);
  };

  const clock: Clock = {
    kind: 'fast',
    now: () => now,
    setTimer(ms: number, fn: () => void): Timer {
      const entry: Entry = { due: now + Math.max(0, ms), seq: seq++, fn, cancelled: false };
      heap.push(entry);
      wake();
      return { cancel: () => { entry.cancelled = true; } };
    },
    sleep: (ms, ...signals) => sleepOn(clock, ms, signals),
    hold() {
      holds++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holds--;
        wake();
      };
    },
  };
  return clock;
}

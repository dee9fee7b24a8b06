// Messages between bench/realtime.ts and the editor processes it forks (bench/realtime-editors.ts).

/** Milliseconds on the machine's monotonic clock: the same clock in every process, so a time taken in one can be compared in another. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export type EditorAssignment = { index: number; cookie: string; observer: boolean };

export type EditorsCommand =
  | {
      type: 'load';
      url: string;
      planId: string;
      docName: string;
      run: string;
      keystrokesPerSecond: number;
      /** Tokens an editor that is not an observer keeps: each keystroke past that deletes its oldest. */
      tokensKept: number;
      assignments: EditorAssignment[];
    }
  /** Start typing at `epoch`; measure keystrokes made between `windowStart` and `windowEnd` (all monotonic ms). */
  | { type: 'go'; epoch: number; windowStart: number; windowEnd: number }
  | { type: 'close' }
  | { type: 'exit' };

export type EditorsReport =
  | { type: 'ready'; editors: number }
  | {
      type: 'result';
      pid: number;
      editors: number;
      observers: number[];
      keystrokes: { editor: number; at: number }[];
      propagation: number[];
      persistence: number[];
      seenByFirstObserver: number | null;
      firstObserver: number;
      packetsReceived: number;
      unacknowledgedAfterDrain: number;
      refusals: Record<string, number>;
      eventLoopDelayMs: { p50: number; p99: number; max: number };
    }
  | { type: 'closed' }
  | { type: 'error'; message: string };

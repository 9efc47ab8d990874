import type { LockInfo, LockWaitEvent } from '@x/backend-core';
import { formatGoDuration } from './go-duration.js';

/** How often a plain (non-terminal) waiting line is printed; a terminal line is refreshed every second. */
const plainIntervalMs = 5000;
const terminalIntervalMs = 1000;

/** Options of {@link LockWaitReporter}. */
export interface LockWaitReporterOptions {
  /** Where the waiting line goes (stderr). */
  stream: NodeJS.WritableStream;
  /** Rewrite one line in place (a terminal) instead of printing a new line every few seconds. */
  terminal: boolean;
  /** The overall limit, for "of 5m"; undefined = no limit. */
  timeoutMs?: number;
}

/**
 * Says, while a command waits for a held lock, who holds it (who, operation, lock id) and how
 * long it has waited. `acquireLock` calls {@link onWait} before each retry delay; between calls
 * a timer refreshes the elapsed time, and it stops by itself once a retry delay has passed with
 * no new wait (the lock was taken, or the command gave up). On a terminal the line is rewritten
 * in place (cursor up, clear, new text, newline), so the cursor always rests on a fresh line and
 * later output never lands on the waiting line; otherwise a plain line is printed every few
 * seconds, which suits CI logs. Timers are unreferenced: they never keep the process alive.
 */
export class LockWaitReporter {
  private holder: LockInfo | undefined;
  private startedAt = 0;
  private waitEndsAt = 0;
  private lastPrintedAt: number | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: LockWaitReporterOptions) {}

  /** The `onWait` callback for `acquireLock`. */
  readonly onWait = (event: LockWaitEvent): void => {
    const now = Date.now();
    if (this.lastPrintedAt === undefined) this.startedAt = now - event.elapsedMs;
    this.holder = event.holder;
    this.waitEndsAt = now + event.nextDelayMs;
    this.refresh(now);
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.tick(), terminalIntervalMs);
      this.timer.unref();
    }
  };

  /** Stops refreshing (the reporter also stops by itself, see the class comment). */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const now = Date.now();
    // Past the end of the current delay the next attempt is under way: it either takes the lock
    // (nothing more to say) or calls onWait again, which restarts the refresh.
    if (now >= this.waitEndsAt) {
      this.stop();
      return;
    }
    this.refresh(now);
  }

  private refresh(now: number): void {
    const due = this.lastPrintedAt === undefined || this.options.terminal || now - this.lastPrintedAt >= plainIntervalMs;
    if (due) this.print(now);
  }

  private print(now: number): void {
    const holder = this.holder;
    if (holder === undefined) return;
    const limit = this.options.timeoutMs === undefined || !Number.isFinite(this.options.timeoutMs) ? '' : ` of ${formatGoDuration(this.options.timeoutMs)}`;
    const text =
      `Waiting for the state lock held by ${holder.Who || 'an unknown holder'} ` +
      `(operation ${holder.Operation || 'unknown'}, lock ID ${holder.ID}): waited ${formatGoDuration(roundToSeconds(now - this.startedAt))}${limit}`;
    // Cursor up and clear the line: replaces the previous waiting line on a terminal.
    const rewrite = this.options.terminal && this.lastPrintedAt !== undefined ? '\u001b[1A\u001b[2K' : '';
    this.options.stream.write(`${rewrite}${text}\n`);
    this.lastPrintedAt = now;
  }
}

function roundToSeconds(milliseconds: number): number {
  return Math.max(0, Math.round(milliseconds / 1000) * 1000);
}

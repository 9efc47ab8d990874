import cliProgress from 'cli-progress';
import type { CliIo } from './cli-io.js';

/** What is counted: whole items (one plain line each) or bytes (shown as sizes). */
export type ProgressUnit = 'workspaces' | 'versions' | 'items' | 'bytes';

export interface ProgressOptions {
  /** Names the task on every line, e.g. `migrate`. */
  label: string;
  /** How many units the task has, when known. */
  total?: number;
  /** Default `items`. */
  unit?: ProgressUnit;
}

/**
 * Progress of one task, always on stderr (stdout carries only results). On a terminal it is a
 * cli-progress bar; otherwise plain lines, so logs of CI runs stay readable.
 */
export interface Progress {
  /**
   * Advances by `amount` (default 1). `detail` names what just finished: it is shown on the bar,
   * and in plain mode each tick with a detail is one line `label: [value/total] detail`. Byte
   * ticks without a detail print a plain line only each time another tenth of `total` is done.
   */
  tick(amount?: number, detail?: string): void;
  /** A message that must stay visible (a warning, a conflict): printed above the bar, or as a line. */
  note(message: string): void;
  /** Stops the bar at its current value; `summary`, if given, is printed as the last line. */
  done(summary?: string): void;
  /** Stops the bar after a failure; `message`, if given, is printed as the last line. */
  fail(message?: string): void;
}

/** Starts the progress display of a task. Nothing is written to stdout. */
export function createProgress(io: CliIo, options: ProgressOptions): Progress {
  return io.stderrIsTerminal === true ? new TerminalProgress(io.stderr, options) : new PlainProgress(io.stderr, options);
}

/** `1.5 MiB`-style sizes, for byte counts. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

function formatCount(value: number, unit: ProgressUnit): string {
  return unit === 'bytes' ? formatBytes(value) : String(value);
}

class PlainProgress implements Progress {
  private value = 0;
  private printedTenths = 0;
  private readonly unit: ProgressUnit;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly options: ProgressOptions,
  ) {
    this.unit = options.unit ?? 'items';
  }

  tick(amount = 1, detail?: string): void {
    this.value += amount;
    if (detail !== undefined) {
      this.line(`[${this.position()}] ${detail}`);
      return;
    }
    const { total } = this.options;
    if (this.unit !== 'bytes' || total === undefined || total <= 0) return;
    // Byte counts tick often: one line per tenth keeps a 10 GiB pull to ten lines.
    const tenths = Math.min(10, Math.floor((this.value / total) * 10));
    if (tenths > this.printedTenths) {
      this.printedTenths = tenths;
      this.line(`[${this.position()}] ${tenths * 10}%`);
    }
  }

  note(message: string): void {
    this.line(message);
  }

  done(summary?: string): void {
    if (summary !== undefined) this.line(summary);
  }

  fail(message?: string): void {
    if (message !== undefined) this.line(message);
  }

  private position(): string {
    const { total } = this.options;
    const value = formatCount(this.value, this.unit);
    return total === undefined ? value : `${value}/${formatCount(total, this.unit)}`;
  }

  private line(text: string): void {
    this.stream.write(`${this.options.label}: ${text}\n`);
  }
}

class TerminalProgress implements Progress {
  private readonly bars: cliProgress.MultiBar;
  private readonly bar: cliProgress.SingleBar;
  private value = 0;
  private stopped = false;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly options: ProgressOptions,
  ) {
    const unit = options.unit ?? 'items';
    const counted = unit === 'bytes' ? '{valueText}/{totalText}' : `{value}/{total} ${unit}`;
    const format =
      options.total === undefined
        ? `${options.label} | {valueText} ${unit === 'bytes' ? '' : unit} | {detail}`
        : `${options.label} [{bar}] {percentage}% | ${counted} | {detail}`;
    this.bars = new cliProgress.MultiBar(
      { stream, format, hideCursor: true, clearOnComplete: false, stopOnComplete: false, barsize: 30, fps: 10 },
      cliProgress.Presets.shades_classic,
    );
    this.bar = this.bars.create(options.total ?? 0, 0, this.payload(''));
  }

  tick(amount = 1, detail?: string): void {
    this.value += amount;
    this.bar.update(this.value, this.payload(detail ?? ''));
  }

  note(message: string): void {
    this.bars.log(`${message}\n`);
  }

  done(summary?: string): void {
    this.stop(summary);
  }

  fail(message?: string): void {
    this.stop(message);
  }

  private stop(lastLine: string | undefined): void {
    if (this.stopped) return;
    this.stopped = true;
    this.bars.stop();
    if (lastLine !== undefined) this.stream.write(`${lastLine}\n`);
  }

  private payload(detail: string): Record<string, string> {
    const unit = this.options.unit ?? 'items';
    return {
      detail,
      valueText: formatCount(this.value, unit),
      totalText: this.options.total === undefined ? '?' : formatCount(this.options.total, unit),
    };
  }
}

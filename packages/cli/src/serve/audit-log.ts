import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** One line of the audit log. */
export interface AuditEntry {
  user: string | undefined;
  remoteAddress: string | undefined;
  /** `write`, `delete`, `lock`, `unlock`, `force-unlock`, or `denied` for a refused login or permission. */
  action: string;
  workspace: string | undefined;
  lockId: string | undefined;
  /** The `serial` of a written state, when it has one (encrypted states have none). */
  serial: number | undefined;
  status: number;
}

export interface AuditLog {
  record(entry: AuditEntry): void;
  close(): Promise<void>;
}

/**
 * Appends JSON lines to `path` (opened with `a`, so earlier lines are never rewritten and
 * several servers may share one file). Each line is written in one call, so lines do not interleave.
 */
export async function openAuditLog(path: string): Promise<AuditLog> {
  const stream = createWriteStream(path, { flags: 'a', mode: 0o600 });
  await once(stream, 'open');
  return {
    record(entry) {
      stream.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
    },
    close: () => new Promise((resolve) => stream.end(resolve)),
  };
}

/**
 * The serial of a Terraform state, read from its first bytes: Terraform writes `serial` third,
 * so parsing a many-megabyte body for one number is not needed.
 */
export function serialOf(body: Uint8Array): number | undefined {
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, 4096)).toString('utf8');
  const match = /"serial"\s*:\s*(\d+)/.exec(head);
  return match ? Number(match[1]) : undefined;
}

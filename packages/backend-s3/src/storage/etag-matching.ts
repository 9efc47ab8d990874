import { isPreconditionFailed } from '../s3-errors.js';

/**
 * Sends `If-Match` ETags the way the store understands them. S3 takes the quoted ETag it
 * returned; radosgw 16 compares against the unquoted form and answers 412 to the quoted one.
 * Rather than guessing from the endpoint, a 412 is double-checked: when the object still has the
 * ETag we sent, the refusal was the spelling, so the other spelling is learnt (for this client)
 * and the request repeated once. The condition is still evaluated by the server each time, so a
 * real change in between is never overwritten.
 */
export class EtagMatching {
  private unquoted = false;

  /** Whether this store was found to need unquoted ETags in `If-Match`. */
  get needsUnquoted(): boolean {
    return this.unquoted;
  }

  async run<T>(etag: string, attempt: (spelled: string) => Promise<T>, currentEtag: () => Promise<string | undefined>): Promise<T> {
    const spelled = this.spell(etag);
    try {
      return await attempt(spelled);
    } catch (error) {
      if (!isPreconditionFailed(error)) throw error;
      const current = await currentEtag();
      if (current === undefined || bare(current) !== bare(etag)) throw error;
      this.unquoted = !isUnquoted(spelled);
      return attempt(this.spell(etag));
    }
  }

  private spell(etag: string): string {
    return this.unquoted ? bare(etag) : quoted(etag);
  }
}

function bare(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

function quoted(etag: string): string {
  return isUnquoted(etag) ? `"${etag}"` : etag;
}

function isUnquoted(etag: string): boolean {
  return !etag.startsWith('"') && !etag.startsWith('W/');
}

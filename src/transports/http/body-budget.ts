/**
 * What request bodies may hold in memory at once. Slow clients are the threat: a body that
 * is announced and then held one byte short keeps its buffer alive, so without a bound a
 * hundred of them hold hundreds of megabytes. Every body reserves bytes from one budget per
 * transport before they are buffered (what Content-Length announces, up front; chunk by chunk
 * when nothing is announced) and gives them back when it is read, refused or abandoned.
 *
 * - in total: at most `maxBufferedBytes` across every connection;
 * - per connection: at most `maxBodyBytes` (an HTTP/2 session multiplexes many bodies);
 * - a quarter of the total admits only small bodies (64 KiB and under), so that large
 *   uploads filling the rest cannot crowd out ordinary requests.
 */

// TextDecoder rather than Buffer: the fetch front door runs where there is no Buffer (Workers).
const utf8 = new TextDecoder();

/** Bodies up to this size may use the reserved quarter of the budget. */
export const SMALL_BODY_BYTES = 64 * 1024;

/** Why a body was not read: larger than allowed, no room in the budget, too slow, or the client left. */
export type BodyRefusal = "too-large" | "busy" | "timeout" | "aborted";

export type BodyRead = { text: string; refused?: undefined } | { text?: undefined; refused: BodyRefusal };

export class BodyBudget {
  private used = 0;
  private readonly byConnection = new WeakMap<object, number>();
  /** What bodies larger than SMALL_BODY_BYTES may fill together. */
  private readonly largeLimit: number;

  constructor(
    readonly maxBufferedBytes: number,
    readonly maxBodyBytes: number,
    /** How long a body may take to arrive, from its first byte wanted to its last. */
    readonly timeoutMs: number,
  ) {
    this.largeLimit = maxBufferedBytes - Math.floor(maxBufferedBytes / 4);
    if (maxBodyBytes > this.largeLimit) {
      // Otherwise a body of the allowed size could never be admitted, even on an idle server.
      throw new RangeError(`maxBufferedBytes (${maxBufferedBytes}) must be at least 4/3 of maxBodyBytes (${maxBodyBytes})`);
    }
  }

  /** Bytes reserved right now, across every connection. */
  get buffered(): number {
    return this.used;
  }

  /** Reserves `bytes` more for a body that will then hold `bodyBytes`; false when they do not fit. */
  take(bytes: number, bodyBytes: number, connection: object | undefined): boolean {
    const limit = bodyBytes > SMALL_BODY_BYTES ? this.largeLimit : this.maxBufferedBytes;
    if (this.used + bytes > limit) return false;
    if (connection) {
      const held = this.byConnection.get(connection) ?? 0;
      if (held + bytes > this.maxBodyBytes) return false;
      this.byConnection.set(connection, held + bytes);
    }
    this.used += bytes;
    return true;
  }

  give(bytes: number, connection: object | undefined): void {
    this.used -= bytes;
    if (connection) {
      const held = (this.byConnection.get(connection) ?? bytes) - bytes;
      if (held > 0) this.byConnection.set(connection, held);
      else this.byConnection.delete(connection);
    }
  }
}

/**
 * One body being read under the budget, for either front door: the adapter feeds it chunks
 * and ends it once, with the text or a refusal; what it reserved is given back then.
 */
export class BodyCollector {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;
  private reserved = 0;
  private done = false;

  constructor(
    private readonly budget: BodyBudget,
    private readonly connection: object | undefined,
  ) {}

  /** Checks and reserves what Content-Length announces (NaN or absent: nothing yet). */
  begin(declared: number): BodyRefusal | undefined {
    if (declared > this.budget.maxBodyBytes) return this.refuse("too-large");
    if (declared > 0 && !this.reserve(declared)) return this.refuse("busy");
    return undefined;
  }

  /** Adds a chunk; a refusal means stop reading (the collector is then finished). */
  add(chunk: Uint8Array): BodyRefusal | undefined {
    if (this.done) return undefined;
    const size = this.size + chunk.byteLength;
    if (size > this.budget.maxBodyBytes) return this.refuse("too-large");
    if (size > this.reserved && !this.reserve(size - this.reserved)) return this.refuse("busy");
    this.size = size;
    this.chunks.push(chunk);
    return undefined;
  }

  /** The whole body as text (invalid UTF-8 becomes U+FFFD); the reservation ends here. */
  text(): string {
    const chunks = this.chunks;
    let bytes: Uint8Array;
    if (chunks.length === 1) bytes = chunks[0];
    else {
      bytes = new Uint8Array(this.size);
      let offset = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, offset);
        offset += chunk.byteLength;
      }
    }
    const text = utf8.decode(bytes);
    this.finish();
    return text;
  }

  /** Ends the read without a body (refused, timed out, or the client went away). */
  refuse(reason: BodyRefusal): BodyRefusal {
    this.finish();
    return reason;
  }

  private reserve(bytes: number): boolean {
    if (!this.budget.take(bytes, this.reserved + bytes, this.connection)) return false;
    this.reserved += bytes;
    return true;
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.chunks.length = 0;
    if (this.reserved) this.budget.give(this.reserved, this.connection);
    this.reserved = 0;
  }
}

/**
 * The event-log seam behind resumable SSE streams: events appended to a stream in order,
 * replayed after the last one a client saw. A store that can append natively (Redis lists)
 * implements it directly; `StoreEventLog` puts it on any `Store`. Stream names come from the
 * transport, already scoped to one session.
 */
import type { Store } from "./store.ts";

export interface LoggedEvent<M = unknown> {
  /** Position in its stream, from 0; event ids are built from it. */
  seq: number;
  /** JSON-safe. */
  message: M;
}

export interface EventLog {
  append(stream: string, event: LoggedEvent): Promise<void>;
  /** Events of `stream` after `afterSeq`, oldest first; undefined when the stream is unknown. */
  replayAfter(stream: string, afterSeq: number): Promise<LoggedEvent[] | undefined>;
  delete(stream: string): Promise<void>;
}

export interface EventLogLimits {
  /** A stream nobody appends to for this long is forgotten. */
  ttlMs: number;
  /** Events kept per stream; older ones are dropped first. */
  maxPerStream: number;
}

/** In-process: one array per stream, trimmed from the front. */
export class MemoryEventLog implements EventLog {
  private readonly streams = new Map<string, { events: LoggedEvent[]; expiresAt: number }>();
  private appends = 0;

  constructor(private readonly limits: EventLogLimits) {}

  async append(stream: string, event: LoggedEvent): Promise<void> {
    let entry = this.streams.get(stream);
    if (!entry || entry.expiresAt <= Date.now()) this.streams.set(stream, (entry = { events: [], expiresAt: 0 }));
    entry.events.push(event);
    if (entry.events.length > this.limits.maxPerStream) entry.events.splice(0, entry.events.length - this.limits.maxPerStream);
    entry.expiresAt = Date.now() + this.limits.ttlMs;
    if (++this.appends % 1024 === 0) this.sweep();
  }

  async replayAfter(stream: string, afterSeq: number): Promise<LoggedEvent[] | undefined> {
    const entry = this.streams.get(stream);
    if (!entry || entry.expiresAt <= Date.now()) return undefined;
    return entry.events.filter((e) => e.seq > afterSeq);
  }

  async delete(stream: string): Promise<void> {
    this.streams.delete(stream);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [stream, entry] of this.streams) if (entry.expiresAt <= now) this.streams.delete(stream);
  }
}

/**
 * On any `Store`: one key per stream, read and written whole. Writes to one stream run in
 * order within this process; two processes appending to the same stream would race, which
 * is why a shared store should bring a native log (as `mcpkit/redis` does).
 */
export class StoreEventLog implements EventLog {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: Store,
    private readonly limits: EventLogLimits,
    private readonly prefix = "mcpkit:events:",
  ) {}

  append(stream: string, event: LoggedEvent): Promise<void> {
    return this.inOrder(stream, async () => {
      const events = (await this.store.get<LoggedEvent[]>(this.prefix + stream)) ?? [];
      events.push(event);
      if (events.length > this.limits.maxPerStream) events.splice(0, events.length - this.limits.maxPerStream);
      await this.store.set(this.prefix + stream, events, this.limits.ttlMs);
    });
  }

  replayAfter(stream: string, afterSeq: number): Promise<LoggedEvent[] | undefined> {
    return this.inOrder(stream, async () => (await this.store.get<LoggedEvent[]>(this.prefix + stream))?.filter((e) => e.seq > afterSeq));
  }

  delete(stream: string): Promise<void> {
    return this.inOrder(stream, () => this.store.delete(this.prefix + stream));
  }

  private inOrder<T>(stream: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(stream) ?? Promise.resolve();
    const next = previous.then(work, work);
    this.queues.set(stream, next);
    const forget = () => {
      if (this.queues.get(stream) === next) this.queues.delete(stream);
    };
    next.then(forget, forget);
    return next;
  }
}

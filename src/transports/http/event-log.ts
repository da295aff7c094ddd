/**
 * The resumability log of legacy sessions: every event sent on a session's SSE streams,
 * kept per session in the Store so a client that lost its connection can resume with
 * `Last-Event-ID`. Event ids are `<stream>:<seq>`; a replay covers only that stream, and a
 * lookup never leaves the session it was made for.
 */
import { own } from "../../protocol/own.ts";
import type { JsonRpcMessage } from "../../protocol/jsonrpc.ts";
import type { Store } from "../../state/store.ts";

export interface LoggedEvent {
  seq: number;
  message: JsonRpcMessage;
}

type SessionLog = Record<string, LoggedEvent[]>;

export const eventId = (streamId: string, seq: number) => `${streamId}:${seq}`;

/** Stream id and sequence number of an event id, or undefined when it is not one of ours. */
export function parseEventId(id: string): { streamId: string; seq: number } | undefined {
  const colon = id.lastIndexOf(":");
  if (colon <= 0) return undefined;
  const seq = Number(id.slice(colon + 1));
  return Number.isInteger(seq) && seq >= 0 ? { streamId: id.slice(0, colon), seq } : undefined;
}

export class EventLog {
  /** Writes of one session run in order: a Store has no append, only get and set. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly ttlMs: number,
    private readonly maxPerStream: number,
  ) {}

  private key(sessionId: string): string {
    return `mcpkit:http:events:${sessionId}`;
  }

  private enqueue(sessionId: string, work: () => Promise<void>): Promise<void> {
    const previous = this.queues.get(sessionId) ?? Promise.resolve();
    const next = previous.then(work, work).catch((error: unknown) => {
      process.emitWarning(`mcpkit: the SSE event log could not be written: ${(error as Error)?.message ?? error}`);
    });
    this.queues.set(sessionId, next);
    void next.then(() => { if (this.queues.get(sessionId) === next) this.queues.delete(sessionId); });
    return next;
  }

  append(sessionId: string, streamId: string, event: LoggedEvent): void {
    void this.enqueue(sessionId, async () => {
      const log = (await this.store.get<SessionLog>(this.key(sessionId))) ?? {};
      const events = own(log, streamId) ?? (log[streamId] = []);
      events.push(event);
      if (events.length > this.maxPerStream) events.splice(0, events.length - this.maxPerStream);
      await this.store.set(this.key(sessionId), log, this.ttlMs);
    });
  }

  /** Events of `streamId` after `seq`, once earlier writes have landed; undefined when the stream is unknown. */
  async after(sessionId: string, streamId: string, seq: number): Promise<LoggedEvent[] | undefined> {
    let events: LoggedEvent[] | undefined;
    await this.enqueue(sessionId, async () => {
      const log = await this.store.get<SessionLog>(this.key(sessionId));
      events = own(log, streamId)?.filter((e) => e.seq > seq);
    });
    return events;
  }

  /** Forgets a stream that was delivered in full. */
  discard(sessionId: string, streamId: string): void {
    void this.enqueue(sessionId, async () => {
      const log = await this.store.get<SessionLog>(this.key(sessionId));
      if (!log || !Object.hasOwn(log, streamId)) return;
      delete log[streamId];
      await this.store.set(this.key(sessionId), log, this.ttlMs);
    });
  }

  drop(sessionId: string): Promise<void> {
    return this.enqueue(sessionId, () => this.store.delete(this.key(sessionId)));
  }
}

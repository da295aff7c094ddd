/**
 * The resumability log of legacy sessions: every event sent on a session's SSE streams goes
 * to the event-log seam (src/state/event-log.ts) under a name scoped to its session, so a
 * client that lost its connection can resume with `Last-Event-ID`. Event ids are
 * `<stream>:<seq>`; a replay covers only that stream, and a lookup never leaves the session
 * it was made for (session ids hold no newline, the separator).
 */
import type { JsonRpcMessage } from "../../protocol/jsonrpc.ts";
import type { EventLog, LoggedEvent as StateEvent } from "../../state/event-log.ts";

export type LoggedEvent = StateEvent<JsonRpcMessage>;

export const eventId = (streamId: string, seq: number) => `${streamId}:${seq}`;

/** Stream id and sequence number of an event id, or undefined when it is not one of ours. */
export function parseEventId(id: string): { streamId: string; seq: number } | undefined {
  const colon = id.lastIndexOf(":");
  if (colon <= 0) return undefined;
  const seq = Number(id.slice(colon + 1));
  return Number.isInteger(seq) && seq >= 0 ? { streamId: id.slice(0, colon), seq } : undefined;
}

export class SessionEventLog {
  /** The streams each session logged here, so that ending the session forgets them at once. */
  private readonly streams = new Map<string, Set<string>>();

  constructor(private readonly log: EventLog) {}

  private name(sessionId: string, streamId: string): string {
    return `${sessionId}\n${streamId}`;
  }

  append(sessionId: string, streamId: string, event: LoggedEvent): void {
    let known = this.streams.get(sessionId);
    if (!known) this.streams.set(sessionId, (known = new Set()));
    known.add(streamId);
    this.log.append(this.name(sessionId, streamId), event).catch(warn);
  }

  /** Events of `streamId` after `seq`; undefined when the stream is unknown. */
  async after(sessionId: string, streamId: string, seq: number): Promise<LoggedEvent[] | undefined> {
    return (await this.log.replayAfter(this.name(sessionId, streamId), seq)) as LoggedEvent[] | undefined;
  }

  /** Forgets a stream that was delivered in full. */
  discard(sessionId: string, streamId: string): void {
    this.streams.get(sessionId)?.delete(streamId);
    this.log.delete(this.name(sessionId, streamId)).catch(warn);
  }

  async drop(sessionId: string): Promise<void> {
    const known = this.streams.get(sessionId);
    this.streams.delete(sessionId);
    await Promise.all([...(known ?? [])].map((streamId) => this.log.delete(this.name(sessionId, streamId)).catch(warn)));
  }
}

function warn(error: unknown): void {
  process.emitWarning(`mcpkit: the SSE event log could not be written: ${(error as Error)?.message ?? error}`);
}

/**
 * One SSE stream of a legacy session (a POST's response stream or the GET stream). The
 * stream outlives its connection: events get ids and go to the event log, so when the
 * connection drops (or the server ends it for SSE polling) the client resumes with GET +
 * Last-Event-ID and receives the rest, the result included.
 */
import type { JsonRpcMessage } from "../../protocol/jsonrpc.ts";
import type { LoggedEvent, SessionEventLog } from "./event-log.ts";
import { eventId } from "./event-log.ts";
import type { CloseWatcher, HttpExchange } from "./exchange.ts";
import { KeepAlive, SseWriter } from "./sse.ts";

/** What a stream needs from its session. */
export interface StreamHost {
  readonly id: string;
  /** Undefined when resumability is off: events then carry no ids and are not kept. */
  readonly log: SessionEventLog | undefined;
  readonly retryMs: number;
  readonly keepAliveMs: number;
  /** Once the session has ended nothing is sent or logged. */
  readonly closed: boolean;
  /** Clients of 2025-11-25 and later understand priming events (an id with empty data). */
  readonly primes: boolean;
  connectionOpened(): void;
  connectionClosed(): void;
  streamFinished(stream: LegacyStream): void;
}

export class LegacyStream implements CloseWatcher {
  private seq = 0;
  private writer: SseWriter | undefined;
  /** Events sent while a resume replays the log; written after the replay, in order. */
  private backlog: LoggedEvent[] | undefined;
  finished = false;

  constructor(
    private readonly host: StreamHost,
    readonly id: string,
  ) {}

  get attached(): boolean {
    return this.writer !== undefined && !this.writer.closed;
  }

  get resumable(): boolean {
    return this.host.log !== undefined;
  }

  /** Sends this stream's events over `ex` from now on; a first connection gets the priming event. */
  attach(ex: HttpExchange, headers?: Record<string, string>): void {
    this.setWriter(new SseWriter(ex, headers));
    if (this.host.log && this.host.primes) this.writer!.prime(eventId(this.id, this.seq), this.host.retryMs);
  }

  send(message: JsonRpcMessage): void {
    if (this.finished || this.host.closed) return;
    const seq = ++this.seq;
    const log = this.host.log;
    if (log) log.append(this.host.id, this.id, { seq, message });
    if (this.backlog) this.backlog.push({ seq, message });
    else this.writer?.message(message, log ? eventId(this.id, seq) : undefined);
  }

  /** Sends the final message (or none, for a cancelled request) and ends the stream. */
  complete(message: JsonRpcMessage | undefined): void {
    if (this.finished) return;
    if (message) this.send(message);
    this.finished = true;
    if (this.writer && !this.backlog) {
      this.endWriter();
      // Delivered over a live connection: nothing left to resume.
      this.host.log?.discard(this.host.id, this.id);
    }
    this.host.streamFinished(this);
  }

  /** SSE polling: the server ends the connection but not the stream (the priming event told the client how to resume). */
  detach(): void {
    this.endWriter();
  }

  /** The client went away; a resumable stream keeps going into the log. */
  exchangeClosed(ex: HttpExchange): void {
    if (this.writer?.exchange !== ex) return;
    this.writer = undefined;
    this.host.connectionClosed();
  }

  /** Continues over a new GET: replays what came after `afterSeq`, then goes live (or ends, if the stream is done). */
  async resume(ex: HttpExchange, afterSeq: number): Promise<void> {
    this.endWriter(); // one connection per stream: the old one is evidently lost
    const writer = new SseWriter(ex);
    this.setWriter(writer);
    this.backlog = [];
    let last = afterSeq;
    try {
      const logged = (await this.host.log?.after(this.host.id, this.id, afterSeq)) ?? [];
      for (const event of [...logged, ...this.backlog]) {
        if (event.seq <= last) continue;
        writer.message(event.message, eventId(this.id, event.seq));
        last = event.seq;
      }
    } finally {
      this.backlog = undefined;
    }
    if (this.finished) {
      this.endWriter();
      this.host.log?.discard(this.host.id, this.id);
    }
  }

  /** Ends the current connection, if any, for shutdown or session end. */
  endWriter(): void {
    const writer = this.writer;
    if (!writer) return;
    this.writer = undefined;
    writer.end();
    this.host.connectionClosed();
  }

  private setWriter(writer: SseWriter): void {
    this.writer = writer;
    this.host.connectionOpened();
    KeepAlive.watch(writer, this.host.keepAliveMs);
  }
}

/** Replays a stream that no longer runs here (finished, or run by another instance) and ends. */
export async function replayLogged(
  ex: HttpExchange,
  log: SessionEventLog,
  sessionId: string,
  streamId: string,
  afterSeq: number,
): Promise<boolean> {
  const events = await log.after(sessionId, streamId, afterSeq);
  if (events === undefined) return false;
  const writer = new SseWriter(ex);
  for (const event of events) writer.message(event.message, eventId(streamId, event.seq));
  writer.end();
  // A stream whose last event is the request's answer is complete: it was now delivered.
  const last = events.at(-1)?.message;
  if (last && "id" in last && !("method" in last)) log.discard(sessionId, streamId);
  return true;
}

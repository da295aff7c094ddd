/**
 * A legacy session over Streamable HTTP: the LegacySession (negotiated version, client
 * capabilities, log level, subscriptions, pending server-to-client requests) plus what
 * HTTP adds: the requests in flight, the SSE streams and the GET stream.
 */
import { randomBytes } from "node:crypto";
import type { JsonRpcMessage, RequestId } from "../../protocol/jsonrpc.ts";
import type { Context } from "../../server/context.ts";
import type { McpServer } from "../../server/mcp-server.ts";
import { LegacySession, type LegacySessionSnapshot } from "../../wire/legacy.ts";
import type { SessionEventLog } from "./event-log.ts";
import { LegacyStream, type StreamHost } from "./legacy-stream.ts";
import type { ManagedSession } from "./sessions.ts";

/** What the Store keeps of a session, enough for another instance to continue it. */
export interface SessionRecord {
  session: LegacySessionSnapshot;
  principal?: string;
}

export interface SessionSettings {
  log: SessionEventLog | undefined;
  retryMs: number;
  keepAliveMs: number;
}

// Stream ids are unique per session even when several instances serve it.
const STREAM_PREFIX = randomBytes(4).toString("base64url");

/** A GET stream's id ("g..."), as opposed to a request's POST stream ("r..."). */
export const isStandaloneStreamId = (streamId: string) => streamId.startsWith("g");
let streamCounter = 0;

export class HttpSession implements ManagedSession, StreamHost {
  readonly legacy: LegacySession;
  lastSeen = Date.now();
  /** When the Store record was last refreshed. */
  savedAt = 0;
  /** Who opened the session (from `authenticate`); other principals cannot use it. */
  principal: string | undefined;
  readonly inFlight = new Map<RequestId, Context<never>>();
  /** POST streams still running (their request has not finished). */
  readonly streams = new Map<string, LegacyStream>();
  /** The GET stream, once the client opened one. */
  standalone: LegacyStream | undefined;
  private openConnections = 0;
  closed = false;

  constructor(
    server: McpServer<unknown>,
    readonly id: string,
    private readonly settings: SessionSettings,
  ) {
    this.legacy = new LegacySession(server, (message) => this.sendUnsolicited(message));
    this.legacy.id = id;
  }

  get log(): SessionEventLog | undefined {
    return this.settings.log;
  }
  get retryMs(): number {
    return this.settings.retryMs;
  }
  get keepAliveMs(): number {
    return this.settings.keepAliveMs;
  }
  get primes(): boolean {
    // Version strings are dates: they compare as text.
    return this.legacy.protocolVersion >= "2025-11-25";
  }
  get busy(): boolean {
    return this.inFlight.size > 0 || this.openConnections > 0;
  }

  connectionOpened(): void {
    this.openConnections++;
  }
  connectionClosed(): void {
    this.openConnections--;
    this.lastSeen = Date.now();
  }
  streamFinished(stream: LegacyStream): void {
    this.streams.delete(stream.id);
  }

  /** A new POST stream, registered so Last-Event-ID can find it. */
  openStream(): LegacyStream {
    const stream = new LegacyStream(this, `r${STREAM_PREFIX}${(++streamCounter).toString(36)}`);
    this.streams.set(stream.id, stream);
    return stream;
  }

  /** A fresh GET stream (the previous one, if any, is replaced). */
  openStandalone(): LegacyStream {
    this.standalone?.endWriter();
    this.standalone = new LegacyStream(this, `g${STREAM_PREFIX}${(++streamCounter).toString(36)}`);
    return this.standalone;
  }

  /** The stream an event id names, while it still runs here. */
  findStream(streamId: string): LegacyStream | undefined {
    return this.streams.get(streamId) ?? (this.standalone?.id === streamId ? this.standalone : undefined);
  }

  /** Whether a message outside any request stream can reach the client (now, or on resume). */
  get reachable(): boolean {
    return this.standalone !== undefined && (this.standalone.attached || this.standalone.resumable);
  }

  /** List changes, resource updates, and (in JSON-response mode) request traffic: the GET stream, or dropped. */
  sendUnsolicited(message: JsonRpcMessage): boolean {
    if (!this.reachable) return false;
    this.standalone!.send(message);
    return true;
  }

  record(): SessionRecord {
    const record: SessionRecord = { session: this.legacy.snapshot() };
    if (this.principal !== undefined) record.principal = this.principal;
    return record;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.legacy.close();
    for (const ctx of this.inFlight.values()) ctx.cancel(new Error("The session ended"));
    this.inFlight.clear();
    for (const stream of this.streams.values()) stream.endWriter();
    this.streams.clear();
    this.standalone?.endWriter();
    void this.settings.log?.drop(this.id);
  }
}

/**
 * Server-Sent Events on top of an exchange: one JSON-RPC message per `data:` line (JSON
 * text never holds a raw newline, and line-reading clients parse each `data:` line alone),
 * optional event ids and `retry`, and keep-alive comments for long-lived streams.
 */
import type { JsonRpcMessage } from "../../protocol/jsonrpc.ts";
import { serializeMessage } from "../../protocol/serialize.ts";
import type { HeaderMap, HttpExchange } from "./exchange.ts";

export const SSE_HEADERS: Readonly<HeaderMap> = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache, no-transform",
  // Reverse proxies (nginx) would otherwise buffer events.
  "x-accel-buffering": "no",
};

export class SseWriter {
  private open = true;

  constructor(
    readonly exchange: HttpExchange,
    headers?: HeaderMap,
  ) {
    exchange.startStream(200, headers ? { ...SSE_HEADERS, ...headers } : { ...SSE_HEADERS });
  }

  get closed(): boolean {
    return !this.open || this.exchange.finished;
  }

  /** One message; `event` names the SSE event type (the 2024-11-05 transport says "message"). */
  message(message: JsonRpcMessage, id?: string, event?: string): void {
    if (this.closed) return;
    let frame = event === undefined ? "" : `event: ${event}\n`;
    if (id !== undefined) frame += `id: ${id}\n`;
    this.exchange.write(`${frame}data: ${serializeMessage(message)}\n\n`);
  }

  /** A raw event whose data is not JSON (the 2024-11-05 `endpoint` event). */
  raw(event: string, data: string): void {
    if (!this.closed) this.exchange.write(`event: ${event}\ndata: ${data}\n\n`);
  }

  /** The priming event of a resumable stream: an id to resume from, the reconnect delay, no data. */
  prime(id: string, retryMs: number): void {
    if (!this.closed) this.exchange.write(`id: ${id}\nretry: ${retryMs}\ndata: \n\n`);
  }

  comment(text: string): void {
    if (!this.closed) this.exchange.write(`: ${text}\n\n`);
  }

  end(): void {
    if (!this.open) return;
    this.open = false;
    KeepAlive.forget(this);
    if (!this.exchange.finished) this.exchange.end();
  }
}

/**
 * One timer for every long-lived stream of the process, rather than one per stream:
 * a comment line every interval keeps proxies and client idle timeouts from closing them.
 */
export class KeepAlive {
  private static readonly byInterval = new Map<number, KeepAlive>();
  private readonly streams = new Set<SseWriter>();
  private timer: NodeJS.Timeout | undefined;

  private constructor(private readonly intervalMs: number) {}

  static watch(writer: SseWriter, intervalMs: number): void {
    if (!(intervalMs > 0)) return;
    let group = KeepAlive.byInterval.get(intervalMs);
    if (!group) KeepAlive.byInterval.set(intervalMs, (group = new KeepAlive(intervalMs)));
    group.streams.add(writer);
    if (!group.timer) {
      group.timer = setInterval(() => group.tick(), intervalMs);
      group.timer.unref();
    }
  }

  static forget(writer: SseWriter): void {
    for (const group of KeepAlive.byInterval.values()) {
      if (group.streams.delete(writer) && group.streams.size === 0) group.stop();
    }
  }

  private tick(): void {
    for (const writer of this.streams) {
      if (writer.closed) this.streams.delete(writer);
      else writer.comment("keep-alive");
    }
    if (this.streams.size === 0) this.stop();
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    KeepAlive.byInterval.delete(this.intervalMs);
  }
}

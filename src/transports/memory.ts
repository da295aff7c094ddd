/**
 * In-memory transport pair for tests: what one side sends, the other receives on a later
 * tick, serialised as JSON on the way so neither side can share objects with the other.
 */
import { parseMessage, type Inbound, type JsonRpcMessage } from "../protocol/jsonrpc.ts";
import { serializeMessage } from "../protocol/serialize.ts";
import type { MessageTransport } from "../protocol/transport.ts";

export class MemoryTransport implements MessageTransport {
  peer: MemoryTransport | undefined;
  private handlers: { onMessage(inbound: Inbound): void; onClose(): void } | undefined;
  private backlog: string[] = [];
  private closed = false;

  /** Two connected ends: give one to the server and one to the client. */
  static pair(): [MemoryTransport, MemoryTransport] {
    const a = new MemoryTransport();
    const b = new MemoryTransport();
    a.peer = b;
    b.peer = a;
    return [a, b];
  }

  start(handlers: { onMessage(inbound: Inbound): void; onClose(): void }): void {
    this.handlers = handlers;
    const backlog = this.backlog;
    this.backlog = [];
    for (const text of backlog) handlers.onMessage(parseMessage(text));
  }

  send(message: JsonRpcMessage): void {
    if (this.closed) return;
    const text = serializeMessage(message);
    const peer = this.peer;
    queueMicrotask(() => peer?.deliver(text));
  }

  private deliver(text: string): void {
    if (this.closed) return;
    if (this.handlers) this.handlers.onMessage(parseMessage(text));
    else this.backlog.push(text);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.handlers?.onClose();
    await this.peer?.close();
  }
}

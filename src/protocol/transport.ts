import type { Inbound, JsonRpcMessage } from "./jsonrpc.ts";

/**
 * A two-way message stream (stdio, in-memory, a socket). Transports move JSON-RPC
 * messages and know nothing of MCP.
 */
export interface MessageTransport {
  /** Begins delivering inbound messages; `onClose` fires once when the stream ends. */
  start(handlers: { onMessage(inbound: Inbound): void; onClose(): void }): void | Promise<void>;
  send(message: JsonRpcMessage): void;
  close(): Promise<void>;
}

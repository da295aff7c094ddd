import type { Inbound, JsonRpcMessage } from "./jsonrpc.ts";

/**
 * A two-way message stream (stdio, in-memory, a socket). Transports move JSON-RPC
 * messages and know nothing of MCP.
 */
export interface MessageTransport {
  /**
   * Begins delivering inbound messages; `onClose` fires once when the stream ends. A transport
   * whose input can end before its output (stdin at EOF) calls `onInputEnd` instead, if given,
   * so answers still owed can be written before the receiver closes it.
   */
  start(handlers: TransportHandlers): void | Promise<void>;
  send(message: JsonRpcMessage): void;
  close(): Promise<void>;
}

export interface TransportHandlers {
  onMessage(inbound: Inbound): void;
  onClose(): void;
  onInputEnd?(): void;
}

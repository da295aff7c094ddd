/** A bare JSON-RPC peer over the in-memory transport: tests speak the wire format directly. */
import type { JsonRpcMessage } from "../../src/protocol/jsonrpc.ts";
import { MemoryTransport } from "../../src/transports/memory.ts";
import type { McpServer } from "../../src/server/mcp-server.ts";
import { MODERN_VERSION } from "../../src/protocol/versions.ts";

export interface RawPeer {
  send(message: object): void;
  request(method: string, params?: object, id?: string | number): Promise<Record<string, unknown>>;
  received: JsonRpcMessage[];
  next(predicate: (m: JsonRpcMessage) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export const modernMeta = (capabilities: object = {}, extra: object = {}) => ({
  "io.modelcontextprotocol/protocolVersion": MODERN_VERSION,
  "io.modelcontextprotocol/clientCapabilities": capabilities,
  "io.modelcontextprotocol/clientInfo": { name: "raw", version: "0" },
  ...extra,
});

export async function rawPeer(server: McpServer<unknown> | McpServer<never> | McpServer): Promise<RawPeer> {
  const [clientSide, serverSide] = MemoryTransport.pair();
  const received: JsonRpcMessage[] = [];
  const waiters = new Set<{ predicate: (m: JsonRpcMessage) => boolean; resolve: (m: JsonRpcMessage) => void }>();
  clientSide.start({
    onMessage: (inbound) => {
      if (inbound.kind === "dropped") return;
      const message = inbound.kind === "invalid" ? inbound.error : inbound.message;
      received.push(message);
      for (const w of waiters)
        if (w.predicate(message)) {
          waiters.delete(w);
          w.resolve(message);
        }
    },
    onClose: () => {},
  });
  await (server as McpServer<unknown>).connect(serverSide);
  let nextId = 1;
  const next = (predicate: (m: JsonRpcMessage) => boolean, timeoutMs = 2000) => {
    const found = received.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise<JsonRpcMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(w);
        reject(new Error("timed out waiting for a message"));
      }, timeoutMs);
      const w = {
        predicate,
        resolve: (m: JsonRpcMessage) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      waiters.add(w);
    });
  };
  return {
    received,
    next: (predicate, timeoutMs) => next(predicate, timeoutMs) as unknown as Promise<Record<string, unknown>>,
    send: (message) => clientSide.send(message as JsonRpcMessage),
    async request(method, params, id = nextId++) {
      clientSide.send({ jsonrpc: "2.0", id, method, params } as JsonRpcMessage);
      return (await next((m) => "id" in m && m.id === id && !("method" in m))) as unknown as Record<string, unknown>;
    },
    close: () => clientSide.close(),
  };
}

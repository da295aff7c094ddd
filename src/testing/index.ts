/**
 * mcpkit/testing: a server and a client in one process, joined in memory, so a test of a
 * tool is a few lines and needs no ports, processes or mocks.
 */
import { Client } from "../client/client.ts";
import type { ClientOptions, ElicitHandler, RootsHandler, SampleHandler } from "../client/types.ts";
import type { Era } from "../protocol/versions.ts";
import type { AuthInfo } from "../server/context.ts";
import type { McpServer } from "../server/mcp-server.ts";
import { MemoryTransport } from "../transports/memory.ts";

export interface ConnectOptions extends Omit<ClientOptions, "era"> {
  /** Which protocol era the client speaks; default "modern" (2026-07-28). */
  era?: Era | "auto";
  clientInfo?: { name: string; version: string };
  /** Who the server sees as the caller (`ctx.auth`): test scopes and `allow` rules without a token server. */
  auth?: AuthInfo;
}

/** A client connected to `server` in memory; `close()` ends both sides. */
export async function connect<State>(server: McpServer<State>, options: ConnectOptions = {}): Promise<Client> {
  const { era = "modern", clientInfo = { name: "mcpkit-test", version: "0.0.0" }, auth, ...clientOptions } = options;
  const [clientSide, serverSide] = MemoryTransport.pair();
  await server.connect(serverSide, auth ? { auth } : {});
  const client = new Client(clientInfo, { ...clientOptions, era });
  await client.connect(clientSide);
  return client;
}

/** Elicitation handler that accepts with `content` (or with what `content(params)` returns). */
export function accept(
  content: Record<string, unknown> | ((params: Parameters<ElicitHandler>[0]) => Record<string, unknown>),
): ElicitHandler {
  return (params) => ({ action: "accept", content: typeof content === "function" ? content(params) : content });
}

export const decline = (): ElicitHandler => () => ({ action: "decline" });
export const cancel = (): ElicitHandler => () => ({ action: "cancel" });

/** Sampling handler that answers every request with `text` from a model named `model`. */
export function reply(text: string | ((params: Parameters<SampleHandler>[0]) => string), model = "test-model"): SampleHandler {
  return (params) => ({
    role: "assistant",
    content: { type: "text", text: typeof text === "function" ? text(params) : text },
    model,
    stopReason: "endTurn",
  });
}

/** Roots handler that lists these URIs. */
export function roots(...uris: string[]): RootsHandler {
  return () => uris.map((uri) => ({ uri, name: uri.split("/").filter(Boolean).pop() ?? uri }));
}

export { Client };
export type { ClientOptions };

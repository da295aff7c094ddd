/** The three ways the hardening tests reach a server: in memory, a spawned stdio process, HTTP. */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { resolve } from "node:path";
import { serveHttp, type HttpServerHandle } from "../../src/transports/http/index.ts";
import { rawPeer, modernMeta } from "../helpers/raw-peer.ts";
import { hostileServer } from "./fixtures/hostile-server.ts";

export { modernMeta };
export type Answer = Record<string, unknown> & {
  id?: unknown;
  error?: { code: number; message: string; data?: unknown };
  result?: Record<string, unknown>;
};

export const INIT = (version = "2025-11-25", capabilities: object = {}) => ({
  protocolVersion: version,
  capabilities,
  clientInfo: { name: "hostile-client", version: "0" },
});

/** A line-oriented peer of a spawned stdio server. */
export function stdioServer() {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ["--import", "tsx", resolve(import.meta.dirname, "fixtures/hostile-server.ts")],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  let out = "";
  let stderr = "";
  let exitCode: number | null | undefined;
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (stderr += d));
  child.on("exit", (code) => {
    exitCode = code;
  });
  const messages = () =>
    out
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Answer);
  return {
    send: (message: object) => child.stdin.write(JSON.stringify(message) + "\n"),
    async answer(id: unknown, timeoutMs = 5000): Promise<Answer> {
      for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
        const found = messages().find((m) => m.id === id && !("method" in m));
        if (found) return found;
        if (exitCode !== undefined) throw new Error(`the server exited (${exitCode}): ${stderr}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`no answer for id ${JSON.stringify(id)}; stderr: ${stderr}`);
    },
    messages,
    get exited() {
      return exitCode !== undefined;
    },
    stderr: () => stderr,
    close: () => {
      child.stdin.end();
      return new Promise<void>((r) => (exitCode !== undefined ? r() : child.on("exit", () => r())));
    },
  };
}

export async function memoryServer() {
  const mcp = hostileServer();
  const peer = await rawPeer(mcp);
  return {
    mcp,
    peer,
    close: async () => {
      await peer.close();
      await mcp.close();
    },
  };
}

export async function httpServer() {
  const mcp = hostileServer();
  const handle: HttpServerHandle = await serveHttp(mcp, { port: 0 });
  return {
    mcp,
    url: handle.url,
    close: async () => {
      await handle.close();
      await mcp.close();
    },
  };
}

/** POSTs one JSON-RPC message and returns the HTTP status and the JSON-RPC answer (from JSON or SSE). */
export async function post(
  url: string,
  message: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ status: number; answer: Answer | undefined; headers: Headers }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
    body: JSON.stringify(message),
  });
  const text = await response.text();
  let answer: Answer | undefined;
  if (response.headers.get("content-type")?.includes("text/event-stream")) {
    for (const line of text.split("\n")) {
      if (!line.startsWith("data:")) continue;
      const parsed = JSON.parse(line.slice(5)) as Answer;
      if ("id" in parsed && !("method" in parsed)) answer = parsed;
    }
  } else if (text) {
    answer = JSON.parse(text) as Answer;
  }
  return { status: response.status, answer, headers: response.headers };
}

/** Headers a modern request over HTTP carries. */
export const modernHeaders = (method: string, name?: string): Record<string, string> => ({
  "mcp-protocol-version": "2026-07-28",
  "mcp-method": method,
  ...(name === undefined ? {} : { "mcp-name": name }),
});

/** Opens a legacy session over Streamable HTTP; returns the headers that belong to it. */
export async function legacySession(url: string, version = "2025-11-25", capabilities: object = {}): Promise<Record<string, string>> {
  const init = await post(url, { jsonrpc: "2.0", id: "init", method: "initialize", params: INIT(version, capabilities) });
  const session = init.headers.get("mcp-session-id");
  if (!session) throw new Error(`no session: ${JSON.stringify(init.answer)}`);
  const headers = { "mcp-session-id": session, "mcp-protocol-version": version };
  await post(url, { jsonrpc: "2.0", method: "notifications/initialized" }, headers);
  return headers;
}

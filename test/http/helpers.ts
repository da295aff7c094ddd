/** Shared helpers for the HTTP transport tests: a server on a free port, wire-level requests, an SSE reader. */
import { request as httpRequest } from "node:http";
import { z } from "zod";
import { McpServer } from "../../src/index.ts";
import { serveHttp, type HttpServerHandle, type ServeHttpOptions } from "../../src/transports/http/index.ts";

export const MODERN = "2026-07-28";
export const LEGACY = "2025-11-25";

export const modernMeta = (capabilities: object = {}, extra: object = {}) => ({
  "io.modelcontextprotocol/protocolVersion": MODERN,
  "io.modelcontextprotocol/clientCapabilities": capabilities,
  "io.modelcontextprotocol/clientInfo": { name: "http-test", version: "0" },
  ...extra,
});

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A server with a bit of everything the transport tests need. */
export function makeServer(name = "http-test") {
  const mcp = new McpServer({ name, version: "1.0.0" });
  const seen = { cancelled: 0, started: 0 };
  mcp.tool("echo", { description: "Echo text", input: { text: z.string() } }, ({ text }) => text);
  mcp.tool("progress", { description: "Reports progress" }, async (_args, ctx) => {
    for (const n of [0, 50, 100]) {
      ctx.progress(n, 100, `${n}%`);
      await sleep(5);
    }
    return "done";
  });
  mcp.tool("slow", { description: "Waits until cancelled (or 5 s)" }, async (_args, ctx) => {
    seen.started++;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5000);
      ctx.signal.addEventListener("abort", () => {
        seen.cancelled++;
        clearTimeout(timer);
        resolve();
      });
    });
    return ctx.signal.aborted ? "cancelled" : "finished";
  });
  mcp.tool("ask_name", { description: "Elicits a name" }, async (_args, ctx) => {
    const answer = await ctx.elicit("Your name?", { name: z.string() }, { key: "user_name" });
    return answer.action === "accept" ? `Hello, ${answer.content.name}!` : `no (${answer.action})`;
  });
  mcp.tool("log_twice", { description: "Logs at info and debug" }, (_args, ctx) => {
    ctx.log.info("info message");
    ctx.log.debug("debug message");
    return "logged";
  });
  mcp.tool(
    "region",
    {
      description: "Mirrors region into a header",
      input: {
        type: "object",
        properties: { region: { type: "string", "x-mcp-header": "Region" }, count: { type: "integer", "x-mcp-header": "Count" } },
        required: ["region"],
      },
    },
    (args) => `region=${String((args as Record<string, unknown>).region)}`,
  );
  let added = 0;
  mcp.tool("add_tool", { description: "Registers another tool (a list change)" }, () => {
    mcp.tool(`extra_${++added}`, { description: "extra" }, () => "extra");
    return "added";
  });
  mcp.prompt("greeting", { description: "A greeting" }, () => "Hello");
  mcp.resource("test://doc", { description: "A doc", mimeType: "text/plain" }, () => "doc text");
  return { mcp, seen };
}

export async function start(options: ServeHttpOptions = {}, server = makeServer()) {
  const handle: HttpServerHandle = await serveHttp(server.mcp, { port: 0, ...options });
  return {
    ...server,
    handle,
    url: handle.url,
    close: async () => {
      await handle.close();
      await server.mcp.close();
    },
  };
}

export function modernHeaders(method: string, name?: string, extra: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    "mcp-protocol-version": MODERN,
    "mcp-method": method,
  };
  if (name !== undefined) headers["mcp-name"] = name;
  return { ...headers, ...extra };
}

let nextId = 1;
/** POSTs a modern request with matching headers (override any of them with `headers`). */
export function postModern(
  url: string,
  method: string,
  params: Record<string, unknown> = {},
  headers: Record<string, string> = {},
  init: RequestInit = {},
) {
  const name = (params.name ?? params.uri) as string | undefined;
  const body = { jsonrpc: "2.0", id: nextId++, method, params: { _meta: modernMeta(), ...params } };
  return fetch(url, { method: "POST", headers: modernHeaders(method, name, headers), body: JSON.stringify(body), ...init });
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}, init: RequestInit = {}) {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...init,
  });
}

export interface SseEvent {
  id?: string;
  event?: string;
  retry?: number;
  data: string;
  json?: Record<string, unknown>;
}

/** Reads SSE events from a response body as they arrive. */
export class SseReader {
  private buffer = "";
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  /** A read still outstanding after a timeout: the next call waits for it rather than losing its chunk. */
  private pending: ReturnType<ReadableStreamDefaultReader<Uint8Array>["read"]> | undefined;
  readonly events: SseEvent[] = [];
  comments = 0;
  ended = false;

  constructor(response: Response) {
    this.reader = response.body!.getReader();
  }

  /** The next event (waits up to `timeoutMs`); undefined when the stream ended. */
  async next(timeoutMs = 3000): Promise<SseEvent | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frame = this.takeFrame();
      if (frame) return frame;
      if (this.ended) return undefined;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`No SSE event within ${timeoutMs} ms (buffer: ${JSON.stringify(this.buffer)})`);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), left);
      });
      this.pending ??= this.reader.read();
      const read = await Promise.race([this.pending, timeout]);
      clearTimeout(timer);
      if (read === "timeout") continue;
      this.pending = undefined;
      if (read.done) this.ended = true;
      else this.buffer += this.decoder.decode(read.value, { stream: true });
    }
  }

  /** Every event until the stream ends. */
  async rest(timeoutMs = 3000): Promise<SseEvent[]> {
    const out: SseEvent[] = [];
    for (let event = await this.next(timeoutMs); event; event = await this.next(timeoutMs)) out.push(event);
    return out;
  }

  /** The next event carrying a JSON message (skips priming events). */
  async nextMessage(timeoutMs = 3000): Promise<Record<string, unknown> | undefined> {
    for (;;) {
      const event = await this.next(timeoutMs);
      if (!event) return undefined;
      if (event.json) return event.json;
    }
  }

  cancel(): Promise<void> {
    return this.reader.cancel();
  }

  private takeFrame(): SseEvent | undefined {
    for (;;) {
      const end = this.buffer.indexOf("\n\n");
      if (end < 0) return undefined;
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const event: SseEvent = { data: "" };
      let isComment = true;
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) continue;
        isComment = false;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "data") data.push(value);
        else if (field === "id") event.id = value;
        else if (field === "event") event.event = value;
        else if (field === "retry") event.retry = Number(value);
      }
      if (isComment) {
        this.comments++;
        continue;
      }
      event.data = data.join("\n");
      if (event.data.trim() !== "") {
        try {
          event.json = JSON.parse(event.data);
        } catch {
          /* not JSON (the endpoint event) */
        }
      }
      this.events.push(event);
      return event;
    }
  }
}

/** A raw node:http request, for headers fetch will not let us set (Host). */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? "POST", headers: options.headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Opens a legacy session; returns its id and the headers later requests need. */
export async function openSession(url: string, capabilities: object = {}, headers: Record<string, string> = {}) {
  const res = await postJson(
    url,
    {
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion: LEGACY, capabilities, clientInfo: { name: "legacy-test", version: "0" } },
    },
    headers,
  );
  const sessionId = res.headers.get("mcp-session-id");
  const body = (await res.json()) as Record<string, unknown>;
  if (!sessionId) throw new Error(`initialize gave no session id: ${res.status} ${JSON.stringify(body)}`);
  const sessionHeaders = { "mcp-session-id": sessionId, "mcp-protocol-version": LEGACY, ...headers };
  await postJson(url, { jsonrpc: "2.0", method: "notifications/initialized" }, sessionHeaders);
  let id = 100;
  return {
    sessionId,
    headers: sessionHeaders,
    initializeResult: body.result as Record<string, unknown>,
    post: (method: string, params: Record<string, unknown> = {}, extra: Record<string, string> = {}) =>
      postJson(url, { jsonrpc: "2.0", id: id++, method, params }, { ...sessionHeaders, ...extra }),
  };
}

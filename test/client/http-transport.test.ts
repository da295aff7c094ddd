// The client over real Streamable HTTP on 127.0.0.1: the shared client suite on both eras,
// then what only HTTP has (headers, sessions, the GET stream, SSE polling, HTTP failures).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { getRequestListener } from "@hono/node-server";
import { createMcpHandler, McpServer as OfficialServer, WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/server";
import { McpServer } from "mcpkit";
import { Client, HttpClientTransport, McpError } from "mcpkit/client";
import type { ClientOptions, ServerNotification } from "mcpkit/client";
import { createNodeHandler, serveHttp, type HttpOptions } from "mcpkit/http";
import { defineServer } from "./fixtures/define-server.ts";
import { clientSuite, type Era } from "./suite.ts";

const info = { name: "http-client-test", version: "1.0.0" };
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function connectFixture(options: ClientOptions) {
  const { mcp } = defineServer();
  const handle = await serveHttp(mcp, { port: 0, host: "127.0.0.1" });
  const client = new Client(info, options);
  try {
    await client.connect(new HttpClientTransport(handle.url));
  } catch (error) {
    await handle.close();
    await mcp.close();
    throw error;
  }
  return {
    client,
    close: async () => {
      await client.close();
      await handle.close();
      await mcp.close();
    },
  };
}

for (const era of ["modern", "legacy"] as Era[]) clientSuite("Streamable HTTP", era, connectFixture, { concurrency: 2 });

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** An mcpkit server behind our own node:http server, which records every request it passes on. */
async function recorded(mcp: McpServer, options: HttpOptions = {}) {
  const seen: Seen[] = [];
  const handler = createNodeHandler(mcp, options);
  const server: Server = createServer((req, res) => {
    const entry: Seen = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: "" };
    seen.push(entry);
    // Peek at the body as the handler reads it (a listener of our own would start the flow too early).
    const emit = req.emit.bind(req) as (event: string | symbol, ...args: unknown[]) => boolean;
    req.emit = ((event: string | symbol, ...args: unknown[]) => {
      if (event === "data") entry.body += String(args[0]);
      return emit(event, ...args);
    }) as typeof req.emit;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  return {
    url,
    seen,
    posts: (method: string) => seen.filter((s) => s.method === "POST" && s.body.includes(`"method":"${method}"`)),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await mcp.close();
    },
  };
}

function headerServer() {
  const mcp = new McpServer({ name: "headers", version: "1.0.0" });
  mcp.tool(
    "weather",
    {
      description: "Mirrors city into a header",
      input: {
        type: "object",
        properties: { city: { type: "string", "x-mcp-header": "City" }, days: { type: "integer", "x-mcp-header": "Days" } },
        required: ["city"],
      },
    },
    (args) => `weather in ${String((args as Record<string, unknown>).city)} for ${String((args as Record<string, unknown>).days)}`,
  );
  mcp.resource("greeting://{name}", { description: "Greets by name", mimeType: "text/plain" }, ({ name }) => `Hello, ${name}`);
  mcp.prompt("hello", { description: "Says hello" }, () => "Hello");
  return mcp;
}

test("modern era: sends Mcp-Method, Mcp-Name and Mcp-Param-* headers, base64 for non-ASCII values", async () => {
  const s = await recorded(headerServer());
  const client = new Client(info, { era: "modern" });
  try {
    await client.connect(new HttpClientTransport(s.url));
    assert.equal(client.era, "modern");
    await client.listTools();
    const result = await client.callTool("weather", { city: "Zürich", days: 3 });
    assert.equal((result.content[0] as { text: string }).text, "weather in Zürich for 3");
    const read = await client.readResource("greeting://Zoë");
    assert.equal((read.contents[0] as { text: string }).text, "Hello, Zoë");
    assert.ok((await client.getPrompt("hello")).messages.length > 0);

    const [discover] = s.posts("server/discover");
    assert.equal(discover.headers["mcp-method"], "server/discover");
    assert.equal(discover.headers["mcp-protocol-version"], "2026-07-28");
    assert.equal(discover.headers["mcp-session-id"], undefined);
    const [call] = s.posts("tools/call");
    assert.equal(call.headers["mcp-name"], "weather");
    assert.equal(call.headers["mcp-param-city"], `=?base64?${Buffer.from("Zürich").toString("base64")}?=`);
    assert.equal(call.headers["mcp-param-days"], "3");
    const [readPost] = s.posts("resources/read");
    assert.equal(readPost.headers["mcp-name"], `=?base64?${Buffer.from("greeting://Zoë").toString("base64")}?=`);
    assert.equal(s.posts("prompts/get")[0].headers["mcp-name"], "hello");
    // The modern era has no session: no GET stream, no DELETE.
    await client.close();
    assert.deepEqual(
      s.seen.filter((r) => r.method !== "POST"),
      [],
    );
  } finally {
    await client.close();
    await s.close();
  }
});

test("legacy era: captures the session, sends it with the version, opens the GET stream, DELETEs on close", async () => {
  const mcp = headerServer();
  const s = await recorded(mcp);
  const seen: ServerNotification[] = [];
  const client = new Client(info, { era: "legacy", onNotification: (n) => seen.push(n) });
  try {
    await client.connect(new HttpClientTransport(s.url, { headers: { "x-api-key": "secret" } }));
    assert.equal(client.era, "legacy");
    assert.equal(client.protocolVersion, "2025-11-25");
    const [init] = s.posts("initialize");
    assert.equal(init.headers["mcp-session-id"], undefined);
    assert.equal(init.headers["mcp-protocol-version"], undefined);
    assert.equal(init.headers["x-api-key"], "secret");
    const listed = await client.listTools();
    assert.ok(listed.tools.some((t) => t.name === "weather"));
    const [list] = s.posts("tools/list");
    const sessionId = list.headers["mcp-session-id"];
    assert.ok(typeof sessionId === "string" && sessionId.length > 0);
    assert.equal(list.headers["mcp-protocol-version"], "2025-11-25");
    assert.equal(list.headers["x-api-key"], "secret");
    assert.equal(s.posts("notifications/initialized")[0].headers["mcp-session-id"], sessionId);

    // A change made outside any request reaches the client on the GET stream.
    let get: Seen | undefined;
    for (let i = 0; i < 200 && !get; i++, await delay(10)) get = s.seen.find((r) => r.method === "GET");
    assert.ok(get, "the client opened the GET stream");
    assert.equal(get.headers["mcp-session-id"], sessionId);
    assert.match(String(get.headers.accept), /text\/event-stream/);
    mcp.tool("late_tool", { description: "added later" }, () => "late");
    for (let i = 0; i < 200 && !seen.some((n) => n.method === "notifications/tools/list_changed"); i++) await delay(10);
    assert.ok(seen.some((n) => n.method === "notifications/tools/list_changed"));

    await client.close();
    const deleted = s.seen.filter((r) => r.method === "DELETE");
    assert.equal(deleted.length, 1);
    assert.equal(deleted[0].headers["mcp-session-id"], sessionId);
  } finally {
    await client.close();
    await s.close();
  }
});

test("auto era: modern against a dual-era mcpkit server, legacy against a legacy-only one", async () => {
  const dual = await recorded(headerServer());
  const client = new Client(info, { era: "auto" });
  try {
    await client.connect(new HttpClientTransport(dual.url));
    assert.equal(client.era, "modern");
    assert.ok((await client.listTools()).tools.length > 0);
  } finally {
    await client.close();
    await dual.close();
  }
  // A server that refuses modern requests the way pre-2026 servers do: 400 with a JSON-RPC error and no id.
  const mcp = headerServer();
  const handler = createNodeHandler(mcp);
  const legacyOnly = createServer((req, res) => {
    if (req.method === "POST" && req.headers["mcp-method"] !== undefined) {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32000, message: "Bad Request: Server not initialized" } }));
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => legacyOnly.listen(0, "127.0.0.1", resolve));
  const fallback = new Client(info, { era: "auto" });
  try {
    await fallback.connect(new HttpClientTransport(`http://127.0.0.1:${(legacyOnly.address() as AddressInfo).port}/mcp`));
    assert.equal(fallback.era, "legacy");
    assert.equal((await fallback.callTool("weather", { city: "Oslo" })).content.length, 1);
  } finally {
    await fallback.close();
    legacyOnly.closeAllConnections();
    await new Promise<void>((resolve) => legacyOnly.close(() => resolve()));
    await mcp.close();
  }
});

test("legacy era: a tool that logs and reports progress streams over SSE; elicitation is answered by POST", async () => {
  const mcp = new McpServer({ name: "stream", version: "1.0.0" });
  mcp.tool("work", { description: "Logs and reports progress" }, async (_args, ctx) => {
    ctx.log.info("starting");
    for (const n of [1, 2]) {
      ctx.progress(n, 2, `step ${n}`);
      await delay(2);
    }
    const answer = await ctx.elicit("Your name?", { name: z.string() });
    return answer.action === "accept" ? `done for ${answer.content.name}` : "declined";
  });
  const s = await recorded(mcp);
  const logs: unknown[] = [];
  const client = new Client(info, {
    era: "legacy",
    logLevel: "info",
    onLog: (m) => logs.push(m.data),
    onElicit: () => ({ action: "accept", content: { name: "Ada" } }),
  });
  try {
    await client.connect(new HttpClientTransport(s.url));
    const progress: number[] = [];
    const result = await client.callTool("work", {}, { onProgress: (p) => progress.push(p.progress) });
    assert.equal((result.content[0] as { text: string }).text, "done for Ada");
    assert.deepEqual(progress, [1, 2]);
    assert.deepEqual(logs, ["starting"]);
    // The elicitation answer went back as its own POST, a JSON-RPC response in the session.
    const answer = s.seen.find((r) => r.method === "POST" && r.body.includes('"action":"accept"'));
    assert.ok(answer);
    assert.ok(answer.headers["mcp-session-id"]);
  } finally {
    await client.close();
    await s.close();
  }
});

test("legacy era: a POST stream the server closes early (SSE polling) is resumed with GET + Last-Event-ID", async () => {
  const mcp = new McpServer({ name: "polling", version: "1.0.0" });
  mcp.tool("slowish", { description: "Finishes after the stream was closed" }, async (_args, ctx) => {
    await delay(50);
    ctx.progress(1, 1, "half way");
    return "finished";
  });
  const s = await recorded(mcp, { pollingStreams: (request) => request.method === "tools/call", resumability: { retryMs: 20 } });
  const client = new Client(info, { era: "legacy" });
  try {
    await client.connect(new HttpClientTransport(s.url, { getStream: false }));
    const progress: string[] = [];
    const result = await client.callTool("slowish", {}, { onProgress: (p) => progress.push(p.message ?? "") });
    assert.equal((result.content[0] as { text: string }).text, "finished");
    assert.deepEqual(progress, ["half way"]);
    const resumed = s.seen.filter((r) => r.method === "GET");
    assert.ok(resumed.length >= 1);
    assert.ok(resumed.every((r) => typeof r.headers["last-event-id"] === "string"));
  } finally {
    await client.close();
    await s.close();
  }
});

test("modern era: input_required rounds over HTTP, and a JSON-RPC error on a non-2xx status reaches the caller", async () => {
  const mcp = new McpServer({ name: "mrtr", version: "1.0.0" });
  mcp.tool("ask", { description: "Elicits" }, async (_args, ctx) => {
    const answer = await ctx.elicit("Colour?", { color: z.string() });
    return answer.action === "accept" ? `likes ${answer.content.color}` : "declined";
  });
  const s = await recorded(mcp);
  const client = new Client(info, { era: "modern", onElicit: () => ({ action: "accept", content: { color: "green" } }) });
  try {
    await client.connect(new HttpClientTransport(s.url));
    assert.equal((await client.callTool("ask")).content.length, 1);
    assert.equal(((await client.callTool("ask")).content[0] as { text: string }).text, "likes green");
    assert.ok(s.posts("tools/call").length >= 2);
    // 404 + -32601 from the server: the JSON-RPC error, not a bare HTTP one.
    await assert.rejects(
      client.request("no/such-method"),
      (error: unknown) => error instanceof McpError && error.code === -32601 && !/HTTP 404/.test(error.message),
    );
  } finally {
    await client.close();
    await s.close();
  }
});

for (const era of ["modern", "legacy", "auto"] as const) {
  test(`${era} era: a server that is not there fails connect() with a message naming the URL`, async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const url = `http://127.0.0.1:${port}/mcp`;
    const client = new Client(info, { era });
    await assert.rejects(
      client.connect(new HttpClientTransport(url)),
      (error: unknown) =>
        error instanceof Error && error.message.includes(`Could not connect to ${url}`) && /ECONNREFUSED/.test(error.message),
    );
    await client.closed;
  });

  test(`${era} era: a wrong path fails connect() with the HTTP status and URL`, async () => {
    const mcp = headerServer();
    const handle = await serveHttp(mcp, { port: 0, host: "127.0.0.1" });
    const url = handle.url.replace(/\/mcp$/, "/nope");
    const client = new Client(info, { era });
    try {
      await assert.rejects(
        client.connect(new HttpClientTransport(url)),
        (error: unknown) => error instanceof McpError && error.message.startsWith(`HTTP 404 Not Found from ${url}`),
      );
    } finally {
      await handle.close();
      await mcp.close();
    }
  });
}

test("close() aborts requests in flight, fires onClose once, and later sends are dropped", async () => {
  const { mcp, stats } = defineServer();
  const handle = await serveHttp(mcp, { port: 0, host: "127.0.0.1" });
  const transport = new HttpClientTransport(handle.url);
  let closes = 0;
  const messages: unknown[] = [];
  transport.start({ onMessage: (m) => messages.push(m), onClose: () => closes++ });
  try {
    const meta = { "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {} };
    transport.send({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "wait_for_cancel", arguments: {}, _meta: meta } });
    await delay(50);
    await transport.close();
    await transport.close();
    transport.send({ jsonrpc: "2.0", id: 2, method: "tools/list", params: { _meta: meta } });
    // Closing the stream cancels the modern request on the server.
    for (let i = 0; i < 200 && stats.cancelled === 0; i++) await delay(10);
    assert.equal(stats.cancelled, 1);
    assert.equal(closes, 1);
    assert.deepEqual(messages, []);
  } finally {
    await handle.close();
    await mcp.close();
  }
});

test(
  "legacy era against the official SDK v2 server's Streamable HTTP transport (sessions, SSE, elicitation, DELETE)",
  { timeout: 20_000 },
  async () => {
    const official = new OfficialServer({ name: "official", version: "2.0.0" }, { capabilities: { logging: {} } });
    official.registerTool("echo", { description: "Echo", inputSchema: z.object({ text: z.string() }) }, async ({ text }) => ({
      content: [{ type: "text", text }],
    }));
    official.registerTool("ask", { description: "Elicits a name" }, async (ctx) => {
      await ctx.mcpReq.log("info", "asking");
      const answer = await ctx.mcpReq.elicitInput({
        mode: "form",
        message: "Your name?",
        requestedSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
      });
      return { content: [{ type: "text", text: `Hello, ${String(answer.content?.name)}!` }] };
    });
    let deleted: string | undefined;
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => crypto.randomUUID(),
      onsessionclosed: (id) => {
        deleted = id;
      },
    });
    await official.connect(transport);
    const server = createServer(getRequestListener((request) => transport.handleRequest(request)));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
    const logs: unknown[] = [];
    const client = new Client(info, {
      era: "legacy",
      logLevel: "info",
      onLog: (m) => logs.push(m.data),
      onElicit: () => ({ action: "accept", content: { name: "Ada" } }),
    });
    const clientTransport = new HttpClientTransport(url);
    try {
      await client.connect(clientTransport);
      assert.equal(client.era, "legacy");
      assert.deepEqual(client.serverInfo, { name: "official", version: "2.0.0" });
      assert.ok(clientTransport.sessionId);
      const tools = await client.listTools();
      assert.deepEqual(tools.tools.map((t) => t.name).sort(), ["ask", "echo"]);
      assert.equal((await client.callTool("echo", { text: "hi" })).content[0].type, "text");
      assert.equal(((await client.callTool("ask")).content[0] as { text: string }).text, "Hello, Ada!");
      assert.deepEqual(logs, ["asking"]);
      const sessionId = clientTransport.sessionId;
      await client.close();
      assert.equal(deleted, sessionId);
    } finally {
      await client.close();
      await official.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  },
);

for (const era of ["modern", "auto"] as const) {
  test(`${era} era against the official SDK v2 server's dual-era handler (createMcpHandler)`, { timeout: 20_000 }, async () => {
    const handler = createMcpHandler(() => {
      const official = new OfficialServer({ name: "official", version: "2.0.0" });
      official.registerTool("echo", { description: "Echo", inputSchema: z.object({ text: z.string() }) }, async ({ text }) => ({
        content: [{ type: "text", text }],
      }));
      official.registerPrompt("hello", { description: "Says hello" }, async () => ({
        messages: [{ role: "user", content: { type: "text", text: "Hello" } }],
      }));
      return official;
    });
    const server = createServer(getRequestListener((request) => handler.fetch(request)));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const client = new Client(info, { era });
    try {
      await client.connect(new HttpClientTransport(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`));
      assert.equal(client.era, "modern");
      assert.deepEqual(
        (await client.listTools()).tools.map((t) => t.name),
        ["echo"],
      );
      assert.equal(((await client.callTool("echo", { text: "Zoë" })).content[0] as { text: string }).text, "Zoë");
      assert.equal(((await client.getPrompt("hello")).messages[0].content as { text: string }).text, "Hello");
    } finally {
      await client.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
}

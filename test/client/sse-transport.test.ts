// The client over the deprecated 2024-11-05 HTTP+SSE transport, against the official SDK's
// SSE server on 127.0.0.1; then what a hostile or broken server can do to the connection.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { Client, McpError, SseClientTransport } from "../../src/client/index.ts";
import type { LogMessage, Progress } from "../../src/client/index.ts";

const info = { name: "sse-client-test", version: "1.0.0" };
const text = (result: { content?: unknown }) => (result.content as { type: string; text?: string }[])[0].text;

function officialServer(): McpServer {
  const mcp = new McpServer({ name: "official-sse", version: "1.0.0" }, { capabilities: { logging: {} } });
  mcp.registerTool("echo", { description: "Echoes its text", inputSchema: { text: z.string() } }, ({ text }) => ({
    content: [{ type: "text", text }],
  }));
  mcp.registerTool("work", { description: "Reports progress and logs as it goes" }, async (extra) => {
    const progressToken = extra._meta?.progressToken;
    await extra.sendNotification({ method: "notifications/message", params: { level: "info", logger: "work", data: "started" } });
    for (const progress of [1, 2]) {
      if (progressToken !== undefined) {
        await extra.sendNotification({ method: "notifications/progress", params: { progressToken, progress, total: 2 } });
      }
    }
    return { content: [{ type: "text", text: "done" }] };
  });
  mcp.registerTool("ask_name", { description: "Asks the user for a name" }, async () => {
    const answer = await mcp.server.elicitInput({
      message: "Your name?",
      requestedSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
    });
    const name = answer.action === "accept" ? String(answer.content?.name) : "nobody";
    return { content: [{ type: "text", text: `Hello, ${name}!` }] };
  });
  mcp.registerResource("greeting", "greeting://hello", { mimeType: "text/plain" }, (uri) => ({
    contents: [{ uri: uri.href, mimeType: "text/plain", text: "Hello, world" }],
  }));
  mcp.registerPrompt("review", { description: "Asks for a review", argsSchema: { code: z.string() } }, ({ code }) => ({
    messages: [{ role: "user", content: { type: "text", text: `Please review: ${code}` } }],
  }));
  return mcp;
}

/** Reads a request body as JSON (undefined when it is not). */
async function readJson(req: IncomingMessage): Promise<unknown> {
  let body = "";
  for await (const chunk of req) body += String(chunk);
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The official SDK's SSE server: GET /sse opens a session, POST /messages?sessionId= feeds it.
 * A tools/call of "rejected" is answered 400 before it reaches the SDK, like a server refusing a message.
 */
async function startOfficial() {
  const sessions = new Map<string, { transport: SSEServerTransport; mcp: McpServer }>();
  const closedSessions: string[] = [];
  const http = await listen((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (req.method === "GET" && url.pathname === "/sse") {
        const transport = new SSEServerTransport("/messages", res);
        const mcp = officialServer();
        sessions.set(transport.sessionId, { transport, mcp });
        res.on("close", () => {
          sessions.delete(transport.sessionId);
          closedSessions.push(transport.sessionId);
          void mcp.close();
        });
        await mcp.connect(transport);
        return;
      }
      if (req.method === "POST" && url.pathname === "/messages") {
        const session = sessions.get(url.searchParams.get("sessionId") ?? "");
        if (!session) return void res.writeHead(404).end("No such session");
        const body = await readJson(req);
        const params = (body as { params?: { name?: string } } | undefined)?.params;
        if ((body as { method?: string } | undefined)?.method === "tools/call" && params?.name === "rejected") {
          return void res.writeHead(400, { "content-type": "text/plain" }).end("Refused by the test");
        }
        return void (await session.transport.handlePostMessage(req, res, body));
      }
      res.writeHead(404).end();
    })();
  });
  return {
    url: `${http.origin}/sse`,
    sessions,
    closedSessions,
    close: async () => {
      for (const { mcp } of sessions.values()) await mcp.close();
      await http.close();
    },
  };
}

test("the client speaks to the official SDK's 2024-11-05 SSE server", { timeout: 30_000 }, async () => {
  const server = await startOfficial();
  const logs: LogMessage[] = [];
  const elicited: string[] = [];
  const client = new Client(info, {
    era: "legacy",
    onLog: (log) => logs.push(log),
    onElicit: (params) => {
      elicited.push(params.message);
      return { action: "accept", content: { name: "Ada" } };
    },
  });
  const transport = new SseClientTransport(server.url);
  try {
    await client.connect(transport);
    assert.equal(client.era, "legacy");
    assert.equal(client.serverInfo?.name, "official-sse");
    assert.equal(transport.endpoint?.origin, new URL(server.url).origin);
    assert.equal(transport.endpoint?.pathname, "/messages");
    assert.ok(transport.endpoint?.searchParams.get("sessionId"));

    const tools = await client.listTools();
    assert.deepEqual(tools.tools.map((t) => t.name).sort(), ["ask_name", "echo", "work"]);
    assert.equal(text(await client.callTool("echo", { text: "hi" })), "hi");

    const resource = await client.readResource("greeting://hello");
    assert.deepEqual(resource.contents, [{ uri: "greeting://hello", mimeType: "text/plain", text: "Hello, world" }]);
    const prompt = await client.getPrompt("review", { code: "x = 1" });
    assert.deepEqual(prompt.messages, [{ role: "user", content: { type: "text", text: "Please review: x = 1" } }]);

    const progress: Progress[] = [];
    const worked = await client.callTool("work", {}, { onProgress: (p) => progress.push(p) });
    assert.equal(text(worked), "done");
    assert.deepEqual(
      progress.map((p) => [p.progress, p.total]),
      [
        [1, 2],
        [2, 2],
      ],
    );
    assert.deepEqual(
      logs.map((l) => [l.level, l.logger, l.data]),
      [["info", "work", "started"]],
    );

    // A request from the server, answered by the client over a POST of its own.
    assert.equal(text(await client.callTool("ask_name")), "Hello, Ada!");
    assert.deepEqual(elicited, ["Your name?"]);
  } finally {
    await client.close();
  }
  await client.closed;
  // Closing the client ends the GET stream, and with it the server's session.
  for (let i = 0; i < 100 && server.closedSessions.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(server.closedSessions.length, 1);
  assert.equal(server.sessions.size, 0);
  await server.close();
});

test("a POST answered 400 fails only its request; the client keeps working", { timeout: 30_000 }, async () => {
  const server = await startOfficial();
  const client = new Client(info, { era: "legacy" });
  try {
    await client.connect(new SseClientTransport(server.url));
    await assert.rejects(client.callTool("rejected"), (error: unknown) => {
      assert.ok(error instanceof McpError);
      assert.match(error.message, /HTTP 400 .*\/messages\?sessionId=.*: Refused by the test/);
      assert.deepEqual(error.data, { httpStatus: 400 });
      return true;
    });
    assert.equal(text(await client.callTool("echo", { text: "still here" })), "still here");
    await client.ping();
  } finally {
    await client.close();
    await server.close();
  }
});

test("the server ending the stream closes the client", { timeout: 30_000 }, async () => {
  const server = await startOfficial();
  const client = new Client(info, { era: "legacy" });
  try {
    await client.connect(new SseClientTransport(server.url));
    const [{ mcp }] = [...server.sessions.values()];
    await mcp.close();
    await client.closed;
    await assert.rejects(client.listTools(), McpError);
  } finally {
    await client.close();
    await server.close();
  }
});

test("an endpoint on another origin is refused, and nothing is posted there", { timeout: 30_000 }, async () => {
  const elsewhere: string[] = [];
  const other = await listen((req, res) => {
    elsewhere.push(`${req.method} ${req.url}`);
    res.writeHead(202).end();
  });
  const hostile = await listen((req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(`event: endpoint\ndata: ${other.origin}/messages?sessionId=1\n\n`);
  });
  const client = new Client(info, { era: "legacy" });
  try {
    await assert.rejects(client.connect(new SseClientTransport(`${hostile.origin}/sse`)), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.match(error.message, /Refusing the endpoint http:\/\/127\.0\.0\.1:\d+\/messages\?sessionId=1 .*not on the same origin/);
      return true;
    });
    await client.closed;
    assert.deepEqual(elsewhere, []);
  } finally {
    await hostile.close();
    await other.close();
  }
});

test("an HTTP 500 on the GET fails connect with the status", { timeout: 30_000 }, async () => {
  const broken = await listen((req, res) => {
    res.writeHead(500, { "content-type": "text/plain" }).end("database on fire");
  });
  const client = new Client(info, { era: "legacy" });
  try {
    await assert.rejects(
      client.connect(new SseClientTransport(`${broken.origin}/sse`)),
      /HTTP 500 Internal Server Error from .*\/sse: database on fire/,
    );
  } finally {
    await broken.close();
  }
});

test("an answer that is not SSE, or no endpoint in time, fails connect clearly", { timeout: 30_000 }, async () => {
  const json = await listen((req, res) => {
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  const silent = await listen((req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(": nothing to say\n\n");
  });
  try {
    await assert.rejects(
      new Client(info, { era: "legacy" }).connect(new SseClientTransport(`${json.origin}/sse`)),
      /"application\/json", not an SSE stream/,
    );
    await assert.rejects(
      new Client(info, { era: "legacy" }).connect(new SseClientTransport(`${silent.origin}/sse`, { connectTimeoutMs: 200 })),
      /No endpoint event from .*\/sse within 200 ms/,
    );
  } finally {
    await json.close();
    await silent.close();
  }
});

test(
  "the authorizer's header goes with the GET and every POST, and a 401 is retried after its challenge",
  { timeout: 30_000 },
  async () => {
    const server = await startOfficial();
    let token = "stale";
    const seen: string[] = [];
    const gate = await listen((req, res) => {
      seen.push(`${req.method} ${req.headers.authorization}`);
      if (req.headers.authorization !== "Bearer fresh") return void res.writeHead(401).end();
      // Pass the request on to the official server.
      const upstream = new URL(req.url ?? "/", server.url);
      const controller = new AbortController();
      res.on("close", () => controller.abort());
      void (async () => {
        try {
          const body = req.method === "POST" ? await readJson(req) : undefined;
          const answer = await fetch(upstream, {
            method: req.method,
            headers: { "content-type": "application/json", accept: String(req.headers.accept ?? "*/*") },
            body: body === undefined ? undefined : JSON.stringify(body),
            signal: controller.signal,
          });
          res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "text/plain" });
          if (answer.body) for await (const chunk of answer.body) res.write(chunk);
        } catch {
          // the client went away
        }
        res.end();
      })();
    });
    const challenges: number[] = [];
    const auth = {
      authorization: (url: URL) => {
        assert.equal(url.href, `${gate.origin}/sse`);
        return `Bearer ${token}`;
      },
      challenge: async (res: Response) => {
        challenges.push(res.status);
        token = "fresh";
        return true;
      },
    };
    const client = new Client(info, { era: "legacy" });
    try {
      await client.connect(new SseClientTransport(`${gate.origin}/sse`, { auth }));
      assert.equal(text(await client.callTool("echo", { text: "authorized" })), "authorized");
      assert.deepEqual(challenges, [401]);
      assert.deepEqual(seen.slice(0, 2), ["GET Bearer stale", "GET Bearer fresh"]);
      assert.ok(seen.slice(2).every((s) => s === "POST Bearer fresh"));
    } finally {
      await client.close();
      await gate.close();
      await server.close();
    }
  },
);

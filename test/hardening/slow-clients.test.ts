/**
 * Memory is bounded under slow clients: bodies that are announced and then held one byte
 * short cannot fill the server's memory, slow headers and bodies are timed out, and an
 * ordinary client is served all along. The server runs in its own process so that its
 * resident set size is its own.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { connect, type Socket } from "node:net";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import fc from "fast-check";
import { BodyBudget, BodyCollector, SMALL_BODY_BYTES } from "../../src/transports/http/body-budget.ts";
import { createFetchHandler } from "../../src/transports/http/fetch.ts";
import { McpServer } from "../../src/index.ts";
import { runsFromEnv } from "../property/hunt.ts";
import { modernHeaders, modernMeta, post } from "./wire-peers.ts";

const MiB = 1024 * 1024;

async function slowServer(options: object) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", resolve(import.meta.dirname, "fixtures/slow-server.ts"), JSON.stringify(options)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const [line] = await Promise.race([
    lines.next().then((r) => [r.value as string]),
    new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`slow server exited with ${code}`)))),
  ]);
  const { url } = JSON.parse(line) as { url: string };
  const { port } = new URL(url);
  return {
    url,
    port: Number(port),
    async rss(): Promise<number> {
      const { status, answer } = await post(
        url,
        { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "rss", arguments: {}, _meta: modernMeta() } },
        modernHeaders("tools/call", "rss"),
      );
      assert.equal(status, 200, JSON.stringify(answer));
      return (answer!.result!.structuredContent as { rss: number }).rss;
    },
    async close() {
      child.kill("SIGTERM");
      if (child.exitCode === null) await new Promise((done) => child.once("exit", done));
    },
  };
}

/** A raw connection that sends `head` and then `body`, and records the status it is answered with. */
function rawClient(port: number, head: string, body?: Uint8Array) {
  const socket: Socket = connect(port, "127.0.0.1");
  let received = "";
  socket.on("error", () => undefined);
  socket.on("data", (chunk) => {
    received += chunk.toString("latin1");
  });
  let isClosed = false;
  const closed = new Promise<void>((done) =>
    socket.once("close", () => {
      isClosed = true;
      done();
    }),
  );
  socket.write(head);
  if (body) socket.write(body);
  return {
    closed,
    status: () => /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? undefined,
    received: () => received,
    isClosed: () => isClosed,
    destroy: () => socket.destroy(),
  };
}

const postHead = (port: number, length: number) =>
  `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n` +
  `MCP-Protocol-Version: 2026-07-28\r\nMCP-Method: tools/list\r\nContent-Length: ${length}\r\n\r\n`;

const until = async (what: string, check: () => boolean, timeoutMs = 20_000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
};

test(
  "100 clients holding 4 MiB bodies one byte short: RSS stays bounded, the rest get 503, a normal client is served",
  { timeout: 120_000 },
  async () => {
    const server = await slowServer({});
    const clients: ReturnType<typeof rawClient>[] = [];
    try {
      const before = await server.rss();
      const nearlyAll = new Uint8Array(4 * MiB - 1).fill(0x20);
      for (let i = 0; i < 100; i++) clients.push(rawClient(server.port, postHead(server.port, 4 * MiB), nearlyAll));
      // Every client is either refused at once or holds its reservation until the body timeout.
      // A refused connection is closed with its upload unread, so the kernel may reset it before
      // the client reads the 503: a close counts as a refusal too.
      const isRefused = (c: ReturnType<typeof rawClient>) => c.status() === "503" || c.isClosed();
      await until("the refusals", () => clients.filter(isRefused).length >= 90, 60_000);
      const refused = clients.filter(isRefused);
      assert.ok(
        refused.some((c) => c.status() === "503"),
        "some refusals arrive as 503",
      );
      for (const client of refused.filter((c) => c.status() !== undefined)) {
        assert.equal(client.status(), "503");
        assert.match(client.received(), /retry-after: 1/i);
        assert.match(client.received(), /connection: close/i);
      }
      // Let the admitted ones deliver all they will (4 MiB less one byte each).
      await new Promise((done) => setTimeout(done, 1500));
      const during = await server.rss();
      const ordinary = await post(
        server.url,
        { jsonrpc: "2.0", id: 7, method: "tools/list", params: { _meta: modernMeta() } },
        modernHeaders("tools/list"),
      );
      assert.equal(ordinary.status, 200, "an ordinary client is served while the slow ones hold on");
      assert.equal(ordinary.answer?.id, 7);
      const grewMiB = (during - before) / MiB;
      // Unbounded, this grew by ~385 MB; the default budget is 32 MiB of bodies.
      assert.ok(grewMiB < 96, `RSS grew by ${grewMiB.toFixed(1)} MiB with 100 slow 4 MiB bodies`);
      console.log(
        `# slow clients: ${refused.length}/100 refused (503, or closed before it was read), RSS ${(before / MiB).toFixed(0)} -> ${(during / MiB).toFixed(0)} MiB`,
      );
    } finally {
      for (const client of clients) client.destroy();
      await server.close();
    }
  },
);

test("slow bodies get 408 and slow headers are cut off; the server keeps serving", { timeout: 60_000 }, async () => {
  const server = await slowServer({ bodyTimeoutMs: 300, headersTimeoutMs: 600 });
  try {
    const slowBody = rawClient(server.port, postHead(server.port, 100), new TextEncoder().encode('{"jsonrpc":'));
    await slowBody.closed;
    assert.equal(slowBody.status(), "408", slowBody.received());
    assert.match(slowBody.received(), /did not arrive within 300 ms/);

    const slowHeaders = rawClient(server.port, `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: appl`);
    await slowHeaders.closed;
    assert.ok(slowHeaders.status() === undefined || slowHeaders.status() === "408", slowHeaders.received());

    await server.rss();
  } finally {
    await server.close();
  }
});

test("fetch front door: an oversized announcement is 413, a stalled stream 408, a full budget 503", { timeout: 30_000 }, async () => {
  const mcp = new McpServer({ name: "fetch-bodies", version: "1.0.0" });
  mcp.tool("noop", { description: "Does nothing" }, () => "ok");
  const handler = createFetchHandler(mcp, { maxBodyBytes: 1000, maxBufferedBytes: 1400, bodyTimeoutMs: 200 });
  const headers = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    host: "localhost",
    ...modernHeaders("tools/list"),
  };
  const request = (body: string | ReadableStream<Uint8Array>, extra: Record<string, string> = {}) =>
    new Request("http://localhost/mcp", { method: "POST", headers: { ...headers, ...extra }, body, duplex: "half" } as RequestInit);

  assert.equal((await handler(request("x".repeat(10), { "content-length": "5000" }))).status, 413);

  const stalled = new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new TextEncoder().encode("{")) });
  const timedOut = await handler(request(stalled));
  assert.equal(timedOut.status, 408);

  // One large body holding its reservation (announced, never finished) leaves no room for another.
  const held = new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new Uint8Array(10)) });
  const holding = handler(request(held, { "content-length": "900" }));
  const second = await handler(request("x".repeat(900), { "content-length": "900" }));
  assert.equal(second.status, 503);
  assert.equal(second.headers.get("retry-after"), "1");
  // Small bodies use the reserved quarter and still pass.
  const small = JSON.stringify({ jsonrpc: "2.0", id: 3, method: "tools/list", params: { _meta: modernMeta() } });
  assert.equal((await handler(request(small))).status, 200);
  assert.equal((await holding).status, 408);
  await handler.close();
});

test("property: the body budget never exceeds its caps and is whole again once every body ends", () => {
  const step = fc.record({
    connection: fc.integer({ min: 0, max: 3 }),
    declared: fc.option(fc.integer({ min: 0, max: 6000 }), { nil: undefined }),
    chunks: fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 5 }),
    ending: fc.constantFrom("text", "timeout", "aborted"),
  });
  fc.assert(
    fc.property(fc.array(step, { maxLength: 30 }), fc.boolean(), (steps, interleave) => {
      const budget = new BodyBudget(8000, 4000, 1000);
      const connections = [{}, {}, {}, {}];
      const open: { body: BodyCollector; ending: string }[] = [];
      for (const s of steps) {
        const body = new BodyCollector(budget, connections[s.connection]);
        if (!body.begin(s.declared ?? Number.NaN)) {
          for (const size of s.chunks) if (body.add(new Uint8Array(size))) break;
        }
        assert.ok(budget.buffered <= 8000, `buffered ${budget.buffered}`);
        open.push({ body, ending: s.ending });
        // Without interleaving, each body ends before the next starts.
        if (!interleave) {
          const { body: last, ending } = open.pop()!;
          if (ending === "text") last.text();
          else last.refuse(ending as "timeout");
        }
      }
      for (const { body, ending } of open)
        if (ending === "text") body.text();
        else body.refuse(ending as "timeout");
      assert.equal(budget.buffered, 0);
    }),
    runsFromEnv(300),
  );
});

test("the small-body quarter: large bodies cannot take it", () => {
  const budget = new BodyBudget(4 * MiB, MiB, 1000);
  const large = [1, 2, 3].map(() => new BodyCollector(budget, {}));
  assert.deepEqual(
    large.map((b) => b.begin(MiB)),
    [undefined, undefined, undefined],
  );
  assert.equal(new BodyCollector(budget, {}).begin(MiB), "busy");
  assert.equal(new BodyCollector(budget, {}).begin(SMALL_BODY_BYTES), undefined);
  assert.throws(() => new BodyBudget(MiB, MiB, 1000), /at least 4\/3/);
});

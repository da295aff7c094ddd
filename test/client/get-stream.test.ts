/**
 * The legacy GET stream stays open: when the server ends it (or it breaks) after giving event
 * ids, the client reopens it with Last-Event-ID, after the server's `retry`, and hears what
 * comes next; a server that gives no ids (nothing to resume from) is not asked again.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Client, HttpClientTransport, type ServerNotification } from "../../src/client/index.ts";

const info = { name: "get-stream-test", version: "1.0.0" };
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A session server by hand: `onGet` writes each GET stream (the n-th one, its Last-Event-ID). */
async function sessionServer(onGet: (n: number, lastEventId: string | undefined, res: ServerResponse) => void) {
  const gets: (string | undefined)[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    if (req.method === "GET") {
      const last = req.headers["last-event-id"] as string | undefined;
      gets.push(last);
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      onGet(gets.length, last, res);
      return;
    }
    if (req.method === "DELETE") return void res.writeHead(200).end();
    let body = "";
    for await (const chunk of req) body += chunk;
    const message = JSON.parse(body) as { id?: number; method: string };
    if (message.id === undefined) return void res.writeHead(202).end();
    const result =
      message.method === "initialize"
        ? { protocolVersion: "2025-11-25", capabilities: { tools: {} }, serverInfo: { name: "by-hand", version: "1" } }
        : {};
    res
      .writeHead(200, { "content-type": "application/json", "mcp-session-id": "s-1" })
      .end(JSON.stringify({ jsonrpc: "2.0", id: message.id, result }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  return {
    url,
    gets,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const event = (id: number, method: string) =>
  `id: ${id}\nevent: message\ndata: ${JSON.stringify({ jsonrpc: "2.0", method, params: { n: id } })}\n\n`;

test("legacy GET stream: ended by the server, reopened with Last-Event-ID after its retry; what follows arrives", async () => {
  const s = await sessionServer((n, _last, res) => {
    if (n === 1) {
      res.write("id: 1\nretry: 30\ndata: \n\n");
      res.write(event(2, "notifications/tools/list_changed"));
      setTimeout(() => res.end(), 20);
    } else {
      res.write(event(3, "notifications/resources/list_changed"));
    }
  });
  const heard: ServerNotification[] = [];
  const client = new Client(info, { era: "legacy", onNotification: (n) => heard.push(n) });
  try {
    await client.connect(new HttpClientTransport(s.url));
    for (let i = 0; i < 100 && heard.length < 2; i++) await delay(20);
    assert.deepEqual(
      heard.map((n) => n.method),
      ["notifications/tools/list_changed", "notifications/resources/list_changed"],
    );
    assert.deepEqual(s.gets, [undefined, "2"]);
  } finally {
    await client.close();
    await s.close();
  }
});

test("legacy GET stream: one the server ends without event ids or retry is not reopened", async () => {
  const s = await sessionServer((_n, _last, res) => {
    res.write(`event: message\ndata: ${JSON.stringify({ jsonrpc: "2.0", method: "notifications/tools/list_changed" })}\n\n`);
    setTimeout(() => res.end(), 10);
  });
  const client = new Client(info, { era: "legacy", onNotification: () => {} });
  try {
    await client.connect(new HttpClientTransport(s.url, { reconnectDelayMs: 10 }));
    await delay(200);
    assert.equal(s.gets.length, 1);
  } finally {
    await client.close();
    await s.close();
  }
});

test("legacy GET stream: failed reconnections back off and stop after maxReconnects", async () => {
  const server = await sessionServer((n, _last, res) => {
    if (n === 1) {
      res.write("id: 7\nretry: 10\ndata: \n\n");
      // Break the connection instead of ending the stream cleanly.
      setTimeout(() => res.socket?.destroy(), 10);
    } else {
      res.socket?.destroy();
    }
  });
  const client = new Client(info, { era: "legacy" });
  try {
    await client.connect(new HttpClientTransport(server.url, { maxReconnects: 2 }));
    await delay(600);
    // the first GET, then reconnections carrying the id, ending after the limit
    assert.ok(server.gets.length >= 2 && server.gets.length <= 4, `GETs: ${server.gets.length}`);
    assert.ok(server.gets.slice(1).every((id) => id === "7"));
  } finally {
    await client.close();
    await server.close();
  }
});

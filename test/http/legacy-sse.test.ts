import { test } from "node:test";
import assert from "node:assert/strict";
import { MemoryStore } from "../../src/state/store.ts";
import { LEGACY, postJson, SseReader, start } from "./helpers.ts";

test("2024-11-05 HTTP+SSE: endpoint event, POST to it (202), answers on the stream", async () => {
  const s = await start({ legacySse: true });
  try {
    const origin = new URL(s.url).origin;
    const res = await fetch(`${origin}/sse`, { headers: { accept: "text/event-stream" } });
    assert.equal(res.status, 200);
    const reader = new SseReader(res);
    const endpoint = (await reader.next())!;
    assert.equal(endpoint.event, "endpoint");
    assert.match(endpoint.data, /^\/messages\?sessionId=[\x21-\x7E]+$/);
    const post = (body: object) => postJson(`${origin}${endpoint.data}`, body, { accept: "*/*" });
    const accepted = await post({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2024-11-05", capabilities: { elicitation: {} }, clientInfo: { name: "old", version: "1" } },
    });
    assert.equal(accepted.status, 202);
    const init = (await reader.next())!;
    assert.equal(init.event, "message");
    assert.equal((init.json!.result as { protocolVersion: string }).protocolVersion, "2024-11-05");
    await post({ jsonrpc: "2.0", method: "notifications/initialized" });
    await post({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "echo", arguments: { text: "over sse" } } });
    const echo = (await reader.nextMessage())!;
    assert.equal((echo.result as { content: { text: string }[] }).content[0].text, "over sse");
    // A server-to-client request and its answer.
    await post({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "ask_name", arguments: {} } });
    const ask = (await reader.nextMessage())!;
    assert.equal(ask.method, "elicitation/create");
    // Request 3 is still in flight: the same id again is refused on the stream, and 3 still gets its own answer.
    await post({ jsonrpc: "2.0", id: 3, method: "tools/list" });
    const duplicate = (await reader.nextMessage())!;
    assert.equal(duplicate.id, 3);
    assert.equal((duplicate.error as { code: number }).code, -32600);
    assert.equal((await post({ jsonrpc: "2.0", id: ask.id, result: { action: "accept", content: { name: "Old" } } })).status, 202);
    const result = (await reader.nextMessage())!;
    assert.equal((result.result as { content: { text: string }[] }).content[0].text, "Hello, Old!");
    await reader.cancel();
    // The session ends with its stream.
    await new Promise((r) => setTimeout(r, 50));
    assert.equal((await post({ jsonrpc: "2.0", id: 4, method: "tools/list" })).status, 404);
    // The streamable endpoint is served beside it.
    const modernInit = await postJson(s.url, {
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion: LEGACY, capabilities: {}, clientInfo: { name: "x", version: "1" } },
    });
    assert.equal(modernInit.status, 200);
  } finally {
    await s.close();
  }
});

test("the messages endpoint needs a live sessionId", async () => {
  const s = await start({ legacySse: true });
  try {
    const origin = new URL(s.url).origin;
    assert.equal((await postJson(`${origin}/messages`, { jsonrpc: "2.0", id: 1, method: "tools/list" })).status, 400);
    assert.equal((await postJson(`${origin}/messages?sessionId=nope`, { jsonrpc: "2.0", id: 1, method: "tools/list" })).status, 404);
    assert.equal((await fetch(`${origin}/sse`, { method: "POST" })).status, 405);
  } finally {
    await s.close();
  }
});

test("HTTP+SSE sessions live in the configured store, not one of their own", async () => {
  const deleted: string[] = [];
  const store = new (class extends MemoryStore {
    override async delete(key: string): Promise<void> {
      deleted.push(key);
      await super.delete(key);
    }
  })();
  const s = await start({ legacySse: true, sessions: { store } });
  try {
    const origin = new URL(s.url).origin;
    const reader = new SseReader(await fetch(`${origin}/sse`, { headers: { accept: "text/event-stream" } }));
    const sessionId = new URLSearchParams((await reader.next())!.data.split("?")[1]).get("sessionId")!;
    await reader.cancel();
    for (let i = 0; i < 50 && deleted.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(
      deleted.some((key) => key.endsWith(sessionId)),
      `the ended session is forgotten in the configured store (saw ${deleted.join(", ")})`,
    );
  } finally {
    await s.close();
  }
});

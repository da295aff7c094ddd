import { test } from "node:test";
import assert from "node:assert/strict";
import { createFetchHandler } from "../../src/transports/http/index.ts";
import { LEGACY, makeServer, modernHeaders, modernMeta, sleep, SseReader } from "./helpers.ts";

const URL_BASE = "http://localhost/mcp";

function modernRequest(method: string, params: Record<string, unknown> = {}, init: RequestInit = {}) {
  const name = (params.name ?? params.uri) as string | undefined;
  return new Request(URL_BASE, {
    method: "POST",
    headers: modernHeaders(method, name),
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: { _meta: modernMeta(), ...params } }),
    ...init,
  });
}

test("fetch handler: modern JSON, SSE upgrade as a ReadableStream, status codes", async () => {
  const { mcp } = makeServer();
  const handler = createFetchHandler(mcp);
  try {
    const json = await handler(modernRequest("tools/call", { name: "echo", arguments: { text: "fetch" } }));
    assert.equal(json.status, 200);
    assert.equal(((await json.json()) as { result: { content: { text: string }[] } }).result.content[0].text, "fetch");
    const sse = await handler(
      modernRequest("tools/call", { name: "progress", arguments: {}, _meta: modernMeta({}, { progressToken: "t" }) }),
    );
    assert.equal(sse.headers.get("content-type"), "text/event-stream");
    const events = await new SseReader(sse).rest();
    assert.equal(events.length, 4);
    const removed = await handler(modernRequest("ping"));
    assert.equal(removed.status, 404);
    const mismatch = await handler(
      new Request(URL_BASE, {
        method: "POST",
        headers: modernHeaders("tools/list", undefined, { "mcp-method": "prompts/list" }),
        body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list", params: { _meta: modernMeta() } }),
      }),
    );
    assert.equal(mismatch.status, 400);
    assert.equal(((await mismatch.json()) as { error: { code: number } }).error.code, -32020);
    const notification = await handler(
      new Request(URL_BASE, {
        method: "POST",
        headers: modernHeaders("x"),
        body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/cancelled", params: { _meta: modernMeta() } }),
      }),
    );
    assert.equal(notification.status, 202);
    const evil = await handler(
      new Request("http://evil.example.com/mcp", { method: "POST", headers: modernHeaders("tools/list"), body: "{}" }),
    );
    assert.equal(evil.status, 403);
    const big = await handler(
      new Request(URL_BASE, { method: "POST", headers: modernHeaders("tools/list"), body: "x".repeat(5 * 1024 * 1024) }),
    );
    assert.equal(big.status, 413);
  } finally {
    await handler.close();
  }
});

test("fetch handler: aborting the request cancels the handler", async () => {
  const { mcp, seen } = makeServer();
  const handler = createFetchHandler(mcp);
  try {
    const controller = new AbortController();
    void handler(modernRequest("tools/call", { name: "slow", arguments: {} }, { signal: controller.signal }));
    for (let i = 0; i < 100 && seen.started === 0; i++) await sleep(10);
    controller.abort();
    for (let i = 0; i < 100 && seen.cancelled === 0; i++) await sleep(10);
    assert.equal(seen.cancelled, 1);
  } finally {
    await handler.close();
  }
});

test("fetch handler: listen stream and legacy sessions", async () => {
  const { mcp } = makeServer();
  const handler = createFetchHandler(mcp);
  try {
    const listen = new SseReader(await handler(modernRequest("subscriptions/listen", { notifications: { toolsListChanged: true } })));
    assert.equal((await listen.nextMessage())!.method, "notifications/subscriptions/acknowledged");
    mcp.tool("new_tool", { description: "new" }, () => "x");
    assert.equal((await listen.nextMessage())!.method, "notifications/tools/list_changed");
    await listen.cancel();

    const legacyHeaders = { "content-type": "application/json", accept: "application/json, text/event-stream" };
    const init = await handler(
      new Request(URL_BASE, {
        method: "POST",
        headers: legacyHeaders,
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 0,
          method: "initialize",
          params: { protocolVersion: LEGACY, capabilities: {}, clientInfo: { name: "f", version: "1" } },
        }),
      }),
    );
    const sessionId = init.headers.get("mcp-session-id")!;
    assert.ok(sessionId);
    const get = new SseReader(
      await handler(new Request(URL_BASE, { headers: { accept: "text/event-stream", "mcp-session-id": sessionId } })),
    );
    await get.next(); // priming
    mcp.tool("another_tool", { description: "another" }, () => "x");
    assert.equal((await get.nextMessage())!.method, "notifications/tools/list_changed");
    await get.cancel();
    const del = await handler(new Request(URL_BASE, { method: "DELETE", headers: { "mcp-session-id": sessionId } }));
    assert.equal(del.status, 204);
    const gone = await handler(
      new Request(URL_BASE, {
        method: "POST",
        headers: { ...legacyHeaders, "mcp-session-id": sessionId },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
      }),
    );
    assert.equal(gone.status, 404);
  } finally {
    await handler.close();
  }
});

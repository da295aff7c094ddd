import { test } from "node:test";
import assert from "node:assert/strict";
import { postModern, sleep, SseReader, start } from "./helpers.ts";

const subscriptionId = (m: Record<string, unknown>) =>
  (m.params as { _meta: Record<string, unknown> })._meta["io.modelcontextprotocol/subscriptionId"];

test("subscriptions/listen: ack first, then tagged list changes caused by other requests", async () => {
  const s = await start();
  try {
    const res = await postModern(s.url, "subscriptions/listen", { notifications: { toolsListChanged: true } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/event-stream");
    const reader = new SseReader(res);
    const ack = (await reader.nextMessage())!;
    assert.equal(ack.method, "notifications/subscriptions/acknowledged");
    assert.deepEqual((ack.params as { notifications: object }).notifications, { toolsListChanged: true });
    const listenId = subscriptionId(ack);
    assert.ok(listenId !== undefined);
    await (await postModern(s.url, "tools/call", { name: "add_tool", arguments: {} })).json();
    const change = (await reader.nextMessage())!;
    assert.equal(change.method, "notifications/tools/list_changed");
    assert.equal(subscriptionId(change), listenId);
    await reader.cancel();
  } finally {
    await s.close();
  }
});

test("the filter is honoured: a prompts-only listen hears no tools change", async () => {
  const s = await start();
  try {
    const reader = new SseReader(await postModern(s.url, "subscriptions/listen", { notifications: { promptsListChanged: true } }));
    assert.equal((await reader.nextMessage())!.method, "notifications/subscriptions/acknowledged");
    await (await postModern(s.url, "tools/call", { name: "add_tool", arguments: {} })).json();
    s.mcp.prompt("another", { description: "another" }, () => "x");
    const next = (await reader.nextMessage())!;
    assert.equal(next.method, "notifications/prompts/list_changed");
    await reader.cancel();
  } finally {
    await s.close();
  }
});

test("closing the listen connection unsubscribes it from the bus", async () => {
  const s = await start();
  try {
    const bus = s.mcp.bus.current as unknown as { topics: Map<string, Set<unknown>> };
    const before = bus.topics.get("list-changed")?.size ?? 0;
    const controller = new AbortController();
    const res = await postModern(
      s.url,
      "subscriptions/listen",
      { notifications: { toolsListChanged: true } },
      {},
      { signal: controller.signal },
    );
    const reader = new SseReader(res);
    await reader.nextMessage();
    assert.equal(bus.topics.get("list-changed")?.size ?? 0, before + 1);
    controller.abort();
    for (let i = 0; i < 100 && (bus.topics.get("list-changed")?.size ?? 0) > before; i++) await sleep(10);
    assert.equal(bus.topics.get("list-changed")?.size ?? 0, before);
  } finally {
    await s.close();
  }
});

test("shutdown ends a listen stream gracefully with its final result", async () => {
  const s = await start();
  const reader = new SseReader(await postModern(s.url, "subscriptions/listen", { notifications: { toolsListChanged: true } }));
  const ack = (await reader.nextMessage())!;
  const closing = s.close();
  const final = (await reader.nextMessage())!;
  assert.equal((final.result as { resultType: string }).resultType, "complete");
  assert.equal((final.result as { _meta: Record<string, unknown> })._meta["io.modelcontextprotocol/subscriptionId"], subscriptionId(ack));
  assert.equal(await reader.next(), undefined, "the stream ends");
  await closing;
});

test("keep-alive comments flow on a quiet listen stream", async () => {
  const s = await start({ keepAliveMs: 30 });
  try {
    const reader = new SseReader(await postModern(s.url, "subscriptions/listen", { notifications: { toolsListChanged: true } }));
    await reader.nextMessage();
    await assert.rejects(reader.next(150)); // nothing but comments arrives
    assert.ok(reader.comments >= 2, `comments: ${reader.comments}`);
    await reader.cancel();
  } finally {
    await s.close();
  }
});

// Client behaviour against scripted servers: era fall-back, version checks, input-required limits, raw wire shapes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Client, McpError, MemoryTransport } from "../../src/client/index.ts";
import type { ClientOptions } from "../../src/client/index.ts";
import type { JsonRpcMessage, JsonRpcRequest } from "../../src/protocol/jsonrpc.ts";

type Answer = Record<string, unknown> | McpError | undefined;

/** A fake server: `answer` returns a result, an McpError to send as an error, or undefined to stay silent. */
async function scripted(answer: (request: JsonRpcRequest) => Answer, options: ClientOptions = {}) {
  const [clientSide, serverSide] = MemoryTransport.pair();
  const received: JsonRpcMessage[] = [];
  serverSide.start({
    onMessage: (inbound) => {
      if (inbound.kind === "invalid" || inbound.kind === "dropped") return;
      received.push(inbound.message);
      if (inbound.kind !== "request") return;
      const out = answer(inbound.message);
      if (out === undefined) return;
      const id = inbound.message.id;
      serverSide.send(out instanceof McpError ? { jsonrpc: "2.0", id, error: out.toJSON() } : { jsonrpc: "2.0", id, result: out });
    },
    onClose: () => {},
  });
  const client = new Client({ name: "scripted-client", version: "0.1.0" }, options);
  return { client, clientSide, serverSide, received, connect: () => client.connect(clientSide) };
}

const legacyInit = (version = "2025-06-18") => ({
  protocolVersion: version,
  capabilities: { tools: {} },
  serverInfo: { name: "old", version: "1" },
});
const methods = (received: JsonRpcMessage[]) => received.map((m) => ("method" in m ? m.method : "(response)"));

for (const code of [-32601, -32602, -32022]) {
  test(`auto falls back to initialize when server/discover fails with ${code}`, async () => {
    const peer = await scripted((r) => {
      if (r.method === "server/discover") return new McpError(code, "nope");
      if (r.method === "initialize") return legacyInit();
      return {};
    });
    await peer.connect();
    assert.equal(peer.client.era, "legacy");
    assert.equal(peer.client.protocolVersion, "2025-06-18");
    assert.deepEqual(peer.client.serverInfo, { name: "old", version: "1" });
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.deepEqual(methods(peer.received), ["server/discover", "initialize", "notifications/initialized"]);
    const discover = peer.received[0] as JsonRpcRequest;
    const meta = discover.params?._meta as Record<string, unknown>;
    assert.equal(meta["io.modelcontextprotocol/protocolVersion"], "2026-07-28");
    assert.deepEqual(meta["io.modelcontextprotocol/clientInfo"], { name: "scripted-client", version: "0.1.0" });
    assert.deepEqual(meta["io.modelcontextprotocol/clientCapabilities"], {});
    assert.equal((peer.received[1] as JsonRpcRequest).params?.protocolVersion, "2025-11-25");
    await peer.client.close();
  });
}

test("auto falls back when discover answers without 2026-07-28 in supportedVersions", async () => {
  const peer = await scripted((r) =>
    r.method === "server/discover" ? { supportedVersions: ["2099-01-01"], capabilities: {} } : legacyInit("2025-11-25"),
  );
  await peer.connect();
  assert.equal(peer.client.era, "legacy");
  await peer.client.close();
});

test("era: modern does not fall back", async () => {
  const peer = await scripted(() => new McpError(-32601, "Method not found"), { era: "modern" });
  await assert.rejects(peer.connect(), (error: unknown) => error instanceof McpError && error.code === -32601);
  assert.deepEqual(methods(peer.received), ["server/discover"]);
});

test("era: legacy goes straight to initialize", async () => {
  const peer = await scripted(() => legacyInit(), { era: "legacy", logLevel: "debug" });
  await peer.connect();
  await new Promise((resolve) => setTimeout(resolve, 5));
  // The scripted server declares no logging capability, so no setLevel is sent.
  assert.deepEqual(methods(peer.received), ["initialize", "notifications/initialized"]);
  await peer.client.close();
});

test("an unknown legacy version fails clearly and closes the connection", async () => {
  const peer = await scripted(() => legacyInit("1999-01-01"), { era: "legacy" });
  await assert.rejects(
    peer.connect(),
    (error: unknown) =>
      error instanceof McpError && error.code === -32022 && /"1999-01-01"/.test(error.message) && /2025-11-25/.test(error.message),
  );
  await peer.client.closed;
});

test("a discover timeout is not mistaken for a legacy server", async () => {
  const peer = await scripted(() => undefined, { requestTimeoutMs: 30 });
  await assert.rejects(peer.connect(), (error: unknown) => error instanceof McpError && error.code === -32001);
  assert.deepEqual(
    methods(peer.received).filter((m) => m === "initialize"),
    [],
  );
});

test("legacy logLevel is sent with logging/setLevel after initialize", async () => {
  const peer = await scripted((r) => (r.method === "initialize" ? { ...legacyInit(), capabilities: { logging: {} } } : {}), {
    era: "legacy",
    logLevel: "notice",
  });
  await peer.connect();
  const setLevel = peer.received.find((m) => "method" in m && m.method === "logging/setLevel") as JsonRpcRequest;
  assert.deepEqual(setLevel.params, { level: "notice" });
  await peer.client.close();
});

const discovered = {
  resultType: "complete",
  supportedVersions: ["2026-07-28"],
  capabilities: { tools: {} },
  _meta: { "io.modelcontextprotocol/serverInfo": { name: "new", version: "9" } },
};

test("input_required rounds use new ids, echo requestState, and stop at maxRounds", async () => {
  let round = 0;
  const peer = await scripted(
    (r) => {
      if (r.method === "server/discover") return discovered;
      round++;
      return { resultType: "input_required", inputRequests: { q: { method: "roots/list", params: {} } }, requestState: `state-${round}` };
    },
    { era: "modern", maxRounds: 3, onRoots: () => [] },
  );
  await peer.connect();
  await assert.rejects(peer.client.callTool("loop"), (error: unknown) => error instanceof McpError && /after 3 rounds/.test(error.message));
  const calls = peer.received.filter((m): m is JsonRpcRequest => "method" in m && m.method === "tools/call");
  assert.equal(calls.length, 4);
  assert.equal(new Set(calls.map((c) => c.id)).size, 4);
  assert.equal(calls[0].params?.requestState, undefined);
  assert.deepEqual(
    calls.slice(1).map((c) => c.params?.requestState),
    ["state-1", "state-2", "state-3"],
  );
  assert.deepEqual(calls[1].params?.inputResponses, { q: { roots: [] } });
  assert.equal(calls[1].params?.name, "loop");
  await peer.client.close();
});

test("input requests without a handler fail the call without retrying", async () => {
  const peer = await scripted(
    (r) =>
      r.method === "server/discover"
        ? discovered
        : {
            resultType: "input_required",
            inputRequests: { s: { method: "sampling/createMessage", params: { messages: [], maxTokens: 1 } } },
          },
    { era: "modern" },
  );
  await peer.connect();
  await assert.rejects(
    peer.client.callTool("x"),
    (error: unknown) => error instanceof McpError && error.code === -32601 && /onSample/.test(error.message),
  );
  assert.equal(peer.received.filter((m) => "method" in m && m.method === "tools/call").length, 1);
  await peer.client.close();
});

test("listAllTools follows nextCursor", async () => {
  const pages: Record<string, Record<string, unknown>> = {
    "": { tools: [{ name: "a", inputSchema: { type: "object" } }], nextCursor: "p2" },
    p2: { tools: [{ name: "b", inputSchema: { type: "object" } }], nextCursor: "p3" },
    p3: { tools: [{ name: "c", inputSchema: { type: "object" } }] },
  };
  const peer = await scripted((r) => (r.method === "server/discover" ? discovered : pages[(r.params?.cursor as string | undefined) ?? ""]));
  await peer.connect();
  assert.deepEqual(
    (await peer.client.listAllTools()).map((t) => t.name),
    ["a", "b", "c"],
  );
  await peer.client.close();
});

test("legacy: answers server requests, replies -32601 without a handler, and stays silent for cancelled ones", async () => {
  let release: (() => void) | undefined;
  const peer = await scripted((r) => (r.method === "initialize" ? legacyInit() : {}), {
    era: "legacy",
    onRoots: () => [{ uri: "file:///x" }],
    onElicit: (_params, ctx) =>
      new Promise((resolve) => {
        release = () => resolve({ action: "cancel" });
        ctx.signal.addEventListener("abort", () => release?.());
      }),
  });
  await peer.connect();
  peer.serverSide.send({ jsonrpc: "2.0", id: "s1", method: "roots/list", params: {} });
  peer.serverSide.send({ jsonrpc: "2.0", id: "s2", method: "sampling/createMessage", params: { messages: [], maxTokens: 1 } });
  peer.serverSide.send({ jsonrpc: "2.0", id: "s3", method: "ping" });
  peer.serverSide.send({
    jsonrpc: "2.0",
    id: "s4",
    method: "elicitation/create",
    params: { message: "?", requestedSchema: { type: "object" } },
  });
  await new Promise((resolve) => setTimeout(resolve, 10));
  peer.serverSide.send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: "s4" } });
  await new Promise((resolve) => setTimeout(resolve, 10));
  const replies = new Map(peer.received.filter((m) => !("method" in m)).map((m) => [(m as { id: string }).id, m]));
  assert.deepEqual(replies.get("s1"), { jsonrpc: "2.0", id: "s1", result: { roots: [{ uri: "file:///x" }] } });
  const s2 = replies.get("s2") as { error: { code: number; message: string } };
  assert.equal(s2.error.code, -32601);
  assert.match(s2.error.message, /onSample/);
  assert.deepEqual(replies.get("s3"), { jsonrpc: "2.0", id: "s3", result: {} });
  assert.equal(replies.has("s4"), false);
  await peer.client.close();
});

test("modern listen: acknowledgement, routing by subscription id, graceful end, and a stdio-style cancel", async () => {
  const elsewhere: string[] = [];
  const peer = await scripted((r) => (r.method === "server/discover" ? discovered : undefined), {
    era: "modern",
    onNotification: (n) => elsewhere.push(n.method),
  });
  await peer.connect();
  const first: string[] = [];
  const second: string[] = [];
  const a = peer.client.listen({ toolsListChanged: true }, (n) => first.push(n.method));
  const b = peer.client.listen({ promptsListChanged: true }, (n) => second.push(n.method));
  await new Promise((resolve) => setTimeout(resolve, 5));
  const meta = (id: unknown) => ({ "io.modelcontextprotocol/subscriptionId": id });
  peer.serverSide.send({
    jsonrpc: "2.0",
    method: "notifications/subscriptions/acknowledged",
    params: { notifications: { toolsListChanged: true }, _meta: meta(a.id) },
  });
  peer.serverSide.send({ jsonrpc: "2.0", method: "notifications/tools/list_changed", params: { _meta: meta(a.id) } });
  peer.serverSide.send({ jsonrpc: "2.0", method: "notifications/prompts/list_changed", params: { _meta: meta(b.id) } });
  assert.deepEqual(await a.acknowledged, { toolsListChanged: true });
  peer.serverSide.send({ jsonrpc: "2.0", id: a.id, result: { resultType: "complete", _meta: meta(a.id) } });
  peer.serverSide.send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: b.id } });
  await a.ended;
  await b.ended;
  await assert.rejects(b.acknowledged);
  assert.deepEqual(first, ["notifications/tools/list_changed"]);
  assert.deepEqual(second, ["notifications/prompts/list_changed"]);
  assert.deepEqual(elsewhere, []);
  const listen = peer.received.find((m) => "method" in m && m.method === "subscriptions/listen") as JsonRpcRequest;
  assert.deepEqual(listen.params?.notifications, { toolsListChanged: true });
  assert.equal((listen.params?._meta as Record<string, unknown>)["io.modelcontextprotocol/protocolVersion"], "2026-07-28");
  await peer.client.close();
});

test("closing a listen handle sends notifications/cancelled for it", async () => {
  const peer = await scripted((r) => (r.method === "server/discover" ? discovered : undefined), { era: "modern" });
  await peer.connect();
  const handle = peer.client.listen({ toolsListChanged: true }, () => {});
  await handle.close();
  await new Promise((resolve) => setTimeout(resolve, 5));
  const cancel = peer.received.find((m) => "method" in m && m.method === "notifications/cancelled") as unknown as {
    params: { requestId: unknown };
  };
  assert.equal(cancel.params.requestId, handle.id);
  assert.equal(handle.isOpen, false);
  await peer.client.close();
});

test("modern ping and setLogLevel send nothing; the level rides in later envelopes", async () => {
  const peer = await scripted((r) => (r.method === "server/discover" ? discovered : { tools: [] }), { era: "modern" });
  await peer.connect();
  await peer.client.ping();
  await peer.client.setLogLevel("debug");
  await peer.client.listTools();
  const sent = peer.received.filter((m): m is JsonRpcRequest => "method" in m);
  assert.deepEqual(
    sent.map((m) => m.method),
    ["server/discover", "tools/list"],
  );
  assert.equal((sent[1].params?._meta as Record<string, unknown>)["io.modelcontextprotocol/logLevel"], "debug");
  await assert.rejects(peer.client.setLogLevel("loud" as never), TypeError);
  await peer.client.close();
});

test("calls before connect() reject", async () => {
  const client = new Client({ name: "c", version: "1" });
  await assert.rejects(client.listTools(), /not connected/);
  assert.throws(() => new Client({ name: "", version: "1" }), TypeError);
});

test("notifyRootsListChanged is sent on legacy only", async () => {
  for (const era of ["legacy", "modern"] as const) {
    const peer = await scripted((r) => (r.method === "server/discover" ? discovered : legacyInit()), { era, onRoots: () => [] });
    await peer.connect();
    peer.client.notifyRootsListChanged();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const sent = peer.received.filter((m) => "method" in m && m.method === "notifications/roots/list_changed");
    assert.equal(sent.length, era === "legacy" ? 1 : 0, era);
    await peer.client.close();
  }
});

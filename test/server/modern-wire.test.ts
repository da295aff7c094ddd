import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { McpServer } from "../../src/index.ts";
import { modernMeta, rawPeer } from "../helpers/raw-peer.ts";

function makeServer() {
  const mcp = new McpServer({ name: "wire-test", version: "1.2.3", instructions: "Be nice." });
  mcp.tool("add", { description: "Add numbers", input: { a: z.number(), b: z.number().default(1) } }, ({ a, b }) => String(a + b));
  mcp.tool("greet", { description: "Asks for a name" }, async (_args, ctx) => {
    const calls = await ctx.step("expensive", () => {
      counter.n++;
      return counter.n;
    });
    const answer = await ctx.elicit("Your name?", { name: z.string() }, { key: "user_name" });
    if (answer.action !== "accept") return "no name";
    const color = await ctx.elicit("Favourite colour?", { color: z.string() });
    return `Hello, ${answer.content.name}! (${color.action === "accept" ? color.content.color : "?"}, step ran ${calls})`;
  });
  mcp.tool("needs_sampling", async (_args, ctx) => (await ctx.sample("hi")).model);
  mcp.resource("test://static", { description: "static", mimeType: "text/plain" }, () => "static text");
  mcp.resource("test://item/{id}", { mimeType: "application/json" }, ({ id }) => ({ id }));
  mcp.prompt("p", { description: "a prompt", args: { topic: { description: "what", required: true } } }, ({ topic }) => `About ${topic}`);
  const counter = { n: 0 };
  return { mcp, counter };
}

test("server/discover describes the server with cache hints and server info", async () => {
  const { mcp } = makeServer();
  const peer = await rawPeer(mcp);
  const res = await peer.request("server/discover", { _meta: modernMeta() });
  const result = res.result as Record<string, unknown>;
  assert.equal(result.resultType, "complete");
  assert.deepEqual(result.supportedVersions, ["2026-07-28"]);
  assert.ok((result.capabilities as Record<string, unknown>).tools);
  assert.equal(result.instructions, "Be nice.");
  assert.equal(typeof result.ttlMs, "number");
  assert.ok(result.cacheScope === "public" || result.cacheScope === "private");
  assert.deepEqual((result._meta as Record<string, unknown>)["io.modelcontextprotocol/serverInfo"], {
    name: "wire-test",
    version: "1.2.3",
  });
  await peer.close();
});

test("the envelope is validated with the errors the spec names", async () => {
  const { mcp } = makeServer();
  const peer = await rawPeer(mcp);
  const missing = await peer.request("tools/list", {});
  assert.equal((missing.error as { code: number }).code, -32602);
  const noCaps = await peer.request("tools/list", { _meta: { "io.modelcontextprotocol/protocolVersion": "2026-07-28" } });
  assert.equal((noCaps.error as { code: number }).code, -32602);
  const badVersion = await peer.request("tools/list", { _meta: modernMeta({}, { "io.modelcontextprotocol/protocolVersion": "v999.0.0" }) });
  const error = badVersion.error as { code: number; data: { supported: string[]; requested: string } };
  assert.equal(error.code, -32022);
  assert.deepEqual(error.data, { supported: ["2026-07-28"], requested: "v999.0.0" });
  for (const method of ["ping", "logging/setLevel", "resources/subscribe", "unknown/method"]) {
    const res = await peer.request(method, { _meta: modernMeta() });
    assert.equal((res.error as { code: number }).code, -32601, method);
  }
  await peer.close();
});

test("tools/list and tools/call carry resultType; bad arguments become isError results", async () => {
  const { mcp } = makeServer();
  const peer = await rawPeer(mcp);
  const list = (await peer.request("tools/list", { _meta: modernMeta() })).result as {
    tools: { name: string; inputSchema: { required?: string[] } }[];
    resultType: string;
  };
  assert.equal(list.resultType, "complete");
  const add = list.tools.find((t) => t.name === "add")!;
  assert.deepEqual(add.inputSchema.required, ["a"]);
  const call = (await peer.request("tools/call", { name: "add", arguments: { a: 2 }, _meta: modernMeta() })).result as {
    content: { text: string }[];
    resultType: string;
  };
  assert.equal(call.content[0].text, "3");
  assert.equal(call.resultType, "complete");
  const bad = (await peer.request("tools/call", { name: "add", arguments: { a: "x" }, _meta: modernMeta() })).result as {
    isError: boolean;
    content: { text: string }[];
  };
  assert.equal(bad.isError, true);
  assert.match(bad.content[0].text, /a/);
  const unknown = await peer.request("tools/call", { name: "nope", _meta: modernMeta() });
  assert.equal((unknown.error as { code: number }).code, -32602);
  await peer.close();
});

test("elicitation runs as input_required rounds with a signed, bound requestState", async () => {
  const { mcp, counter } = makeServer();
  const peer = await rawPeer(mcp);
  const caps = { elicitation: {} };
  const round1 = (await peer.request("tools/call", { name: "greet", arguments: {}, _meta: modernMeta(caps) })).result as Record<
    string,
    unknown
  >;
  assert.equal(round1.resultType, "input_required");
  const requests = round1.inputRequests as Record<string, { method: string; params: { requestedSchema: unknown } }>;
  assert.deepEqual(Object.keys(requests), ["user_name"]);
  assert.equal(requests.user_name.method, "elicitation/create");
  assert.equal(typeof round1.requestState, "string");

  const round2 = (
    await peer.request("tools/call", {
      name: "greet",
      arguments: {},
      _meta: modernMeta(caps),
      inputResponses: { user_name: { action: "accept", content: { name: "Ada" } } },
      requestState: round1.requestState,
    })
  ).result as Record<string, unknown>;
  assert.equal(round2.resultType, "input_required");
  assert.notEqual(round2.requestState, round1.requestState);
  const key = Object.keys(round2.inputRequests as object)[0];

  const tampered = await peer.request("tools/call", {
    name: "greet",
    arguments: {},
    _meta: modernMeta(caps),
    inputResponses: { [key]: { action: "accept", content: { color: "red" } } },
    requestState: `${round2.requestState}-TAMPERED`,
  });
  assert.equal((tampered.error as { code: number }).code, -32602);

  const otherTool = await peer.request("tools/call", {
    name: "add",
    arguments: { a: 1 },
    _meta: modernMeta(caps),
    requestState: round2.requestState,
  });
  assert.equal((otherTool.error as { code: number }).code, -32602, "state is bound to its request");

  const round3 = (
    await peer.request("tools/call", {
      name: "greet",
      arguments: {},
      _meta: modernMeta(caps),
      inputResponses: { [key]: { action: "accept", content: { color: "red" } } },
      requestState: round2.requestState,
    })
  ).result as { resultType: string; content: { text: string }[] };
  assert.equal(round3.resultType, "complete");
  assert.equal(round3.content[0].text, "Hello, Ada! (red, step ran 1)");
  assert.equal(counter.n, 1, "ctx.step ran once across three rounds");
  await peer.close();
});

test("a tool needing a capability the request lacks is -32021 with requiredCapabilities", async () => {
  const { mcp } = makeServer();
  const peer = await rawPeer(mcp);
  const res = await peer.request("tools/call", { name: "needs_sampling", _meta: modernMeta({}) });
  const error = res.error as { code: number; data: unknown };
  assert.equal(error.code, -32021);
  assert.deepEqual(error.data, { requiredCapabilities: { sampling: {} } });
  await peer.close();
});

test("resources: static, template, and not found as -32602 with the uri", async () => {
  const { mcp } = makeServer();
  const peer = await rawPeer(mcp);
  const read = (await peer.request("resources/read", { uri: "test://static", _meta: modernMeta() })).result as Record<string, unknown>;
  assert.deepEqual(read.contents, [{ uri: "test://static", mimeType: "text/plain", text: "static text" }]);
  assert.equal(typeof read.ttlMs, "number");
  const item = (await peer.request("resources/read", { uri: "test://item/42", _meta: modernMeta() })).result as {
    contents: { text: string }[];
  };
  assert.deepEqual(JSON.parse(item.contents[0].text), { id: "42" });
  const missing = await peer.request("resources/read", { uri: "test://missing", _meta: modernMeta() });
  assert.deepEqual(missing.error, { code: -32602, message: "Resource not found: test://missing", data: { uri: "test://missing" } });
  await peer.close();
});

test("prompts: missing required argument is -32602", async () => {
  const { mcp } = makeServer();
  const peer = await rawPeer(mcp);
  const ok = (await peer.request("prompts/get", { name: "p", arguments: { topic: "cats" }, _meta: modernMeta() })).result as {
    messages: { content: { text: string } }[];
  };
  assert.equal(ok.messages[0].content.text, "About cats");
  const missing = await peer.request("prompts/get", { name: "p", arguments: {}, _meta: modernMeta() });
  assert.equal((missing.error as { code: number }).code, -32602);
  await peer.close();
});

test("subscriptions/listen acknowledges, tags and filters notifications", async () => {
  const { mcp } = makeServer();
  const peer = await rawPeer(mcp);
  peer.send({
    jsonrpc: "2.0",
    id: "listen-1",
    method: "subscriptions/listen",
    params: { _meta: modernMeta(), notifications: { toolsListChanged: true, resourceSubscriptions: ["test://static"] } },
  });
  const ack = (await peer.next((m) => "method" in m && m.method === "notifications/subscriptions/acknowledged")) as {
    params: Record<string, unknown>;
  };
  assert.deepEqual(ack.params.notifications, { toolsListChanged: true, resourceSubscriptions: ["test://static"] });
  assert.equal((ack.params._meta as Record<string, unknown>)["io.modelcontextprotocol/subscriptionId"], "listen-1");
  mcp.prompt("later", () => "x"); // not subscribed: must not arrive
  mcp.tool("later", () => "x");
  mcp.notifyResourceUpdated("test://static");
  const changed = (await peer.next((m) => "method" in m && m.method === "notifications/tools/list_changed")) as {
    params: Record<string, unknown>;
  };
  assert.equal((changed.params._meta as Record<string, unknown>)["io.modelcontextprotocol/subscriptionId"], "listen-1");
  await peer.next((m) => "method" in m && m.method === "notifications/resources/updated");
  assert.ok(!peer.received.some((m) => "method" in m && m.method === "notifications/prompts/list_changed"));
  await peer.close();
});

test("progress goes out only with a token, logs only with a logLevel", async () => {
  const mcp = new McpServer({ name: "p", version: "1" });
  mcp.tool("work", async (_a, ctx) => {
    ctx.log.info("starting");
    for (let i = 1; i <= 3; i++) ctx.progress(i, 3, `step ${i}`);
    ctx.progress(2, 3); // not increasing: dropped
    return "done";
  });
  const peer = await rawPeer(mcp);
  await peer.request("tools/call", { name: "work", _meta: modernMeta() });
  assert.equal(peer.received.filter((m) => "method" in m).length, 0);
  await peer.request("tools/call", {
    name: "work",
    _meta: { ...modernMeta({}, { "io.modelcontextprotocol/logLevel": "info" }), progressToken: "t1" },
  });
  const notes = peer.received.filter((m) => "method" in m) as { method: string; params: Record<string, unknown> }[];
  assert.deepEqual(
    notes.map((n) => n.method),
    ["notifications/message", "notifications/progress", "notifications/progress", "notifications/progress"],
  );
  assert.deepEqual(
    notes.slice(1).map((n) => n.params.progress),
    [1, 2, 3],
  );
  const badLevel = await peer.request("tools/call", {
    name: "work",
    _meta: modernMeta({}, { "io.modelcontextprotocol/logLevel": "loud" }),
  });
  assert.equal((badLevel.error as { code: number }).code, -32602);
  await peer.close();
});

test("malformed input gets JSON-RPC errors and the connection keeps serving", async () => {
  const { mcp } = makeServer();
  const peer = await rawPeer(mcp);
  const { parseMessage } = await import("../../src/protocol/jsonrpc.ts");
  const cases: [string, number][] = [
    ["{not json", -32700],
    ['{"jsonrpc":"1.0","id":1,"method":"x"}', -32600],
    ['{"jsonrpc":"2.0","id":{"a":1},"method":"x"}', -32600],
    ['{"jsonrpc":"2.0","id":1}', -32600],
    ['[{"jsonrpc":"2.0","id":1,"method":"x"}]', -32600],
    ['{"jsonrpc":"2.0","id":1,"method":"x","params":[1]}', -32602],
    [`{"jsonrpc":"2.0","id":1,"method":"x","params":{"a":${"[".repeat(5000)}${"]".repeat(5000)}}}`, -32600],
  ];
  for (const [text, code] of cases) {
    const inbound = parseMessage(text);
    assert.equal(inbound.kind, "invalid", text.slice(0, 40));
    if (inbound.kind === "invalid") assert.equal(inbound.error.error.code, code, text.slice(0, 40));
  }
  const after = await peer.request("tools/call", { name: "add", arguments: { a: 1, b: 1 }, _meta: modernMeta() });
  assert.equal((after.result as { content: { text: string }[] }).content[0].text, "2");
  await peer.close();
});

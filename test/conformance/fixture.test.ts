// The conformance fixture (conformance/server.ts) in memory, on both eras: the behaviours the
// official suite checks most strictly, so a unit run catches a regression before the suite does.
import { test } from "node:test";
import assert from "node:assert/strict";
import mcp from "../../conformance/server.ts";
import { modernMeta, rawPeer, type RawPeer } from "../helpers/raw-peer.ts";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The harness's default client capabilities on the stateless wire. */
const ALL_CAPS = { sampling: {}, elicitation: {}, roots: { listChanged: true } };
const accept = (content: object) => ({ action: "accept", content });

async function modern(peer: RawPeer, method: string, params: Obj = {}, caps: object = ALL_CAPS, meta: object = {}): Promise<Obj> {
  return peer.request(method, { ...params, _meta: modernMeta(caps, meta) });
}
const call = (peer: RawPeer, name: string, extra: Obj = {}, caps?: object) =>
  modern(peer, "tools/call", { name, arguments: {}, ...extra }, caps);
const notes = (peer: RawPeer, method: string) => peer.received.filter((m) => "method" in m && m.method === method) as Obj[];

test("modern: tools/list is stable, starts with test_simple_text and keeps raw schemas verbatim", async () => {
  const peer = await rawPeer(mcp);
  const { result } = await modern(peer, "tools/list");
  assert.equal(result.resultType, "complete");
  assert.equal(typeof result.ttlMs, "number");
  assert.equal(result.tools[0].name, "test_simple_text");
  for (const tool of result.tools) {
    assert.match(tool.name, /^[A-Za-z0-9_.-]{1,128}$/);
    assert.ok(tool.description, `${tool.name} has a description`);
    assert.equal(tool.inputSchema.type, "object", `${tool.name} has an object schema`);
  }
  const schema = result.tools.find((t: Obj) => t.name === "json_schema_2020_12_tool").inputSchema;
  assert.equal(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
  assert.equal(schema.$defs.address.$anchor, "addressDef");
  assert.deepEqual(schema.allOf, [{ anyOf: [{ required: ["phone"] }, { required: ["email"] }] }]);
  assert.deepEqual(schema.else, { required: ["email"] });
  assert.equal(schema.additionalProperties, false);
  const header = result.tools.find((t: Obj) => t.inputSchema.properties?.region?.["x-mcp-header"]);
  assert.equal(header?.inputSchema.properties.region.type, "string");
  const again = await modern(peer, "tools/list");
  assert.deepEqual(
    again.result.tools.map((t: Obj) => t.name),
    result.tools.map((t: Obj) => t.name),
  );
  await peer.close();
});

test("modern: content tools, tool errors and progress", async () => {
  const peer = await rawPeer(mcp);
  const simple = await modern(peer, "tools/call", { name: "test_simple_text" }); // no `arguments`, as the suite sends it
  assert.deepEqual(simple.result.content, [{ type: "text", text: "This is a simple text response for testing." }]);
  assert.equal(simple.result.resultType, "complete");
  assert.equal((await call(peer, "test_audio_content")).result.content[0].mimeType, "audio/wav");
  assert.deepEqual((await call(peer, "test_embedded_resource")).result.content[0].resource, {
    uri: "test://embedded-resource",
    mimeType: "text/plain",
    text: "This is an embedded resource content.",
  });
  assert.deepEqual(
    (await call(peer, "test_multiple_content_types")).result.content.map((c: Obj) => c.type),
    ["text", "image", "resource"],
  );
  const failed = await call(peer, "test_error_handling");
  assert.equal(failed.result.isError, true);
  assert.equal(failed.result.content[0].text, "This tool intentionally returns an error for testing");

  peer.received.length = 0;
  const progress: Obj = await peer.request("tools/call", {
    name: "test_tool_with_progress",
    arguments: {},
    _meta: { ...modernMeta(ALL_CAPS), progressToken: "p1" },
  });
  assert.equal(progress.result.resultType, "complete");
  assert.deepEqual(
    notes(peer, "notifications/progress").map((n) => [n.params.progressToken, n.params.progress, n.params.total]),
    [
      ["p1", 0, 100],
      ["p1", 50, 100],
      ["p1", 100, 100],
    ],
  );
  const result = peer.received.findIndex((m) => "id" in m && m.id === progress.id);
  assert.ok(peer.received.findLastIndex((m) => "method" in m) < result, "progress comes before the result");
  await peer.close();
});

test("modern: diagnostics: missing capability, no logs without a logLevel, no requests on the stream", async () => {
  const peer = await rawPeer(mcp);
  const missing = await call(peer, "test_missing_capability", {}, {});
  assert.equal(missing.error.code, -32021);
  assert.deepEqual(missing.error.data, { requiredCapabilities: { sampling: {} } });
  await call(peer, "test_logging_tool");
  assert.equal(notes(peer, "notifications/message").length, 0);
  const streaming = await call(peer, "test_streaming_elicitation", {}, { elicitation: {} });
  assert.equal(streaming.result.resultType, "input_required");
  assert.ok(!peer.received.some((m) => "method" in m && "id" in m), "no server-to-client request");
  await peer.close();
});

test("modern: elicitation rounds, with and without requestState, and invalid responses", async () => {
  const peer = await rawPeer(mcp);
  const name = "test_input_required_result_elicitation";
  const round1 = (await call(peer, name)).result;
  assert.equal(round1.resultType, "input_required");
  assert.deepEqual(round1.inputRequests, {
    user_name: {
      method: "elicitation/create",
      params: {
        mode: "form",
        message: "What is your name?",
        requestedSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
      },
    },
  });
  const extra = { unknown_extra_key: accept({ foo: "bar" }) };
  const round2 = (await call(peer, name, { inputResponses: { user_name: accept({ name: "Alice" }), ...extra } })).result;
  assert.deepEqual(round2.content, [{ type: "text", text: "Hello, Alice!" }]);
  assert.equal((await call(peer, name, { inputResponses: { wrong_key: accept({}) } })).result.resultType, "input_required");
  assert.equal((await call(peer, name, { inputResponses: { user_name: 12345 } })).error.code, -32602);
  assert.equal((await call(peer, name, { inputResponses: null })).error.code, -32602);
  await peer.close();
});

test("modern: multi-round state changes each round and tampering is refused", async () => {
  const peer = await rawPeer(mcp);
  const name = "test_input_required_result_multi_round";
  const r1 = (await call(peer, name)).result;
  assert.deepEqual(Object.keys(r1.inputRequests), ["step1"]);
  const r2 = (await call(peer, name, { inputResponses: { step1: accept({ name: "Alice" }) }, requestState: r1.requestState })).result;
  assert.deepEqual(Object.keys(r2.inputRequests), ["step2"]);
  assert.notEqual(r2.requestState, r1.requestState);
  const r3 = (await call(peer, name, { inputResponses: { step2: accept({ color: "blue" }) }, requestState: r2.requestState })).result;
  assert.equal(r3.content[0].text, "Alice's favorite color is blue");

  const tampered = "test_input_required_result_tampered_state";
  const t1 = (await call(peer, tampered)).result;
  assert.equal(typeof t1.requestState, "string");
  const bad = await call(peer, tampered, {
    inputResponses: { confirm: accept({ ok: true }) },
    requestState: `${t1.requestState}-TAMPERED`,
  });
  assert.equal(bad.error.code, -32602);
  const good = await call(peer, tampered, { inputResponses: { confirm: accept({ ok: true }) }, requestState: t1.requestState });
  assert.equal(good.result.resultType, "complete");
  await peer.close();
});

test("modern: several inputs in one round, capability-aware requests, and a prompt that asks", async () => {
  const peer = await rawPeer(mcp);
  const multi = (await call(peer, "test_input_required_result_multiple_inputs")).result;
  assert.deepEqual(
    Object.values<Obj>(multi.inputRequests)
      .map((r) => r.method)
      .sort(),
    ["elicitation/create", "roots/list", "sampling/createMessage"],
  );
  const answers = {
    user_name: accept({ name: "Alice" }),
    greeting: { role: "assistant", content: { type: "text", text: "Hello there!" }, model: "m", stopReason: "endTurn" },
    client_roots: { roots: [{ uri: "file:///test/root", name: "Test Root" }] },
  };
  const done = (
    await call(peer, "test_input_required_result_multiple_inputs", { inputResponses: answers, requestState: multi.requestState })
  ).result;
  assert.equal(done.content[0].text, "Hello there! Alice; roots: file:///test/root");

  const onlySampling = (await call(peer, "test_input_required_result_capabilities", {}, { sampling: {} })).result;
  assert.deepEqual(
    Object.values<Obj>(onlySampling.inputRequests).map((r) => r.method),
    ["sampling/createMessage"],
  );
  assert.equal((await call(peer, "test_input_required_result_capabilities", {}, {})).result.resultType, "complete");

  const prompt = "test_input_required_result_prompt";
  const p1 = (await modern(peer, "prompts/get", { name: prompt })).result;
  assert.deepEqual(Object.keys(p1.inputRequests), ["user_context"]);
  const p2 = (
    await modern(peer, "prompts/get", {
      name: prompt,
      inputResponses: { user_context: accept({ context: "test context" }) },
      requestState: p1.requestState,
    })
  ).result;
  assert.deepEqual(p2.messages, [{ role: "user", content: { type: "text", text: "Prompt with context: test context" } }]);
  await peer.close();
});

test("modern: resources, prompts and completion", async () => {
  const peer = await rawPeer(mcp);
  const list = (await modern(peer, "resources/list")).result;
  assert.equal(list.resources[0].uri, "test://static-text");
  const first = (await modern(peer, "resources/read", { uri: list.resources[0].uri })).result;
  assert.deepEqual(first.contents, [
    { uri: "test://static-text", mimeType: "text/plain", text: "This is the content of the static text resource." },
  ]);
  assert.equal(first.cacheScope !== undefined && first.ttlMs !== undefined, true);
  const binary = (await modern(peer, "resources/read", { uri: "test://static-binary" })).result.contents[0];
  assert.equal(binary.mimeType, "image/png");
  assert.ok(binary.blob);
  const templates = (await modern(peer, "resources/templates/list")).result.resourceTemplates;
  assert.deepEqual(
    templates.map((t: Obj) => t.uriTemplate),
    ["test://template/{id}/data"],
  );
  const data = (await modern(peer, "resources/read", { uri: "test://template/123/data" })).result.contents[0];
  assert.deepEqual(
    [data.mimeType, JSON.parse(data.text)],
    ["application/json", { id: "123", templateTest: true, data: "Data for ID: 123" }],
  );
  const uri = "test://nonexistent-resource-for-conformance-testing";
  const missing = await modern(peer, "resources/read", { uri });
  assert.deepEqual([missing.error.code, missing.error.data], [-32602, { uri }]);

  const args = (
    await modern(peer, "prompts/get", { name: "test_prompt_with_arguments", arguments: { arg1: "testValue1", arg2: "testValue2" } })
  ).result;
  assert.equal(args.messages[0].content.text, "Prompt with arguments: arg1='testValue1', arg2='testValue2'");
  const embedded = (
    await modern(peer, "prompts/get", { name: "test_prompt_with_embedded_resource", arguments: { resourceUri: "test://x" } })
  ).result;
  assert.deepEqual(embedded.messages[0].content.resource, {
    uri: "test://x",
    mimeType: "text/plain",
    text: "Embedded resource content for testing.",
  });
  const completion = (
    await modern(peer, "completion/complete", {
      ref: { type: "ref/prompt", name: "test_prompt_with_arguments" },
      argument: { name: "arg1", value: "" },
    })
  ).result;
  assert.ok(Array.isArray(completion.completion.values));
  await peer.close();
});

test("modern: listen streams get list changes from the trigger tools, filtered and tagged", async () => {
  const peer = await rawPeer(mcp);
  peer.send({
    jsonrpc: "2.0",
    id: 7001,
    method: "subscriptions/listen",
    params: { _meta: modernMeta(ALL_CAPS), notifications: { promptsListChanged: true } },
  });
  await peer.next((m) => "method" in m && m.method === "notifications/subscriptions/acknowledged");
  const before = (await modern(peer, "tools/list")).result.tools.map((t: Obj) => t.name);
  await call(peer, "test_trigger_tool_change");
  await call(peer, "test_trigger_prompt_change");
  const changed = (await peer.next((m) => "method" in m && m.method === "notifications/prompts/list_changed")) as Obj;
  assert.equal(changed.params._meta["io.modelcontextprotocol/subscriptionId"], 7001);
  assert.equal(notes(peer, "notifications/tools/list_changed").length, 0, "only what the stream asked for");
  assert.deepEqual(
    (await modern(peer, "tools/list")).result.tools.map((t: Obj) => t.name),
    before,
    "triggers leave the lists as they were",
  );
  await peer.close();
});

/** A legacy session, initialized as the suite's SDK client does it. */
async function legacy(): Promise<RawPeer> {
  const peer = await rawPeer(mcp);
  const init: Obj = await peer.request("initialize", {
    protocolVersion: "2025-11-25",
    capabilities: { sampling: {}, elicitation: {} },
    clientInfo: { name: "t", version: "1" },
  });
  assert.equal(init.result.protocolVersion, "2025-11-25");
  assert.deepEqual(init.result.capabilities.resources, { subscribe: true, listChanged: true });
  assert.ok(init.result.capabilities.logging && init.result.capabilities.completions);
  peer.send({ jsonrpc: "2.0", method: "notifications/initialized" });
  return peer;
}

/** Calls a tool that sends one request to the client; answers it and returns [that request, the tool's result]. */
async function callAnswering(peer: RawPeer, name: string, args: Obj, answer: object): Promise<[Obj, Obj]> {
  const from = peer.received.length;
  const response: Promise<Obj> = peer.request("tools/call", { name, arguments: args });
  const request = (await peer.next((m) => "method" in m && "id" in m && peer.received.indexOf(m) >= from)) as Obj;
  peer.send({ jsonrpc: "2.0", id: request.id, result: answer });
  return [request, (await response).result];
}

test("legacy: ping and setLevel are empty results; logging tool sends three messages", async () => {
  const peer = await legacy();
  assert.deepEqual((await peer.request("ping")).result, {});
  assert.deepEqual((await peer.request("logging/setLevel", { level: "debug" })).result, {});
  assert.deepEqual((await peer.request("resources/subscribe", { uri: "test://watched-resource" })).result, {});
  await peer.request("tools/call", { name: "test_tool_with_logging", arguments: {} });
  assert.deepEqual(
    notes(peer, "notifications/message").map((n) => n.params),
    ["Tool execution started", "Tool processing data", "Tool execution completed"].map((data) => ({ level: "info", data })),
  );
  await peer.close();
});

test("legacy: sampling and elicitation become requests to the client, with the exact schemas", async () => {
  const peer = await legacy();
  const [sampling, sampled] = await callAnswering(
    peer,
    "test_sampling",
    { prompt: "Capital of France?" },
    { role: "assistant", content: { type: "text", text: "Paris" }, model: "m" },
  );
  assert.deepEqual(sampling.params, {
    messages: [{ role: "user", content: { type: "text", text: "Capital of France?" } }],
    maxTokens: 100,
  });
  assert.equal(sampled.content[0].text, "LLM response: Paris");

  const [defaults, completed] = await callAnswering(
    peer,
    "test_elicitation_sep1034_defaults",
    {},
    accept({ name: "Jane Smith", age: 25, score: 88, status: "inactive", verified: false }),
  );
  const props = defaults.params.requestedSchema.properties;
  assert.deepEqual(
    [props.name.default, props.age, props.score.default, props.status.default, props.verified.default],
    ["John Doe", { type: "integer", default: 30 }, 95.5, "active", true],
  );
  assert.match(completed.content[0].text, /^Elicitation completed: action=accept, content=.*Jane Smith/);

  const [enums] = await callAnswering(
    peer,
    "test_elicitation_sep1330_enums",
    {},
    accept({ untitledSingle: "option1", titledSingle: "value1", legacyEnum: "opt1", untitledMulti: ["option1"], titledMulti: ["value2"] }),
  );
  const schema = enums.params.requestedSchema.properties;
  assert.deepEqual(schema.titledSingle.oneOf[0], { const: "value1", title: "First Option" });
  assert.deepEqual(schema.legacyEnum.enumNames, ["Option One", "Option Two", "Option Three"]);
  assert.deepEqual(schema.titledMulti.items.anyOf[1], { const: "value2", title: "Second Choice" });
  assert.equal(schema.untitledMulti.items.anyOf, undefined);
  await peer.close();
});

/**
 * Method names are looked up, never inherited: a name that Object.prototype holds is no
 * method, on any era or transport, and the answer never shows the request's context.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { SECRET } from "./fixtures/hostile-server.ts";
import { INIT, httpServer, legacySession, memoryServer, modernHeaders, modernMeta, post, stdioServer, type Answer } from "./wire-peers.ts";

const PROTOTYPE_NAMES = [
  "constructor",
  "__proto__",
  "toString",
  "toLocaleString",
  "hasOwnProperty",
  "valueOf",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
];

function assertMethodNotFound(answer: Answer | undefined, id: unknown, method: string) {
  assert.ok(answer, `no answer for ${method}`);
  assert.equal(answer.id, id, `${method}: the answer carries the request's id`);
  assert.equal(answer.error?.code, -32601, `${method}: ${JSON.stringify(answer).slice(0, 200)}`);
  assert.equal(answer.result, undefined);
  assert.ok(!JSON.stringify(answer).includes(SECRET), `${method}: the answer shows the lifespan state`);
}

test("in memory, both eras: every prototype name is -32601 with the request's id", async () => {
  const { peer, close } = await memoryServer();
  let id = 100;
  for (const method of PROTOTYPE_NAMES) {
    const modern = await peer.request(method, { _meta: modernMeta() }, ++id);
    assertMethodNotFound(modern as Answer, id, method);
  }
  await peer.request("initialize", INIT());
  for (const method of PROTOTYPE_NAMES) {
    const legacy = await peer.request(method, {}, ++id);
    assertMethodNotFound(legacy as Answer, id, method);
    const noParams = await peer.request(method, undefined, ++id);
    assertMethodNotFound(noParams as Answer, id, method);
  }
  await close();
});

test("stdio, legacy session with a cyclic lifespan state: the process answers -32601 and keeps serving", { timeout: 30_000 }, async () => {
  const server = stdioServer();
  server.send({ jsonrpc: "2.0", id: 0, method: "initialize", params: INIT() });
  await server.answer(0);
  let id = 0;
  for (const method of PROTOTYPE_NAMES) server.send({ jsonrpc: "2.0", id: ++id, method, params: {} });
  for (let i = 1; i <= id; i++) assertMethodNotFound(await server.answer(i), i, PROTOTYPE_NAMES[i - 1]);
  server.send({ jsonrpc: "2.0", id: "after", method: "ping" });
  assert.deepEqual((await server.answer("after")).result, {});
  assert.equal(server.exited, false);
  await server.close();
});

test("Streamable HTTP, both eras: prototype names are -32601 with the id, never a 500", async () => {
  const { url, close } = await httpServer();
  const session = await legacySession(url);
  let id = 0;
  for (const method of PROTOTYPE_NAMES) {
    const modern = await post(url, { jsonrpc: "2.0", id: ++id, method, params: { _meta: modernMeta() } }, modernHeaders(method));
    assert.notEqual(modern.status, 500, method);
    assertMethodNotFound(modern.answer, id, method);
    const legacy = await post(url, { jsonrpc: "2.0", id: ++id, method, params: {} }, session);
    assert.notEqual(legacy.status, 500, method);
    assertMethodNotFound(legacy.answer, id, method);
  }
  await close();
});

test("names from the wire that index a component or an argument find only what was registered", async () => {
  const { peer, close } = await memoryServer();
  let id = 0;
  for (const name of PROTOTYPE_NAMES) {
    const tool = (await peer.request("tools/call", { _meta: modernMeta(), name, arguments: {} }, ++id)) as Answer;
    assert.equal(tool.error?.code, -32602, `tools/call ${name}: ${JSON.stringify(tool)}`);
    const prompt = (await peer.request("prompts/get", { _meta: modernMeta(), name }, ++id)) as Answer;
    assert.equal(prompt.error?.code, -32602, `prompts/get ${name}`);
    const read = (await peer.request("resources/read", { _meta: modernMeta(), uri: name }, ++id)) as Answer;
    assert.equal(read.error?.code, -32602, `resources/read ${name}`);
    // A completion of an argument named like a prototype member completes nothing.
    const completion = (await peer.request(
      "completion/complete",
      { _meta: modernMeta(), ref: { type: "ref/prompt", name: "greet" }, argument: { name, value: "" } },
      ++id,
    )) as Answer;
    assert.deepEqual(
      completion.result?.completion,
      { values: [], total: 0, hasMore: false },
      `completion ${name}: ${JSON.stringify(completion)}`,
    );
    // A prompt argument named like one is not "given" by Object.prototype.
    const missing = (await peer.request("prompts/get", { _meta: modernMeta(), name: "greet", arguments: {} }, ++id)) as Answer;
    assert.equal(missing.error?.code, -32602);
  }
  const odd = (await peer.request(
    "completion/complete",
    { _meta: modernMeta(), ref: { type: { toString: 1 }, name: { toString: 1 } }, argument: { name: "x", value: "" } },
    ++id,
  )) as Answer;
  assert.equal(odd.error?.code, -32602, JSON.stringify(odd));
  const oddName = (await peer.request(
    "completion/complete",
    { _meta: modernMeta(), ref: { type: "ref/prompt", name: { toString: 1 } }, argument: { name: "x", value: "" } },
    id + 1,
  )) as Answer;
  assert.equal(oddName.error?.code, -32602, JSON.stringify(oddName));
  await close();
});

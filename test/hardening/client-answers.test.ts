/**
 * What a client sends back (a legacy response to elicitation, sampling or roots, or modern
 * `inputResponses`) is checked before a handler uses it: a malformed answer is one clean
 * error for the call, and what the server sends out stays valid JSON-RPC.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { RawPeer } from "../helpers/raw-peer.ts";
import { INIT, memoryServer, modernMeta, type Answer } from "./wire-peers.ts";

const CAPABILITIES = { elicitation: {}, sampling: {}, roots: {} };
const TOOL_FOR: Record<string, string> = { "elicitation/create": "ask", "sampling/createMessage": "sample", "roots/list": "roots" };

/** An answer the client got is valid JSON-RPC: an integer code and a string message, nothing stringified by accident. */
function assertCleanError(answer: Answer, id: unknown, label: string, code?: number) {
  assert.equal(answer.id, id, label);
  assert.ok(answer.error, `${label}: ${JSON.stringify(answer)}`);
  assert.ok(Number.isInteger(answer.error.code), `${label}: code ${JSON.stringify(answer.error.code)}`);
  assert.equal(typeof answer.error.message, "string", label);
  assert.ok(!answer.error.message.includes("[object Object]"), `${label}: ${answer.error.message}`);
  if (code !== undefined) assert.equal(answer.error.code, code, `${label}: ${JSON.stringify(answer.error)}`);
}

/** Calls the tool that asks the client `method`, answers the server's request with `reply`, returns the call's answer. */
async function legacyRound(peer: RawPeer, method: string, reply: object, id: number): Promise<Answer> {
  const before = peer.received.length;
  peer.send({ jsonrpc: "2.0", id, method: "tools/call", params: { name: TOOL_FOR[method], arguments: {} } });
  const asked = await peer.next((m) => peer.received.indexOf(m) >= before && "method" in m && m.method === method && "id" in m);
  peer.send({ jsonrpc: "2.0", id: asked.id, ...reply });
  return (await peer.next((m) => "id" in m && m.id === id && !("method" in m))) as Answer;
}

test("legacy: a malformed error or result from the client is a clean error for the call", async () => {
  const { peer, close } = await memoryServer();
  await peer.request("initialize", INIT("2025-06-18", CAPABILITIES));
  peer.send({ jsonrpc: "2.0", method: "notifications/initialized" });
  let id = 1000;
  for (const method of Object.keys(TOOL_FOR)) {
    // The issue's own example: a code that is not a number and a message that is an object.
    assertCleanError(
      await legacyRound(peer, method, { error: { code: null, message: { nested: "object" } } }, ++id),
      id,
      `${method} bad error`,
      -32603,
    );
    assertCleanError(await legacyRound(peer, method, { error: "nope" }, ++id), id, `${method} error not an object`, -32603);
    assertCleanError(await legacyRound(peer, method, { result: "a string" }, ++id), id, `${method} result not an object`);
    assertCleanError(await legacyRound(peer, method, { result: [] }, ++id), id, `${method} result an array`);
  }
  const malformed: Record<string, object> = {
    "elicitation/create": { action: "maybe" },
    "sampling/createMessage": { role: "robot", model: "m", content: { type: "text", text: "hi" } },
    "roots/list": { roots: "file:///" },
  };
  for (const [method, result] of Object.entries(malformed)) {
    const answer = await legacyRound(peer, method, { result }, ++id);
    assertCleanError(answer, id, `${method} malformed result`, -32602);
    assert.match(answer.error!.message, new RegExp(`The client's answer to ${method.replace("/", "\\/")} .* is malformed`));
  }
  // A well-formed error from the client keeps its code and message.
  const declined = await legacyRound(peer, "roots/list", { error: { code: -32601, message: "no roots here" } }, ++id);
  assertCleanError(declined, id, "a real error", -32601);
  assert.match(declined.error!.message, /no roots here/);
  // And a good answer still works afterwards.
  const good = await legacyRound(peer, "elicitation/create", { result: { action: "accept", content: { name: "Ada" } } }, id + 1);
  assert.deepEqual(good.result?.content, [{ type: "text", text: "hi Ada" }]);
  await close();
});

test("modern: malformed inputResponses are a clean -32602, prototype keys are not answers", async () => {
  const { peer, close } = await memoryServer();
  const meta = modernMeta(CAPABILITIES);
  const first = (await peer.request("tools/call", { _meta: meta, name: "ask", arguments: {} }, 1)) as Answer;
  assert.equal(first.result?.resultType, "input_required", JSON.stringify(first));
  const requests = first.result!.inputRequests as Record<string, unknown>;
  const [key] = Object.keys(requests);
  const state = first.result!.requestState;
  const retry = (inputResponses: unknown, id: number) =>
    peer.request("tools/call", { _meta: meta, name: "ask", arguments: {}, requestState: state, inputResponses }, id) as Promise<Answer>;

  for (const [n, bad] of [
    [2, { action: "maybe" }],
    [3, "accept"],
    [4, null],
    [5, { action: "accept", content: "x" }],
  ] as const) {
    const answer = await retry({ [key]: bad }, n);
    assertCleanError(answer, n, `inputResponses ${JSON.stringify(bad)}`, -32602);
    assert.match(answer.error!.message, /is malformed/);
  }
  assertCleanError(await retry("not an object", 6), 6, "inputResponses a string", -32602);
  // "__proto__" and "constructor" as keys answer nothing: the round is asked again.
  const proto = await retry(
    JSON.parse(`{"__proto__": {"action": "accept", "content": {"name": "x"}}, "constructor": {"action": "accept"}}`),
    7,
  );
  assert.equal(proto.result?.resultType, "input_required", JSON.stringify(proto));
  const good = await retry({ [key]: { action: "accept", content: { name: "Ada" } } }, 8);
  assert.deepEqual(good.result?.content, [{ type: "text", text: "hi Ada" }], JSON.stringify(good));
  await close();
});

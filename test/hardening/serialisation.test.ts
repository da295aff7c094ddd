/**
 * A result JSON cannot carry (a BigInt, a cycle, a getter that throws) is an error answer
 * with the request's id, on every transport and era, and the connection keeps serving.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { SECRET } from "./fixtures/hostile-server.ts";
import { INIT, httpServer, legacySession, memoryServer, modernHeaders, modernMeta, post, stdioServer, type Answer } from "./wire-peers.ts";

const TOOLS = ["bigint", "cycle", "getter", "bigint_block"];

/** An error answer, or an isError tool result, with the id and nothing of the server's state. */
function assertCleanFailure(answer: Answer | undefined, id: unknown, tool: string) {
  assert.ok(answer, `no answer for ${tool}`);
  assert.equal(answer.id, id);
  const text = JSON.stringify(answer);
  assert.ok(!text.includes(SECRET), `${tool} leaks the secret: ${text}`);
  assert.ok(
    !/\s+at\s.+:\d+:\d+/.test(text) && !text.includes("/work/") && !text.includes(".ts:"),
    `${tool} leaks a stack or a path: ${text}`,
  );
  if (answer.error) {
    assert.equal(answer.error.code, -32603, text);
    assert.match(answer.error.message, /serialised|JSON/, text);
  } else {
    assert.equal(answer.result?.isError, true, text);
  }
}

test("in memory, both eras", async () => {
  const { peer, close } = await memoryServer();
  let id = 0;
  for (const name of TOOLS) {
    assertCleanFailure((await peer.request("tools/call", { _meta: modernMeta(), name, arguments: {} }, ++id)) as Answer, id, name);
  }
  await peer.request("initialize", INIT());
  for (const name of TOOLS) {
    assertCleanFailure((await peer.request("tools/call", { name, arguments: {} }, ++id)) as Answer, id, name);
  }
  // Structured output with a BigInt fails in the tool call itself, not when the answer is written.
  const big = (await peer.request("tools/call", { name: "bigint", arguments: {} }, ++id)) as Answer;
  assert.equal(big.result?.isError, true, JSON.stringify(big));
  const echo = (await peer.request("tools/call", { name: "echo", arguments: { text: "still here" } }, id + 1)) as Answer;
  assert.deepEqual(echo.result?.content, [{ type: "text", text: "still here" }]);
  await close();
});

test("stdio on both eras: the process does not exit", { timeout: 30_000 }, async () => {
  const server = stdioServer();
  let id = 0;
  for (const name of TOOLS)
    server.send({ jsonrpc: "2.0", id: ++id, method: "tools/call", params: { _meta: modernMeta(), name, arguments: {} } });
  for (let i = 1; i <= id; i++) assertCleanFailure(await server.answer(i), i, TOOLS[i - 1]);
  server.send({ jsonrpc: "2.0", id: "init", method: "initialize", params: INIT() });
  await server.answer("init");
  const start = id;
  for (const name of TOOLS) server.send({ jsonrpc: "2.0", id: ++id, method: "tools/call", params: { name, arguments: {} } });
  for (let i = start + 1; i <= id; i++) assertCleanFailure(await server.answer(i), i, TOOLS[i - start - 1]);
  server.send({ jsonrpc: "2.0", id: "ping", method: "ping" });
  assert.deepEqual((await server.answer("ping")).result, {});
  assert.equal(server.exited, false);
  await server.close();
});

test("Streamable HTTP on both eras: an answer with the id, not a 500", async () => {
  const { url, close } = await httpServer();
  const session = await legacySession(url);
  let id = 0;
  for (const name of TOOLS) {
    const modern = await post(
      url,
      { jsonrpc: "2.0", id: ++id, method: "tools/call", params: { _meta: modernMeta(), name, arguments: {} } },
      modernHeaders("tools/call", name),
    );
    assert.notEqual(modern.status, 500);
    assertCleanFailure(modern.answer, id, name);
    const legacy = await post(url, { jsonrpc: "2.0", id: ++id, method: "tools/call", params: { name, arguments: {} } }, session);
    assert.notEqual(legacy.status, 500);
    assertCleanFailure(legacy.answer, id, name);
  }
  await close();
});

/**
 * Legacy clients get legacy answers: fields the negotiated revision does not define are left
 * out, and a missing client capability is reported with a code that revision knows (the
 * 2026-07-28 code -32021 means nothing to a 2024-11-05 client).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { INIT, memoryServer, type Answer } from "./wire-peers.ts";

const fieldsIn = (value: unknown): Set<string> => {
  const found = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (typeof v !== "object" || v === null) return;
    for (const [k, inner] of Object.entries(v)) {
      found.add(k);
      walk(inner);
    }
  };
  walk(value);
  return found;
};

async function session(version: string) {
  const { peer, close } = await memoryServer();
  const init = (await peer.request("initialize", INIT(version))) as Answer;
  peer.send({ jsonrpc: "2.0", method: "notifications/initialized" });
  const lists: Record<string, unknown> = { initialize: init.result };
  for (const method of ["tools/list", "resources/list", "resources/templates/list", "prompts/list"]) {
    lists[method] = ((await peer.request(method, {})) as Answer).result;
  }
  return { peer, close, lists };
}

test("2024-11-05: no title, icons or other later fields anywhere; 2025-11-25 keeps them", async () => {
  const old = await session("2024-11-05");
  for (const [method, result] of Object.entries(old.lists)) {
    const fields = fieldsIn(result);
    for (const later of ["title", "icons", "outputSchema", "annotations", "websiteUrl", "execution", "completions"]) {
      assert.ok(!fields.has(later), `${method} on 2024-11-05 carries "${later}": ${JSON.stringify(result)}`);
    }
  }
  assert.equal(old.lists.initialize && (old.lists.initialize as { protocolVersion: string }).protocolVersion, "2024-11-05");
  await old.close();

  const current = await session("2025-11-25");
  assert.ok(fieldsIn(current.lists["tools/list"]).has("title"));
  assert.ok(fieldsIn(current.lists["tools/list"]).has("icons"));
  assert.ok(fieldsIn(current.lists["resources/list"]).has("icons"));
  assert.ok(fieldsIn(current.lists["prompts/list"]).has("title"));
  assert.ok(fieldsIn(current.lists.initialize).has("icons"), JSON.stringify(current.lists.initialize));
  await current.close();

  const middle = await session("2025-03-26");
  const middleFields = fieldsIn(middle.lists["tools/list"]);
  assert.ok(!middleFields.has("title") && !middleFields.has("icons"), JSON.stringify(middle.lists["tools/list"]));
  await middle.close();
});

test("a client without the capability gets the legacy code, not -32021", async () => {
  for (const version of ["2024-11-05", "2025-06-18", "2025-11-25"]) {
    const { peer, close } = await memoryServer();
    await peer.request("initialize", INIT(version, {}));
    peer.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    for (const tool of ["ask", "sample", "roots"]) {
      const answer = (await peer.request("tools/call", { name: tool, arguments: {} })) as Answer;
      const code = answer.error?.code;
      assert.ok(code !== undefined, `${version} ${tool}: ${JSON.stringify(answer)}`);
      assert.notEqual(code, -32021, `${version} ${tool}`);
      assert.ok(code >= -32603 && code <= -32600, `${version} ${tool}: code ${code} is one JSON-RPC defines`);
      assert.match(answer.error!.message, /capabilit|does not support/i);
    }
    await close();
  }
});

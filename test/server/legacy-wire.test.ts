import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { McpServer } from "../../src/index.ts";
import { rawPeer, type RawPeer } from "../helpers/raw-peer.ts";

async function initialized(
  mcp: McpServer<unknown> | McpServer,
  capabilities: object = {},
  version = "2025-11-25",
): Promise<[RawPeer, Record<string, unknown>]> {
  const peer = await rawPeer(mcp);
  const res = await peer.request("initialize", { protocolVersion: version, capabilities, clientInfo: { name: "legacy", version: "1" } });
  peer.send({ jsonrpc: "2.0", method: "notifications/initialized" });
  return [peer, res.result as Record<string, unknown>];
}

test("initialize negotiates the version and reports capabilities", async () => {
  const mcp = new McpServer({ name: "legacy", version: "1", instructions: "hi" });
  mcp.tool("t", () => "x");
  for (const [asked, answered] of [
    ["2025-11-25", "2025-11-25"],
    ["2025-06-18", "2025-06-18"],
    ["2025-03-26", "2025-03-26"],
    ["2024-11-05", "2024-11-05"],
    ["1999-01-01", "2025-11-25"],
  ]) {
    const [peer, result] = await initialized(mcp, {}, asked);
    assert.equal(result.protocolVersion, answered);
    assert.deepEqual(result.serverInfo, { name: "legacy", version: "1" });
    assert.equal(result.instructions, "hi");
    assert.ok((result.capabilities as Record<string, unknown>).tools);
    assert.equal(result.resultType, undefined, "legacy results carry no resultType");
    const ping = await peer.request("ping");
    assert.deepEqual(ping.result, {});
    await peer.close();
  }
});

test("logging/setLevel filters log notifications", async () => {
  const mcp = new McpServer({ name: "legacy", version: "1" });
  mcp.tool("logs", (_a, ctx) => {
    ctx.log.debug("d");
    ctx.log.info("i");
    ctx.log.error("e");
    return "ok";
  });
  const [peer] = await initialized(mcp);
  await peer.request("logging/setLevel", { level: "info" });
  await peer.request("tools/call", { name: "logs", arguments: {} });
  const levels = peer.received
    .filter((m) => "method" in m && m.method === "notifications/message")
    .map((m) => (m as unknown as { params: { level: string } }).params.level);
  assert.deepEqual(levels, ["info", "error"]);
  const bad = await peer.request("logging/setLevel", { level: "shout" });
  assert.equal((bad.error as { code: number }).code, -32602);
  await peer.close();
});

test("elicitation and sampling are real server-to-client requests", async () => {
  const mcp = new McpServer({ name: "legacy", version: "1" });
  mcp.tool("ask", async (_a, ctx) => {
    const r = await ctx.elicit("Name?", { name: z.string() });
    const s = await ctx.sample("Say hi");
    return `${r.action === "accept" ? r.content.name : "-"} / ${(s.content as { text: string }).text}`;
  });
  const [peer] = await initialized(mcp, { elicitation: {}, sampling: {} });
  peer.send({ jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "ask", arguments: {} } });
  const elicit = (await peer.next((m) => "method" in m && m.method === "elicitation/create")) as {
    id: string;
    params: { requestedSchema: { properties: object } };
  };
  assert.ok(elicit.id);
  assert.ok("name" in elicit.params.requestedSchema.properties);
  peer.send({ jsonrpc: "2.0", id: elicit.id, result: { action: "accept", content: { name: "Ada" } } });
  const sample = (await peer.next((m) => "method" in m && m.method === "sampling/createMessage")) as { id: string };
  peer.send({ jsonrpc: "2.0", id: sample.id, result: { role: "assistant", content: { type: "text", text: "hello" }, model: "m" } });
  const answer = (await peer.next((m) => "id" in m && m.id === 7 && "result" in m)) as { result: { content: { text: string }[] } };
  assert.equal(answer.result.content[0].text, "Ada / hello");
  await peer.close();
});

test("resources/subscribe delivers updates only for subscribed URIs; list changes reach the session", async () => {
  const mcp = new McpServer({ name: "legacy", version: "1" });
  mcp.resource("test://watched", () => "w");
  const [peer] = await initialized(mcp);
  await peer.request("resources/subscribe", { uri: "test://watched" });
  mcp.notifyResourceUpdated("test://other");
  mcp.notifyResourceUpdated("test://watched");
  const updated = (await peer.next((m) => "method" in m && m.method === "notifications/resources/updated")) as { params: { uri: string } };
  assert.equal(updated.params.uri, "test://watched");
  await peer.request("resources/unsubscribe", { uri: "test://watched" });
  mcp.tool("new_tool", () => "x");
  await peer.next((m) => "method" in m && m.method === "notifications/tools/list_changed");
  const updates = peer.received.filter((m) => "method" in m && m.method === "notifications/resources/updated");
  assert.equal(updates.length, 1);
  const missing = await peer.request("resources/read", { uri: "test://nope" });
  assert.equal((missing.error as { code: number }).code, -32002);
  await peer.close();
});

test("cancellation aborts the handler's signal and suppresses the answer", async () => {
  const mcp = new McpServer({ name: "legacy", version: "1" });
  let aborted = false;
  mcp.tool(
    "slow",
    (_a, ctx) =>
      new Promise((resolve) => {
        ctx.signal.addEventListener("abort", () => {
          aborted = true;
          resolve("late");
        });
      }),
  );
  const [peer] = await initialized(mcp);
  peer.send({ jsonrpc: "2.0", id: 99, method: "tools/call", params: { name: "slow", arguments: {} } });
  await new Promise((r) => setTimeout(r, 20));
  peer.send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 99, reason: "user" } });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(aborted, true);
  assert.ok(!peer.received.some((m) => "id" in m && m.id === 99));
  await peer.close();
});

test("a request before initialize and without modern _meta gets a clear error", async () => {
  const mcp = new McpServer({ name: "legacy", version: "1" });
  const peer = await rawPeer(mcp);
  const res = await peer.request("tools/list", {});
  assert.equal((res.error as { code: number }).code, -32602);
  assert.match((res.error as { message: string }).message, /initialize/);
  await peer.close();
});

test("a server-to-client request that the client never answers times out and is cancelled", async () => {
  const mcp = new McpServer({ name: "legacy", version: "1", clientRequestTimeoutMs: 50 });
  mcp.tool("ask", async (_a, ctx) => (await ctx.elicit("Name?", { name: z.string() })).action);
  const [peer] = await initialized(mcp, { elicitation: {} });
  peer.send({ jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: "ask", arguments: {} } });
  const elicit = (await peer.next((m) => "method" in m && m.method === "elicitation/create")) as { id: string };
  const answer = (await peer.next((m) => "id" in m && m.id === 5 && !("method" in m))) as { error: { code: number; message: string } };
  assert.equal(answer.error.code, -32001);
  assert.match(answer.error.message, /did not answer elicitation\/create/);
  const cancel = (await peer.next((m) => "method" in m && m.method === "notifications/cancelled")) as { params: { requestId: string } };
  assert.equal(cancel.params.requestId, elicit.id);
  await peer.close();
});

/**
 * The official SDK clients drive an mcpkit server over Streamable HTTP (both eras) and
 * over the 2024-11-05 HTTP+SSE transport.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Client as ClientV2, SSEClientTransport as SseV2, StreamableHTTPClientTransport as HttpV2 } from "@modelcontextprotocol/client";
import { Client as ClientV1 } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport as SseV1 } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport as HttpV1 } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema, ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { sleep, start } from "./helpers.ts";

const capabilities = { elicitation: { form: {} } };
type ToolResult = { content: { type: string; text?: string }[] };
const text = (result: unknown) => (result as ToolResult).content[0].text;

for (const mode of [{ pin: "2026-07-28" }, "legacy"] as const) {
  const era = mode === "legacy" ? "legacy" : "modern";
  test(`official SDK v2 client over Streamable HTTP, ${era} era`, { timeout: 30_000 }, async () => {
    const s = await start();
    const client = new ClientV2({ name: "v2", version: "1" }, { capabilities, versionNegotiation: { mode } } as never);
    client.setRequestHandler("elicitation/create", async () => ({ action: "accept", content: { name: "Ada" } }));
    try {
      await client.connect(new HttpV2(new URL(s.url)));
      assert.equal(client.getProtocolEra(), era);
      const tools = await client.listTools();
      assert.ok(tools.tools.some((t) => t.name === "echo"));
      assert.equal(text(await client.callTool({ name: "echo", arguments: { text: "hi" } })), "hi");
      const seen: number[] = [];
      await client.callTool({ name: "progress", arguments: {} }, {
        onprogress: (p: { progress: number; message?: string }) => {
          if (p.message?.endsWith("%")) seen.push(p.progress);
        },
      } as never);
      assert.deepEqual(seen, [0, 50, 100]);
      assert.equal(text(await client.callTool({ name: "ask_name", arguments: {} })), "Hello, Ada!");
      assert.equal(text(await client.callTool({ name: "region", arguments: { region: "eu-west" } })), "region=eu-west");
      if (era === "modern") {
        const changes: string[] = [];
        client.setNotificationHandler("notifications/tools/list_changed", () => {
          changes.push("tools");
        });
        const subscription = await (client as unknown as { listen(f: object): Promise<{ close(): Promise<void> }> }).listen({
          toolsListChanged: true,
        });
        await client.callTool({ name: "add_tool", arguments: {} });
        for (let i = 0; i < 100 && changes.length === 0; i++) await sleep(10);
        assert.deepEqual(changes, ["tools"]);
        await subscription.close();
      }
    } finally {
      await client.close();
      await s.close();
    }
  });
}

test("official SDK v1 client over Streamable HTTP: session, server requests, GET stream, DELETE", { timeout: 30_000 }, async () => {
  const s = await start();
  const client = new ClientV1({ name: "v1", version: "1" }, { capabilities: { elicitation: {} } });
  client.setRequestHandler(ElicitRequestSchema, async () => ({ action: "accept", content: { name: "Bo" } }));
  const changes: string[] = [];
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    changes.push("tools");
  });
  const transport = new HttpV1(new URL(s.url));
  try {
    await client.connect(transport);
    assert.ok(transport.sessionId);
    assert.equal(text(await client.callTool({ name: "echo", arguments: { text: "v1" } })), "v1");
    assert.equal(text(await client.callTool({ name: "ask_name", arguments: {} })), "Hello, Bo!");
    await sleep(50); // the client opens its GET stream after initialization
    await client.callTool({ name: "add_tool", arguments: {} });
    for (let i = 0; i < 100 && changes.length === 0; i++) await sleep(10);
    assert.deepEqual(changes, ["tools"]);
    await transport.terminateSession();
  } finally {
    await client.close();
    await s.close();
  }
});

for (const [label, makeClient, makeTransport] of [
  ["v1", () => new ClientV1({ name: "v1", version: "1" }, { capabilities: { elicitation: {} } }), (url: URL) => new SseV1(url)],
  ["v2", () => new ClientV2({ name: "v2", version: "1" }, { capabilities }), (url: URL) => new SseV2(url)],
] as const) {
  test(`official SDK ${label} client over the 2024-11-05 HTTP+SSE transport`, { timeout: 30_000 }, async () => {
    const s = await start({ legacySse: true });
    const client = makeClient() as unknown as ClientV1;
    if (label === "v1") client.setRequestHandler(ElicitRequestSchema, async () => ({ action: "accept", content: { name: "Sse" } }));
    else
      (client as unknown as ClientV2).setRequestHandler("elicitation/create", async () => ({ action: "accept", content: { name: "Sse" } }));
    try {
      await client.connect(makeTransport(new URL("/sse", s.url)) as never);
      assert.equal(text(await client.callTool({ name: "echo", arguments: { text: "sse" } })), "sse");
      assert.equal(text(await client.callTool({ name: "ask_name", arguments: {} })), "Hello, Sse!");
    } finally {
      await client.close();
      await s.close();
    }
  });
}

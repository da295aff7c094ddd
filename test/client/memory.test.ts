// The client against the real mcpkit server over the in-memory transport, on both eras.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Client, MemoryTransport } from "../../src/client/index.ts";
import type { ClientOptions } from "../../src/client/index.ts";
import { McpServer } from "../../src/index.ts";
import { defineServer } from "./fixtures/define-server.ts";
import { clientSuite, type Era } from "./suite.ts";

async function connectTo(mcp: McpServer, options: ClientOptions) {
  const [clientSide, serverSide] = MemoryTransport.pair();
  await mcp.connect(serverSide);
  const client = new Client({ name: "test-client", version: "1.0.0" }, options);
  await client.connect(clientSide);
  return {
    client,
    close: async () => {
      await client.close();
      await mcp.close();
    },
  };
}

for (const era of ["modern", "legacy"] as Era[]) {
  clientSuite("memory", era, (options) => connectTo(defineServer().mcp, options));
}

/** A server whose tool reports what it saw of the client, to check what goes on the wire. */
function introspectiveServer() {
  const mcp = new McpServer({ name: "introspective", version: "1.0.0" });
  mcp.tool("whoami", (_args, ctx) => ({
    era: ctx.client.era,
    protocolVersion: ctx.client.protocolVersion,
    capabilities: ctx.client.capabilities,
    info: ctx.client.info ?? null,
    meta: (ctx.params._meta ?? null) as unknown,
  }));
  return mcp;
}

test("auto era prefers 2026-07-28 against a dual-era server", async () => {
  const { client, close } = await connectTo(introspectiveServer(), {});
  assert.equal(client.era, "modern");
  assert.equal(client.protocolVersion, "2026-07-28");
  await close();
});

test("modern requests carry the envelope, merged with the caller's _meta", async () => {
  const { client, close } = await connectTo(introspectiveServer(), {
    era: "modern",
    onSample: () => ({ role: "assistant", content: { type: "text", text: "" }, model: "m" }),
    samplingTools: true,
    logLevel: "warning",
  });
  const result = await client.request<{ structuredContent: Record<string, unknown> }>(
    "tools/call",
    { name: "whoami", arguments: {}, _meta: { custom: 1 } },
    { onProgress: () => {} },
  );
  const seen = result.structuredContent;
  assert.equal(seen.era, "modern");
  assert.deepEqual(seen.capabilities, { sampling: { tools: {} } });
  assert.deepEqual(seen.info, { name: "test-client", version: "1.0.0" });
  const meta = seen.meta as Record<string, unknown>;
  assert.equal(meta["io.modelcontextprotocol/protocolVersion"], "2026-07-28");
  assert.equal(meta["io.modelcontextprotocol/logLevel"], "warning");
  assert.equal(meta.custom, 1);
  assert.equal(typeof meta.progressToken, "string");
  await close();
});

test("legacy requests carry no envelope; initialize declares the capabilities given", async () => {
  const capabilities = { roots: {}, experimental: { demo: {} } };
  const { client, close } = await connectTo(introspectiveServer(), { era: "legacy", capabilities });
  const seen = (await client.callTool("whoami")).structuredContent as Record<string, unknown>;
  assert.equal(seen.era, "legacy");
  assert.equal(seen.protocolVersion, "2025-11-25");
  assert.deepEqual(seen.capabilities, capabilities);
  assert.equal(seen.meta, null);
  await close();
});

test("progress tokens are unique per call", async () => {
  const { client, close } = await connectTo(introspectiveServer(), { era: "modern" });
  const tokens = await Promise.all(
    [1, 2, 3].map(
      async () =>
        ((await client.callTool("whoami", {}, { onProgress: () => {} })).structuredContent as { meta: { progressToken: string } }).meta
          .progressToken,
    ),
  );
  assert.equal(new Set(tokens).size, 3);
  await close();
});

/** A handler that waits for a person who never answers, until the call is cancelled. */
function waitingClient(era: "modern" | "legacy") {
  const seen = { aborted: false };
  const options: ClientOptions = {
    era,
    onElicit: (_params, ctx) =>
      new Promise((resolve) =>
        ctx.signal.addEventListener("abort", () => {
          seen.aborted = true;
          resolve({ action: "cancel" });
        }),
      ),
  };
  return { options, seen };
}

test("modern: aborting while a handler waits rejects the call and aborts the handler's signal", async () => {
  const { options, seen } = waitingClient("modern");
  const { client, close } = await connectTo(defineServer().mcp, options);
  const controller = new AbortController();
  const call = client.callTool("ask_name", {}, { signal: controller.signal });
  await new Promise((resolve) => setTimeout(resolve, 20));
  controller.abort(new Error("never mind"));
  await assert.rejects(call, /never mind/);
  assert.equal(seen.aborted, true);
  await close();
});

// Guards a server fix: Context.inputs() once passed `this.controller?.signal`, undefined until a handler read ctx.signal.
test("legacy: cancelling a call cancels the server's elicitation request to the client", async () => {
  const { options, seen } = waitingClient("legacy");
  const { client, close } = await connectTo(defineServer().mcp, options);
  try {
    const controller = new AbortController();
    const call = client.callTool("ask_name", {}, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort(new Error("never mind"));
    await assert.rejects(call, /never mind/);
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(seen.aborted, true, "the server sent notifications/cancelled for its elicitation/create");
  } finally {
    // Otherwise the server's pending elicitation keeps its 5-minute timer, and the process, alive.
    await close();
  }
});

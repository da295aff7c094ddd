import { test } from "node:test";
import assert from "node:assert/strict";
import { Client, StdioClientTransport } from "mcpkit/client";
import { connect } from "mcpkit/testing";
import { mcp } from "./server.ts";

for (const era of ["modern", "legacy"] as const) {
  test(`hello-world: tool, template and config (${era})`, async () => {
    const client = await connect(mcp, { era });
    try {
      const tools = await client.listAllTools();
      assert.deepEqual(
        tools.map((t) => t.name),
        ["hello"],
      );
      assert.equal((tools[0].inputSchema.properties as Record<string, { default?: unknown }>).name.default, "World");
      assert.deepEqual((await client.callTool("hello", {})).content, [{ type: "text", text: "Hello, World!" }]);
      assert.deepEqual((await client.callTool("hello", { name: "Ada" })).content, [{ type: "text", text: "Hello, Ada!" }]);
      const wrong = await client.callTool("hello", { name: 42 });
      assert.equal(wrong.isError, true);

      const templates = await client.listAllResourceTemplates();
      assert.deepEqual(
        templates.map((t) => t.uriTemplate),
        ["greeting://{name}"],
      );
      const greeting = await client.readResource("greeting://Ada");
      assert.equal(greeting.contents[0].mimeType, "text/plain");
      assert.equal((greeting.contents[0] as { text: string }).text, "Hello, Ada! Welcome to mcpkit.");

      const config = await client.readResource("config://app");
      assert.equal(config.contents[0].mimeType, "application/json");
      assert.deepEqual(JSON.parse((config.contents[0] as { text: string }).text), {
        name: "hello-world",
        version: "1.0.0",
        features: ["tools", "resources", "prompts"],
      });
    } finally {
      await client.close();
    }
  });
}

test("hello-world over stdio: a spawned process answers a real client", async () => {
  const client = new Client({ name: "hello-world-test", version: "0.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: ["--conditions=mcpkit-source", "--import", "tsx", "examples/hello-world/server.ts"],
    }),
  );
  try {
    assert.equal(client.serverInfo?.name, "hello-world");
    assert.deepEqual((await client.callTool("hello", { name: "stdio" })).content, [{ type: "text", text: "Hello, stdio!" }]);
    const greeting = await client.readResource("greeting://Grace");
    assert.equal((greeting.contents[0] as { text: string }).text, "Hello, Grace! Welcome to mcpkit.");
  } finally {
    await client.close();
  }
});

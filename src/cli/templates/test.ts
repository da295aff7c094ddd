/** `test/server.test.ts` of a new project: the whole server through the in-memory testing kit, on both protocol eras. */
export const serverTest = `import { test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "mcpkit/testing";
import { mcp } from "../src/server.ts";

const textOf = (content: ReadonlyArray<{ type: string }>) => content.map((block) => (block as { text?: string }).text ?? "").join("");

// "modern" is the 2026-07-28 protocol, "legacy" what older clients speak: serve both.
for (const era of ["modern", "legacy"] as const) {
  test(\`tools, resources and prompts (\${era} protocol)\`, async () => {
    const client = await connect(mcp, { era });
    try {
      const tools = await client.listAllTools();
      assert.deepEqual(tools.map((tool) => tool.name).sort(), ["add", "divide", "hello"]);

      assert.equal(textOf((await client.callTool("hello", { name: "Ada" })).content), "Hello, Ada!");
      assert.equal(textOf((await client.callTool("hello")).content), "Hello, World!");
      assert.equal(textOf((await client.callTool("add", { a: 2, b: 3 })).content), "5");
      const byZero = await client.callTool("divide", { a: 1, b: 0 });
      assert.equal(byZero.isError, true);
      assert.equal(textOf(byZero.content), "Cannot divide by zero");

      const greeting = await client.readResource("greeting://Ada");
      assert.equal((greeting.contents[0] as { text?: string }).text, "Hello, Ada! Welcome.");

      const prompt = await client.getPrompt("debug_error", { error: "TypeError: x is undefined" });
      assert.deepEqual(prompt.messages.map((message) => message.role), ["user", "assistant"]);
    } finally {
      await client.close();
    }
  });
}
`;

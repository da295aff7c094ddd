import { test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "mcpkit/testing";
import { mcp } from "./server.ts";

const textOf = (block: { type: string } | undefined) => (block as { text?: string } | undefined)?.text;

for (const era of ["modern", "legacy"] as const) {
  test(`showcase tools, resources and prompts (${era})`, async () => {
    const client = await connect(mcp, { era });
    try {
      assert.equal((await client.callTool("hello", {})).content[0].type, "text");
      assert.deepEqual((await client.callTool("hello", { name: "Ada" })).content, [{ type: "text", text: "Hello, Ada!" }]);
      assert.equal(textOf((await client.callTool("divide", { a: 9, b: 3 })).content[0]), "3");
      const byZero = await client.callTool("divide", { a: 1, b: 0 });
      assert.equal(byZero.isError, true);
      assert.equal(textOf(byZero.content[0]), "Cannot divide by zero");
      const greeting = await client.readResource("greeting://Ada");
      assert.equal((greeting.contents[0] as { text?: string }).text, "Hello, Ada! Welcome to mcpkit.");
      const prompt = await client.getPrompt("debug_error", { error: "TypeError: x is undefined" });
      assert.deepEqual(prompt.messages.map((m) => m.role), ["user", "user", "assistant"]);
    } finally {
      await client.close();
    }
  });
}

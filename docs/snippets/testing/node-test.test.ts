// server.test.ts: run with `node --import tsx --test server.test.ts`
import { test } from "node:test";
import assert from "node:assert/strict";
import { accept, connect, decline, reply } from "mcpkit/testing";
import { mcp } from "./server.ts";

// The same server speaks both protocol eras: test both.
for (const era of ["modern", "legacy"] as const) {
  test(`divide (${era})`, async () => {
    const client = await connect(mcp, { era });
    try {
      const result = await client.callTool("divide", { a: 6, b: 3 });
      assert.deepEqual(result.content, [{ type: "text", text: "2" }]);

      const byZero = await client.callTool("divide", { a: 1, b: 0 });
      assert.equal(byZero.isError, true);
      assert.deepEqual(byZero.content, [{ type: "text", text: "Cannot divide by zero" }]);
    } finally {
      await client.close();
    }
  });
}

test("clear_memory asks first", async () => {
  const yes = await connect(mcp, { onElicit: accept({ confirm: true }) });
  assert.deepEqual((await yes.callTool("clear_memory")).content, [{ type: "text", text: "Cleared (memory is 0)" }]);
  await yes.close();

  const no = await connect(mcp, { onElicit: decline() });
  assert.deepEqual((await no.callTool("clear_memory")).content, [{ type: "text", text: "Kept" }]);
  await no.close();
});

test("explain asks the client's model", async () => {
  const client = await connect(mcp, { onSample: reply("Sharing 6 sweets among 3 friends") });
  const result = await client.callTool("explain", { expression: "6 / 3" });
  assert.deepEqual(result.content, [{ type: "text", text: "Sharing 6 sweets among 3 friends" }]);
  await client.close();
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "mcpkit/testing";
import { mcp } from "./hello.ts";

test("hello greets by name", async () => {
  const client = await connect(mcp);
  const result = await client.callTool("hello", { name: "Ada" });
  assert.deepEqual(result.content, [{ type: "text", text: "Hello, Ada!" }]);
  await client.close();
});

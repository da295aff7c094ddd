import { test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "mcpkit/testing";
import { mcp } from "./server.ts";

const textOf = (result: { content: { type: string }[] }) => (result.content[0] as { text?: string }).text;

for (const era of ["modern", "legacy"] as const) {
  test(`calculator: the four operations (${era})`, async () => {
    const client = await connect(mcp, { era });
    try {
      const tools = await client.listAllTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), ["add", "calculate", "divide", "multiply", "subtract"]);
      for (const tool of tools)
        assert.deepEqual(tool.inputSchema.required, tool.name === "calculate" ? ["operation", "a", "b"] : ["a", "b"]);
      assert.equal(textOf(await client.callTool("add", { a: 2, b: 3.5 })), "5.5");
      assert.equal(textOf(await client.callTool("subtract", { a: 2, b: 5 })), "-3");
      assert.equal(textOf(await client.callTool("multiply", { a: -4, b: 2.5 })), "-10");
      assert.equal(textOf(await client.callTool("divide", { a: 9, b: 4 })), "2.25");
      // The guide's calculate(operation, a, b) does the same four.
      assert.equal(textOf(await client.callTool("calculate", { operation: "add", a: 2, b: 3.5 })), "5.5");
      assert.equal(textOf(await client.callTool("calculate", { operation: "subtract", a: 2, b: 5 })), "-3");
      assert.equal(textOf(await client.callTool("calculate", { operation: "multiply", a: -4, b: 2.5 })), "-10");
      assert.equal(textOf(await client.callTool("calculate", { operation: "divide", a: 9, b: 4 })), "2.25");
    } finally {
      await client.close();
    }
  });

  test(`calculator: division by zero and bad arguments are tool errors (${era})`, async () => {
    const client = await connect(mcp, { era });
    try {
      const byZero = await client.callTool("divide", { a: 1, b: 0 });
      assert.equal(byZero.isError, true);
      assert.equal(textOf(byZero), "Cannot divide by zero");
      const notANumber = await client.callTool("add", { a: "2", b: 3 });
      assert.equal(notANumber.isError, true);
      assert.match(textOf(notANumber) ?? "", /\ba\b/);
      const missing = await client.callTool("multiply", { a: 2 });
      assert.equal(missing.isError, true);
      const calculatedByZero = await client.callTool("calculate", { operation: "divide", a: 1, b: 0 });
      assert.equal(calculatedByZero.isError, true);
      assert.equal(textOf(calculatedByZero), "Cannot divide by zero");
      const unknown = await client.callTool("calculate", { operation: "power", a: 2, b: 3 });
      assert.equal(unknown.isError, true);
      assert.match(textOf(unknown) ?? "", /operation/);
    } finally {
      await client.close();
    }
  });
}

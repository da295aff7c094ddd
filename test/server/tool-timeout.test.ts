/** Per-tool execution timeout: the handler's signal is aborted and the call answers an isError result. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { McpServer } from "../../src/index.ts";
import { connect } from "../../src/testing/index.ts";

function server(toolTimeoutMs?: number) {
  const seen: string[] = [];
  const mcp = new McpServer({ name: "timeouts", version: "1.0.0", toolTimeoutMs });
  const waitForAbort = (name: string) => async (_args: unknown, ctx: { signal: AbortSignal }) => {
    await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve(), { once: true }));
    seen.push(`${name} aborted: ${(ctx.signal.reason as Error).message}`);
    return "too late";
  };
  mcp.tool("own", { timeoutMs: 100 }, waitForAbort("own"));
  mcp.tool("inherits", waitForAbort("inherits"));
  mcp.tool("quick", { timeoutMs: 5000 }, async () => "quick");
  mcp.tool("unbounded", { timeoutMs: 0 }, async () => {
    await new Promise((r) => setTimeout(r, 300));
    return "finished";
  });
  return { mcp, seen };
}

for (const era of ["modern", "legacy"] as const) {
  test(`${era}: a tool past its timeoutMs answers isError and its signal is aborted`, async () => {
    const { mcp, seen } = server();
    const client = await connect(mcp, { era });
    const result = await client.callTool("own");
    assert.equal(result.isError, true);
    assert.deepEqual(result.content, [{ type: "text", text: 'Tool "own" timed out after 100 ms' }]);
    assert.deepEqual(seen, ['own aborted: Tool "own" timed out after 100 ms']);
    assert.deepEqual((await client.callTool("quick")).content, [{ type: "text", text: "quick" }]);
    await client.close();
    await mcp.close();
  });

  test(`${era}: the server-wide toolTimeoutMs applies unless a tool sets its own (0 = none)`, async () => {
    const { mcp, seen } = server(150);
    const client = await connect(mcp, { era });
    const result = await client.callTool("inherits");
    assert.equal(result.isError, true);
    assert.deepEqual(result.content, [{ type: "text", text: 'Tool "inherits" timed out after 150 ms' }]);
    assert.deepEqual(seen, ['inherits aborted: Tool "inherits" timed out after 150 ms']);
    assert.deepEqual((await client.callTool("unbounded")).content, [{ type: "text", text: "finished" }]);
    await client.close();
    await mcp.close();
  });
}

test("timeoutMs must be a non-negative number", () => {
  const mcp = new McpServer({ name: "bad", version: "1.0.0" });
  assert.throws(() => mcp.tool("neg", { timeoutMs: -1 }, () => "x"), /timeoutMs/);
});

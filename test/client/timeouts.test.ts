/** Client timeouts: resetTimeoutOnProgress and maxTotalTimeoutMs, per call and as client defaults, on both eras. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { McpError, McpServer } from "../../src/index.ts";
import { connect } from "../../src/testing/index.ts";

/** `ticks` reports progress every 60 ms, `ticks` times, then answers; the server notes a cancel. */
function server() {
  const cancelled: string[] = [];
  const mcp = new McpServer({ name: "ticking", version: "1.0.0" });
  mcp.tool("ticks", { input: { type: "object", properties: { ticks: { type: "number" } } } }, async ({ ticks }, ctx) => {
    for (let i = 1; i <= (ticks as number); i++) {
      await new Promise((resolve) => setTimeout(resolve, 60));
      if (ctx.signal.aborted) {
        cancelled.push(String((ctx.signal.reason as Error)?.message ?? ctx.signal.reason));
        return "cancelled";
      }
      ctx.progress(i, ticks as number);
    }
    return `ticked ${String(ticks)}`;
  });
  return { mcp, cancelled };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(check());
};

const timedOut = (pattern: RegExp) => (error: unknown) => {
  assert.ok(error instanceof McpError, `expected an McpError, got ${String(error)}`);
  assert.equal(error.code, -32001);
  assert.match(error.message, pattern);
  return true;
};

for (const era of ["modern", "legacy"] as const) {
  test(`${era}: without resetTimeoutOnProgress a call past timeoutMs fails and the server is told`, async () => {
    const { mcp, cancelled } = server();
    const client = await connect(mcp, { era });
    await assert.rejects(
      client.callTool("ticks", { ticks: 10 }, { timeoutMs: 200, onProgress: () => {} }),
      timedOut(/^tools\/call timed out after 200 ms$/),
    );
    await until(() => cancelled.length === 1);
    await client.close();
  });

  test(`${era}: resetTimeoutOnProgress keeps a call alive while progress arrives (per call, and as a client default)`, async () => {
    const { mcp, cancelled } = server();
    const client = await connect(mcp, { era });
    const seen: number[] = [];
    const result = await client.callTool(
      "ticks",
      { ticks: 8 },
      { timeoutMs: 200, resetTimeoutOnProgress: true, onProgress: (p) => seen.push(p.progress) },
    );
    assert.deepEqual(result.content, [{ type: "text", text: "ticked 8" }]);
    assert.deepEqual(seen, [1, 2, 3, 4, 5, 6, 7, 8]);
    await client.close();
    const byDefault = await connect(mcp, { era, requestTimeoutMs: 200, resetTimeoutOnProgress: true });
    // No onProgress: the client still asks for progress, since it needs it to know the call is alive.
    assert.deepEqual((await byDefault.callTool("ticks", { ticks: 8 })).content, [{ type: "text", text: "ticked 8" }]);
    assert.deepEqual(cancelled, []);
    await byDefault.close();
  });

  test(`${era}: maxTotalTimeoutMs bounds a call however much progress it reports, and the server is told`, async () => {
    const { mcp, cancelled } = server();
    const client = await connect(mcp, { era, maxTotalTimeoutMs: 350 });
    await assert.rejects(
      client.callTool("ticks", { ticks: 20 }, { timeoutMs: 200, resetTimeoutOnProgress: true }),
      timedOut(/^tools\/call timed out after 350 ms in all \(maxTotalTimeoutMs/),
    );
    await until(() => cancelled.length === 1);
    // A call's own maxTotalTimeoutMs wins over the client's.
    await assert.rejects(
      client.callTool("ticks", { ticks: 20 }, { timeoutMs: 200, resetTimeoutOnProgress: true, maxTotalTimeoutMs: 250 }),
      timedOut(/after 250 ms in all/),
    );
    await until(() => cancelled.length === 2);
    await client.close();
  });

  test(`${era}: a timeout after progress stopped names the silence`, async () => {
    const mcp = new McpServer({ name: "stalls", version: "1.0.0" });
    mcp.tool("stalls", async (_args, ctx) => {
      ctx.progress(1);
      await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve(), { once: true }));
      return "stopped";
    });
    const client = await connect(mcp, { era });
    await assert.rejects(
      client.callTool("stalls", {}, { timeoutMs: 150, resetTimeoutOnProgress: true }),
      timedOut(/^tools\/call timed out after 150 ms without an answer or progress$/),
    );
    await client.close();
  });
}

// server.test.ts: run with `npx vitest`
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Client } from "mcpkit/client";
import { accept, connect } from "mcpkit/testing";
import { mcp } from "./server.ts";

describe("calculator", () => {
  let client: Client;
  beforeAll(async () => {
    client = await connect(mcp, { onElicit: accept({ confirm: true }) });
  });
  afterAll(async () => {
    await client.close();
  });

  test("lists its tools", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(["divide", "clear_memory", "explain"]);
  });

  test("divides", async () => {
    const result = await client.callTool("divide", { a: 6, b: 3 });
    expect(result.content).toEqual([{ type: "text", text: "2" }]);
  });

  test("dividing by zero is a tool error", async () => {
    const result = await client.callTool("divide", { a: 1, b: 0 });
    expect(result.isError).toBe(true);
  });

  test("clear_memory with the user's consent", async () => {
    const result = await client.callTool("clear_memory");
    expect(result.content).toEqual([{ type: "text", text: "Cleared (memory is 0)" }]);
  });
});

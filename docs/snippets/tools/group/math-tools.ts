// tools/math-tools.ts: one module per group of tools, registering itself on the server.
import type { McpServer } from "mcpkit";
import { z } from "zod";

export function registerMathTools(mcp: McpServer) {
  mcp.tool("add", { input: { a: z.number(), b: z.number() } }, ({ a, b }) => String(a + b));
  mcp.tool("multiply", { input: { a: z.number(), b: z.number() } }, ({ a, b }) => String(a * b));
}

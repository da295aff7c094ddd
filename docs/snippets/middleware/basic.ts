import { McpServer, McpError, ErrorCode } from "mcpkit";

export const mcp = new McpServer({ name: "middleware", version: "1.0.0" });
mcp.tool("hello", () => "Hello!");
mcp.tool("delete_everything", () => "Deleted");

// #region timing
mcp.use(async (ctx, next) => {
  const started = performance.now();
  try {
    return await next();
  } finally {
    // stderr, never stdout: over stdio, stdout carries protocol messages only
    console.error(`${ctx.method} took ${(performance.now() - started).toFixed(1)} ms`);
  }
});
// #endregion

// #region guard
const ADMIN_TOOLS = new Set(["delete_everything"]);

mcp.use("tools/call", async (ctx, next) => {
  const tool = String(ctx.params.name);
  if (ADMIN_TOOLS.has(tool) && !ctx.auth?.scopes.includes("admin")) {
    throw new McpError(ErrorCode.InvalidParams, `Tool "${tool}" needs the admin scope`);
  }
  return next();
});
// #endregion

// #region rewrite
mcp.use("tools/list", async (_ctx, next) => {
  const result = await next();
  const tools = result.tools as { name: string }[];
  // Hide admin tools from the list as well.
  return { ...result, tools: tools.filter((t) => !ADMIN_TOOLS.has(t.name)) };
});
// #endregion

// #region method
// An extension's method: described once, served on the eras it names, seen by middleware.
mcp.method({
  name: "example.com/echo",
  eras: ["modern", "legacy"],
  handler: (ctx) => ({ echoed: ctx.params.text ?? null }),
});
// #endregion

import { fileURLToPath } from "node:url";
import { McpServer } from "mcpkit";

export const mcp = new McpServer({ name: "workspace", version: "1.0.0" });

// #region roots
mcp.tool("list_workspaces", async (_args, ctx) => {
  if (!ctx.hasCapability("roots")) return "The client shares no roots";
  const roots = await ctx.roots(); // [{ uri: "file:///home/me/project", name: "project" }]
  return roots.filter((r) => r.uri.startsWith("file://")).map((r) => fileURLToPath(r.uri)).join("\n");
});
// #endregion

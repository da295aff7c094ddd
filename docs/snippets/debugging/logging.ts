import { McpServer } from "mcpkit";
import { z } from "zod";

export const mcp = new McpServer({ name: "debugging", version: "1.0.0" });

// #region stderr
// Your own diagnostics go to stderr: over stdio, stdout belongs to the protocol.
const debug = (...args: unknown[]) => { if (process.env.DEBUG) console.error("[my-server]", ...args); };

mcp.tool("lookup", { input: { id: z.string() } }, async ({ id }, ctx) => {
  debug("lookup", id);                  // only in your terminal / the client's log file
  ctx.log.info(`Looking up ${id}`);     // shown in the client (the Inspector's notifications pane)
  return `Record ${id}`;
});
// #endregion

import { McpServer, ToolError } from "mcpkit";
import { z } from "zod";

export const mcp = new McpServer({ name: "ops", version: "1.0.0" });

// #region validation
const SERVICES = ["web", "worker", "scheduler"] as const; // an allowlist, not a blocklist

mcp.tool("restart_service", {
  description: "Restart one of the known services",
  input: {
    service: z.enum(SERVICES),
    reason: z.string().min(3).max(200),
  },
  annotations: { destructiveHint: true, idempotentHint: true },
}, async ({ service, reason }, ctx) => {
  // Only an allowed name gets here: anything else was refused with a clear
  // "Invalid arguments" tool error before this function ran.
  if (service === "scheduler" && new Date().getHours() < 6) throw new ToolError("The scheduler restarts after 06:00");
  ctx.log.notice(`restart ${service}: ${reason}`);
  return `Restarting ${service}`;
});
// #endregion

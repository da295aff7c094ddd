// The same in code: connectRedis() gives the three seams; the server and its HTTP handler take them.
import { McpServer } from "mcpkit";
import { serveHttp } from "mcpkit/http";
import { connectRedis } from "mcpkit/redis";

export async function main() {
  // #region code
  const shared = await connectRedis({ url: process.env.MCP_REDIS_URL ?? "redis://127.0.0.1:6379" });
  const mcp = new McpServer({
    name: "notes",
    version: "1.0.0",
    bus: shared.bus, // list changes, resource updates, client answers: heard by every instance
    requestState: { secret: process.env.MCP_STATE_SECRET }, // the same on every instance
  });
  mcp.tool("ping", { description: "Answers pong" }, () => "pong");
  const handle = await serveHttp(mcp, {
    port: Number(process.env.PORT ?? 8001),
    allowedHosts: ["mcp.example.com"],
    sessions: { store: shared.store }, // legacy sessions, found by any instance
    resumability: { eventLog: shared.eventLog }, // streams resumed on any instance
  });
  process.once("SIGTERM", async () => {
    await handle.close();
    await mcp.close();
    await shared.close();
  });
  // #endregion
}

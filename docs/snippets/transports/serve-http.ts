import { McpServer } from "mcpkit";
import { serveHttp } from "mcpkit/http";

export const mcp = new McpServer({ name: "web", version: "1.0.0" });
mcp.tool("ping", () => "pong");

// #region serve
export async function start(port = 8000) {
  const handle = await serveHttp(mcp, {
    host: "127.0.0.1",
    port,                             // 0 picks a free port
    path: "/mcp",
    maxBodyBytes: 1024 * 1024,        // 413 above 1 MiB (default 4 MiB)
    maxBufferedBytes: 16 * 1024 * 1024, // bodies in memory at once; 503 beyond (default 32 MiB)
    bodyTimeoutMs: 10_000,            // 408 for a body slower than this (default 30 s)
    sessions: { idleTimeoutMs: 10 * 60_000 },
  });
  console.error(`listening on ${handle.url}`);
  return handle;                      // handle.close() drains requests in flight, then stops
}
// #endregion

import { McpServer } from "mcpkit";

export const mcp = new McpServer({ name: "web", version: "1.0.0" });
mcp.tool("ping", () => "pong");

export async function main() {
  // #region run-http
  await mcp.run({ transport: "http", host: "127.0.0.1", port: 8000 }); // http://127.0.0.1:8000/mcp
  // #endregion
}

export async function sse() {
  // #region run-sse
  // Streamable HTTP on /mcp, plus the 2024-11-05 HTTP+SSE endpoints /sse and /messages
  await mcp.run({ transport: "sse", port: 8000 });
  // #endregion
}

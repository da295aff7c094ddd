// #region hono
import { Hono } from "hono";
import { McpServer } from "mcpkit";
import { createFetchHandler } from "mcpkit/http";

export const mcp = new McpServer({ name: "web", version: "1.0.0" });
mcp.tool("ping", () => "pong");

const handler = createFetchHandler(mcp); // Request in, Response out (Bun, Deno, Workers too)
export const app = new Hono();
app.all("/mcp", (c) => handler(c.req.raw));
// export default app;
// #endregion

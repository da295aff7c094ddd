// #region express
import express from "express";
import { McpServer } from "mcpkit";
import { createNodeHandler } from "mcpkit/http";

export const mcp = new McpServer({ name: "web", version: "1.0.0" });
mcp.tool("ping", () => "pong");

export const app = express();
app.get("/health", (_req, res) => { res.send("ok"); });
app.use(createNodeHandler(mcp)); // serves /mcp; other paths fall through to the app
// app.listen(8000, "127.0.0.1");
// #endregion

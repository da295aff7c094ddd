/** The bench tool set on the official SDK v1 (@modelcontextprotocol/sdk). */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { ECHO_DESCRIPTION, fillerTools } from "./common.mjs";

const fillers = fillerTools();

export function build() {
  const server = new McpServer({ name: "bench-sdk-v1", version: "1.0.0" });
  const echo = async ({ text }) => ({ content: [{ type: "text", text }] });
  server.registerTool("echo", { description: ECHO_DESCRIPTION, inputSchema: { text: z.string() } }, echo);
  for (const t of fillers) server.registerTool(t.name, { description: t.description, inputSchema: { text: z.string() } }, echo);
  return server;
}

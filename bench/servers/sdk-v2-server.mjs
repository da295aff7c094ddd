/** The bench tool set on the official SDK v2 (@modelcontextprotocol/server). */
import { McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import { ECHO_DESCRIPTION, fillerTools } from "./common.mjs";

const fillers = fillerTools();

/** A factory, as SDK v2's serving entries want: one instance per connection or request. */
export function build() {
  const server = new McpServer({ name: "bench-sdk-v2", version: "1.0.0" });
  const input = z.object({ text: z.string() });
  const echo = async ({ text }) => ({ content: [{ type: "text", text }] });
  server.registerTool("echo", { description: ECHO_DESCRIPTION, inputSchema: input }, echo);
  for (const t of fillers) server.registerTool(t.name, { description: t.description, inputSchema: input }, echo);
  return server;
}

/** The bench tool set on mcpkit. */
import { McpServer } from "mcpkit";
import { z } from "zod";
import { ECHO_DESCRIPTION, fillerTools } from "./common.mjs";

export function build() {
  const mcp = new McpServer({ name: "bench-mcpkit", version: "1.0.0" });
  mcp.tool("echo", { description: ECHO_DESCRIPTION, input: { text: z.string() } }, ({ text }) => text);
  for (const t of fillerTools()) mcp.tool(t.name, { description: t.description, input: { text: z.string() } }, ({ text }) => text);
  return mcp;
}

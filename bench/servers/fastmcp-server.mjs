/** The bench tool set on fastmcp (the TypeScript one). */
import { FastMCP } from "fastmcp";
import { z } from "zod";
import { ECHO_DESCRIPTION, fillerTools } from "./common.mjs";

export function build() {
  const server = new FastMCP({ name: "bench-fastmcp", version: "1.0.0" });
  const parameters = z.object({ text: z.string() });
  const execute = async ({ text }) => text;
  server.addTool({ name: "echo", description: ECHO_DESCRIPTION, parameters, execute });
  for (const t of fillerTools()) server.addTool({ name: t.name, description: t.description, parameters, execute });
  return server;
}

/** The bench tool set on tmcp with its zod adapter. */
import { ZodJsonSchemaAdapter } from "@tmcp/adapter-zod";
import { McpServer } from "tmcp";
import { z } from "zod";
import { ECHO_DESCRIPTION, fillerTools } from "./common.mjs";

export function build() {
  const server = new McpServer(
    { name: "bench-tmcp", version: "1.0.0", description: "bench" },
    { adapter: new ZodJsonSchemaAdapter(), capabilities: { tools: { listChanged: true } } },
  );
  const schema = z.object({ text: z.string() });
  const echo = async ({ text }) => ({ content: [{ type: "text", text }] });
  server.tool({ name: "echo", description: ECHO_DESCRIPTION, schema }, echo);
  for (const t of fillerTools()) server.tool({ name: t.name, description: t.description, schema }, echo);
  return server;
}

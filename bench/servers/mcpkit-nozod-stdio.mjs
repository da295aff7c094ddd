/**
 * mcpkit with the same tool set but raw JSON Schema input instead of zod: start-up without
 * the ~90 ms zod import that every zod-based server pays (the raw loop imports nothing).
 */
import { McpServer } from "mcpkit";
import { ECHO_DESCRIPTION, fillerTools } from "./common.mjs";

const input = { type: "object", properties: { text: { type: "string" } }, required: ["text"] };
const mcp = new McpServer({ name: "bench-mcpkit", version: "1.0.0" });
mcp.tool("echo", { description: ECHO_DESCRIPTION, input }, (args) => String(args.text));
for (const t of fillerTools()) mcp.tool(t.name, { description: t.description, input }, (args) => String(args.text));
await mcp.run({ transport: "stdio" });

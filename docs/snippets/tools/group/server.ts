// server.ts: the entry point only assembles the modules.
import { pathToFileURL } from "node:url";
import { McpServer } from "mcpkit";
import { registerMathTools } from "./math-tools.ts";

export const mcp = new McpServer({ name: "grouped", version: "1.0.0" });
registerMathTools(mcp);

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await mcp.run();

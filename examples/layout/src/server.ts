/**
 * The guide's project layout: the entry point only creates the server and asks each folder
 * (tools/, resources/, prompts/) to register its components. Adding a module touches only
 * its folder.
 */
import { pathToFileURL } from "node:url";
import { McpServer } from "mcpkit";
import { register as registerPrompts } from "./prompts/index.ts";
import { register as registerResources } from "./resources/index.ts";
import { register as registerTools } from "./tools/index.ts";

/** Adds everything this project defines to `mcp`. */
export function registerLayout<S>(mcp: McpServer<S>): void {
  registerTools(mcp);
  registerResources(mcp);
  registerPrompts(mcp);
}

export const mcp = new McpServer({
  name: "text-toolkit",
  version: "1.0.0",
  instructions: "Text utilities: count and slugify text, tell the time in a timezone, summarize.",
});
registerLayout(mcp);

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await mcp.run();

import { pathToFileURL } from "node:url";
import { McpServer } from "mcpkit";
import { z } from "zod";

export const mcp = new McpServer({ name: "HelloWorld", version: "1.0.0" });

mcp.tool("hello", {
  description: "Say hello to a name.",
  input: { name: z.string().default("World").describe("The name to greet") },
}, ({ name }) => `Hello, ${name}!`);

// Serve when run directly (stdio; `--transport http` for Streamable HTTP); tests import `mcp`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await mcp.run();

// server.ts: a complete MCP server with one tool, one resource and one prompt.
import { pathToFileURL } from "node:url";
import { McpServer } from "mcpkit";
import { z } from "zod";

export const mcp = new McpServer({ name: "my-first-server", version: "1.0.0" });

mcp.tool("add", {
  description: "Add two numbers",
  input: { a: z.number(), b: z.number() },
}, ({ a, b }) => String(a + b));

mcp.resource("greeting://{name}", { description: "A personal greeting" },
  ({ name }) => `Hello, ${name}!`);

mcp.prompt("review_code", {
  description: "Ask for a code review",
  args: { code: z.string() },
}, ({ code }) => `Please review this code:\n\n${code}`);

// Serve over stdio when run directly (`node server.ts`, `npx mcpkit run server.ts`);
// importing the file (tests, `mcpkit list`) only defines the server.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await mcp.run();

/**
 * The guide's first server: a `hello` tool, a `greeting://{name}` resource template and a
 * static `config://app` resource. Run it with `npm run mcpkit -- run examples/hello-world/server.ts`.
 */
import { pathToFileURL } from "node:url";
import { McpServer } from "mcpkit";
import { z } from "zod";

/** Adds the hello-world components to `mcp` (the showcase composes every example this way). */
export function registerHelloWorld<S>(mcp: McpServer<S>): void {
  mcp.tool(
    "hello",
    {
      description: "Say hello to a name.",
      input: { name: z.string().default("World").describe("The name to greet") },
      annotations: { readOnlyHint: true },
    },
    ({ name }) => `Hello, ${name}!`,
  );

  mcp.resource(
    "greeting://{name}",
    {
      description: "A personal greeting",
      mimeType: "text/plain",
    },
    ({ name }) => `Hello, ${name}! Welcome to mcpkit.`,
  );

  // Describes whichever server it is registered on, so it stays true inside the showcase.
  mcp.resource(
    "config://app",
    {
      description: "The server's name, version and what it offers",
      mimeType: "application/json",
    },
    () => ({ name: mcp.info.name, version: mcp.info.version, features: ["tools", "resources", "prompts"] }),
  );
}

export const mcp = new McpServer({ name: "hello-world", version: "1.0.0" });
registerHelloWorld(mcp);

// Serve over stdio when run directly; stay importable for tests and the showcase.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await mcp.run();

/** A static resource describing the project. */
import type { McpServer } from "mcpkit";

export function register<S>(mcp: McpServer<S>): void {
  mcp.resource(
    "toolkit://about",
    {
      description: "What this server offers and how its source is laid out",
      mimeType: "application/json",
    },
    () => ({
      name: "text-toolkit",
      layout: {
        "src/server.ts": "creates the server, registers each folder",
        "src/tools/": ["text.ts", "time.ts"],
        "src/resources/": ["about.ts", "timezones.ts"],
        "src/prompts/": ["writing.ts"],
      },
    }),
  );
}

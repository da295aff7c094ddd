/** `src/server.ts` of a new project: the entry that creates the server and wires the modules. */
export function serverTemplate(name: string): string {
  return `/**
 * The server's entry. Each module under tools/, resources/ and prompts/ registers what it
 * provides; add a module there and list it below.
 *
 *   npm start        serve over stdio (what Claude Desktop, Cursor and VS Code launch)
 *   npm run dev      restart on every change
 *   npm test         the tests in test/, against this server in memory
 */
import { pathToFileURL } from "node:url";
import { McpServer } from "mcpkit";
import * as greeting from "./tools/greeting.ts";
import * as calculator from "./tools/calculator.ts";
import * as app from "./resources/app.ts";
import * as review from "./prompts/review.ts";

export const mcp = new McpServer({
  name: ${JSON.stringify(name)},
  version: "0.1.0",
  instructions: "Greets people, does arithmetic, and helps review code.",
});

for (const part of [greeting, calculator, app, review]) part.register(mcp);

// \`mcpkit run\` imports \`mcp\` and serves it; running this file directly serves it too.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await mcp.run();
`;
}

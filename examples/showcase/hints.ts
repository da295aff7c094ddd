// The same Inspector command as `mcpkit dev` prints (a pinned release; Node 22 from npm on an older Node).
import { inspectorCommand, shellLine } from "../../src/cli/inspector.ts";

/** What the showcase prints once it listens: how to reach it from the tools a user has. */
export function connectionHints(url: string): string {
  const server = "examples/showcase/server.ts";
  return [
    "",
    "Connect to it:",
    `  MCP Inspector   ${shellLine(inspectorCommand({ transport: "http", url }))}`,
    `  mcpkit CLI      npm run mcpkit -- list ${url}`,
    `                  npm run mcpkit -- call ${url} hello name=Ada`,
    `  Claude Desktop  npm run mcpkit -- install claude-desktop ${server} --name mcpkit-showcase`,
    `                  (Claude Desktop starts it over stdio; \`--dry-run\` shows the entry first)`,
    `  Over stdio      npm start -- --transport stdio`,
    "Stop with Ctrl+C.",
    "",
  ].join("\n");
}

/** The MCP Inspector's command line, shared by `mcpkit dev` and the showcase's hints (`npm start`). */

/**
 * The Inspector's command line for a server at `url`: the URL as its target, then the
 * transport. The Inspector needs Node 22 or newer; on an older Node, npx fetches Node 22
 * from npm (the `node` package) to run it, so `--inspector` works wherever mcpkit does.
 */
export function inspectorCommand(url: string, transport: "http" | "sse", nodeMajor = Number(process.versions.node.split(".")[0])): string[] {
  const target = transport === "sse" ? new URL("/sse", url).href : url;
  const launcher = nodeMajor >= 22
    ? ["npx", "-y", "@modelcontextprotocol/inspector"]
    : ["npx", "-y", "-p", "node@22", "-p", "@modelcontextprotocol/inspector", "mcp-inspector"];
  return [...launcher, target, "--transport", transport];
}

// server.ts: a server that runs locally over stdio, or behind a proxy over HTTP.
import { pathToFileURL } from "node:url";
import { McpServer } from "mcpkit";
import { serveHttp } from "mcpkit/http";
import { z } from "zod";

export const mcp = new McpServer({
  name: "my-server",
  version: "1.0.0",
  maskErrorDetails: true,
  requestState: { secret: process.env.MCP_STATE_SECRET },
});

mcp.tool("hello", { input: { name: z.string() } }, ({ name }) => `Hello, ${name}!`);

// #region serve
/** HTTP behind a reverse proxy: the proxy's public name must be an allowed Host. */
export async function serve() {
  const handle = await serveHttp(mcp, {
    host: process.env.HOST ?? "127.0.0.1",
    port: Number(process.env.PORT ?? 8000),
    allowedHosts: (process.env.ALLOWED_HOSTS ?? "localhost,127.0.0.1").split(","),
  });
  console.error(`serving on ${handle.url}`);
  const stop = async () => {
    await handle.close(); // finishes requests in flight, ends streams
    await mcp.close();    // tears the lifespan down
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  if (process.argv.includes("--http")) await serve();
  else await mcp.run(); // stdio, or --transport http|sse
}
// #endregion

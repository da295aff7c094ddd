import { HttpError, McpServer } from "mcpkit";
import { serveHttp } from "mcpkit/http";

// #region server
export const mcp = new McpServer({
  name: "public",
  version: "1.0.0",
  maskErrorDetails: true,
  // Every instance behind the load balancer signs modern requestState with the same secret.
  requestState: { secret: process.env.MCP_STATE_SECRET },
});
// #endregion
mcp.tool("ping", () => "pong");

const TOKENS = new Map([[process.env.MCP_TOKEN ?? "dev-token", "ops-team"]]);

// #region expose
export async function start() {
  return await serveHttp(mcp, {
    host: "0.0.0.0",                          // listen beyond loopback (inside a container, say)
    port: Number(process.env.PORT ?? 8000),
    allowedHosts: ["mcp.example.com"],        // the Host names clients use
    allowedOrigins: ["https://app.example.com"],
    maxBodyBytes: 256 * 1024,
    authenticate: (request) => {
      const header = request.headers.authorization;
      const token = typeof header === "string" ? header.replace(/^Bearer /, "") : "";
      const subject = TOKENS.get(token);
      if (!subject) {
        throw new HttpError(401, "Missing or unknown bearer token", {
          headers: { "WWW-Authenticate": 'Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"' },
        });
      }
      return { token, subject, scopes: ["tools"] }; // handlers see it as ctx.auth
    },
    routes: {
      // Served to GET without authenticate: how a client learns where to get a token (RFC 9728).
      "/.well-known/oauth-protected-resource/mcp": () => ({
        json: { resource: "https://mcp.example.com/mcp", authorization_servers: ["https://auth.example.com"] },
      }),
    },
  });
}
// #endregion

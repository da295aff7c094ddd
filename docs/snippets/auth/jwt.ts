import { McpServer } from "mcpkit";
import { bearerAuth, jwtVerifier } from "mcpkit/auth";
import { z } from "zod";

// #region server
const issuer = process.env.OAUTH_ISSUER ?? "https://auth.example.com";
const resource = process.env.MCP_PUBLIC_URL ?? "https://mcp.example.com/mcp"; // what clients connect to

export const mcp = new McpServer({ name: "files", version: "1.0.0" });

mcp.tool("read_file", { description: "Read a file", scopes: ["files:read"], input: { path: z.string() } }, ({ path }, ctx) => {
  return `${ctx.auth?.subject} reads ${path}`;
});
mcp.tool("delete_file", { description: "Delete a file", scopes: ["files:read", "files:write"], input: { path: z.string() } }, ({ path }) => {
  return `deleted ${path}`;
});

export const auth = bearerAuth({
  resource,
  authorizationServers: [issuer],
  scopesSupported: ["files:read", "files:write"],
  verify: jwtVerifier({ issuer, audience: resource }),
});
// #endregion

// #region run
export async function start() {
  await mcp.run({ transport: "http", http: { ...auth } });
}
// #endregion

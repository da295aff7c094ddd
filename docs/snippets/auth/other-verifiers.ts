import type { AuthInfo } from "mcpkit";
import { bearerAuth, introspectionVerifier, InvalidTokenError } from "mcpkit/auth";

const issuer = "https://auth.example.com";
const resource = "https://mcp.example.com/mcp";

// #region introspection
export const opaque = (introspectionSecret: string) =>
  bearerAuth({
    resource,
    authorizationServers: [issuer],
    verify: introspectionVerifier({
      issuer,
      clientId: "mcp-server", // this server's own client at the authorization server
      clientSecret: introspectionSecret,
      audience: resource,
      cacheMs: 30_000, // a revoked token works for at most this long
    }),
  });
// #endregion

// #region custom
const API_KEYS = new Map([["key-for-ci", { subject: "ci-bot", scopes: ["files:read"] }]]);

export const custom = bearerAuth({
  resource,
  authorizationServers: [issuer],
  verify: async (token): Promise<AuthInfo> => {
    const known = API_KEYS.get(token);
    if (!known) throw new InvalidTokenError("Unknown key");
    return { token, ...known };
  },
});
// #endregion

// #region allow
import { McpServer } from "mcpkit";

export const mcp = new McpServer({ name: "admin", version: "1.0.0" });
mcp.tool(
  "rotate_keys",
  { description: "Rotate signing keys", scopes: ["admin"], allow: (auth) => auth?.claims?.org === "acme" },
  () => "rotated",
);
mcp.tool("key_status", { description: "When the keys were last rotated" }, () => "rotated yesterday");
// #endregion

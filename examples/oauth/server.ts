/**
 * A protected notes server: every request needs a bearer token from the authorization server,
 * reading notes needs `notes:read` and adding one `notes:write` (a client without it is asked
 * to step up). With no OAUTH_ISSUER set, it starts a development authorization server beside
 * itself and prints how to get a token.
 *
 *     mcpkit run examples/oauth/server.ts            # or: npm run mcpkit -- run examples/oauth/server.ts
 *     OAUTH_ISSUER=https://your-tenant.example.com MCP_PUBLIC_URL=https://mcp.example.com/mcp mcpkit run examples/oauth/server.ts
 */
import { McpServer } from "mcpkit";
import { bearerAuth, jwtVerifier } from "mcpkit/auth";
import { z } from "zod";
import { SCRIPT_CLIENT, startDevAuthorizationServer } from "./dev-authorization-server.ts";

const SCOPES = ["notes:read", "notes:write"];
const port = Number(process.env.PORT || 8000);
const resource = process.env.MCP_PUBLIC_URL || `http://127.0.0.1:${port}/mcp`;

let issuer = process.env.OAUTH_ISSUER || undefined;
if (!issuer) {
  const dev = await startDevAuthorizationServer({ port: Number(process.env.OAUTH_PORT || port + 1), resource, scopes: SCOPES });
  issuer = dev.issuer;
  console.error(`mcpkit oauth example: development authorization server at ${issuer} (any user name logs in)`);
  console.error(
    `  a token for scripts: curl -s -u ${SCRIPT_CLIENT.id}:${SCRIPT_CLIENT.secret} -d grant_type=client_credentials -d scope="${SCOPES.join(" ")}" -d resource=${resource} ${issuer}/token`,
  );
}

export const mcp = new McpServer({ name: "notes", version: "1.0.0" });
const notes: Array<{ by: string; text: string }> = [];

mcp.tool("whoami", { description: "Who the token says you are" }, (_args, ctx) => ({
  subject: ctx.auth?.subject,
  client: ctx.auth?.clientId,
  scopes: ctx.auth?.scopes,
}));
mcp.tool("list_notes", { description: "Every note", scopes: ["notes:read"] }, () => notes);
mcp.tool("add_note", { description: "Add a note", scopes: ["notes:write"], input: { text: z.string().min(1) } }, ({ text }, ctx) => {
  notes.push({ by: ctx.auth?.subject ?? "unknown", text });
  return `${notes.length} notes`;
});

await mcp.run({
  transport: "http",
  port,
  http: bearerAuth({
    resource,
    authorizationServers: [issuer],
    scopesSupported: SCOPES,
    verify: jwtVerifier({ issuer, audience: resource }),
  }),
});

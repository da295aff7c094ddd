/**
 * Opaque tokens checked by RFC 7662 introspection at a real authorization server
 * (oidc-provider): accepted on both eras, refused once revoked, refused for another resource,
 * and answers reused within the cache, never past the token's life.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { bearerAuth, introspectionVerifier } from "../../src/auth/index.ts";
import { Client, HttpClientTransport } from "../../src/client/index.ts";
import { McpServer } from "../../src/index.ts";
import { serveHttp, type HttpServerHandle } from "../../src/transports/http/index.ts";
import { CLIENTS, startAuthorizationServer, type TestAuthorizationServer } from "../helpers/oidc.ts";
import { freePort } from "../helpers/free-port.ts";

let as: TestAuthorizationServer;
const servers: HttpServerHandle[] = [];

before(async () => {
  as = await startAuthorizationServer({ scopes: ["tools"], opaque: true });
});
after(async () => {
  for (const s of servers) await s.close();
  await as?.close();
});

async function protectedServer(cacheMs: number): Promise<string> {
  const port = await freePort();
  const resource = `http://127.0.0.1:${port}/mcp`;
  const mcp = new McpServer({ name: "introspected", version: "1" });
  mcp.tool("whoami", (_args, ctx) => `${ctx.auth?.clientId} ${ctx.auth?.scopes.join(" ")}`);
  const verify = introspectionVerifier({
    issuer: as.issuer,
    clientId: CLIENTS.service.id,
    clientSecret: CLIENTS.service.secret,
    audience: resource,
    cacheMs,
  });
  servers.push(await serveHttp(mcp, { port, ...bearerAuth({ resource, authorizationServers: [as.issuer], verify }) }));
  return resource;
}

async function call(resource: string, token: string, era: "modern" | "legacy"): Promise<string> {
  const client = new Client({ name: "t", version: "1" }, { era });
  await client.connect(new HttpClientTransport(resource, { headers: { authorization: `Bearer ${token}` } }));
  try {
    return ((await client.callTool("whoami")).content[0] as { text: string }).text;
  } finally {
    await client.close();
  }
}

const initialize = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
});
const status = async (resource: string, token: string) => {
  const res = await fetch(resource, {
    method: "POST",
    body: initialize,
    headers: { "content-type": "application/json", accept: "application/json", authorization: `Bearer ${token}` },
  });
  await res.text();
  return { status: res.status, challenge: res.headers.get("www-authenticate") ?? "" };
};

test("an opaque token is accepted on both eras, and refused as soon as it is revoked (no cache)", async () => {
  const resource = await protectedServer(0);
  const token = await as.token({ resource, scope: "tools" });
  assert.doesNotMatch(token, /^ey/, "an opaque token, not a JWT");
  for (const era of ["modern", "legacy"] as const) assert.equal(await call(resource, token, era), "mcp-service tools", era);
  await as.revoke(token);
  const refused = await status(resource, token);
  assert.equal(refused.status, 401);
  assert.match(refused.challenge, /error="invalid_token", error_description="The token is not active/);
});

test("a token for another resource is refused; an unknown string is refused", async () => {
  const resource = await protectedServer(0);
  const other = await as.token({ resource: "http://127.0.0.1:1/elsewhere", scope: "tools" });
  assert.match((await status(resource, other)).challenge, /aud claim|not active/);
  assert.equal((await status(resource, "not-a-token-at-all")).status, 401);
});

test("with a cache, an active answer is reused until cacheMs passes", async () => {
  const resource = await protectedServer(300);
  const token = await as.token({ resource, scope: "tools" });
  assert.equal((await status(resource, token)).status, 200);
  await as.revoke(token);
  assert.equal((await status(resource, token)).status, 200, "within cacheMs the cached answer stands");
  await new Promise((resolve) => setTimeout(resolve, 400));
  assert.equal((await status(resource, token)).status, 401, "after cacheMs the server asks again");
});

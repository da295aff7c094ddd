/**
 * mcpkit as an OAuth 2.1 resource server against a real authorization server (oidc-provider,
 * issuing audience-bound JWTs through resource indicators): metadata, challenges, and real
 * tokens on both eras — accepted, for another resource, expired, from another issuer, forged,
 * in the URL, and a legacy session used with another principal's token.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { bearerAuth, jwtVerifier } from "../../src/auth/index.ts";
import { Client, HttpClientTransport } from "../../src/client/index.ts";
import { McpServer, type AuthInfo } from "../../src/index.ts";
import { serveHttp, type HttpServerHandle } from "../../src/transports/http/index.ts";
import { startAuthorizationServer, type TestAuthorizationServer } from "../helpers/oidc.ts";
import { freePort } from "../helpers/free-port.ts";

const SCOPES = ["tools", "files:read", "files:write"];

let as: TestAuthorizationServer;
let stranger: TestAuthorizationServer;
let http: HttpServerHandle;
let resource: string;
const seen: AuthInfo[] = [];

before(async () => {
  as = await startAuthorizationServer({ scopes: SCOPES });
  stranger = await startAuthorizationServer({ scopes: SCOPES });
  const port = await freePort();
  resource = `http://127.0.0.1:${port}/mcp`;
  const mcp = new McpServer({ name: "protected", version: "1.0.0" });
  mcp.tool("whoami", { description: "Who the token says I am", input: { note: z.string().optional() } }, (_args, ctx) => {
    seen.push(ctx.auth!);
    return `${ctx.auth?.subject} with ${ctx.auth?.scopes.join(" ")}`;
  });
  mcp.tool("delete_file", { description: "Needs files:write", scopes: ["files:write"] }, () => "deleted");
  http = await serveHttp(mcp, {
    port,
    legacySse: true,
    ...bearerAuth({
      resource,
      authorizationServers: [as.issuer],
      scopesSupported: SCOPES,
      verify: jwtVerifier({ issuer: as.issuer, audience: resource, clockToleranceSeconds: 0 }),
    }),
  });
});

after(async () => {
  await http?.close();
  await as?.close();
  await stranger?.close();
});

const metadataUrl = () => new URL("/.well-known/oauth-protected-resource/mcp", resource).href;
const post = (body: object, headers: Record<string, string> = {}) =>
  fetch(resource, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
  });
const initialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
};

async function connect(token: string, era: "modern" | "legacy"): Promise<Client> {
  const client = new Client({ name: "auth-test", version: "1" }, { era });
  await client.connect(new HttpClientTransport(resource, { headers: { authorization: `Bearer ${token}` } }));
  return client;
}

describe("protected resource metadata and challenges", () => {
  test("the metadata is served at the path-suffixed and the root well-known URL, without a token", async () => {
    for (const url of [metadataUrl(), new URL("/.well-known/oauth-protected-resource", resource).href]) {
      const res = await fetch(url);
      assert.equal(res.status, 200, url);
      assert.deepEqual(await res.json(), {
        resource,
        authorization_servers: [as.issuer],
        bearer_methods_supported: ["header"],
        scopes_supported: SCOPES,
      });
    }
  });

  test("no token: 401 naming the metadata and the scopes, on the modern, legacy and HTTP+SSE endpoints", async () => {
    const expected = `Bearer scope="tools files:read files:write", resource_metadata="${metadataUrl()}"`;
    for (const res of [await post(initialize), await fetch(new URL("/sse", resource), { headers: { accept: "text/event-stream" } })]) {
      assert.equal(res.status, 401);
      assert.equal(res.headers.get("www-authenticate"), expected);
    }
  });

  test("a token in the URL is refused without being looked at; a malformed header is invalid_request", async () => {
    const token = await as.token({ resource, scope: "tools" });
    const inUrl = await fetch(`${resource}?access_token=${token}`, {
      method: "POST",
      body: JSON.stringify(initialize),
      headers: { "content-type": "application/json" },
    });
    assert.equal(inUrl.status, 401);
    assert.match(inUrl.headers.get("www-authenticate") ?? "", /error="invalid_request"/);
    const basic = await post(initialize, { authorization: "Basic dXNlcjpwYXNz" });
    assert.equal(basic.status, 401);
    assert.match(basic.headers.get("www-authenticate") ?? "", /error="invalid_request"/);
  });
});

describe("real tokens from the authorization server", () => {
  for (const era of ["modern", "legacy"] as const) {
    test(`${era}: a token for this resource calls the tool; ctx.auth has the subject, client, scopes, expiry and claims`, async () => {
      const token = await as.token({ resource, scope: "tools files:read" });
      const client = await connect(token, era);
      try {
        const result = await client.callTool("whoami", {});
        assert.equal((result.content[0] as { text: string }).text, "mcp-service with tools files:read");
        const auth = seen.at(-1)!;
        assert.equal(auth.token, token);
        assert.equal(auth.clientId, "mcp-service");
        assert.equal(auth.claims?.aud, resource);
        assert.equal(auth.claims?.iss, as.issuer);
        assert.ok(auth.expiresAt! > Date.now() / 1000);
      } finally {
        await client.close();
      }
    });
  }

  test("refused with invalid_token: another resource's token, an expired one, another issuer's, a forged signature", async () => {
    const otherResource = await as.token({ resource: "http://127.0.0.1:1/other", scope: "tools" });
    const foreign = await stranger.token({ resource, scope: "tools" });
    const good = await as.token({ resource, scope: "tools" });
    const [header, payload, signature] = good.split(".");
    const forged = `${header}.${payload}.${signature.slice(0, -4)}${signature.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`;
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
    const widened = `${header}.${Buffer.from(JSON.stringify({ ...claims, scope: "tools admin" })).toString("base64url")}.${signature}`;
    const shortLived = await startAuthorizationServer({ scopes: SCOPES, accessTokenTtlSeconds: 1 });
    let expiredIssuerToken: string;
    try {
      expiredIssuerToken = await shortLived.token({ resource, scope: "tools" });
    } finally {
      await shortLived.close();
    }
    const cases: Array<[string, string, RegExp]> = [
      ["a token for another resource", otherResource, /aud claim/],
      ["a token from another issuer", foreign, /iss claim|key the issuer does not publish|signature/],
      ["a forged signature", forged, /signature does not verify/],
      ["claims changed after signing", widened, /signature does not verify/],
      ["a token of another issuer that has expired", expiredIssuerToken, /iss claim|expired|signature|key/],
      ["not a JWT", "abc.def.ghi", /not a valid access token/],
    ];
    for (const [what, token, reason] of cases) {
      const res = await post(initialize, { authorization: `Bearer ${token}` });
      assert.equal(res.status, 401, what);
      const challenge = res.headers.get("www-authenticate") ?? "";
      assert.match(
        challenge,
        /^Bearer error="invalid_token", error_description="[^"]+", scope="tools files:read files:write", resource_metadata="/,
        what,
      );
      assert.match(challenge, reason, what);
    }
  });

  test("an expired token of the right issuer is refused as expired", async () => {
    const ttl = await startAuthorizationServer({ scopes: SCOPES, accessTokenTtlSeconds: 1 });
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/mcp`;
    const mcp = new McpServer({ name: "short", version: "1" });
    mcp.tool("ping", () => "pong");
    const server = await serveHttp(mcp, {
      port,
      ...bearerAuth({
        resource: url,
        authorizationServers: [ttl.issuer],
        verify: jwtVerifier({ issuer: ttl.issuer, audience: url, clockToleranceSeconds: 0 }),
      }),
    });
    try {
      const token = await ttl.token({ resource: url, scope: "tools" });
      const fresh = await fetch(url, {
        method: "POST",
        body: JSON.stringify(initialize),
        headers: { "content-type": "application/json", accept: "application/json", authorization: `Bearer ${token}` },
      });
      assert.equal(fresh.status, 200);
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const stale = await fetch(url, {
        method: "POST",
        body: JSON.stringify(initialize),
        headers: { "content-type": "application/json", accept: "application/json", authorization: `Bearer ${token}` },
      });
      assert.equal(stale.status, 401);
      assert.match(stale.headers.get("www-authenticate") ?? "", /error="invalid_token", error_description="The token has expired"/);
    } finally {
      await server.close();
      await ttl.close();
    }
  });

  test("step-up: a tool that needs a scope the token lacks is hidden, then 403 insufficient_scope; a token with it calls it", async () => {
    const narrow = await as.token({ resource, scope: "tools" });
    const challengeOf = (res: Response) => res.headers.get("www-authenticate") ?? "";
    const stepUp = `Bearer error="insufficient_scope", error_description="Needs the scope files:write", scope="files:write", resource_metadata="${metadataUrl()}"`;
    for (const era of ["modern", "legacy"] as const) {
      const client = await connect(narrow, era);
      try {
        assert.deepEqual(
          (await client.listAllTools()).map((t) => t.name),
          ["whoami"],
          era,
        );
      } finally {
        await client.close();
      }
    }
    const modern = await fetch(resource, {
      method: "POST",
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 9,
        method: "tools/call",
        params: {
          name: "delete_file",
          arguments: {},
          _meta: { "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {} },
        },
      }),
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        authorization: `Bearer ${narrow}`,
        "mcp-protocol-version": "2026-07-28",
        "mcp-method": "tools/call",
        "mcp-name": "delete_file",
      },
    });
    assert.equal(modern.status, 403);
    assert.equal(challengeOf(modern), stepUp);
    const body = (await modern.json()) as { id: number; error: { code: number; data: unknown } };
    assert.equal(body.id, 9);
    assert.deepEqual(body.error.data, { requiredScopes: ["files:write"] });

    const opened = await post(initialize, { authorization: `Bearer ${narrow}` });
    const session = opened.headers.get("mcp-session-id")!;
    await opened.text();
    const sessionHeaders = {
      authorization: `Bearer ${narrow}`,
      "mcp-session-id": session,
      "mcp-protocol-version": "2025-11-25",
      accept: "application/json",
    };
    await (await post({ jsonrpc: "2.0", method: "notifications/initialized" }, sessionHeaders)).text();
    const legacy = await post(
      { jsonrpc: "2.0", id: 10, method: "tools/call", params: { name: "delete_file", arguments: {} } },
      sessionHeaders,
    );
    assert.equal(legacy.status, 403);
    assert.equal(challengeOf(legacy), stepUp);
    assert.equal(((await legacy.json()) as { id: number }).id, 10);

    const wide = await as.token({ resource, scope: "tools files:write" });
    for (const era of ["modern", "legacy"] as const) {
      const client = await connect(wide, era);
      try {
        assert.equal(((await client.callTool("delete_file")).content[0] as { text: string }).text, "deleted", era);
      } finally {
        await client.close();
      }
    }
  });

  test("a legacy session answers only the principal that opened it", async () => {
    const mine = await as.token({ resource, scope: "tools" });
    const theirs = await as.token({ resource, scope: "tools", client: "other" });
    const opened = await post(initialize, { authorization: `Bearer ${mine}` });
    assert.equal(opened.status, 200);
    const session = opened.headers.get("mcp-session-id")!;
    await opened.text();
    const headers = (token: string) => ({
      authorization: `Bearer ${token}`,
      "mcp-session-id": session,
      "mcp-protocol-version": "2025-11-25",
    });
    await (await post({ jsonrpc: "2.0", method: "notifications/initialized" }, headers(mine))).text();
    const call = { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "whoami", arguments: {} } };
    const hijack = await post(call, headers(theirs));
    assert.equal(hijack.status, 404, "another principal cannot use the session");
    await hijack.text();
    const own = await post(call, headers(mine));
    assert.equal(own.status, 200);
    assert.match(await own.text(), /mcp-service with tools/);
  });
});

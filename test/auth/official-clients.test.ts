/**
 * The official SDK clients complete the OAuth flow against mcpkit as they would for a user:
 * a 401 from mcpkit, discovery of its protected resource metadata and of the authorization
 * server (a real oidc-provider: examples/oauth's development server), dynamic client
 * registration, authorization code with PKCE and the resource indicator (the login and
 * consent pages driven headless), the token, then a protected tool call; on both eras.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Client as V2Client, StreamableHTTPClientTransport as V2Http } from "@modelcontextprotocol/client";
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import { bearerAuth, jwtVerifier } from "../../src/auth/index.ts";
import { McpServer } from "../../src/index.ts";
import { serveHttp, type HttpServerHandle } from "../../src/transports/http/index.ts";
import { startDevAuthorizationServer, type DevAuthorizationServer } from "../../examples/oauth/dev-authorization-server.ts";
import { loginAndConsent } from "../helpers/oidc-login.ts";
import { freePort } from "../helpers/free-port.ts";

const SCOPES = ["notes:read", "notes:write"];
const REDIRECT = "http://127.0.0.1:1/callback";
let as: DevAuthorizationServer;
let http: HttpServerHandle;
let resource: string;

before(async () => {
  const port = await freePort();
  resource = `http://127.0.0.1:${port}/mcp`;
  as = await startDevAuthorizationServer({ port: await freePort(), resource, scopes: SCOPES });
  const mcp = new McpServer({ name: "protected-notes", version: "1" });
  mcp.tool(
    "whoami",
    { description: "Who you are", scopes: ["notes:read"] },
    (_args, ctx) => `${ctx.auth?.subject} via ${ctx.auth?.clientId}`,
  );
  http = await serveHttp(mcp, {
    port,
    ...bearerAuth({
      resource,
      authorizationServers: [as.issuer],
      scopesSupported: SCOPES,
      verify: jwtVerifier({ issuer: as.issuer, audience: resource }),
    }),
  });
});

after(async () => {
  await http?.close();
  await as?.close();
});

/** An OAuthClientProvider that keeps everything in memory and hands the authorization URL to the test. */
class TestProvider implements OAuthClientProvider {
  info: OAuthClientInformationMixed | undefined;
  stored: OAuthTokens | undefined;
  verifier = "";
  authorizationUrl: URL | undefined;
  get redirectUrl() {
    return REDIRECT;
  }
  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: "official client test",
      redirect_uris: [REDIRECT],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
      scope: SCOPES.join(" "),
      application_type: "native",
    } as OAuthClientMetadata;
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.stored;
  }
  saveTokens(tokens: OAuthTokens) {
    this.stored = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

interface AnyClient {
  connect(transport: unknown): Promise<void>;
  close(): Promise<void>;
  callTool(params: { name: string; arguments: Record<string, unknown> }): Promise<unknown>;
}
interface AnyTransport {
  finishAuth(code: string, iss?: string): Promise<void>;
}

/** The flow a user's client goes through: refused, sent to log in, back with a code, connected. */
async function flow(
  makeClient: () => AnyClient,
  makeTransport: (provider: TestProvider) => AnyTransport,
  check?: (client: AnyClient) => void,
) {
  const provider = new TestProvider();
  const first = makeTransport(provider);
  await assert.rejects(makeClient().connect(first), /Unauthorized|401/);
  assert.ok(provider.authorizationUrl, "the client was sent to the authorization server");
  assert.equal(provider.authorizationUrl.origin, as.issuer);
  assert.equal(provider.authorizationUrl.searchParams.get("resource"), resource, "RFC 8707 resource indicator");
  assert.equal(provider.authorizationUrl.searchParams.get("code_challenge_method"), "S256");
  assert.ok(provider.info?.client_id, "registered itself dynamically");
  const back = await loginAndConsent(provider.authorizationUrl.href, "ada", REDIRECT);
  const code = back.searchParams.get("code");
  assert.ok(code, `the authorization server redirected back with a code: ${back.href}`);
  // The issuer comes back too (RFC 9207); v2 checks it against the one it discovered.
  assert.equal(back.searchParams.get("iss"), as.issuer);
  await first.finishAuth(code, back.searchParams.get("iss") ?? undefined);
  assert.ok(provider.stored?.access_token);
  const connected = makeClient();
  await connected.connect(makeTransport(provider));
  try {
    check?.(connected);
    const result = (await connected.callTool({ name: "whoami", arguments: {} })) as { content: Array<{ text: string }> };
    assert.equal(result.content[0].text, `ada via ${provider.info!.client_id}`);
  } finally {
    await connected.close();
  }
}

test("SDK v1 client (2025-11-25): 401, discovery, registration, PKCE login, then a protected call", async () => {
  await flow(
    () => new V1Client({ name: "official-v1", version: "1" }) as unknown as AnyClient,
    (provider) => new StreamableHTTPClientTransport(new URL(resource), { authProvider: provider }),
  );
});

for (const mode of [{ pin: "2026-07-28" }, "legacy"] as const) {
  const era = mode === "legacy" ? "legacy" : "modern";
  test(`SDK v2 client, ${era} era: the same flow, then a protected call`, async () => {
    await flow(
      () => new V2Client({ name: "official-v2", version: "1" }, { versionNegotiation: { mode } } as never) as unknown as AnyClient,
      (provider) => new V2Http(new URL(resource), { authProvider: provider as never }) as unknown as AnyTransport,
      (client) => assert.equal((client as unknown as V2Client).getProtocolEra(), era),
    );
  });
}

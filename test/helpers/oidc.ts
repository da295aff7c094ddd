/**
 * A real OAuth 2.1 / OpenID authorization server for the auth tests: `oidc-provider` (an
 * OpenID-certified implementation) on 127.0.0.1, with resource indicators (RFC 8707) so that
 * it issues JWT access tokens bound to the MCP server's URL, client credentials, and
 * introspection and revocation (RFC 7662, RFC 7009).
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { exportJWK, generateKeyPair } from "jose";
import Provider from "oidc-provider";

export interface TestAuthorizationServer {
  issuer: string;
  /** A client_credentials token for `resource` with `scope`; `ttlSeconds` shortens its life. */
  token(options: { resource: string; scope: string; client?: string }): Promise<string>;
  /** Revokes a token (RFC 7009) as the client it was issued to. */
  revoke(token: string, client?: string): Promise<void>;
  close(): Promise<void>;
}

export const CLIENTS = {
  service: { id: "mcp-service", secret: "service-secret-0123456789abcdef" },
  other: { id: "other-service", secret: "other-secret-0123456789abcdef" },
};

export async function startAuthorizationServer(options: {
  scopes: string[];
  accessTokenTtlSeconds?: number;
  /** Opaque tokens, for introspection, instead of JWTs. */
  opaque?: boolean;
}): Promise<TestAuthorizationServer> {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: "test-key-1", use: "sig", alg: "RS256" };
  const scope = options.scopes.join(" ");
  const listening = await listen();
  const issuer = `http://127.0.0.1:${listening.port}`;
  const provider = new Provider(issuer, {
    clients: Object.values(CLIENTS).map((c) => ({
      client_id: c.id,
      client_secret: c.secret,
      grant_types: ["client_credentials"],
      redirect_uris: [],
      response_types: [],
      scope,
    })),
    jwks: { keys: [jwk] },
    scopes: options.scopes,
    ttl: { ClientCredentials: options.accessTokenTtlSeconds ?? 300 },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, resourceIndicator: string) => ({
          scope,
          audience: resourceIndicator,
          accessTokenTTL: options.accessTokenTtlSeconds ?? 300,
          accessTokenFormat: options.opaque ? "opaque" : "jwt",
          jwt: { sign: { alg: "RS256" } },
        }),
      },
    },
  });
  listening.server.on("request", provider.callback());
  return {
    issuer,
    async token({ resource, scope: wanted, client = "service" }) {
      const c = CLIENTS[client as keyof typeof CLIENTS];
      const res = await fetch(`${issuer}/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${btoa(`${c.id}:${c.secret}`)}` },
        body: new URLSearchParams({ grant_type: "client_credentials", scope: wanted, resource }),
      });
      const body = (await res.json()) as { access_token?: string; error?: string; error_description?: string };
      if (!res.ok || !body.access_token)
        throw new Error(`token request failed (${res.status}): ${body.error} ${body.error_description ?? ""}`);
      return body.access_token;
    },
    async revoke(token, client = "service") {
      const c = CLIENTS[client as keyof typeof CLIENTS];
      const res = await fetch(`${issuer}/token/revocation`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${btoa(`${c.id}:${c.secret}`)}` },
        body: new URLSearchParams({ token, token_type_hint: "access_token" }),
      });
      if (!res.ok) throw new Error(`revocation failed (${res.status}): ${await res.text()}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        listening.server.closeAllConnections();
        listening.server.close(() => resolve());
      }),
  };
}

async function listen(): Promise<{ server: Server; port: number }> {
  const { createServer } = await import("node:http");
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/**
 * A development authorization server for the OAuth example: oidc-provider on 127.0.0.1 with
 * its built-in login page (any user name works), dynamic client registration (so the MCP
 * Inspector and other clients can register themselves), PKCE, resource indicators issuing
 * JWTs for the MCP server, and one pre-registered client for scripts (client credentials).
 * For development only: keys and sessions live in memory and vanish on restart.
 */
import type { Server } from "node:http";
import { createServer } from "node:http";
import { exportJWK, generateKeyPair } from "jose";
import Provider from "oidc-provider";

export const SCRIPT_CLIENT = { id: "notes-script", secret: "dev-only-secret-change-me-0123456789" };

export interface DevAuthorizationServer {
  issuer: string;
  close(): Promise<void>;
}

export async function startDevAuthorizationServer(options: {
  port: number;
  resource: string;
  scopes: string[];
}): Promise<DevAuthorizationServer> {
  const issuer = `http://127.0.0.1:${options.port}`;
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const scope = options.scopes.join(" ");
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: SCRIPT_CLIENT.id,
        client_secret: SCRIPT_CLIENT.secret,
        grant_types: ["client_credentials"],
        redirect_uris: [],
        response_types: [],
        scope,
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: "dev-1", use: "sig", alg: "RS256" }] },
    scopes: ["openid", "offline_access", ...options.scopes],
    ttl: { ClientCredentials: 3600, AccessToken: 3600 },
    features: {
      devInteractions: { enabled: true },
      registration: { enabled: true },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => options.resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, resourceIndicator: string) => {
          if (resourceIndicator !== options.resource) throw new Error(`unknown resource ${resourceIndicator}`);
          return { scope, audience: options.resource, accessTokenTTL: 3600, accessTokenFormat: "jwt", jwt: { sign: { alg: "RS256" } } };
        },
      },
    },
  });
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", resolve);
  });
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Authorization server metadata (RFC 8414, then OpenID Connect Discovery) from an issuer
 * URL: where its keys and introspection endpoint are. The metadata must name the same issuer
 * (RFC 8414 §3.3), so a redirect or a look-alike cannot swap the keys.
 */
import { VerifierUnavailableError } from "./verifier.ts";

export interface AuthorizationServerMetadata {
  issuer: string;
  jwks_uri?: string;
  introspection_endpoint?: string;
  [key: string]: unknown;
}

/** The well-known URLs for an issuer, path inserted after the well-known prefix as RFC 8414 asks. */
export function metadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname === "/" ? "" : url.pathname.replace(/\/$/, "");
  return [
    new URL(`/.well-known/oauth-authorization-server${path}`, url).href,
    new URL(`/.well-known/openid-configuration${path}`, url).href,
    // OpenID Connect's own form appends the suffix to the issuer's path.
    ...(path ? [`${url.origin}${path}/.well-known/openid-configuration`] : []),
  ];
}

export async function discover(issuer: string, fetchImpl: typeof fetch = fetch): Promise<AuthorizationServerMetadata> {
  const failures: string[] = [];
  for (const url of metadataUrls(issuer)) {
    try {
      const res = await fetchImpl(url, { headers: { accept: "application/json" }, redirect: "error", signal: AbortSignal.timeout(10_000) });
      if (!res.ok) {
        failures.push(`${url}: ${res.status}`);
        continue;
      }
      const metadata = (await res.json()) as AuthorizationServerMetadata;
      if (metadata.issuer !== issuer)
        throw new VerifierUnavailableError(`${url} names the issuer ${JSON.stringify(metadata.issuer)}, not ${issuer}`);
      return metadata;
    } catch (error) {
      if (error instanceof VerifierUnavailableError) throw error;
      failures.push(`${url}: ${(error as Error).message}`);
    }
  }
  throw new VerifierUnavailableError(`no authorization server metadata for ${issuer} (${failures.join("; ")})`);
}

/**
 * PKCE (RFC 7636) with S256, and the random `state` of the authorization request, from
 * Web Crypto so that the client runs wherever fetch does.
 */

const base64url = (bytes: Uint8Array) => {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};

/** 32 random bytes, base64url: 43 characters, the unreserved alphabet RFC 7636 §4.1 asks for. */
export function randomToken(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export interface Pkce {
  verifier: string;
  challenge: string;
  method: "S256";
}

export async function createPkce(): Promise<Pkce> {
  const verifier = randomToken();
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return { verifier, challenge: base64url(new Uint8Array(digest)), method: "S256" };
}

/**
 * jwtVerifier and the issuer's keys: fetched once and reused, fetched again when a token
 * names a key the cached set lacks (the issuer rotated its keys), and a key that is gone
 * from the set no longer verifies new tokens.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import { jwtVerifier, InvalidTokenError } from "../../src/auth/index.ts";

const AUDIENCE = "http://127.0.0.1/mcp";

async function keyPair(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair("ES256");
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" } as JWK };
}

test("keys are fetched once, refetched for a new key id, and a removed key stops verifying", async () => {
  let published: JWK[] = [];
  let fetches = 0;
  const jwks = createServer((_req, res) => {
    fetches++;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}`;
  const sign = (key: Awaited<ReturnType<typeof keyPair>>, subject: string) =>
    new SignJWT({ scope: "tools" })
      .setProtectedHeader({ alg: "ES256", kid: key.kid })
      .setIssuer(issuer)
      .setAudience(AUDIENCE)
      .setSubject(subject)
      .setExpirationTime("5m")
      .sign(key.privateKey);
  try {
    const first = await keyPair("k1");
    const second = await keyPair("k2");
    published = [first.jwk];
    const verify = jwtVerifier({ issuer, audience: AUDIENCE, jwksUri: `${issuer}/jwks`, keysCooldownMs: 0, cacheSize: 0 });
    assert.equal((await verify(await sign(first, "a"))).subject, "a");
    assert.equal((await verify(await sign(first, "b"))).subject, "b");
    assert.equal(fetches, 1, "the key set is fetched once and reused");

    published = [first.jwk, second.jwk]; // the issuer adds a key, then signs with it
    assert.equal((await verify(await sign(second, "c"))).subject, "c");
    assert.equal(fetches, 2, "a token naming an unknown key refetches the set");

    published = [second.jwk]; // and retires the old one
    const stale = await sign(first, "d");
    await new Promise((resolve) => setTimeout(resolve, 5));
    await verify(await sign(await keyPair("k3"), "e")).catch(() => undefined); // an unknown kid makes it look again
    await assert.rejects(verify(stale), (error) => error instanceof InvalidTokenError);
  } finally {
    await new Promise((resolve) => jwks.close(resolve));
  }
});

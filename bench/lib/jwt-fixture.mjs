/**
 * The keys of a stand-in authorization server for the protected runs: a key pair, its JWKS
 * served on 127.0.0.1 by the driver, and one signed access token for the bench resource. The
 * server fetches the keys once and caches them, so no request waits on the network.
 */
import { createServer } from "node:http";
import { exportJWK, generateKeyPair, SignJWT } from "jose";

export const BENCH_RESOURCE = "http://127.0.0.1/mcp";

export async function startJwtFixture() {
  const { publicKey, privateKey } = await generateKeyPair("ES256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "bench-1", alg: "ES256", use: "sig" };
  const server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const token = await new SignJWT({ scope: "tools", client_id: "bench" })
    .setProtectedHeader({ alg: "ES256", kid: "bench-1" })
    .setIssuer(issuer)
    .setAudience(BENCH_RESOURCE)
    .setSubject("bench-user")
    .setIssuedAt()
    .setExpirationTime("2h")
    .sign(privateKey);
  return { issuer, jwksUri: `${issuer}/jwks`, token, close: () => new Promise((resolve) => server.close(resolve)) };
}

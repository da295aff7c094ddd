/**
 * mcpkit over HTTP behind mcpkit/auth: every request's bearer JWT checked (signature, issuer,
 * audience, expiry) against keys fetched once from the driver's JWKS (ISSUER, JWKS_URI).
 */
import { bearerAuth, jwtVerifier } from "mcpkit/auth";
import { serveHttp } from "mcpkit/http";
import { host, port, ready } from "./common.mjs";
import { build } from "./mcpkit-server.mjs";

const issuer = process.env.ISSUER;
const resource = process.env.RESOURCE;
const auth = bearerAuth({
  resource,
  authorizationServers: [issuer],
  verify: jwtVerifier({ issuer, audience: resource, jwksUri: process.env.JWKS_URI }),
});
const handle = await serveHttp(build(), { host, port, stateless: true, ...auth });
ready(handle.port);

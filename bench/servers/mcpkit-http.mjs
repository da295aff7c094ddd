/**
 * mcpkit over HTTP: both eras on one endpoint. SESSIONS=1 keeps the default sessionful
 * legacy era (for the session memory runs); otherwise legacy is served stateless.
 */
import { serveHttp } from "mcpkit/http";
import { host, port, ready } from "./common.mjs";
import { build } from "./mcpkit-server.mjs";

const handle = await serveHttp(build(), { host, port, stateless: process.env.SESSIONS !== "1" });
ready(handle.port);

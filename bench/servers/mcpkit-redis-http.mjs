/**
 * mcpkit over HTTP with legacy sessions kept in Redis (mcpkit/redis at REDIS_URL): session
 * records, the event log and the bus, as `mcpkit run --redis` sets them up.
 */
import { serveHttp } from "mcpkit/http";
import { connectRedis } from "mcpkit/redis";
import { host, port, ready } from "./common.mjs";
import { build } from "./mcpkit-server.mjs";

const shared = await connectRedis({ url: process.env.REDIS_URL });
const mcp = build();
const handle = await serveHttp(mcp, {
  host,
  port,
  sessions: { store: shared.store },
  resumability: { eventLog: shared.eventLog },
});
ready(handle.port);

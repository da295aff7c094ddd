/** fastmcp's httpStream transport: `stateless: true` unless SESSIONS=1 (its stateful default). */
import { host, port, ready } from "./common.mjs";
import { build } from "./fastmcp-server.mjs";

await build().start({ transportType: "httpStream", httpStream: { port, host, stateless: process.env.SESSIONS !== "1" } });
ready(port);

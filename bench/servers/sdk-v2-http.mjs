/** SDK v2's documented HTTP entry: createMcpHandler (modern + stateless legacy fallback) behind toNodeHandler. */
import { createServer } from "node:http";
import { createMcpHandler } from "@modelcontextprotocol/server";
import { toNodeHandler } from "@modelcontextprotocol/node";
import { host, port, ready } from "./common.mjs";
import { build } from "./sdk-v2-server.mjs";

const handler = toNodeHandler(createMcpHandler(build));
const server = createServer((req, res) => void handler(req, res));
server.listen(port, host, () => ready(server.address().port));

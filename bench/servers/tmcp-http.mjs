/** tmcp's HTTP transport behind node:http via @remix-run/node-fetch-server, as its README shows. */
import { createServer } from "node:http";
import { createRequestListener } from "@remix-run/node-fetch-server";
import { HttpTransport } from "@tmcp/transport-http";
import { host, port, ready } from "./common.mjs";
import { build } from "./tmcp-server.mjs";

const transport = new HttpTransport(build(), { path: "/mcp" });
const server = createServer(
  createRequestListener(async (request) => (await transport.respond(request)) ?? new Response(null, { status: 404 })),
);
server.listen(port, host, () => ready(server.address().port));

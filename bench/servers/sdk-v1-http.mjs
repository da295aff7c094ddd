/**
 * SDK v1 over Streamable HTTP with plain node:http. Stateless (default): the documented idiom,
 * a new server and transport per request with `sessionIdGenerator: undefined`. SESSIONS=1: the
 * documented sessionful idiom, one server and transport per session kept in a map.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { host, port, ready } from "./common.mjs";
import { build } from "./sdk-v1-server.mjs";

const sessions = new Map();

async function stateless(req, res) {
  const server = build();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  res.on("close", () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res);
}

async function sessionful(req, res) {
  const id = req.headers["mcp-session-id"];
  let transport = typeof id === "string" ? sessions.get(id) : undefined;
  if (!transport) {
    if (id !== undefined) return void res.writeHead(404).end();
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sid) => sessions.set(sid, transport),
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await build().connect(transport);
  }
  await transport.handleRequest(req, res);
}

const serve = process.env.SESSIONS === "1" ? sessionful : stateless;
const server = createServer(
  (req, res) =>
    void serve(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    }),
);
server.listen(port, host, () => ready(server.address().port));

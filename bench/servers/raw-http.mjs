/**
 * The HTTP limit: plain node:http reading a JSON-RPC POST and answering a tools/call echo
 * result as one JSON body. No sessions, no header checks, no schema validation.
 */
import { createServer } from "node:http";
import { host, port, ready } from "./common.mjs";

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    let msg;
    try {
      msg = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      res.writeHead(400).end();
      return;
    }
    const result =
      msg.method === "tools/call"
        ? { content: [{ type: "text", text: msg.params?.arguments?.text }] }
        : msg.method === "initialize"
          ? { protocolVersion: msg.params?.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: "raw", version: "1.0.0" } }
          : {};
    if (msg.id === undefined) {
      res.writeHead(202).end();
      return;
    }
    const body = JSON.stringify({ jsonrpc: "2.0", id: msg.id, result });
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(port, host, () => ready(server.address().port));

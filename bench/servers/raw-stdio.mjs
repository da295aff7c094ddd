/**
 * The stdio limit: a hand-written newline-delimited JSON-RPC loop answering initialize,
 * tools/list and tools/call (echo) with no framework, no validation beyond JSON.parse.
 */
import { ECHO_DESCRIPTION, fillerTools } from "./common.mjs";

const schema = { type: "object", properties: { text: { type: "string" } }, required: ["text"] };
const tools = [
  { name: "echo", description: ECHO_DESCRIPTION, inputSchema: schema },
  ...fillerTools().map((t) => ({ ...t, inputSchema: schema })),
];
const names = new Set(tools.map((t) => t.name));

let buffer = "";
let out = [];
let scheduled = false;
const flush = () => {
  scheduled = false;
  process.stdout.write(out.join(""));
  out = [];
};
const send = (message) => {
  out.push(JSON.stringify(message) + "\n");
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
};

function handle(msg) {
  if (msg.id === undefined) return;
  switch (msg.method) {
    case "initialize":
      return send({
        jsonrpc: "2.0",
        id: msg.id,
        result: {
          protocolVersion: msg.params?.protocolVersion ?? "2025-11-25",
          capabilities: { tools: {} },
          serverInfo: { name: "raw", version: "1.0.0" },
        },
      });
    case "tools/list":
      return send({ jsonrpc: "2.0", id: msg.id, result: { tools } });
    case "tools/call": {
      const name = msg.params?.name;
      if (!names.has(name)) return send({ jsonrpc: "2.0", id: msg.id, error: { code: -32602, message: `Unknown tool ${name}` } });
      const text = msg.params?.arguments?.text;
      if (typeof text !== "string")
        return send({ jsonrpc: "2.0", id: msg.id, result: { content: [{ type: "text", text: "text must be a string" }], isError: true } });
      return send({ jsonrpc: "2.0", id: msg.id, result: { content: [{ type: "text", text }] } });
    }
    case "ping":
      return send({ jsonrpc: "2.0", id: msg.id, result: {} });
    default:
      return send({ jsonrpc: "2.0", id: msg.id, error: { code: -32601, message: "Method not found" } });
  }
}

process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  buffer += chunk;
  let nl;
  while ((nl = buffer.indexOf("\n")) >= 0) {
    const line = buffer.slice(0, nl);
    buffer = buffer.slice(nl + 1);
    if (line.trim()) handle(JSON.parse(line));
  }
});
process.stdin.on("end", () => {
  if (out.length) process.stdout.write(out.join(""), () => process.exit(0));
  else process.exit(0);
});

/**
 * mcp-lite (fetch-first, HTTP only) served by @hono/node-server. Stateless by default, as its
 * README's development setup; SESSIONS=1 adds its InMemorySessionAdapter (production setup).
 */
import { serve } from "@hono/node-server";
import { InMemorySessionAdapter, McpServer, StreamableHttpTransport } from "mcp-lite";
import { z } from "zod";
import { ECHO_DESCRIPTION, fillerTools, host, port, ready } from "./common.mjs";

const mcp = new McpServer({ name: "bench-mcp-lite", version: "1.0.0", schemaAdapter: (schema) => z.toJSONSchema(schema) });
const inputSchema = z.object({ text: z.string() });
const handler = (args) => ({ content: [{ type: "text", text: args.text }] });
mcp.tool("echo", { description: ECHO_DESCRIPTION, inputSchema, handler });
for (const t of fillerTools()) mcp.tool(t.name, { description: t.description, inputSchema, handler });

const transport =
  process.env.SESSIONS === "1"
    ? new StreamableHttpTransport({ sessionAdapter: new InMemorySessionAdapter({ maxEventBufferSize: 1024 }) })
    : new StreamableHttpTransport();
const httpHandler = transport.bind(mcp);
serve({ fetch: (request) => httpHandler(request), port, hostname: host }, (info) => ready(info.port));

/**
 * Generated TypeScript servers for the `tsc --noEmit` timing (200 tools, each with a small
 * zod object schema whose inferred type the handler uses) and the hello-world servers for
 * the install footprint.
 */
const FIELDS = (i) => `{ city: z.string(), days: z.number().int().min(1).max(${7 + (i % 5)}), units: z.enum(["c", "f"]).optional() }`;
const BODY = (i) => "`tool_" + i + ' ${args.city} ${args.days} ${args.units ?? "c"}`';

const header = {
  mcpkit: `import { McpServer } from "mcpkit";\nimport { z } from "zod";\nconst server = new McpServer({ name: "gen", version: "1.0.0" });\n`,
  "sdk-v2": `import { McpServer } from "@modelcontextprotocol/server";\nimport { z } from "zod";\nconst server = new McpServer({ name: "gen", version: "1.0.0" });\n`,
  "sdk-v1": `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";\nimport { z } from "zod";\nconst server = new McpServer({ name: "gen", version: "1.0.0" });\n`,
  tmcp: `import { McpServer } from "tmcp";\nimport { ZodJsonSchemaAdapter } from "@tmcp/adapter-zod";\nimport { z } from "zod";\nconst server = new McpServer({ name: "gen", version: "1.0.0", description: "gen" }, { adapter: new ZodJsonSchemaAdapter(), capabilities: { tools: {} } });\n`,
  "mcp-lite": `import { McpServer } from "mcp-lite";\nimport { z } from "zod";\nconst server = new McpServer({ name: "gen", version: "1.0.0", schemaAdapter: (s) => z.toJSONSchema(s as z.ZodType) });\n`,
  fastmcp: `import { FastMCP } from "fastmcp";\nimport { z } from "zod";\nconst server = new FastMCP({ name: "gen", version: "1.0.0" });\n`,
};

const tool = {
  mcpkit: (i) => `server.tool("tool_${i}", { description: "Tool ${i}", input: ${FIELDS(i)} }, (args) => ${BODY(i)});\n`,
  "sdk-v2": (i) =>
    `server.registerTool("tool_${i}", { description: "Tool ${i}", inputSchema: z.object(${FIELDS(i)}) }, async (args) => ({ content: [{ type: "text", text: ${BODY(i)} }] }));\n`,
  "sdk-v1": (i) =>
    `server.registerTool("tool_${i}", { description: "Tool ${i}", inputSchema: ${FIELDS(i)} }, async (args) => ({ content: [{ type: "text", text: ${BODY(i)} }] }));\n`,
  tmcp: (i) =>
    `server.tool({ name: "tool_${i}", description: "Tool ${i}", schema: z.object(${FIELDS(i)}) }, async (args) => ({ content: [{ type: "text", text: ${BODY(i)} }] }));\n`,
  "mcp-lite": (i) =>
    `server.tool("tool_${i}", { description: "Tool ${i}", inputSchema: z.object(${FIELDS(i)}), handler: (args) => ({ content: [{ type: "text", text: ${BODY(i)} }] }) });\n`,
  fastmcp: (i) =>
    `server.addTool({ name: "tool_${i}", description: "Tool ${i}", parameters: z.object(${FIELDS(i)}), execute: async (args) => ${BODY(i)} });\n`,
};

export const TSC_PEERS = Object.keys(header);

export function generatedServer(peer, count) {
  let src = header[peer];
  for (let i = 0; i < count; i++) src += tool[peer](i);
  return src + "export { server };\n";
}

export const TSCONFIG = JSON.stringify(
  {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ["node"],
    },
    files: ["server.ts"],
  },
  null,
  2,
);

/**
 * Hello-world servers for the footprint: one stdio tool, the dependencies a user would
 * install. No schema library where the framework does not need one (mcpkit takes raw JSON
 * Schema; tmcp runs without an adapter); the others' documented setups need zod.
 */
export const HELLO = {
  mcpkit: { deps: ["mcpkit"], note: "raw JSON Schema input, no schema library" },
  "sdk-v2": { deps: ["@modelcontextprotocol/server", "zod"], note: "zod for inputSchema" },
  "sdk-v1": { deps: ["@modelcontextprotocol/sdk", "zod"], note: "zod for inputSchema" },
  tmcp: { deps: ["tmcp", "@tmcp/transport-stdio"], note: "no adapter (no input schema)" },
  "mcp-lite": { deps: ["mcp-lite", "@hono/node-server"], note: "HTTP only; node adapter for serving, no schema library" },
  fastmcp: { deps: ["fastmcp", "zod"], note: "zod for parameters" },
};

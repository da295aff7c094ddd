import { readFile } from "node:fs/promises";
import { McpServer, image, resourceLink, text } from "mcpkit";
import { z } from "zod";

export const mcp = new McpServer({ name: "results", version: "1.0.0" });

// #region results
// A string is one text block.
mcp.tool("greet", { input: { name: z.string() } }, ({ name }) => `Hello, ${name}!`);

// A plain object is structured content, mirrored as JSON text for older clients.
mcp.tool("stats", () => ({ uptimeSeconds: Math.round(process.uptime()) }));

// Content helpers build blocks; an array returns several.
mcp.tool("logo", { input: { path: z.string() } }, async ({ path }) => [
  text("Here is the logo:"),
  image(await readFile(path)), // the mime type is sniffed from the bytes (PNG, JPEG, GIF, WebP)
  resourceLink({ uri: "config://app", name: "app-config", description: "The configuration" }),
]);
// #endregion

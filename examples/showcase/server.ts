/**
 * The showcase: every example from the guide in one server. `npm start` serves it over
 * Streamable HTTP on http://127.0.0.1:8000/mcp (with the database seeded) and prints how
 * to connect; `npm start -- --transport stdio` serves it over stdio.
 */
import { fileURLToPath, pathToFileURL } from "node:url";
import { McpServer } from "mcpkit";
import { z } from "zod";
import { registerApi } from "../api/server.ts";
import { registerCalculator } from "../calculator/server.ts";
import { databaseLifespan, registerDatabase } from "../database/server.ts";
import { registerFiles } from "../files/server.ts";
import { registerHelloWorld } from "../hello-world/server.ts";
import { registerImages } from "../images/server.ts";
import { registerLayout } from "../layout/src/server.ts";
import { registerProgress } from "../progress/server.ts";
import { registerPrompts } from "../prompts/server.ts";
import { registerWeather } from "../weather/server.ts";
import { registerWebScraper } from "../web-scraper/server.ts";
import { connectionHints } from "./hints.ts";

/** The files example serves the examples themselves unless FILES_ROOT says otherwise. */
const examplesDir = fileURLToPath(new URL("..", import.meta.url));

export const mcp = new McpServer({
  name: "mcpkit-showcase",
  version: "0.1.0",
  instructions: [
    "Every example from the mcpkit guide in one server:",
    "greetings and a calculator (calculate); weather over HTTP (fetch_weather, get_weather, get_forecast);",
    "a SQLite database (search_database, query_db, database://{table}/{id}); files under a root (file://{path}, file:///{+path});",
    "API data (api://{endpoint}); generated images (image://{path}); prompts; log_message and process_files with progress;",
    "text utilities; and web_scrape / scrape_url.",
  ].join(" "),
  // The database is opened (and seeded when new) before the first request, and closed on shutdown.
  lifespan: databaseLifespan,
});

registerHelloWorld(mcp);
registerCalculator(mcp);
registerWeather(mcp);
registerDatabase(mcp);
registerFiles(mcp, { root: process.env.FILES_ROOT ?? examplesDir });
registerImages(mcp);
registerPrompts(mcp);
registerProgress(mcp);
registerLayout(mcp);
registerWebScraper(mcp);
registerApi(mcp);

mcp.prompt(
  "review_code",
  {
    description: "Ask for a code review.",
    args: { code: z.string().describe("The code to review") },
  },
  ({ code }) => `Please review this code:\n\n${code}`,
);

// Serve when run directly; stay importable for tests.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await mcp.run({
    onReady: ({ url }) => {
      if (url) process.stderr.write(connectionHints(url));
    },
  });
}

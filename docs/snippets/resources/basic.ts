import { McpServer } from "mcpkit";

export const mcp = new McpServer({ name: "resources", version: "1.0.0" });

// #region static
mcp.resource("config://app", {
  description: "Application configuration",
  mimeType: "application/json",
}, () => ({ theme: "dark", language: "en" })); // an object is served as JSON
// #endregion

// #region template
mcp.resource("greeting://{name}", { description: "A personal greeting", mimeType: "text/plain" },
  ({ name }) => `Hello, ${name}!`); // `name` is typed from the URI template
// #endregion

// #region metadata
mcp.resource("docs://readme", {
  name: "readme",
  title: "Project README",
  description: "What this project is and how to use it",
  mimeType: "text/markdown",
  annotations: { audience: ["user", "assistant"], priority: 0.8 },
}, () => "# My project\n\nIt does useful things.");
// #endregion

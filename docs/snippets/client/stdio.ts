import { Client, StdioClientTransport } from "mcpkit/client";

export async function main() {
  // #region client
  const client = new Client({ name: "my-app", version: "1.0.0" }, {
    era: "auto", // prefer 2026-07-28, fall back to initialize; or "modern" / "legacy"
    onLog: (message) => console.error(message.level, message.data),
  });
  await client.connect(new StdioClientTransport({ command: "npx", args: ["mcpkit", "run", "server.ts"] }));

  const { tools } = await client.listTools();
  console.log(tools.map((t) => t.name));
  const result = await client.callTool("add", { a: 1, b: 2 }, {
    onProgress: (p) => console.error(`${p.progress}/${p.total ?? "?"}`),
  });
  console.log(result.content);
  await client.close();
  // #endregion
}

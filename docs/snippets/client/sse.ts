import { Client, SseClientTransport } from "mcpkit/client";

export async function main() {
  // #region sse
  const client = new Client({ name: "my-app", version: "1.0.0" }, { era: "legacy" });
  await client.connect(
    new SseClientTransport("http://localhost:3001/sse", {
      headers: { "x-api-key": "secret" }, // sent with the GET and every POST
      connectTimeoutMs: 10_000, // the default: how long to wait for the endpoint event
    }),
  );
  const { tools } = await client.listTools();
  console.log(tools.map((t) => t.name));
  await client.close(); // ends the GET stream, and with it the server's session
  // #endregion
}

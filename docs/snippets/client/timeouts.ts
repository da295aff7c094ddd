import { Client } from "mcpkit/client";

export async function main(client: Client) {
  // #region timeouts
  const result = await client.callTool("crawl", { url: "https://example.com" }, {
    timeoutMs: 30_000, // without news for 30 s, the call is cancelled...
    resetTimeoutOnProgress: true, // ...but every progress notification restarts the clock
    maxTotalTimeoutMs: 10 * 60_000, // and nothing runs past ten minutes
    onProgress: (p) => console.error(p.message ?? `${p.progress}/${p.total ?? "?"}`),
  });
  // #endregion
  return result;
}

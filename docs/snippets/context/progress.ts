import { McpServer } from "mcpkit";
import { z } from "zod";

export const mcp = new McpServer({ name: "progress", version: "1.0.0" });
const processFile = async (_path: string) => { await new Promise((resolve) => setTimeout(resolve, 1)); };

// #region progress
mcp.tool("process_files", {
  description: "Process files one by one, reporting progress",
  input: { files: z.array(z.string()) },
}, async ({ files }, ctx) => {
  for (const [index, file] of files.entries()) {
    if (ctx.signal.aborted) return `Cancelled after ${index} files`; // the client cancelled
    ctx.progress(index, files.length, `Processing ${file}`);
    await processFile(file);
  }
  ctx.progress(files.length, files.length, "Done");
  return `Processed ${files.length} files`;
});
// #endregion

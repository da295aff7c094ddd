/**
 * Progress, and the context: `log_message` logs to the client (`ctx.log`); `process_files` is
 * a long-running tool that tells the client how far it got (`ctx.progress`), logs what it
 * does, and stops as soon as the client cancels (`ctx.signal`).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { McpServer } from "mcpkit";
import { z } from "zod";

/** Does the work for one file; must give up when `signal` aborts. */
export type FileProcessor = (file: string, signal: AbortSignal) => Promise<string>;

export interface ProgressOptions {
  /** The real work; the default stands in for it by waiting `delayMs` per file. */
  process?: FileProcessor;
  /** How long the default processor takes per file (default 250 ms). */
  delayMs?: number;
}

/** Adds the guide's context tools, `log_message` and `process_files`, to `mcp`. */
export function registerProgress<S>(mcp: McpServer<S>, options: ProgressOptions = {}): void {
  // The guide's first use of the context: a log message to the client (sent only at or above
  // the level it asked for), and an answer to the call.
  mcp.tool(
    "log_message",
    {
      description: "Log a message and return a confirmation.",
      input: { message: z.string().max(10_000).describe("The message to log") },
    },
    ({ message }, ctx) => {
      ctx.log.info(`User logged: ${message}`);
      return `Message logged: ${message}`;
    },
  );

  const delayMs = options.delayMs ?? 250;
  const processFile: FileProcessor =
    options.process ??
    (async (file, signal) => {
      await sleep(delayMs, undefined, { signal });
      return `${file}: done`;
    });

  mcp.tool(
    "process_files",
    {
      description: "Process a list of files, reporting progress and log messages while it works.",
      input: { files: z.array(z.string().min(1)).min(1).max(1000).describe("Paths of the files to process") },
      output: {
        summary: z.string(),
        processed: z.array(z.object({ file: z.string(), result: z.string() })),
        failed: z.array(z.object({ file: z.string(), error: z.string() })),
      },
    },
    async ({ files }, ctx) => {
      const total = files.length;
      const processed: { file: string; result: string }[] = [];
      const failed: { file: string; error: string }[] = [];
      ctx.progress(0, total, "Starting");
      for (const [index, file] of files.entries()) {
        // A cancelled call has no one waiting for its answer: stop instead of finishing the batch.
        ctx.signal.throwIfAborted();
        ctx.log.info(`Processing ${file} (${index + 1}/${total})`);
        try {
          processed.push({ file, result: await processFile(file, ctx.signal) });
        } catch (error) {
          if (ctx.signal.aborted) throw error;
          const message = error instanceof Error ? error.message : String(error);
          ctx.log.warning(`Could not process ${file}: ${message}`);
          failed.push({ file, error: message });
        }
        ctx.progress(index + 1, total, `Processed ${index + 1} of ${total}`);
      }
      const summary = `Processed ${processed.length} of ${total} files${failed.length ? `, ${failed.length} failed` : ""}`;
      ctx.log.info(summary);
      return { summary, processed, failed };
    },
  );
}

export const mcp = new McpServer({ name: "progress", version: "1.0.0" });
registerProgress(mcp);

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await mcp.run();

import { test } from "node:test";
import assert from "node:assert/strict";
import { setImmediate as tick } from "node:timers/promises";
import { McpServer } from "mcpkit";
import type { LogMessage, Progress } from "mcpkit/client";
import { connect } from "mcpkit/testing";
import { mcp, registerProgress } from "./server.ts";

function server(options: Parameters<typeof registerProgress>[1]) {
  const s = new McpServer({ name: "progress-test", version: "0.0.0" });
  registerProgress(s, options);
  return s;
}

for (const era of ["modern", "legacy"] as const) {
  test(`progress: the guide's log_message logs to the client and confirms (${era})`, async () => {
    const logs: LogMessage[] = [];
    const client = await connect(mcp, { era, logLevel: "info", onLog: (m) => logs.push(m) });
    try {
      const result = await client.callTool("log_message", { message: "disk almost full" });
      assert.deepEqual(result.content, [{ type: "text", text: "Message logged: disk almost full" }]);
      await tick();
      assert.deepEqual(
        logs.map((m) => [m.level, m.data]),
        [["info", "User logged: disk almost full"]],
      );
    } finally {
      await client.close();
    }
  });

  test(`progress: process_files reports progress and logs per file (${era})`, async () => {
    const logs: LogMessage[] = [];
    const client = await connect(mcp, { era, logLevel: "info", onLog: (m) => logs.push(m) });
    try {
      const progress: Progress[] = [];
      const result = await client.callTool("process_files", { files: ["a.txt", "b.txt"] }, { onProgress: (p) => progress.push(p) });
      assert.equal(result.isError, undefined);
      assert.deepEqual(result.structuredContent, {
        summary: "Processed 2 of 2 files",
        processed: [
          { file: "a.txt", result: "a.txt: done" },
          { file: "b.txt", result: "b.txt: done" },
        ],
        failed: [],
      });
      assert.deepEqual(progress, [
        { progress: 0, total: 2, message: "Starting" },
        { progress: 1, total: 2, message: "Processed 1 of 2" },
        { progress: 2, total: 2, message: "Processed 2 of 2" },
      ]);
      assert.deepEqual(
        logs.map((m) => [m.level, m.data]),
        [
          ["info", "Processing a.txt (1/2)"],
          ["info", "Processing b.txt (2/2)"],
          ["info", "Processed 2 of 2 files"],
        ],
      );
    } finally {
      await client.close();
    }
  });

  test(`progress: a failing file is logged as a warning and the batch goes on (${era})`, async () => {
    const s = server({
      process: async (file) => {
        if (file === "bad") throw new Error("unreadable");
        return "ok";
      },
    });
    const logs: LogMessage[] = [];
    const client = await connect(s, { era, logLevel: "warning", onLog: (m) => logs.push(m) });
    try {
      const progress: number[] = [];
      const result = await client.callTool("process_files", { files: ["x", "bad", "y"] }, { onProgress: (p) => progress.push(p.progress) });
      const out = result.structuredContent as { summary: string; failed: unknown[] };
      assert.equal(out.summary, "Processed 2 of 3 files, 1 failed");
      assert.deepEqual(out.failed, [{ file: "bad", error: "unreadable" }]);
      assert.deepEqual(progress, [0, 1, 2, 3]);
      // The client asked for warnings and worse only: the info messages stay on the server.
      assert.deepEqual(
        logs.map((m) => [m.level, m.data]),
        [["warning", "Could not process bad: unreadable"]],
      );
    } finally {
      await client.close();
    }
  });

  test(`progress: cancelling the call stops the batch (${era})`, async () => {
    const seen: string[] = [];
    let stopped!: () => void;
    const stoppedOnAbort = new Promise<void>((resolve) => {
      stopped = resolve;
    });
    const s = server({
      process: (file, signal) => {
        seen.push(file);
        if (file === "a") return Promise.resolve("ok");
        // Works until cancelled.
        return new Promise((_resolve, reject) =>
          signal.addEventListener(
            "abort",
            () => {
              stopped();
              reject(signal.reason);
            },
            { once: true },
          ),
        );
      },
    });
    const client = await connect(s, { era });
    try {
      const controller = new AbortController();
      const call = client.callTool(
        "process_files",
        { files: ["a", "b", "c"] },
        {
          signal: controller.signal,
          onProgress: (p) => {
            if (p.progress === 1) controller.abort(new Error("user gave up"));
          },
        },
      );
      await assert.rejects(call, /user gave up/);
      await stoppedOnAbort;
      await tick();
      assert.deepEqual(seen, ["a", "b"]);
    } finally {
      await client.close();
    }
  });

  test(`progress: an empty or malformed list is refused (${era})`, async () => {
    const client = await connect(mcp, { era });
    try {
      assert.equal((await client.callTool("process_files", { files: [] })).isError, true);
      assert.equal((await client.callTool("process_files", { files: "a.txt" })).isError, true);
    } finally {
      await client.close();
    }
  });
}

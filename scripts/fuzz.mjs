#!/usr/bin/env node
/**
 * The fuzzer's long mode: runs the property tests of test/property (in-process stream,
 * spawned stdio, Streamable HTTP on both eras, HTTP+SSE) with long batches, round after
 * round, until at least `--messages` frames were sent (default 1,000,000), and prints
 * what each transport received. Stops at the first failure, which names its seed.
 *
 *   node scripts/fuzz.mjs [--messages N] [--batch FRAMES] [--runs FACTOR]
 */
import { spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "1000000" },
    batch: { type: "string", default: "400" },
    runs: { type: "string", default: "10" },
  },
});
const target = Number(values.messages);
const files = ["stream", "stdio", "http"].map((name) => `test/property/${name}.test.ts`);

/** One round: every property file once; resolves with the hunts' reports, rejects on a failure. */
function round() {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--test", "--test-reporter=tap", ...files], {
      cwd: root,
      env: { ...process.env, MCPKIT_FUZZ_BATCH: values.batch, MCPKIT_FUZZ_RUNS: values.runs },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      output += chunk;
    });
    child.on("exit", (code) => {
      const reports = [...output.matchAll(/fuzz: (\{.*\})/g)].map((m) => JSON.parse(m[1]));
      if (code === 0) done(reports);
      else fail(Object.assign(new Error(`a property failed (exit ${code})`), { output }));
    });
  });
}

const totals = new Map();
let sent = 0;
const started = Date.now();
for (let n = 1; sent < target; n++) {
  let reports;
  try {
    reports = await round();
  } catch (error) {
    process.stdout.write(
      error.output
        .split("\n")
        .filter((line) => /^not ok|error:|frame|seed|leaks|\[/.test(line))
        .slice(0, 60)
        .join("\n") + "\n",
    );
    console.error(`fuzz: failed in round ${n} after ${sent} messages`);
    process.exit(1);
  }
  for (const r of reports) {
    const t = totals.get(r.driver) ?? { messages: 0, batches: 0, ms: 0 };
    totals.set(r.driver, { messages: t.messages + r.messages, batches: t.batches + r.batches, ms: t.ms + r.ms });
    sent += r.messages;
  }
  console.error(`fuzz: round ${n} done, ${sent} messages so far`);
}

console.log("| transport | messages | batches | messages/s |\n|---|---:|---:|---:|");
for (const [driver, t] of totals) console.log(`| ${driver} | ${t.messages} | ${t.batches} | ${Math.round(t.messages / (t.ms / 1000))} |`);
console.log(
  `\n${sent} messages in ${Math.round((Date.now() - started) / 1000)} s; every property held (no exit, one valid answer per id, no leak).`,
);

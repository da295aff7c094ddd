/**
 * Runs generated batches through a driver and checks them with the oracle. On a failure
 * it looks for the single frame that fails on its own (most bugs need one message), so
 * the report names a minimal counterexample rather than a batch of fifty.
 */
import fc from "fast-check";
import type { Driver } from "./collector.ts";
import { batch as batchArb, idKeyOfText, type Batch, type Era, type Frame } from "./frames.ts";
import { checkBatch, classify, type Failure } from "./oracle.ts";

export interface HuntState {
  /** Ids a previous batch left in flight on purpose (cancelled, listening): their late answers are not errors. */
  late: Set<string>;
}

export async function runBatch(
  driver: Driver,
  batch: Batch,
  state: HuntState,
  idlessErrors: boolean,
  legacyOnly = false,
): Promise<Failure[]> {
  const frames = batch.frames.filter((f) => {
    const key = idKeyOfText(f.toString("utf8"));
    return key === undefined || !state.late.has(key);
  });
  const sent = { ...batch, frames };
  const classes = frames.map(classify);
  const cancelled = new Set(classes.flatMap((c) => (c.kind === "notification" && c.cancels ? [c.cancels] : [])));
  const awaited = new Set(classes.flatMap((c) => (c.kind === "request" && !cancelled.has(c.key) ? [c.key] : [])));
  const observed = await driver.run(sent, awaited);
  const failures = checkBatch(frames, { ...observed, late: state.late, idlessErrors, legacyOnly });
  state.late = new Set([
    ...cancelled,
    ...observed.acked,
    ...classes.flatMap((c) => (c.kind === "request" && c.method === "subscriptions/listen" ? [c.key] : [])),
  ]);
  for (const f of failures) if (f.frame !== undefined) f.detail += `\n    frame ${f.frame}: ${show(frames[f.frame])}`;
  return failures;
}

export const show = (frame: Frame): string => {
  const text = frame.toString("utf8");
  const printable = Buffer.from(text, "utf8").equals(frame) ? text : `${text} (bytes: ${frame.toString("hex").slice(0, 400)})`;
  return printable.length > 600 ? `${printable.slice(0, 600)}… (${frame.length} bytes)` : printable;
};

/** The first frame that fails on its own, with its failures; suspects (frames named by a failure) first. */
export async function isolate(
  driver: Driver,
  batch: Batch,
  failures: Failure[],
  idlessErrors: boolean,
  legacyOnly = false,
  budget = 80,
): Promise<{ frame: Frame; failures: Failure[] } | undefined> {
  const suspects = [...new Set(failures.flatMap((f) => (f.frame === undefined ? [] : [f.frame])))];
  const order = [...suspects, ...batch.frames.map((_, i) => i).filter((i) => !suspects.includes(i))].slice(0, budget);
  for (const i of order) {
    const state: HuntState = { late: new Set() };
    const alone: Batch = { frames: [batch.frames[i]], answers: batch.answers, cuts: [] };
    const found = await runBatch(driver, alone, state, idlessErrors, legacyOnly);
    if (found.length) return { frame: batch.frames[i], failures: found };
  }
  return undefined;
}

export function describe(failures: Failure[]): string {
  return failures.map((f) => `  [${f.property}] ${f.detail}`).join("\n");
}

export interface HuntOptions {
  era: Era;
  numRuns: number;
  maxFrames: number;
  /** Fewest frames per batch (default 1). */
  minFrames?: number;
  idlessErrors?: boolean;
  /** The transport serves only the legacy era, whatever a frame's `_meta` says. */
  legacyOnly?: boolean;
  seed?: number;
}

/** The property for node:test: fails with the minimal frame found, then the batch's failures. */
export async function hunt(driver: Driver, options: HuntOptions): Promise<void> {
  const state: HuntState = { late: new Set() };
  const idless = options.idlessErrors ?? false;
  const startedWith = driver.sent;
  const started = Date.now();
  const legacyOnly = options.legacyOnly ?? false;
  await fc.assert(
    fc.asyncProperty(batchArb(options.era, options.maxFrames, options.minFrames), async (batch) => {
      const failures = await runBatch(driver, batch, state, idless, legacyOnly);
      if (failures.length === 0) return;
      const minimal = await isolate(driver, batch, failures, idless, legacyOnly);
      const head = minimal
        ? `${driver.name}: this frame alone fails:\n  ${show(minimal.frame)}\n${describe(minimal.failures)}`
        : `${driver.name}: no single frame fails alone; the batch of ${batch.frames.length} does`;
      throw new Error(
        `${head}\nIn the batch:\n${describe(failures.slice(0, 12))}${failures.length > 12 ? `\n  … ${failures.length - 12} more` : ""}`,
      );
    }),
    {
      numRuns: options.numRuns,
      endOnFailure: true,
      seed: options.seed,
      reporter: (details) => {
        if (details.failed)
          throw new Error(
            `${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}\n(seed ${details.seed}, path "${details.counterexamplePath}": rerun with FUZZ_SEED=${details.seed})`,
          );
      },
    },
  );
  // One line per hunt that scripts/fuzz.mjs adds up (node:test shows it as a diagnostic).
  console.log(
    `fuzz: ${JSON.stringify({ driver: driver.name, messages: driver.sent - startedWith, batches: options.numRuns, ms: Date.now() - started })}`,
  );
}

/**
 * Runs from the environment: MCPKIT_FUZZ_RUNS multiplies the default number of batches,
 * MCPKIT_FUZZ_BATCH sends batches of half that many frames up to that many (the long mode
 * of scripts/fuzz.mjs), FUZZ_SEED replays one run.
 */
export function runsFromEnv(defaultRuns: number): { numRuns: number; seed?: number; maxFrames?: number; minFrames?: number } {
  const factor = Number(process.env.MCPKIT_FUZZ_RUNS ?? "1");
  const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
  const batch = Number(process.env.MCPKIT_FUZZ_BATCH);
  const runs = { numRuns: Math.max(1, Math.round(defaultRuns * (Number.isFinite(factor) && factor > 0 ? factor : 1))), seed };
  return batch >= 2 ? { ...runs, maxFrames: Math.floor(batch), minFrames: Math.floor(batch / 2) } : runs;
}

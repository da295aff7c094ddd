// Property: a spawned stdio server never exits on any batch of frames (invalid UTF-8 and
// chunk borders included) and answers each request exactly once, with valid JSON-RPC that
// leaks nothing. Many batches share one process; it is respawned only after a failure.
import { after, test } from "node:test";
import { hunt, runsFromEnv } from "./hunt.ts";
import { StdioDriver } from "./stream-drivers.ts";

for (const era of ["modern", "legacy"] as const) {
  const driver = new StdioDriver(era);
  after(() => driver.close());
  test(`stdio (${era}): the process survives any batch and answers each request exactly once`, async () => {
    await hunt(driver, { era, maxFrames: 40, ...runsFromEnv(25) });
  });
}

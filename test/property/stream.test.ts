// Property: a stream connection (the layer under stdio and in-memory transports), fed raw
// bytes in process, survives any batch of frames and answers each request exactly once,
// with valid JSON-RPC that leaks nothing. MCPKIT_FUZZ_RUNS=10 runs ten times as many batches.
import { after, test } from "node:test";
import { hunt, runsFromEnv } from "./hunt.ts";
import { InProcessDriver } from "./stream-drivers.ts";

for (const era of ["modern", "legacy"] as const) {
  const driver = new InProcessDriver(era);
  after(() => driver.close());
  test(`stream connection (${era}): any batch of frames is answered exactly once, validly, without leaks`, async () => {
    await hunt(driver, { era, maxFrames: 40, ...runsFromEnv(40) });
  });
}

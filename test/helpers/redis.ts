/**
 * A real redis-server for the tests, on a free port of 127.0.0.1, with nothing saved to disk.
 * `.ci/run` installs it from Debian's packages; run by hand without it, the tests that need it
 * skip with a loud message (in CI they fail instead).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { freePort } from "./free-port.ts";

export interface TestRedis {
  url: string;
  port: number;
  close(): Promise<void>;
}

export function redisServerPath(): string | undefined {
  const found = spawnSync("sh", ["-c", "command -v redis-server || command -v valkey-server"], { encoding: "utf8" });
  const path = found.stdout.trim();
  return found.status === 0 && path ? path : undefined;
}

/** Why the Redis tests cannot run here, or undefined when they can. In CI a missing server is an error. */
export function redisMissing(): string | undefined {
  if (redisServerPath()) return undefined;
  const message = "redis-server is not installed (apt-get install -y redis-server, as .ci/run does): SKIPPING the Redis tests";
  if (process.env.CI) throw new Error(message.replace(": SKIPPING the Redis tests", "; CI must run the Redis tests"));
  console.error(`\n*** ${message} ***\n`);
  return message;
}

export async function startRedis(): Promise<TestRedis> {
  const binary = redisServerPath();
  if (!binary) throw new Error("redis-server is not installed");
  const port = await freePort();
  const child: ChildProcess = spawn(binary, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk;
      if (/Ready to accept connections/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}):\n${output}`));
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/**
 * Several `mcpkit run --transport http --redis` processes of one server file, and a fetch
 * that deals requests round robin between them: a balancer that is not sticky.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort } from "../helpers/free-port.ts";

const MAIN = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const SERVER = fileURLToPath(new URL("./fixtures/server.ts", import.meta.url));

export interface Instance {
  name: string;
  url: string;
  child: ChildProcess;
  log: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startInstance(name: string, redisUrl: string, extraArgs: string[] = []): Promise<Instance> {
  const listenOn = await freePort();
  const child = spawn(
    process.execPath,
    [
      "--conditions=mcpkit-source",
      "--import",
      "tsx",
      MAIN,
      "run",
      SERVER,
      "--transport",
      "http",
      "--port",
      String(listenOn),
      "--redis",
      redisUrl,
      ...extraArgs,
    ],
    { env: { ...process.env, INSTANCE: name }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance ${name} did not start:\n${output}`)), 20_000);
    const check = () => {
      if (/serving scale on/.test(output)) {
        clearTimeout(timer);
        child.stderr!.off("data", check);
        resolve();
      }
    };
    child.stderr!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`instance ${name} exited (${code}):\n${output}`));
    });
  });
  return {
    name,
    url: `http://127.0.0.1:${listenOn}/mcp`,
    child,
    log: () => output,
    stop: (signal = "SIGTERM") =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill(signal);
      }),
  };
}

/** A fetch for the client that sends each request to the next instance in turn. */
export function roundRobin(instances: Instance[]): { fetch: typeof fetch; served: string[] } {
  let next = 0;
  const served: string[] = [];
  const alive = () => instances.filter((i) => i.child.exitCode === null && i.child.signalCode === null);
  return {
    served,
    fetch: (input, init) => {
      const pool = alive();
      const target = pool[next++ % pool.length];
      served.push(target.name);
      const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
      const rewritten = new URL(url.pathname + url.search, target.url);
      return fetch(rewritten, init);
    },
  };
}

/**
 * A real nginx (Debian's package) as a round-robin balancer in front of MCP instances, set up
 * as docs/scaling.md tells users to: HTTP/1.1 to the upstreams, buffering off for SSE, long
 * read timeouts, the Host header passed on. It runs from a temporary prefix on a free port.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.ts";

export interface TestBalancer {
  url: string;
  /** The access log: which upstream served each request. */
  upstreams(): string[];
  close(): Promise<void>;
}

export function nginxPath(): string | undefined {
  for (const candidate of ["/usr/sbin/nginx", "/usr/bin/nginx"]) if (existsSync(candidate)) return candidate;
  const found = spawnSync("sh", ["-c", "command -v nginx"], { encoding: "utf8" });
  return found.status === 0 && found.stdout.trim() ? found.stdout.trim() : undefined;
}

/** Why the balancer tests cannot run here, or undefined; in CI a missing nginx is an error. */
export function nginxMissing(): string | undefined {
  if (nginxPath()) return undefined;
  const message = "nginx is not installed (apt-get install -y nginx, as .ci/run does): SKIPPING the balancer tests";
  if (process.env.CI) throw new Error(message.replace(": SKIPPING the balancer tests", "; CI must run the balancer tests"));
  console.error(`\n*** ${message} ***\n`);
  return message;
}

/** nginx on `port` (a free one by default) dealing requests to `upstreams` in turn. */
export async function startBalancer(upstreams: string[], port?: number): Promise<TestBalancer> {
  const binary = nginxPath();
  if (!binary) throw new Error("nginx is not installed");
  const dir = mkdtempSync(join(tmpdir(), "mcpkit-nginx-"));
  port ??= await freePort();
  const servers = upstreams.map((u) => `    server ${new URL(u).host} max_fails=1 fail_timeout=2s;`).join("\n");
  writeFileSync(
    join(dir, "nginx.conf"),
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  log_format upstreamlog '$upstream_addr $request_method $status';
  access_log ${dir}/access.log upstreamlog;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream mcp {
${servers}
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://mcp;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_buffering off;
      proxy_cache off;
      proxy_read_timeout 1h;
      proxy_next_upstream error timeout;
    }
  }
}
`,
  );
  const child: ChildProcess = spawn(binary, ["-p", dir, "-c", join(dir, "nginx.conf"), "-g", "daemon off;"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}):\n${output}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(500) }).then((res) => res.body?.cancel());
      break;
    } catch {
      if (i > 100) throw new Error(`nginx did not answer on ${url}:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    url,
    upstreams: () => {
      try {
        return readFileSync(join(dir, "access.log"), "utf8").split("\n").filter(Boolean);
      } catch {
        return [];
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        child.once("exit", done);
        child.kill("SIGTERM");
      }),
  };
}

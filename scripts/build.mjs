// `npm run build`: type declarations from tsc, JavaScript from esbuild.
//
// The library's entry points are bundled with shared chunks, so a server loads a handful of
// files instead of ~60 modules (start-up is most of what a stdio server's user waits for),
// while every entry still shares one copy of each class (McpError, Client...). The CLI is
// bundled on its own: it finds the package root and its own file relative to itself.
import { rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { build } from "esbuild";

rmSync("dist", { recursive: true, force: true });

const tsc = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

const common = {
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // Dependencies (and tsx, which the CLI loads only when present) stay imports.
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
};

await build({
  ...common,
  entryPoints: {
    index: "src/index.ts",
    "client/index": "src/client/index.ts",
    "transports/stdio": "src/transports/stdio.ts",
    "testing/index": "src/testing/index.ts",
    "transports/http/index": "src/transports/http/index.ts",
    "auth/index": "src/auth/index.ts",
    "redis/index": "src/redis/index.ts",
  },
  outdir: "dist",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
});

await build({ ...common, entryPoints: { "cli/main": "src/cli/main.ts" }, outdir: "dist" });

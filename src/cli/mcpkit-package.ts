/**
 * The mcpkit package this CLI runs from: its root and its package.json. The CLI lives two
 * levels under the root both as source (src/cli) and built (dist/cli).
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

export interface PackageJson {
  name?: string;
  version?: string;
  bin?: string | Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export const mcpkitRoot = resolve(import.meta.dirname, "../..");

export function readPackageJson(dir: string): PackageJson | undefined {
  const path = join(dir, "package.json");
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as PackageJson;
  } catch {
    return undefined;
  }
}

let own: PackageJson | undefined;
/** mcpkit's own package.json (name and version at least). */
export function mcpkitPackage(): PackageJson {
  own ??= readPackageJson(mcpkitRoot) ?? {};
  return { name: "mcpkit", version: "0.0.0", ...own };
}

/** Where a package's `mcpkit` bin points, or undefined when it declares none. */
export function binPath(root: string, pkg: PackageJson): string | undefined {
  const bin = typeof pkg.bin === "string" ? pkg.bin : pkg.bin?.mcpkit;
  return bin ? join(root, bin) : undefined;
}

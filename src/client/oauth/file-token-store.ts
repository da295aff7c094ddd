/**
 * A `TokenStore` in one JSON file, readable by its owner only (0600, in a 0700 directory):
 * what `mcpkit login` and the CLI's other commands share. Writes go to a temporary file
 * that is renamed over the old one, so a crash never leaves half a file.
 */
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { StoredAuthorization, TokenStore } from "./token-store.ts";

/** `$XDG_CONFIG_HOME/mcpkit/auth.json`, `%APPDATA%\mcpkit\auth.json`, or `~/.config/mcpkit/auth.json`. */
export function defaultTokenFile(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.MCPKIT_CONFIG_DIR ??
    (env.XDG_CONFIG_HOME ? join(env.XDG_CONFIG_HOME, "mcpkit") : undefined) ??
    (process.platform === "win32" && env.APPDATA ? join(env.APPDATA, "mcpkit") : undefined) ??
    join(homedir(), ".config", "mcpkit");
  return join(base, "auth.json");
}

type Entries = Record<string, StoredAuthorization>;

export class FileTokenStore implements TokenStore {
  readonly file: string;
  // Writes one after another, so two saves never interleave.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(file: string = defaultTokenFile()) {
    this.file = file;
  }

  async get(resource: string): Promise<StoredAuthorization | undefined> {
    await this.queue;
    const entries = await this.read();
    return Object.hasOwn(entries, resource) ? entries[resource] : undefined;
  }

  set(resource: string, value: StoredAuthorization): Promise<void> {
    return this.update((entries) => {
      entries[resource] = value;
    });
  }

  delete(resource: string): Promise<void> {
    return this.update((entries) => {
      delete entries[resource];
    });
  }

  /** Every resource with something stored, for `mcpkit logout --all`. */
  async resources(): Promise<string[]> {
    await this.queue;
    return Object.keys(await this.read());
  }

  private update(change: (entries: Entries) => void): Promise<void> {
    const next = this.queue.then(async () => {
      const entries = await this.read();
      change(entries);
      await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
      const temporary = `${this.file}.${process.pid}.tmp`;
      await writeFile(temporary, `${JSON.stringify(entries, null, 2)}\n`, { mode: 0o600 });
      await chmod(temporary, 0o600);
      await rename(temporary, this.file);
    });
    this.queue = next.catch(() => {});
    return next;
  }

  private async read(): Promise<Entries> {
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return Object.create(null) as Entries;
      throw error;
    }
    try {
      const value: unknown = JSON.parse(text);
      if (value && typeof value === "object" && !Array.isArray(value)) return Object.assign(Object.create(null), value) as Entries;
    } catch {
      // fall through
    }
    throw new Error(`${this.file} is not a token file mcpkit wrote; move it away to log in again`);
  }
}

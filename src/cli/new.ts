/**
 * `mcpkit new <dir>`: a ready-to-run project in the guide's layout (server entry, tools/,
 * resources/ and prompts/ modules that register themselves, a test using mcpkit/testing).
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { parse } from "./args.ts";
import { CliError, type CliCommand, type CliIo } from "./command.ts";
import { mcpkitPackage, mcpkitRoot } from "./mcpkit-package.ts";
import { appResources, calculatorTool, greetingTool, reviewPrompts } from "./templates/modules.ts";
import { gitignore, packageJson, readme, tsconfigJson, type ProjectVersions } from "./templates/project.ts";
import { serverTemplate } from "./templates/server.ts";
import { serverTest } from "./templates/test.ts";

const help = `Usage: mcpkit new <dir> [options]

Create a new MCP server project in <dir> (which must not exist or be empty):

  package.json, tsconfig.json, README.md, .gitignore
  src/server.ts                  creates the server, registers the modules
  src/tools/*.ts                 tools
  src/resources/*.ts             resources and templates
  src/prompts/*.ts               prompts
  test/server.test.ts            tests with mcpkit/testing, on both protocol eras

Run from a clone of mcpkit (not installed from the registry), the project depends on that
clone with a file: dependency, so that npm install works before mcpkit is published.

Options:
  --name <name>         the package and server name (default: the directory's name)
  --verbose             show full error stacks, the server's stderr and masked tool errors
  -h, --help            show this help

Examples:
  mcpkit new weather && cd weather && npm install && npm test
  mcpkit new servers/forecast --name @me/forecast`;

const PACKAGE_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

/** A valid npm package name from a directory name ("My Server" -> "my-server"). */
export function packageNameFrom(dir: string): string {
  const name = dir
    .toLowerCase()
    .replace(/[^a-z0-9-._~]+/g, "-")
    .replace(/^[-._]+|-+$/g, "")
    .slice(0, 214);
  return name || "mcp-server";
}

/** A dependency range from mcpkit's own devDependencies, so new projects get the versions mcpkit is tested with. */
function range(name: string, fallback: string): string {
  const spec = mcpkitPackage().devDependencies?.[name];
  if (!spec) return fallback;
  return /^\d/.test(spec) ? `^${spec}` : spec;
}

/**
 * How the new project depends on mcpkit: the registry range when this CLI was installed as a
 * package, or, when it runs from a clone or checkout (not under node_modules), a `file:`
 * dependency on that folder, which installs today (its `prepare` script builds it).
 */
export function mcpkitDependency(projectRoot: string, root = mcpkitRoot): string {
  if (root.split(/[\\/]/).includes("node_modules")) return `^${mcpkitPackage().version}`;
  const path = relative(projectRoot, root).split(sep).join("/") || ".";
  return `file:${path.startsWith(".") ? path : `./${path}`}`;
}

function versions(projectRoot: string): ProjectVersions {
  return {
    mcpkit: mcpkitDependency(projectRoot),
    zod: range("zod", "^4.0.0"),
    tsx: range("tsx", "^4.7.0"),
    typescript: range("typescript", "^5.8.0"),
    typesNode: range("@types/node", "^20.0.0"),
  };
}

/** Every file of a new project, by path relative to its root. */
export function projectFiles(name: string, projectRoot: string): Record<string, string> {
  return {
    "package.json": packageJson(name, versions(projectRoot)),
    "tsconfig.json": tsconfigJson,
    "README.md": readme(name),
    ".gitignore": gitignore,
    "src/server.ts": serverTemplate(name),
    "src/tools/greeting.ts": greetingTool,
    "src/tools/calculator.ts": calculatorTool,
    "src/resources/app.ts": appResources,
    "src/prompts/review.ts": reviewPrompts,
    "test/server.test.ts": serverTest,
  };
}

export const newCommand: CliCommand = {
  name: "new",
  summary: "Create a new server project",
  help,
  async run(argv: string[], io: CliIo) {
    const { values, positionals } = parse("new", argv, { name: { type: "string" }, help: { type: "boolean", short: "h" } });
    if (values.help) {
      io.stdout.write(`${help}\n`);
      return 0;
    }
    const [dir, ...extra] = positionals;
    if (!dir) throw new CliError("new: which directory? e.g. mcpkit new my-server");
    if (extra.length > 0) throw new CliError(`new: unexpected argument "${extra[0]}" (one directory at a time)`);
    const root = resolve(io.cwd, dir);
    if (existsSync(root)) {
      if (!statSync(root).isDirectory()) throw new CliError(`${root} exists and is not a directory`);
      if (readdirSync(root).length > 0) throw new CliError(`${root} is not empty; choose a new directory`);
    }
    const name = values.name ?? packageNameFrom(basename(root));
    if (!PACKAGE_NAME.test(name)) throw new CliError(`--name "${name}" is not a valid package name (lowercase letters, digits, - . _ ~)`);

    for (const [path, content] of Object.entries(projectFiles(name, root))) {
      const file = join(root, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }

    const bold = (text: string) => (io.color ? `\x1b[1m${text}\x1b[22m` : text);
    const shown = relative(io.cwd, root) || ".";
    io.stdout.write(
      [
        `Created ${bold(name)} in ${root}`,
        "",
        bold("Next steps:"),
        ...(shown === "." ? [] : [`  cd ${shown.includes(" ") ? JSON.stringify(shown) : shown}`]),
        "  npm install",
        "  npm test                                   run the tests",
        "  npm run dev                                serve it, restarting on changes",
        "  npx mcpkit install claude-desktop src/server.ts   add it to Claude Desktop",
        "",
      ].join("\n"),
    );
    return 0;
  },
};

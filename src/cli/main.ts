#!/usr/bin/env node
/**
 * The `mcpkit` command: dispatches to a sub-command, and turns every failure into one line on
 * stderr and a non-zero exit (the stack only with --verbose).
 */
import { readFileSync, realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { closeNames, splitDashes } from "./args.ts";
import { CliError, UsageError, type CliCommand, type CliIo } from "./command.ts";
import { callCommand } from "./commands/call.ts";
import { devCommand } from "./commands/dev.ts";
import { listCommand } from "./commands/list.ts";
import { loginCommand, logoutCommand } from "./commands/login.ts";
import { promptCommand } from "./commands/prompt.ts";
import { readCommand } from "./commands/read.ts";
import { runCommand } from "./commands/run.ts";
import { installCommand } from "./install.ts";
import { newCommand } from "./new.ts";
import { oneLine } from "./load-server.ts";

export const commands: CliCommand[] = [
  runCommand,
  devCommand,
  listCommand,
  callCommand,
  readCommand,
  promptCommand,
  loginCommand,
  logoutCommand,
  installCommand,
  newCommand,
];

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

export function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return `mcpkit ${version()}: build, run and try Model Context Protocol servers

Usage: mcpkit <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join("\n")}

Options:
  -h, --help       show help (mcpkit <command> --help for a command's own)
  -V, --version    print the version
  --verbose        show full error stacks, the server's stderr and masked tool errors

Examples:
  mcpkit run server.ts
  mcpkit dev server.ts
  mcpkit list server.ts
  mcpkit call server.ts add a=2 b=3
`;
}

/** Runs the CLI; resolves to the exit code, or undefined when a command leaves it to the process (run). */
export async function main(argv: string[], io: CliIo): Promise<number | undefined> {
  const { own, rest } = splitDashes(argv);
  const verbose = own.includes("--verbose");
  const args = [...own.filter((a) => a !== "--verbose"), ...(rest === undefined ? [] : ["--", ...rest])];
  const cliIo = { ...io, verbose: io.verbose || verbose };
  const ownArgs = splitDashes(args).own;
  let command: CliCommand | undefined;
  try {
    const [name, ...commandArgs] = args;
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      const topic = name === "help" ? commands.find((c) => c.name === commandArgs[0]) : undefined;
      io.stdout.write(topic ? `${topic.help}\n` : overview());
      return name === undefined ? 1 : 0;
    }
    if (name === "--version" || name === "-V" || name === "-v") {
      io.stdout.write(`${version()}\n`);
      return 0;
    }
    command = commands.find((c) => c.name === name);
    if (!command) {
      if (name.startsWith("-"))
        throw new CliError(`unknown option "${name}"; the command comes first: mcpkit <command> [options] (mcpkit --help lists them)`);
      const close = closeNames(
        name,
        commands.map((c) => c.name),
      );
      const hint = close.length ? `; did you mean "${close[0]}"?` : "";
      throw new CliError(`unknown command "${name}"${hint} (mcpkit --help lists them)`);
    }
    if (ownArgs.slice(1).some((a) => a === "--help" || a === "-h")) {
      io.stdout.write(`${command.help}\n`);
      return 0;
    }
    const code = await command.run(commandArgs, cliIo);
    return code ?? undefined;
  } catch (error) {
    if (error instanceof UsageError && command) error.message += ` ${usageLine(command)}`;
    report(error, cliIo, command?.name);
    return error instanceof CliError ? error.exitCode : 1;
  }
}

/** The first line of a command's help ("Usage: mcpkit run <file> ..."), and where the rest is. */
export function usageLine(command: CliCommand): string {
  return `${command.help.split("\n")[0].trim()} (mcpkit ${command.name} --help for more)`;
}

/**
 * One line, `mcpkit: <command>: <message>` (the command named once, whoever raised the error);
 * with --verbose the stack (and its causes) as well.
 */
export function report(error: unknown, io: CliIo, command?: string): void {
  const message = oneLine(error);
  const named = command === undefined || message.startsWith(`${command}: `) ? message : `${command}: ${message}`;
  io.stderr.write(`mcpkit: ${named}\n`);
  if (!io.verbose) return;
  let current: unknown = error;
  while (current instanceof Error) {
    if (current.stack) io.stderr.write(`${current.stack}\n`);
    current = current.cause;
    if (current) io.stderr.write("Caused by: ");
  }
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (isMain()) {
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    color: process.stdout.isTTY === true && !process.env.NO_COLOR,
    verbose: false,
    cwd: process.cwd(),
    env: process.env,
  };
  const code = await main(process.argv.slice(2), io).catch((error: unknown) => {
    report(error, io);
    return 1;
  });
  if (code !== undefined) {
    process.exitCode = code;
    // Leftover sockets or timers must not keep a finished command alive.
    setTimeout(() => process.exit(code), 200).unref();
  }
}

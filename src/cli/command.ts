/**
 * What every `mcpkit` sub-command is: a name, a one-line summary for the overview, its own
 * `--help` text, and a run function. Commands report bad input by throwing `CliError`; the
 * entry point turns that into one line on stderr and a non-zero exit (a stack only with
 * `--verbose`).
 */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** True when stdout is a terminal and NO_COLOR is unset: only then may output carry colour. */
  color: boolean;
  verbose: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface CliCommand {
  name: string;
  summary: string;
  /** Full text printed for `mcpkit <name> --help`. */
  help: string;
  /** Resolves to the process exit code (0 when omitted). */
  run(argv: string[], io: CliIo): Promise<number | void>;
}

/** A mistake the user can fix: printed as one line, exit code 1 unless given. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** A command line the command cannot read (an unknown option, a missing value): main() adds the usage line. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

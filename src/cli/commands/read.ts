/** `mcpkit read <target> <uri>`: read one resource. */
import { clientOptions, offers, parse, parseEra, parseHeaders, unknownName } from "../args.ts";
import { CliError, type CliCommand } from "../command.ts";
import { formatContents, paint, writeJson, writeLines } from "../output.ts";
import { parseTarget, withClient } from "../target.ts";
import { readLoginOptions } from "../login.ts";
import { TARGET_HELP } from "./target-help.ts";

export const readCommand: CliCommand = {
  name: "read",
  summary: "Read a resource by URI",
  help: `Usage: mcpkit read <target> <uri> [options]
       mcpkit read <uri> [options] -- <command> [args...]

Reads one resource (a fixed URI, or a template filled in: greeting://Ada) and prints its
text; binary contents are summarised (use --json for the base64 data).

${TARGET_HELP}

Examples:
  mcpkit read server.ts config://app
  mcpkit read http://127.0.0.1:8000/mcp greeting://Ada --json`,

  async run(argv, io) {
    const { values, positionals, rest } = parse("read", argv, clientOptions);
    const era = parseEra(values.era);
    const headers = parseHeaders(values.header);
    const { target, positionals: left } = parseTarget("read", positionals, rest, io);
    if (left.length === 0)
      throw new CliError("read: which resource? Give its URI after the target (mcpkit list <target> resources shows them)");
    if (left.length > 1) throw new CliError(`read: unexpected argument "${left[1]}"`);
    const result = await withClient(target, { era, headers, login: readLoginOptions(values) }, io, (client) => {
      if (!offers(client, "resources")) throw unknownName("resource", left[0], []);
      return client.readResource(left[0]);
    });
    if (values.json) writeJson(io, result);
    else writeLines(io, formatContents(result.contents ?? [], paint(io)));
    return 0;
  },
};

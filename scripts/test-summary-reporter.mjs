// A node:test reporter for `npm test`'s closing summary: counts of tests (not suites) that
// passed, failed, were skipped or todo, and each failure's file, name and first line, as one
// JSON document written to the reporter's destination (a temporary file scripts/test.mjs reads).
export default async function* summary(source) {
  const counts = { passed: 0, failed: 0, skipped: 0, todo: 0 };
  const failures = [];
  const names = new Map(); // nesting level -> name of the enclosing suite, for "suite > test"
  for await (const event of source) {
    if (event.type === "test:start") names.set(event.data.nesting, event.data.name);
    if (event.type !== "test:pass" && event.type !== "test:fail") continue;
    const data = event.data;
    if (data.details?.type === "suite") continue;
    if (data.skip) counts.skipped++;
    else if (data.todo) counts.todo++;
    else if (event.type === "test:pass") counts.passed++;
    else {
      counts.failed++;
      const path = [...Array(data.nesting).keys()].map((level) => names.get(level)).filter(Boolean);
      const error = data.details?.error;
      const cause = error?.cause ?? error;
      const message =
        String(cause?.message ?? cause ?? "failed")
          .split("\n")
          .find((line) => line.trim()) ?? "failed";
      failures.push({ file: data.file, name: [...path, data.name].join(" > "), message: message.trim().slice(0, 300) });
    }
  }
  yield JSON.stringify({ ...counts, failures });
}

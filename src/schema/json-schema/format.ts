// Lenient checks for the formats tool inputs commonly use; they catch garbage, not every RFC corner.
// Unknown formats are annotations only and always pass.

const EMAIL = /^[^\s@.]+(?:\.[^\s@.]+)*@[^\s@.]+(?:\.[^\s@.]+)+$/;
// A scheme, then no whitespace, no characters RFC 3986 never allows, and only well-formed %XX escapes.
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:(?:[^\s"<>\\^`{|}%]|%[0-9A-Fa-f]{2})*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// The offset is optional: clients often send local times, and rejecting them helps nobody.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))?$/;

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day <= days;
}

function date(s: string): boolean {
  const m = DATE.exec(s);
  return m !== null && validDate(+m[1], +m[2], +m[3]);
}

function dateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  if (m === null || !validDate(+m[1], +m[2], +m[3])) return false;
  // Second 60 allows leap seconds.
  if (+m[4] > 23 || +m[5] > 59 || +m[6] > 60) return false;
  return m[7] === undefined || (+m[7] <= 23 && +m[8] <= 59);
}

/** A Map, not an object literal, so a format named "constructor" cannot hit Object.prototype. */
export const FORMATS = new Map<string, (s: string) => boolean>([
  ["email", (s) => EMAIL.test(s)],
  ["uri", (s) => URI.test(s)],
  ["uuid", (s) => UUID.test(s)],
  ["date", date],
  ["date-time", dateTime],
]);

/**
 * Which addresses a server-side fetch must not reach: loopback, private, link-local (cloud
 * metadata lives at 169.254.169.254 and fd00:ec2::254), CGNAT, unique-local and the other
 * special-purpose ranges, including IPv4 addresses wrapped in IPv6 forms.
 */
import { lookup } from "node:dns";
import { isIP, type LookupFunction } from "node:net";

type Range = [prefix: bigint, bits: number];

// RFC 6890 special-purpose ranges; none of them is a public web server.
const IPV4_BLOCKED = [
  "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
  "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
  "224.0.0.0/4", "240.0.0.0/4",
];
const IPV6_BLOCKED = [
  "::/128", "::1/128", "100::/64", "2001::/23", "2001:db8::/32", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
];

function ipv4ToBigInt(address: string): bigint {
  return address.split(".").reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
}

function ipv6ToBigInt(address: string): bigint {
  let text = address.replace(/%.*$/, ""); // zone id (fe80::1%eth0)
  // A dotted IPv4 tail (::ffff:1.2.3.4) becomes two hex groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = ipv4ToBigInt(dotted[1]);
    text = `${text.slice(0, dotted.index)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill("0"), ...tailGroups];
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function parseRanges(cidrs: string[], width: number, parse: (a: string) => bigint): Range[] {
  return cidrs.map((cidr) => {
    const [address, bits] = cidr.split("/");
    return [parse(address) >> BigInt(width - Number(bits)), Number(bits)];
  });
}
const V4_RANGES = parseRanges(IPV4_BLOCKED, 32, ipv4ToBigInt);
const V6_RANGES = parseRanges(IPV6_BLOCKED, 128, ipv6ToBigInt);
const inRanges = (value: bigint, width: number, ranges: Range[]) =>
  ranges.some(([prefix, bits]) => value >> BigInt(width - bits) === prefix);

/** The IPv4 address an IPv6 address carries, for the forms that deliver to it. */
function embeddedIpv4(v6: bigint): bigint | undefined {
  const top96 = v6 >> 32n;
  if (top96 === 0xffffn) return v6 & 0xffffffffn; // ::ffff:a.b.c.d (IPv4-mapped)
  if (top96 === 0n) return v6 & 0xffffffffn; // ::a.b.c.d (IPv4-compatible, deprecated)
  if (v6 >> 32n === 0x64ff9b0000000000000000n) return v6 & 0xffffffffn; // 64:ff9b::/96 (NAT64)
  if (v6 >> 112n === 0x2002n) return (v6 >> 80n) & 0xffffffffn; // 2002:aabb:ccdd::/48 (6to4)
  return undefined;
}

/** Whether `address` (an IPv4 or IPv6 literal) is anything but a public unicast address. */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "");
  const family = isIP(bare.replace(/%.*$/, ""));
  if (family === 4) return inRanges(ipv4ToBigInt(bare), 32, V4_RANGES);
  if (family !== 6) return true; // not an IP address at all: refuse rather than guess
  const v6 = ipv6ToBigInt(bare);
  if (v6 === 0n || v6 === 1n) return true; // :: and ::1 also fall in the IPv4-compatible block
  const v4 = embeddedIpv4(v6);
  if (v4 !== undefined) return inRanges(v4, 32, V4_RANGES);
  return inRanges(v6, 128, V6_RANGES);
}

export interface GuardOptions {
  /** Allow every address (for tests, or a scraper meant for an internal network). */
  allowPrivateNetworks?: boolean;
  /** Private addresses allowed anyway, exactly as written (e.g. an internal docs server). */
  allowAddresses?: string[];
}

export class BlockedAddressError extends Error {
  constructor(readonly host: string, readonly address: string) {
    super(`Refusing to fetch ${host}: ${address === host ? "it is" : `it resolves to ${address}, which is`} a private, loopback or otherwise non-public address`);
    this.name = "BlockedAddressError";
  }
}

const allowed = (address: string, options: GuardOptions) =>
  options.allowPrivateNetworks === true || !isPrivateAddress(address) || (options.allowAddresses ?? []).includes(address.replace(/^\[|\]$/g, ""));

/** Throws if `hostname` is an IP literal the guard refuses (names are checked when they resolve). */
export function checkLiteralHost(hostname: string, options: GuardOptions): void {
  const bare = hostname.replace(/^\[|\]$/g, "");
  if (isIP(bare) && !allowed(bare, options)) throw new BlockedAddressError(bare, bare);
}

/**
 * A `lookup` for http.request that resolves every address of a name and fails if any is
 * refused. The connection then uses exactly the addresses checked, so a DNS answer that
 * changes between check and connect (DNS rebinding) cannot slip past.
 */
export function guardedLookup(options: GuardOptions): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    lookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 0);
      const refused = addresses.find((a) => !allowed(a.address, options));
      if (refused) return callback(new BlockedAddressError(hostname, refused.address), "", 0);
      if (lookupOptions.all) return (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

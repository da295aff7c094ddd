/**
 * Which addresses a server-side fetch must not reach: loopback, private, link-local (cloud
 * metadata lives at 169.254.169.254 and fd00:ec2::254), CGNAT, unique-local, multicast and
 * every other range of IANA's IPv4 and IPv6 Special-Purpose Address Registries, including
 * IPv4 addresses wrapped in IPv6 forms (checked as the IPv4 address they deliver to).
 */
import { lookup } from "node:dns";
import { isIP, type LookupFunction } from "node:net";

type Range = [prefix: bigint, bits: number];

// The IANA IPv4 Special-Purpose Address Registry (RFC 6890 and later), plus multicast; 192.0.0.0/24
// is refused whole, its anycast entries (192.0.0.9, .10) included: none of them is a web server.
const IPV4_BLOCKED = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.0.0.0/24",
  "192.0.2.0/24",
  "192.31.196.0/24",
  "192.52.193.0/24",
  "192.88.99.0/24",
  "192.168.0.0/16",
  "192.175.48.0/24",
  "198.18.0.0/15",
  "198.51.100.0/24",
  "203.0.113.0/24",
  "224.0.0.0/4",
  "240.0.0.0/4",
  "255.255.255.255/32",
];
// Only 2000::/3 is allocated as global unicast; inside it, the IANA IPv6 registry's special
// ranges: IETF protocol assignments (Teredo, benchmarking, AMT, AS112, ORCHIDv2, drone IDs),
// documentation (2001:db8::/32, 3fff::/20) and SRv6 SIDs. Everything outside 2000::/3 is
// refused (::, ::1, ::/96, 100::/64 discard, fc00::/7, fe80::/10, fec0::/10, ff00::/8, ...),
// except the IPv4-embedding forms handled in embeddedIpv4().
const IPV6_GLOBAL = "2000::/3";
const IPV6_BLOCKED = ["2001::/23", "2001:db8::/32", "3fff::/20", "5f00::/16"];

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
  const groups =
    tail === undefined ? headGroups : [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill("0"), ...tailGroups];
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
const V6_GLOBAL = parseRanges([IPV6_GLOBAL], 128, ipv6ToBigInt);
const inRanges = (value: bigint, width: number, ranges: Range[]) =>
  ranges.some(([prefix, bits]) => value >> BigInt(width - bits) === prefix);

const V4_MAPPED = 0xffffn; // ::ffff:0:0/96 (RFC 4291), the top 96 bits
const V4_TRANSLATED = 0xffff0000n; // ::ffff:0:0:0/96 (RFC 2765 SIIT)
const NAT64_WELL_KNOWN = 0x64ff9b0000000000000000n; // 64:ff9b::/96 (RFC 6052)
const SIX_TO_FOUR = 0x2002n; // 2002::/16 (RFC 3056), the top 16 bits

/**
 * The IPv4 address an IPv6 address delivers to, for the forms that carry one in a fixed
 * place; those are judged as that IPv4 address. The local-use NAT64 prefix 64:ff9b:1::/48
 * (RFC 8215) is not among them: it is for private networks, so it falls outside 2000::/3
 * and is refused whole, as is the deprecated IPv4-compatible ::/96.
 */
function embeddedIpv4(v6: bigint): bigint | undefined {
  const top96 = v6 >> 32n;
  if (top96 === V4_MAPPED || top96 === V4_TRANSLATED || top96 === NAT64_WELL_KNOWN) return v6 & 0xffffffffn;
  if (v6 >> 112n === SIX_TO_FOUR) return (v6 >> 80n) & 0xffffffffn; // 2002:aabb:ccdd::/48
  return undefined;
}

/** Whether `address` (an IPv4 or IPv6 literal) is anything but a public unicast address. */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "");
  const family = isIP(bare.replace(/%.*$/, ""));
  if (family === 4) return inRanges(ipv4ToBigInt(bare), 32, V4_RANGES);
  if (family !== 6) return true; // not an IP address at all: refuse rather than guess
  const v6 = ipv6ToBigInt(bare);
  const v4 = embeddedIpv4(v6);
  if (v4 !== undefined) return inRanges(v4, 32, V4_RANGES);
  return !inRanges(v6, 128, V6_GLOBAL) || inRanges(v6, 128, V6_RANGES);
}

export interface GuardOptions {
  /** Allow every address (for tests, or a scraper meant for an internal network). */
  allowPrivateNetworks?: boolean;
  /** Private addresses allowed anyway, exactly as written (e.g. an internal docs server). */
  allowAddresses?: string[];
}

export class BlockedAddressError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(
      `Refusing to fetch ${host}: ${address === host ? "it is" : `it resolves to ${address}, which is`} a private, loopback or otherwise non-public address`,
    );
    this.name = "BlockedAddressError";
  }
}

const allowed = (address: string, options: GuardOptions) =>
  options.allowPrivateNetworks === true ||
  !isPrivateAddress(address) ||
  (options.allowAddresses ?? []).includes(address.replace(/^\[|\]$/g, ""));

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

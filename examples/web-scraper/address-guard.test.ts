import { test } from "node:test";
import assert from "node:assert/strict";
import { checkLiteralHost, isPrivateAddress } from "./address-guard.ts";

test("private, loopback and special addresses are refused", () => {
  for (const address of [
    "127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
    "100.64.0.1", "100.127.255.254", "0.0.0.0", "224.0.0.1", "255.255.255.255", "192.0.2.10", "198.18.0.1",
    "::", "::1", "[::1]", "fe80::1", "fe80::1%eth0", "fc00::1", "fd00:ec2::254", "ff02::1", "2001:db8::1",
    "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1",
    "64:ff9b::10.0.0.1", "2002:c0a8:0101::1", "not-an-ip",
  ]) assert.equal(isPrivateAddress(address), true, address);
});

test("public addresses pass", () => {
  for (const address of [
    "93.184.215.14", "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "169.255.0.1", "11.0.0.1",
    "2606:4700:4700::1111", "2001:4860:4860::8888", "::ffff:8.8.8.8", "64:ff9b::8.8.8.8", "2002:0808:0808::1",
  ]) assert.equal(isPrivateAddress(address), false, address);
});

test("literal hosts are checked before any connection; names are left to the lookup", () => {
  assert.throws(() => checkLiteralHost("127.0.0.1", {}), /Refusing to fetch 127\.0\.0\.1: it is a private/);
  assert.throws(() => checkLiteralHost("[::ffff:127.0.0.1]", {}), /Refusing/);
  assert.doesNotThrow(() => checkLiteralHost("127.0.0.1", { allowPrivateNetworks: true }));
  assert.doesNotThrow(() => checkLiteralHost("127.0.0.1", { allowAddresses: ["127.0.0.1"] }));
  assert.throws(() => checkLiteralHost("127.0.0.2", { allowAddresses: ["127.0.0.1"] }), /Refusing/);
  assert.doesNotThrow(() => checkLiteralHost("localhost", {}));
  assert.doesNotThrow(() => checkLiteralHost("8.8.8.8", {}));
});

// Every range of the IANA IPv4 and IPv6 Special-Purpose Address Registries (plus multicast
// and the rest of IPv6 outside 2000::/3), probed at its edges; then neighbours that are public.
const REFUSED = [
  // IPv4
  "0.0.0.0", "0.255.255.255", "10.0.0.0", "10.255.255.255", "100.64.0.0", "100.127.255.255", "127.0.0.1", "127.255.255.255",
  "169.254.0.0", "169.254.169.254", "169.254.255.255", "172.16.0.0", "172.31.255.255", "192.0.0.0", "192.0.0.9", "192.0.0.170",
  "192.0.0.255", "192.0.2.0", "192.0.2.255", "192.31.196.0", "192.31.196.255", "192.52.193.0", "192.52.193.255", "192.88.99.0",
  "192.88.99.255", "192.168.0.0", "192.168.255.255", "192.175.48.0", "192.175.48.255", "198.18.0.0", "198.19.255.255",
  "198.51.100.0", "198.51.100.255", "203.0.113.0", "203.0.113.255", "224.0.0.0", "239.255.255.255", "240.0.0.0",
  "254.255.255.255", "255.255.255.255",
  // IPv6 special-purpose
  "::", "::1", "0:0:0:0:0:0:0:1", "[::1]", "100::", "100::ffff:ffff:ffff:ffff", "100:0:0:1::1", "2001::", "2001::1",
  "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:1::1", "2001:2::", "2001:2:0:ffff::1", "2001:3::1", "2001:4:112::1",
  "2001:10::1", "2001:20::1", "2001:2f:ffff::1", "2001:30::1", "2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff", "2001:db8::",
  "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "3fff::1", "3fff:fff::1", "5f00::1", "fc00::", "fd00:ec2::254",
  "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "fe80::", "fe80::1%eth0", "FE80::1", "febf:ffff::1", "fec0::1", "ff00::",
  "ff02::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
  // outside 2000::/3, the only global unicast space allocated
  "1::1", "400::1", "4000::1", "e000::1",
  // IPv4-mapped ::ffff:0:0/96 and IPv4-translated ::ffff:0:0:0/96, checked as the IPv4 inside
  "::ffff:127.0.0.1", "::FFFF:127.0.0.1", "::ffff:7f00:1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::ffff:0.0.0.0",
  "::ffff:192.31.196.1", "::ffff:0:127.0.0.1", "::ffff:0:7f00:1", "::ffff:0:10.1.2.3", "::ffff:0:169.254.169.254",
  "0:0:0:0:ffff:0:a9fe:a9fe",
  // IPv4-compatible ::/96 (deprecated), whatever the IPv4
  "::127.0.0.1", "::8.8.8.8", "::0.0.0.1",
  // NAT64: 64:ff9b::/96 is checked as the IPv4 inside; 64:ff9b:1::/48 is local-use, refused whole
  "64:ff9b::127.0.0.1", "64:ff9b::a00:1", "64:ff9b::10.0.0.1", "64:ff9b::192.168.1.1", "64:ff9b::a9fe:a9fe",
  "64:ff9b:1::", "64:ff9b:1::8.8.8.8", "64:ff9b:1:ffff::1", "64:ff9b::1:0:0:1",
  // 6to4 2002::/16, checked as the IPv4 in bits 16-47
  "2002:7f00:1::1", "2002:a00:1::", "2002:c0a8:101::1", "2002:a9fe:a9fe::1", "2002::1", "2002:e000:1::1",
  // not IP literals at all
  "not-an-ip", "", "1.2.3", "::ffff:1.2.3.4.5",
];
const ALLOWED = [
  "93.184.216.34", "8.8.8.8", "1.1.1.1", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0", "126.255.255.255",
  "128.0.0.0", "169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0", "192.0.1.0", "192.0.3.0", "192.31.195.255",
  "192.31.197.0", "192.52.192.255", "192.52.194.0", "192.88.98.255", "192.88.100.0", "192.167.255.255", "192.169.0.0",
  "192.175.47.255", "192.175.49.0", "198.17.255.255", "198.20.0.0", "198.51.99.255", "198.51.101.0", "203.0.112.255",
  "203.0.114.0", "223.255.255.255",
  "2606:4700::1111", "2606:4700:4700::1111", "2001:4860:4860::8888", "2001:200::1", "2a00:1450:4001::1", "2400:cb00::1",
  "2000::1", "3ffe::1", "3fff:1000::1", "2001:dB9::1",
  "::ffff:8.8.8.8", "::ffff:5db8:d822", "::ffff:0:8.8.8.8", "64:ff9b::8.8.8.8", "64:ff9b::5db8:d822", "2002:808:808::1",
  "2002:5db8:d822::1",
];

test("the address guard, table-driven: every special-purpose range refused, public neighbours allowed", () => {
  const wrong = [
    ...REFUSED.filter((address) => !isPrivateAddress(address)).map((a) => `allowed ${a}`),
    ...ALLOWED.filter((address) => isPrivateAddress(address)).map((a) => `refused ${a}`),
  ];
  assert.deepEqual(wrong, []);
});

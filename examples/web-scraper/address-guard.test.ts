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

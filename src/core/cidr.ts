// CIDR blocks, parsed without regular expressions: `net.isIP` for the address, digits for the prefix.
import * as net from "net";

/** True for an IPv4 or IPv6 CIDR such as "10.0.0.0/8" or "fd00::/8", with a prefix the address family allows. */
export function isCidr(value: unknown): boolean {
    if (typeof value !== "string" || value.length > 64) {
        return false;
    }
    const slash = value.indexOf("/");
    if (slash < 0 || slash !== value.lastIndexOf("/")) {
        return false;
    }
    const family = net.isIP(value.slice(0, slash));
    const prefix = value.slice(slash + 1);
    if (family === 0 || prefix.length === 0 || prefix.length > 3 || ![...prefix].every((c) => c >= "0" && c <= "9")) {
        return false;
    }
    return Number(prefix) <= (family === 4 ? 32 : 128);
}

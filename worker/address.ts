/**
 * Who is asking, as far as limits per network address go ([SIG-ADDR-1]): the client's address
 * from `CF-Connecting-IP`, cut to the block one subscriber usually holds. An IPv4 address is one
 * subscriber (or one NAT); an IPv6 subscriber gets at least a /64, so any address inside it is
 * the same key. {@link addressKey} is pure, so it is unit-tested on its own.
 */
import { logError } from './log';

/** The header Cloudflare sets on every request to the client's address. */
export const CLIENT_ADDRESS_HEADER = 'CF-Connecting-IP';

const IPV4_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The eight 16-bit groups of an IPv6 address, or null if it is not one. */
function ipv6Groups(text: string): number[] | null {
  let address = text;
  // An embedded IPv4 tail (::ffff:192.0.2.1) becomes two groups.
  const v4 = /^(.*:)(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(address);
  if (v4) {
    const octets = ipv4Octets(v4[2]!);
    if (!octets) return null;
    const hi = ((octets[0]! << 8) | octets[1]!).toString(16);
    const lo = ((octets[2]! << 8) | octets[3]!).toString(16);
    address = `${v4[1]}${hi}:${lo}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === '') return [];
    const groups = part.split(':');
    if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
    return groups.map((g) => parseInt(g, 16));
  };
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return null;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

function ipv4Octets(text: string): number[] | null {
  const match = IPV4_RE.exec(text);
  if (!match) return null;
  const octets = match.slice(1, 5).map(Number);
  return octets.every((o) => o <= 255) ? octets : null;
}

/**
 * The key for limits per network address, or null when no limit applies: no header (only
 * requests that did not come through Cloudflare's edge, such as the worker tests), or a loopback
 * address (only `wrangler dev`; Cloudflare never reports one). An IPv4-mapped IPv6 address is
 * its IPv4 address; any other IPv6 address is its /64 (`2001:db8:1:2::/64`). Anything that is
 * not an address at all shares one key, so it is limited rather than exempt.
 */
export function addressKey(header: string | null): string | null {
  if (header === null) return null;
  const text = header.trim();
  if (text === '') return null;
  const v4 = ipv4Octets(text);
  if (v4) return v4[0] === 127 ? null : v4.join('.');
  const groups = ipv6Groups(text);
  if (!groups) return 'unparsable';
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) {
    const octets = [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255];
    return octets[0] === 127 ? null : octets.join('.');
  }
  if (groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1) return null; // ::1
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/**
 * One request against a Rate Limiting binding for `key`. A limiter that fails lets the request
 * through: the per-id limits and the socket cap still hold, and signaling must not stop.
 */
export async function allowed(limiter: RateLimit, key: string): Promise<boolean> {
  try {
    return (await limiter.limit({ key })).success;
  } catch (err) {
    logError('rate limiter', err);
    return true;
  }
}

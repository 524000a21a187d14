import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * The addresses `/metrics` answers (ONR_METRICS_ALLOW): `loopback`, `private` (RFC 1918, unique-local
 * and link-local), `any`, or CIDR ranges, comma-separated. Metrics say how busy the registry is and
 * which routes fail: not for the open internet.
 */
export function parseAllowList(spec: string): (address: string) => boolean {
  const list = new BlockList();
  let any = false;
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    if (item === 'any') any = true;
    else if (item === 'loopback') {
      list.addSubnet('127.0.0.0', 8, 'ipv4');
      list.addAddress('::1', 'ipv6');
    } else if (item === 'private') {
      list.addSubnet('10.0.0.0', 8, 'ipv4');
      list.addSubnet('172.16.0.0', 12, 'ipv4');
      list.addSubnet('192.168.0.0', 16, 'ipv4');
      list.addSubnet('169.254.0.0', 16, 'ipv4');
      list.addSubnet('fc00::', 7, 'ipv6');
      list.addSubnet('fe80::', 10, 'ipv6');
    } else {
      const [address, bits] = item.split('/');
      const type = address && isIPv4(address) ? 'ipv4' : address && isIPv6(address) ? 'ipv6' : undefined;
      const prefix = bits === undefined ? (type === 'ipv4' ? 32 : 128) : Number(bits);
      if (!type || !Number.isInteger(prefix) || prefix < 0 || prefix > (type === 'ipv4' ? 32 : 128)) {
        throw new RangeError(`"${item}" is not loopback, private, any or an IP address range (CIDR)`);
      }
      list.addSubnet(address!, prefix, type);
    }
  }
  return (address) => {
    if (any) return true;
    // An IPv4 client of a dual-stack socket shows up as ::ffff:a.b.c.d.
    const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    if (v4) return list.check(v4, 'ipv4');
    if (isIPv4(address)) return list.check(address, 'ipv4');
    if (isIPv6(address)) return list.check(address, 'ipv6');
    return false;
  };
}

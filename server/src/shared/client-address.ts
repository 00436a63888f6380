// Client addresses: is this request from the machine itself (loopback), or from an allowed range?
import { BlockList, isIP } from 'node:net';

/** True when a client address is loopback or in the allowed list ('any': every address). */
export function addressAllowed(address: string | null, allowed: 'any' | string[]): boolean {
  if (allowed === 'any') return true;
  if (!address) return false;
  const plain = address.replace(/^::ffff:(?=\d+\.)/, '');
  const family = isIP(plain) === 6 ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  list.addSubnet('127.0.0.0', 8, 'ipv4');
  list.addAddress('::1', 'ipv6');
  for (const a of allowed) {
    const [net, bits] = a.split('/');
    const f = isIP(net) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(net, f);
    else list.addSubnet(net, Number(bits), f);
  }
  return isIP(plain) !== 0 && list.check(plain, family);
}

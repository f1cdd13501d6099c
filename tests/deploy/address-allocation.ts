// What Docker's IPAM does with a compose project's addresses, as rules a test can apply to
// `docker compose config` output without an engine:
//   * containers without a fixed address get the lowest free address of the network's ip_range (the
//     whole subnet when there is none), in the order they are created;
//   * a fixed ipv4_address is only reserved when its container is created. If it lies inside that
//     automatic range, a container created earlier may already hold it: "Address already in use", and
//     `up` fails (docker/compose#10926, moby/moby#49781). Outside the range it never collides (moby#47132).
// So a fixed address is safe only on a network with a fixed subnet AND an ip_range that excludes it.
import type { ResolvedProject } from './compose-cli';

interface Ipv4Range {
  first: number;
  last: number;
}

const toNumber = (address: string): number | undefined => {
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) return undefined;
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
};

export function cidrRange(cidr: string): Ipv4Range | undefined {
  const [address = '', bits = ''] = cidr.split('/');
  const base = toNumber(address);
  const prefix = Number(bits);
  if (base === undefined || !/^\d{1,2}$/.test(bits) || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const first = Math.floor(base / size) * size;
  return { first, last: first + size - 1 };
}

const inside = (address: number, range: Ipv4Range) => address >= range.first && address <= range.last;

/** Every way a fixed address in this project could be handed to another container first. */
export function addressProblems(project: ResolvedProject): string[] {
  const problems: string[] = [];
  const taken = new Map<string, string>();
  for (const [serviceName, service] of Object.entries(project.services)) {
    for (const [networkName, attachment] of Object.entries(service.networks ?? {})) {
      // IPv6 is never enabled here; a fixed v6 address has the same collision risk and is refused outright.
      if (attachment?.ipv6_address) problems.push(`${serviceName} (${attachment.ipv6_address} on ${networkName}): a fixed IPv6 address; give none`);
      const fixed = attachment?.ipv4_address;
      if (!fixed) continue;
      const where = `${serviceName} (${fixed} on ${networkName})`;
      const previous = taken.get(`${networkName}/${fixed}`);
      if (previous) problems.push(`${where}: the same address as ${previous}`);
      taken.set(`${networkName}/${fixed}`, serviceName);
      const address = toNumber(fixed);
      const pools = project.networks?.[networkName]?.ipam?.config ?? [];
      const pool = pools.find((config) => {
        const subnet = config.subnet ? cidrRange(config.subnet) : undefined;
        return address !== undefined && subnet !== undefined && inside(address, subnet);
      });
      if (!pool) {
        problems.push(`${where}: not inside a fixed subnet of the network, so Docker cannot reserve it`);
        continue;
      }
      if (!pool.ip_range) {
        problems.push(`${where}: the subnet ${pool.subnet} has no ip_range, so Docker hands out this address to whichever container starts first`);
        continue;
      }
      const automatic = cidrRange(pool.ip_range);
      if (!automatic || inside(address!, automatic)) {
        problems.push(`${where}: inside the automatic range ${pool.ip_range}, where Docker may already have given it to another container`);
      }
    }
  }
  return problems;
}

/** Networks whose subnet is fixed: each may overlap a network or VPN already on the user's host. */
export function fixedSubnets(project: ResolvedProject): string[] {
  return Object.entries(project.networks ?? {}).flatMap(([name, network]) =>
    (network.ipam?.config ?? []).filter((config) => config.subnet).map((config) => `${name}: ${config.subnet}`),
  );
}

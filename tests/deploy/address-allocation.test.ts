// No container of the compose deployment can find its address already taken, and no network can
// collide with one already on the host: checked on what `docker compose config` resolves, for every
// file combination, with the rules of tests/deploy/address-allocation.ts.
import { describe, expect, it } from 'vitest';
import { addressProblems, cidrRange, fixedSubnets } from './address-allocation';
import { composeFileSets, resolvedProject, type ResolvedProject } from './compose-cli';

const project = (ipam: { subnet?: string; ip_range?: string } | undefined, addresses: Record<string, string>): ResolvedProject => ({
  name: 'example',
  networks: { default: { ipam: ipam ? { config: [ipam] } : {} } },
  services: Object.fromEntries(
    Object.entries(addresses).map(([name, address]) => [name, { networks: { default: address ? { ipv4_address: address } : null } }]),
  ),
});

describe('the address rules', () => {
  it('reads CIDRs', () => {
    expect(cidrRange('172.30.57.0/24')).toEqual({ first: 0xac1e3900, last: 0xac1e39ff });
    expect(cidrRange('172.30.57.128/25')?.first).toBe(0xac1e3980);
    expect(cidrRange('nonsense')).toBeUndefined();
  });

  it('catches the layout that broke `up`: a fixed address in a subnet without ip_range', () => {
    const broken = project({ subnet: '172.30.57.0/24' }, { edge: '172.30.57.10', gateway: '' });
    expect(addressProblems(broken)).toEqual([expect.stringMatching(/edge \(172\.30\.57\.10 on default\): the subnet 172\.30\.57\.0\/24 has no ip_range/)]);
  });

  it('catches a fixed address inside the ip_range, outside any fixed subnet, and twice the same address', () => {
    expect(addressProblems(project({ subnet: '172.30.57.0/24', ip_range: '172.30.57.0/25' }, { edge: '172.30.57.10' }))).toEqual([
      expect.stringMatching(/inside the automatic range 172\.30\.57\.0\/25/),
    ]);
    expect(addressProblems(project(undefined, { edge: '172.30.57.10' }))).toEqual([expect.stringMatching(/not inside a fixed subnet/)]);
    const twice = project({ subnet: '172.30.57.0/24', ip_range: '172.30.57.128/25' }, { a: '172.30.57.10', b: '172.30.57.10' });
    expect(addressProblems(twice)).toEqual([expect.stringMatching(/b \(172\.30\.57\.10 on default\): the same address as a/)]);
  });

  it('refuses a fixed IPv6 address', () => {
    const v6: ResolvedProject = { name: 'x', networks: { default: {} }, services: { edge: { networks: { default: { ipv6_address: 'fd00::10' } } } } };
    expect(addressProblems(v6)).toEqual([expect.stringMatching(/fixed IPv6 address/)]);
  });

  it('accepts a fixed address outside the ip_range of a fixed subnet', () => {
    expect(addressProblems(project({ subnet: '172.30.57.0/24', ip_range: '172.30.57.128/25' }, { edge: '172.30.57.10', gateway: '' }))).toEqual([]);
  });
});

describe.each(composeFileSets.map((files) => [files.join(' + '), files] as const))('%s', (_name, files) => {
  // Resolved inside the tests, not while the file loads: without the Compose v2 CLI each of these fails
  // and says how to build it, and the address rules above still run.
  let resolved: ResolvedProject | undefined;
  const resolve = () => (resolved ??= resolvedProject(files, ['traffic']));

  it('gives no container an address Docker could hand to another one first', () => {
    expect(addressProblems(resolve())).toEqual([]);
  });

  it('fixes no subnet, so Docker picks one that overlaps nothing on the host', () => {
    expect(fixedSubnets(resolve())).toEqual([]);
  });
});

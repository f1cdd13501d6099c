import { describe, expect, it } from 'vitest';
import { InvalidPortError, localUrl, port, portRegistry, type PortName } from './index';

const names = Object.keys(portRegistry) as PortName[];

describe('port registry', () => {
  it('gives every port its default when its variable is unset or empty', () => {
    expect(port('gateway', {})).toBe(5001);
    expect(port('edge', { SHOPFAST_EDGE_PORT: '' })).toBe(8080);
    expect(port('postgres', {})).toBe(5432);
  });

  it('moves one port with its one variable and leaves the others alone', () => {
    const env = { SHOPFAST_GATEWAY_PORT: '5999' };
    expect(port('gateway', env)).toBe(5999);
    expect(localUrl('gateway', env)).toBe('http://127.0.0.1:5999');
    for (const name of names.filter((n) => n !== 'gateway')) expect(port(name, env)).toBe(portRegistry[name].default);
  });

  it('rejects a variable that is not a port number, naming the variable', () => {
    for (const bad of ['abc', '0', '65536', '80.5']) {
      expect(() => port('redis', { SHOPFAST_REDIS_PORT: bad })).toThrow(InvalidPortError);
      expect(() => port('redis', { SHOPFAST_REDIS_PORT: bad })).toThrow(`SHOPFAST_REDIS_PORT=${bad} is not a valid port number`);
    }
  });

  it('has one variable and one default port per entry, no two alike', () => {
    const variables = names.map((n) => portRegistry[n].env);
    const defaults = names.map((n) => portRegistry[n].default);
    expect(new Set(variables).size).toBe(names.length);
    expect(new Set(defaults).size).toBe(names.length);
    for (const variable of variables) expect(variable).toMatch(/^SHOPFAST_[A-Z_]+_PORT$/);
  });

  it('builds URLs with the scheme asked for', () => {
    expect(localUrl('redis', {}, 'redis')).toBe('redis://127.0.0.1:6379');
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseConfigSchema, urlWithProtocol } from './base-config';
import { ConfigError, describeConfig, loadConfig } from './load-config';

const schema = baseConfigSchema.extend({ DATABASE_URL: urlWithProtocol('postgres:').describe('Where the data lives') });
/** The keys every service needs that these tests are not about. */
const required = { HOST: '127.0.0.1', SERVICE_KEY_FILE: '/secrets/user.key.pem', TRUSTED_KEYS_FILE: '/secrets/trusted-keys.json', FLAGS_FILE: '/run/shopfast/flags/shopfast.flagd.json' };

describe('loadConfig', () => {
  it('parses a valid environment and fills defaults', () => {
    const config = loadConfig('demo', schema, { ...required, PORT: '5101', DD_SERVICE: 'user', DATABASE_URL: 'postgres://db/user' });
    expect(config.PORT).toBe(5101);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.DD_ENV).toBe('local');
    expect(config.DATABASE_URL).toBe('postgres://db/user');
  });

  it('rejects a non-numeric port and names the key and the bad value', () => {
    expect(() => loadConfig('demo', schema, { ...required, PORT: 'abc', DD_SERVICE: 'user', DATABASE_URL: 'postgres://db/user' })).toThrowError(
      /PORT: must be a number \(got "abc"\)/,
    );
  });

  it('lists every problem at once', () => {
    try {
      loadConfig('demo', schema, { ...required, PORT: '0', DATABASE_URL: 'mysql://db', LOG_LEVEL: 'chatty' });
      expect.unreachable('loadConfig should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const keys = (error as ConfigError).problems.map((problem) => problem.split(':')[0]);
      expect(keys.sort()).toEqual(['DATABASE_URL', 'DD_SERVICE', 'LOG_LEVEL', 'PORT']);
      expect((error as ConfigError).message).toContain('Invalid configuration for demo (4 problems)');
    }
  });

  it('treats an empty value as unset so the default applies', () => {
    const config = loadConfig('demo', schema, { ...required, PORT: '1', DD_SERVICE: 'x', DATABASE_URL: 'postgres://db/x', LOG_LEVEL: '' });
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('refuses, in production, a URL whose password this repository once published, and allows it in development', () => {
    const env = { ...required, PORT: '1', DD_SERVICE: 'user', DATABASE_URL: 'postgres://postgres:shopfast-local-only@db/user' };
    expect(() => loadConfig('demo', schema, env)).toThrowError(/DATABASE_URL: its password is a published default/);
    expect(loadConfig('demo', schema, { ...env, NODE_ENV: 'development' }).DATABASE_URL).toContain('shopfast-local-only');
    expect(loadConfig('demo', schema, { ...env, DATABASE_URL: 'postgres://postgres:Zm9vYmFyYmF6cXV4@db/user' }).PORT).toBe(1);
  });

  it('requires the bind address and the service keys: none of them has a default', () => {
    try {
      loadConfig('demo', schema, { PORT: '1', DD_SERVICE: 'user', DATABASE_URL: 'postgres://db/user' });
      expect.unreachable('loadConfig should have thrown');
    } catch (error) {
      expect((error as ConfigError).problems.map((problem) => problem.split(':')[0]).sort()).toEqual(['FLAGS_FILE', 'HOST', 'SERVICE_KEY_FILE', 'TRUSTED_KEYS_FILE']);
    }
  });

  it('ignores variables the schema does not know', () => {
    const config = loadConfig('demo', z.object({ PORT: z.string() }), { PORT: '1', UNRELATED: 'x' });
    expect(config).toEqual({ PORT: '1' });
  });
});

describe('describeConfig', () => {
  it('documents every base key with a description and shows defaults', () => {
    const rows = describeConfig(schema);
    expect(rows.map((row) => row.key)).toContain('DATABASE_URL');
    for (const row of rows) expect(row.description, row.key).not.toBe('');
    expect(rows.find((row) => row.key === 'LOG_LEVEL')?.defaultValue).toBe('info');
    expect(rows.find((row) => row.key === 'PORT')).not.toHaveProperty('defaultValue');
  });
});

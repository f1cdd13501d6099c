import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSecretFile, weakSecretReason } from './secret-file';

const dir = mkdtempSync(join(tmpdir(), 'secret-file-'));
const write = (name: string, content: string, mode = 0o600) => {
  const file = join(dir, name);
  writeFileSync(file, content, { mode });
  chmodSync(file, mode);
  return file;
};
const options = { name: 'the admin token (ADMIN_TOKEN_FILE)', minLength: 32 };

describe('readSecretFile', () => {
  it('reads a generated secret without its trailing newline', () => {
    expect(readSecretFile(write('good', 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo\n'), options)).toBe('Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo');
  });

  it('refuses a missing file and says how to generate one', () => {
    expect(() => readSecretFile(join(dir, 'absent'), options)).toThrow(/ADMIN_TOKEN_FILE.*does not exist.*generate-secrets\.mjs/);
  });

  it('refuses the values this repository once published, short values and world-readable files', () => {
    expect(() => readSecretFile(write('published', 'local-admin-token'), options)).toThrow(/published default/);
    expect(() => readSecretFile(write('short', 'abcdefghij'), options)).toThrow(/shorter than 32/);
    expect(() => readSecretFile(write('open', 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo', 0o644), options)).toThrow(/readable by every user/);
  });

  it('calls a long value with few distinct characters weak', () => {
    expect(weakSecretReason('a'.repeat(40), 32)).toMatch(/distinct/);
    expect(weakSecretReason('Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo', 32)).toBeUndefined();
  });
});

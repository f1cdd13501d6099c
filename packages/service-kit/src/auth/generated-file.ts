import { readFileSync, statSync } from 'node:fs';

/**
 * Reads a file the secrets generator wrote (infra/secrets/generate-secrets.mjs), failing with `fail`'s
 * error and a message that says what to do. `mustBePrivate`: a file other users can read is refused,
 * since the generator writes secrets with mode 600 and a looser mode means something copied them around.
 */
export function readGeneratedFile(path: string, name: string, options: { mustBePrivate: boolean }, fail: (message: string) => Error): string {
  let mode: number;
  let text: string;
  try {
    mode = statSync(path).mode & 0o777;
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : (error as Error).message;
    throw fail(`cannot read ${name} ${path}: ${reason}. Generate the secrets with node infra/secrets/generate-secrets.mjs <dir> (npm start does it into .stack/secrets).`);
  }
  if (options.mustBePrivate && mode & 0o007) throw fail(`${name} ${path} is readable by every user (mode ${mode.toString(8)}); chmod 600 it`);
  return text;
}

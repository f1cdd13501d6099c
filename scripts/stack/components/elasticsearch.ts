// Elasticsearch 8 for local runs: the "integ-test-zip" distribution from Maven Central
// (there is no Debian package and no vendor download here). It holds the server and core
// modules only and no bundled JDK, so it runs on the system JDK 17.
// Elasticsearch refuses to run as root: as root we run it as the system user `shopfast`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isRoot, run, runOrThrow, which } from '../lib/exec';
import { StackError } from '../lib/errors';
import { httpOk } from '../lib/health';
import { chownTree, ensureCommand, ensureSystemUser, ensureTraversable } from '../lib/install';
import type { Logger } from '../lib/log';
import { HOST, port, portRegistry } from '../lib/ports';
import { spawnDetached } from '../lib/process';
import { cacheDir, statePaths } from '../lib/paths';
import type { Component } from './component';
import { versions } from '../../../infra/versions';

const NAME = 'elasticsearch';
export const ES_VERSION = versions.local.elasticsearch;
const RUN_AS = 'shopfast';

export function elasticsearch(): Component {
  const esPort = port('elasticsearch');
  const home = path.join(cacheDir(), `elasticsearch-${ES_VERSION}`);
  const stateRoot = statePaths.data(NAME);
  const logFile = statePaths.log(NAME);
  const user = isRoot() ? RUN_AS : undefined;
  let javaHome = '';

  return {
    name: NAME,
    after: [],
    ports: [{ port: esPort, proto: 'tcp', env: portRegistry.elasticsearch.env }],
    url: `http://${HOST}:${esPort}`,
    logFile,
    // The group leader is runuser (as root) or the launcher script's JVM: both carry this path.
    processMatch: 'elasticsearch',
    readyTimeoutMs: 120_000,

    async install(say) {
      javaHome = await ensureJava17(say);
      if (!fs.existsSync(path.join(home, 'bin', 'elasticsearch'))) await installDistribution(home, say);
      if (user) {
        await ensureSystemUser(NAME, user, say);
        await ensureTraversable(NAME, user, path.join(home, 'bin'), say);
      }
    },

    async start(say) {
      const dataDir = path.join(stateRoot, 'data');
      const logsDir = path.join(stateRoot, 'logs');
      const configDir = path.join(stateRoot, 'config');
      fs.mkdirSync(dataDir, { recursive: true });
      fs.mkdirSync(logsDir, { recursive: true });
      // Our own config dir: ES writes its keystore there on first start, and the
      // distribution in the cache is shared by every clone.
      if (!fs.existsSync(path.join(configDir, 'elasticsearch.yml'))) {
        fs.cpSync(path.join(home, 'config'), configDir, { recursive: true });
      }
      if (user) {
        await chownTree(NAME, user, stateRoot);
        await ensureTraversable(NAME, user, stateRoot, say);
      }
      const env: Record<string, string> = {
        ES_JAVA_HOME: javaHome || (await findJavaHome()),
        ES_JAVA_OPTS: '-Xms512m -Xmx512m',
        ES_PATH_CONF: configDir,
      };
      const settings = [
        'discovery.type=single-node',
        'xpack.security.enabled=false',
        'xpack.ml.enabled=false',
        `http.host=${HOST}`,
        `http.port=${esPort}`,
        `transport.host=${HOST}`, // transport.port stays the 9300-9399 range: first free one wins
        `path.data=${dataDir}`,
        `path.logs=${logsDir}`,
        // A nearly full disk would otherwise turn indices read-only mid-test.
        'cluster.routing.allocation.disk.threshold_enabled=false',
      ].map((s) => `-E${s}`);
      const script = path.join(home, 'bin', 'elasticsearch');
      if (user) {
        // runuser stays as the parent and forwards signals; `env` passes our variables
        // through runuser's environment handling untouched.
        const assignments = Object.entries(env).map(([k, v]) => `${k}=${v}`);
        return spawnDetached({
          cmd: 'runuser',
          args: ['-u', user, '--', 'env', ...assignments, script, ...settings],
          cwd: stateRoot,
          logFile,
        });
      }
      return spawnDetached({ cmd: script, args: settings, cwd: stateRoot, env: { ...process.env, ...env }, logFile });
    },

    // `GET /` answers 405 on this distribution; cluster health is the real readiness signal.
    isHealthy: () => httpOk(`http://${HOST}:${esPort}/_cluster/health?wait_for_status=yellow&timeout=1s`),
  };
}

/** JAVA_HOME of the `java` on PATH (installing OpenJDK 17 when there is none), checked to be 17+. */
async function ensureJava17(say: Logger): Promise<string> {
  await ensureCommand(NAME, 'java', 'openjdk-17-jre-headless', say);
  const home = await findJavaHome();
  const version = await run(path.join(home, 'bin', 'java'), ['-version']);
  const major = Number(/version "(\d+)/.exec(version.output)?.[1] ?? 0);
  if (major < 17) {
    throw new StackError(`Elasticsearch ${ES_VERSION} needs Java 17 or newer; found Java ${major} at ${home}`, {
      component: NAME,
    });
  }
  return home;
}

async function findJavaHome(): Promise<string> {
  const java = which('java');
  if (!java) throw new StackError('`java` is not on PATH', { component: NAME });
  return path.dirname(path.dirname(fs.realpathSync(java))); // /usr/lib/jvm/X/bin/java → /usr/lib/jvm/X
}

/** Downloads the zip with Maven (once, into the cache) and unpacks it. */
async function installDistribution(home: string, say: Logger): Promise<void> {
  const downloads = path.join(cacheDir(), 'downloads');
  const zip = path.join(downloads, `elasticsearch-${ES_VERSION}.zip`);
  const logFile = statePaths.installLog(NAME);
  if (!fs.existsSync(zip)) {
    const mvn = await ensureCommand(NAME, 'mvn', 'maven', say);
    say(`downloading Elasticsearch ${ES_VERSION} (integ-test-zip) from Maven Central (output: ${logFile})`);
    await runOrThrow(
      NAME,
      mvn,
      ['-q', '-B', 'dependency:copy',
        `-Dartifact=org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip`,
        `-DoutputDirectory=${downloads}`],
      { logFile, cwd: cacheDir() },
    );
  }
  const unzip = await ensureCommand(NAME, 'unzip', 'unzip', say);
  say(`unpacking ${zip}`);
  // Unpack next to the target and rename: a half-unpacked tree is never mistaken for a complete one.
  const partial = `${home}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  await runOrThrow(NAME, unzip, ['-q', zip, '-d', partial], { logFile });
  fs.rmSync(home, { recursive: true, force: true });
  fs.renameSync(path.join(partial, `elasticsearch-${ES_VERSION}`), home);
  fs.rmSync(partial, { recursive: true, force: true });
}

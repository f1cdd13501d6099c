// The chart's maintenance commands:
//   npx tsx scripts/k8s/cli.ts sync    regenerate infra/helm/shopfast/files/ from its sources (after changing
//                                      scripts/stack/app-services.ts, the flag definitions, the secrets generator
//                                      or PostgreSQL's init scripts)
//   npx tsx scripts/k8s/cli.ts tools   build helm and install kubernetes-validate into the cache (what npm test
//                                      does before its unit tests), so tests/deploy/helm-*.test.ts can run alone
import { syncChartFiles } from './chart-files';
import { ensureHelm } from './helm';
import { ensureKubernetesValidate } from './kubernetes-validate';

const say = (line: string) => process.stdout.write(`[k8s] ${line}\n`);
const USAGE = 'usage: npx tsx scripts/k8s/cli.ts sync|tools\n';

async function main(command: string | undefined): Promise<void> {
  if (command === 'sync') {
    const changed = syncChartFiles();
    say(changed.length ? `updated ${changed.join(', ')}` : 'the chart files are up to date');
  } else if (command === 'tools') {
    const [helm, validate] = await Promise.all([ensureHelm(say), ensureKubernetesValidate(say)]);
    say(`helm: ${helm}`);
    say(`kubernetes-validate: ${validate}`);
  } else {
    process.stderr.write(USAGE);
    process.exit(2);
  }
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`[k8s] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

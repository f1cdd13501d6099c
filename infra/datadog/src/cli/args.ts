// `npm run datadog -- <command>`: the command line, checked before anything else happens.
import { parseArgs } from 'node:util';

export type ExportFormat = 'terraform' | 'operator';

export type DatadogCommand =
  | { command: 'help' }
  | { command: 'plan'; offline: boolean }
  | { command: 'apply' }
  | { command: 'destroy' }
  | { command: 'export'; format: ExportFormat; outDir: string | undefined };

export class ArgsError extends Error {
  override name = 'ArgsError';
}

export function usage(): string {
  return [
    'npm run datadog -- <command>',
    '',
    '  plan               what apply would change in the organisation (reads only)',
    '  plan --offline     validate every definition (client models, references, query lint); no keys, no network',
    '  apply              create, update and delete managed objects until the organisation matches the definitions',
    '  destroy            delete every object this tool manages (and nothing else)',
    '  export terraform [--out DIR]   Terraform files (datadog_monitor_json, datadog_dashboard_json, ...)',
    '  export operator [--out DIR]    Datadog Operator manifests (DatadogMonitor, DatadogSLO, ...)',
    '',
    'Environment: DD_API_KEY, DD_APP_KEY, DD_SITE (default datadoghq.com) for plan, apply and destroy;',
    'the webhook secret from SHOPFAST_WEBHOOK_SECRET or $SHOPFAST_SECRETS_DIR/datadog-webhook-secret',
    '(default .stack/secrets); DD_ENV (default docker): the env whose objects the command manages, beside other envs',
    'in the same organisation; SHOPFAST_PUBLIC_URL (required by plan, apply and export: the shop\'s public https',
    'address), SHOPFAST_DD_WEBHOOK_URL, SHOPFAST_DD_ALLOW_PRIVATE_URLS, SHOPFAST_DD_HANDLES_CRITICAL|PERFORMANCE|BUSINESS.',
    'Exports go to dist/datadog/<format> unless --out says.',
  ].join('\n');
}

export function parseCommand(argv: readonly string[]): DatadogCommand {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new ArgsError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  const noMore = (allowed: number) => {
    if (rest.length > allowed) throw new ArgsError(`unexpected argument ${rest[allowed]}`);
  };
  const noOptions = (...names: Array<'offline' | 'out'>) => {
    for (const name of names) if (values[name] !== undefined) throw new ArgsError(`--${name} does not go with ${command}`);
  };
  if (values.help || command === 'help') return { command: 'help' };
  switch (command) {
    case undefined:
      throw new ArgsError('no command given');
    case 'plan':
      noMore(0);
      noOptions('out');
      return { command: 'plan', offline: values.offline === true };
    case 'apply':
    case 'destroy':
      noMore(0);
      noOptions('offline', 'out');
      return { command };
    case 'export': {
      noMore(1);
      noOptions('offline');
      const format = rest[0];
      if (format !== 'terraform' && format !== 'operator') throw new ArgsError(`export needs a format: terraform or operator${format ? `, not ${format}` : ''}`);
      return { command: 'export', format, outDir: values.out };
    }
    default:
      throw new ArgsError(`unknown command ${command}`);
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: { offline: { type: 'boolean' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
}

import '@shopfast/tracing/register';
import { createFaultFlags } from '@shopfast/feature-flags';
import { createServiceRuntime, loadConfigOrExit, readSecretFile, runService } from '@shopfast/service-kit';
import { createRedis } from '@shopfast/stores';
import { tracer } from '@shopfast/tracing';
import { configSchema } from './config';
import { wireGateway } from './wire';

// The active-users timer runs PFCOUNT every few seconds outside any request; untraced, it does not
// become a stream of one-span traces. Every other Redis command stays traced.
tracer.use('ioredis', { blocklist: ['pfcount'] });

runService('gateway', async () => {
  const config = loadConfigOrExit('gateway', configSchema);
  const { logger, metrics, serve, credentials, keys } = createServiceRuntime(config);
  // Fault flags (docs/faults.md): every fault off until the gateway's admin API switches one on.
  const faults = createFaultFlags({ stateFile: config.FLAGS_FILE, service: config.DD_SERVICE, metrics, logger });
  // Read once, before anything listens: a missing, weak or world-readable file stops start-up with a message.
  const adminToken = readSecretFile(config.ADMIN_TOKEN_FILE, { name: 'the admin token (ADMIN_TOKEN_FILE)', minLength: 32 });
  const redis = createRedis(config.REDIS_URL, config.DD_SERVICE);

  const { app, jobs } = wireGateway({ config, faults, logger, metrics, credentials, trustedKeys: keys.trusted, adminToken, redis });
  await faults.ready;
  await jobs.start();
  await serve(app, [
    { name: 'background jobs', close: () => jobs.stop() },
    { name: 'fault flags', close: () => faults.close() },
    { name: 'redis', close: () => redis.quit() },
  ]);
});

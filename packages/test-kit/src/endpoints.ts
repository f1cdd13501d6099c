/** Where the local stack listens (scripts/stack). Overridable so tests can target another stack. */
export const endpoints = {
  gateway: process.env.SHOPFAST_GATEWAY_URL ?? 'http://127.0.0.1:5001',
  testAgent: process.env.SHOPFAST_TEST_AGENT_URL ?? 'http://127.0.0.1:8126',
  dogstatsdApi: process.env.SHOPFAST_DOGSTATSD_API_URL ?? 'http://127.0.0.1:8129',
};

export { generateServiceKeys, loadServiceKeys, parseTrustedKeys, serviceKeysFrom, ServiceKeyError, type ServiceKeys } from './service-keys';
export {
  bearerToken,
  createCallerVerifier,
  createTokenIssuer,
  SERVICE_TOKEN_TTL_SECONDS,
  SERVICE_TOKEN_TYPE,
  type ActingFor,
  type Caller,
  type CallerOutcome,
  type CallerVerifier,
  type TokenIssuer,
} from './service-tokens';
export { callerOf, customerIdOf, identifyCaller, requireCaller, requireCustomer, type CallerPolicy } from './require-caller';
export { databasePassword, KNOWN_WEAK_SECRETS, readSecretFile, SecretError, weakSecretReason, type SecretFileOptions } from './secret-file';

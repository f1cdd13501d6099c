export { loadConfig, loadConfigOrExit, describeConfig, ConfigError } from './load-config';
export { baseConfigSchema, databasePasswordFile, port, urlWithProtocol, httpUrl, positiveInt, booleanFlag, type BaseConfig } from './base-config';

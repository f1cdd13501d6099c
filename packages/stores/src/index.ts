export { createPostgresPool, checkPostgres, migratePostgres, withTransaction, type PgPool, type Migration, type PostgresPoolOptions } from './postgres';
export { connectMongo, checkMongo, type MongoStore, type MongoOptions } from './mongo';
export { QUERY_TIME_METRIC, sqlOperation, mongoOperation, type TimingSink } from './query-timing';
export { createRedis, checkRedis, type RedisClient } from './redis';
export { createElasticsearch, checkElasticsearch, type ElasticsearchClient } from './elasticsearch';

export { createPostgresPool, checkPostgres, migratePostgres, type PgPool, type Migration } from './postgres';
export { connectMongo, checkMongo, type MongoStore } from './mongo';
export { createRedis, checkRedis, type RedisClient } from './redis';
export { createElasticsearch, checkElasticsearch, type ElasticsearchClient } from './elasticsearch';

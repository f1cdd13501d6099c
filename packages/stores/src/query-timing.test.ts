import { describe, expect, it } from 'vitest';
import { mongoOperation, reportQueryTime, sqlOperation } from './query-timing';

describe('sqlOperation', () => {
  it('answers the first keyword, upper-cased', () => {
    expect(sqlOperation('select 1')).toBe('SELECT');
    expect(sqlOperation('  INSERT INTO t VALUES ($1)')).toBe('INSERT');
    expect(sqlOperation('\n\tupdate t set a = 1')).toBe('UPDATE');
    expect(sqlOperation('DELETE FROM t')).toBe('DELETE');
    expect(sqlOperation('WITH x AS (SELECT 1) SELECT * FROM x')).toBe('WITH');
    expect(sqlOperation('BEGIN')).toBe('BEGIN');
    expect(sqlOperation('START TRANSACTION')).toBe('BEGIN');
    expect(sqlOperation('commit')).toBe('COMMIT');
    expect(sqlOperation('ROLLBACK')).toBe('ROLLBACK');
    expect(sqlOperation('(SELECT 1) UNION (SELECT 2)')).toBe('SELECT');
  });

  it('skips comments such as the DBM traceparent prefix', () => {
    expect(sqlOperation("/*dddbs='user',dde='local',traceparent='00-abc-def-01'*/ SELECT * FROM users")).toBe('SELECT');
    expect(sqlOperation('-- why\n/* and how */ insert into t default values')).toBe('INSERT');
  });

  it('keeps the tag bounded: any other statement or input is OTHER', () => {
    for (const sql of ['CREATE TABLE t (a int)', 'SELECTX', 'ALTER TABLE', '', '   ', '/* unterminated', "'; DROP TABLE users; --", 'pg_sleep(1)', undefined, 42, null, { text: 'SELECT 1' }]) {
      expect(sqlOperation(sql), String(sql)).toBe('OTHER');
    }
  });
});

describe('mongoOperation', () => {
  it('keeps known command names and folds the rest into other', () => {
    expect(mongoOperation('find')).toBe('find');
    expect(mongoOperation('findAndModify')).toBe('findAndModify');
    expect(mongoOperation('insert')).toBe('insert');
    expect(mongoOperation('saslStart')).toBe('other');
    expect(mongoOperation('FIND')).toBe('other');
    expect(mongoOperation('$where')).toBe('other');
    expect(mongoOperation(undefined)).toBe('other');
  });
});

describe('reportQueryTime', () => {
  it('emits the timing with db_system and operation tags', () => {
    const calls: unknown[] = [];
    reportQueryTime({ timing: (...args) => calls.push(args) }, 1.23456, 'postgresql', 'SELECT');
    expect(calls).toEqual([['ecommerce.database.query_time', 1.235, { db_system: 'postgresql', operation: 'SELECT' }]]);
  });

  it('swallows a failing metrics client', () => {
    expect(() => reportQueryTime({ timing: () => { throw new Error('socket closed'); } }, 1, 'mongodb', 'find')).not.toThrow();
  });
});

import { Writable } from 'node:stream';
import { QueryFailedError } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logging.js';

/** The lines the server's logger writes for one error. */
function logged(err: unknown): string {
  let out = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  });
  createLogger('error', sink).error({ err }, 'unexpected error in GraphQL request');
  return out;
}

describe('Hardening §2: server logs carry no SQL parameter values', () => {
  it('logs a failed statement with its SQL and code, without the values bound to it or PostgreSQL’s detail', () => {
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint "staff_number"'), {
      code: '23505',
      detail: 'Key ("staffNumber")=(654321) already exists.',
      constraint: 'staff_number',
    });
    const err = new QueryFailedError(
      'INSERT INTO staff ("staffNumber", "familyName") VALUES ($1, $2)',
      ['654321', '秘密'],
      driverError,
    );
    const line = logged(err);
    expect(line).toContain('INSERT INTO staff');
    expect(line).toContain('23505');
    expect(line).toContain('staff_number');
    expect(line).not.toContain('654321');
    expect(line).not.toContain('秘密');
  });

  it('still logs an ordinary error in full', () => {
    const line = JSON.parse(logged(new TypeError('x is not a function')));
    expect(line.err).toMatchObject({ type: 'TypeError', message: 'x is not a function' });
    expect(line.err.stack).toContain('TypeError');
  });
});

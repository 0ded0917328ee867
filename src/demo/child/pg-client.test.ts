import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres } from '../postgres.js';
import type { Running } from '../processes.js';
import { PgClient } from './pg-client.js';
import { postgresProducts } from './products.js';

describe('PgClient against a real PostgreSQL', () => {
  let postgres: Running;
  let client: PgClient;

  beforeAll(async () => {
    const started = await startPostgres();
    if (started === undefined) throw new Error('PostgreSQL is not installed');
    postgres = started;
    client = await PgClient.connect(postgres.port, 'postgres');
  });

  afterAll(async () => {
    client.close();
    await postgres.stop();
  });

  it('returns rows as text, NULL as null, for pipelined queries in order', async () => {
    const [a, b] = await Promise.all([
      client.query("SELECT 1, NULL, 'two words'"),
      client.query('SELECT n FROM generate_series(1, 3) AS n'),
    ]);
    expect(a).toEqual([['1', null, 'two words']]);
    expect(b).toEqual([['1'], ['2'], ['3']]);
  });

  it("rejects with the server's message and stays usable", async () => {
    await expect(client.query('SELECT * FROM nowhere')).rejects.toThrow(
      'relation "nowhere" does not exist',
    );
    expect(await client.query('SELECT 42')).toEqual([['42']]);
  });

  it('backs the catalog: products from a table it creates', async () => {
    const products = await postgresProducts(postgres.port);
    expect(await products.list()).toHaveLength(8);
    expect(await products.byId(3)).toEqual({ id: 3, name: 'burr grinder', priceCents: 12_900 });
    expect(await products.byId(99)).toBeUndefined();
  });
});

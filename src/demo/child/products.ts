import { PgClient } from './pg-client.js';

export interface Product {
  readonly id: number;
  readonly name: string;
  readonly priceCents: number;
}

/** Where the catalog keeps its products: PostgreSQL when the demo has one, else memory. */
export interface Products {
  list(): Promise<Product[]>;
  byId(id: number): Promise<Product | undefined>;
}

const PRODUCTS: readonly Product[] = [
  { id: 1, name: 'espresso cup', priceCents: 900 },
  { id: 2, name: 'french press', priceCents: 3400 },
  { id: 3, name: 'burr grinder', priceCents: 12_900 },
  { id: 4, name: 'milk jug', priceCents: 1500 },
  { id: 5, name: 'gooseneck kettle', priceCents: 6900 },
  { id: 6, name: 'pour-over cone', priceCents: 2200 },
  { id: 7, name: 'coffee scale', priceCents: 4500 },
  { id: 8, name: 'beans, 1 kg', priceCents: 2800 },
];

/** Ids the catalog has: 1..8. */
export const PRODUCT_COUNT = PRODUCTS.length;

export function memoryProducts(): Products {
  return {
    list: () => Promise.resolve([...PRODUCTS]),
    byId: (id) => Promise.resolve(PRODUCTS.find((p) => p.id === id)),
  };
}

const COLUMNS = 'SELECT id, name, price_cents FROM products';

/** Creates and fills the products table (again, harmlessly, on a second start). */
export async function postgresProducts(port: number): Promise<Products> {
  const db = await PgClient.connect(port, 'postgres');
  await db.query(
    'CREATE TABLE IF NOT EXISTS products (id int PRIMARY KEY, name text, price_cents int)',
  );
  const values = PRODUCTS.map((p) => `(${p.id}, '${p.name}', ${p.priceCents})`).join(', ');
  await db.query(`INSERT INTO products VALUES ${values} ON CONFLICT DO NOTHING`);
  const toProduct = ([id, name, price]: (string | null)[]): Product => ({
    id: Number(id),
    name: name ?? '',
    priceCents: Number(price),
  });
  return {
    list: async () => (await db.query(`${COLUMNS} ORDER BY id`)).map(toProduct),
    // `id` is an integer the route parsed, so it is safe in the statement text.
    byId: async (id) => (await db.query(`${COLUMNS} WHERE id = ${id}`)).map(toProduct)[0],
  };
}

import pg from "pg";

const PG_NAME_OID = 19;
const PG_TEXT_OID = 25;

type FieldList = { dataTypeID: number }[] | undefined;

function nameColumnsAsText(result: unknown): unknown {
  const fields = (result as { fields?: FieldList } | undefined)?.fields;
  for (const field of fields ?? []) if (field.dataTypeID === PG_NAME_OID) field.dataTypeID = PG_TEXT_OID;
  return result;
}

/**
 * A pg.Pool for Prisma's WebAssembly schema engine. The engine reads catalog columns of
 * PostgreSQL's `name` type, which @prisma/adapter-pg 6.19 cannot map; reporting them as
 * `text` lets `prisma migrate deploy` run. Only migrations use this pool.
 */
export function migrationPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString });
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const callback = args[args.length - 1];
      if (typeof callback === "function") {
        args[args.length - 1] = (err: unknown, res: unknown) => callback(err, nameColumnsAsText(res));
        return query(...args);
      }
      const result = query(...args);
      return result instanceof Promise ? result.then(nameColumnsAsText) : result;
    };
  });
  return pool;
}

// Prisma CLI configuration (migrate, generate). The provider follows DATABASE_URL:
// "file:..." selects SQLite, "postgres://" or "postgresql://" selects PostgreSQL.
// Prisma's migration engine runs here as WebAssembly over a driver adapter, so no native
// engine has to be downloaded.
import { defineConfig } from "prisma/config";
import { databaseProvider } from "./provider.ts";

// The schema files read DATABASE_URL too; commands that need no database (generate, diff)
// still need it set.
const url = (process.env.DATABASE_URL ??= "file:./var/dev.db");
const provider = databaseProvider(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: `./${provider}/schema.prisma`,
  migrations: { path: `./${provider}/migrations` },
  async adapter() {
    if (provider === "sqlite") {
      const { PrismaLibSQL } = await import("@prisma/adapter-libsql");
      return new PrismaLibSQL({ url });
    }
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const { migrationPool } = await import("./postgresql/migration-pool.ts");
    return new PrismaPg(migrationPool(url));
  },
});

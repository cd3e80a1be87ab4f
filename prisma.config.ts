import { defineConfig } from "prisma/config";

// The app itself never reads this file: it connects through driver adapters (src/db/).
// It is here for users who run `prisma migrate deploy|status` with the schema engine.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
});

import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes the SQL migrations into drizzle/; they are committed and serve both
// PGlite and PostgreSQL.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/platform/db/schema/index.ts',
  out: './drizzle',
  casing: 'snake_case',
});

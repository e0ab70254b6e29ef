import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The lint rule that keeps domain code pure (ARCHITECTURE.md) is itself tested: a rule that never fires
// would let the boundary erode silently.
describe('architecture boundaries (ESLint)', () => {
  const eslint = new ESLint();
  const lintDomainFile = async (code: string) => {
    const [result] = await eslint.lintText(code, { filePath: 'src/modules/draws/domain/allocation.ts' });
    return result!.messages.map((message) => message.message);
  };

  it('forbids domain code from calling platform code', async () => {
    const messages = await lintDomainFile(
      "import { openDatabase } from '../../../platform/db/database.js';\nexport const open = openDatabase;\n",
    );
    expect(messages).toContainEqual(expect.stringContaining('imports nothing from platform but types'));
  });

  it('forbids domain code from using the database library directly', async () => {
    const messages = await lintDomainFile(
      "import { sql } from 'drizzle-orm';\nexport const q = sql`select 1`;\n",
    );
    expect(messages).toContainEqual(expect.stringContaining('Domain code is pure'));
  });

  it('allows domain code to name platform types', async () => {
    const messages = await lintDomainFile(
      "import type { Db } from '../../../platform/db/database.js';\nexport type Handle = Db;\n",
    );
    expect(messages).toEqual([]);
  });
});

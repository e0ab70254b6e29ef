import { readFileSync } from 'node:fs';

/** The version in package.json, shown in the API description and recorded at installation. */
export const GRADINS_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

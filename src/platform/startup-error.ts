/**
 * A fault that stops Gradins from starting, told to the person at the terminal in French and English:
 * what is wrong, then how to fix it. The CLI prints it as one paragraph and exits with `exitCode`.
 */
export class StartupError extends Error {
  readonly code: string;
  readonly french: string;
  readonly english: string;
  readonly exitCode: number;

  constructor(
    code: string,
    text: { fr: string; en: string },
    options?: { cause?: unknown; exitCode?: number },
  ) {
    super(text.en, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StartupError';
    this.code = code;
    this.french = text.fr;
    this.english = text.en;
    this.exitCode = options?.exitCode ?? 1;
  }

  /** The paragraph printed on standard error. */
  toParagraph(): string {
    return `Gradins ne peut pas démarrer : ${this.french}\nGradins cannot start: ${this.english}\n[${this.code}]`;
  }
}

import readline from 'node:readline';

/**
 * Reads a password from the terminal without echoing it, or from standard input when it is not a terminal
 * (scripts: `printf '%s' "$PASSWORD" | gradins admin create …`). Never from the command line, where it would
 * stay in the shell history and be visible to other users in the process list.
 */
export async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    return input.replace(/\r?\n$/, '');
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const output = rl as unknown as { _writeToOutput: (text: string) => void };
  process.stdout.write(prompt);
  output._writeToOutput = () => undefined;
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stdout.write('\n');
  return answer;
}

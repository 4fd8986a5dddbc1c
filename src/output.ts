import { rename, writeFile, unlink } from 'node:fs/promises';
import { InputError } from './errors.ts';

/**
 * Writes a report to stdout or to a file. Files are written to a temporary sibling and renamed,
 * so a failed run never leaves a half-written report behind.
 */
export async function writeOutput(content: string, file: string | undefined, stdout: (text: string) => void): Promise<void> {
  if (!file) {
    stdout(content);
    return;
  }
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, content, 'utf8');
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new InputError(`${file}: cannot write output (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

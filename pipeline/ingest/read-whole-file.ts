import { readFile, stat } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { msg } from '../messages.js';

/**
 * Reads a whole data file (CSV, .sav) into memory, refusing one larger than `maxBytes` before reading it.
 * InputError naming `display` for a file too large or unreadable.
 */
export async function readWholeFile(file: string, display: string, maxBytes: number): Promise<Buffer> {
  try {
    const info = await stat(file);
    if (info.size > maxBytes) throw new InputError(msg.fileTooLarge(display, info.size, maxBytes));
    return await readFile(file);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(msg.cannotRead(display, error instanceof Error ? error.message : String(error)));
  }
}

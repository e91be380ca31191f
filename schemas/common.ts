import { z } from 'zod';

/** A text in both report languages. */
export const Bilingual = z.strictObject({ zh: z.string(), en: z.string() });
export type Bilingual = z.infer<typeof Bilingual>;

/** A report language. */
export const Lang = z.enum(['zh', 'en']);
export type Lang = z.infer<typeof Lang>;

import { helpArgvs, renderHelp } from '../../pipeline/cli/render-help.js';

/** The markers around the generated command reference in README.md. */
export const referenceMarkers = {
  start: '<!-- command reference: generated from the yargs definitions in pipeline/cli/main.ts by test/cli/command-reference.ts; UPDATE_GOLDEN=1 npx vitest run test/cli/command-reference.test.ts rewrites it -->',
  end: '<!-- end of the command reference -->',
} as const;

/**
 * The README's command reference: `thinktank --help` and each command's `--help`, exactly as the CLI prints them
 * without a terminal (no wrapping), so the README cannot say what the parser does not do.
 */
export async function commandReference(): Promise<string> {
  const sections: string[] = [];
  for (const argv of helpArgvs()) sections.push(`\`\`\`\n$ thinktank ${argv.join(' ')}\n${(await renderHelp(argv)).trimEnd()}\n\`\`\``);
  return `${referenceMarkers.start}\n\n${sections.join('\n\n')}\n\n${referenceMarkers.end}`;
}

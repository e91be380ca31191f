/**
 * Compiles a glob pattern (`*` any characters but `/`, `**` any number of folders, `?` one character, `{a,b}`
 * alternatives, `[abc]` classes) to a RegExp matching whole `/`-separated relative paths.
 */
export function globToRegExp(pattern: string): RegExp {
  let re = '';
  let i = 0;
  let braces = 0;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        const atStart = i === 0 || pattern[i - 1] === '/';
        const atEnd = i + 2 === pattern.length || pattern[i + 2] === '/';
        if (atStart && atEnd) {
          // `**/` matches zero or more folders
          re += pattern[i + 2] === '/' ? '(?:[^/]+/)*' : '.*';
          i += pattern[i + 2] === '/' ? 3 : 2;
          continue;
        }
      }
      re += '[^/]*';
      i++;
      continue;
    }
    if (ch === '?') re += '[^/]';
    else if (ch === '{') {
      re += '(?:';
      braces++;
    } else if (ch === '}' && braces > 0) {
      re += ')';
      braces--;
    } else if (ch === ',' && braces > 0) re += '|';
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end > i + 1) {
        const body = pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = end + 1;
        continue;
      }
      re += '\\[';
    } else re += ch.replace(/[.+^$()|\\\]]/g, '\\$&');
    i++;
  }
  return new RegExp(`^${re}$`, 'u');
}

/** Whether a relative path matches a glob pattern (see globToRegExp). */
export function matchGlob(pattern: string, relativePath: string): boolean {
  return globToRegExp(pattern).test(relativePath);
}

/** The folder part of a pattern before its first wildcard (`responses/2026/*.xlsx` -> `responses/2026`). */
export function globBase(pattern: string): string {
  const parts = pattern.split('/');
  const fixed: string[] = [];
  for (const part of parts.slice(0, -1)) {
    if (/[*?{[]/.test(part)) break;
    fixed.push(part);
  }
  return fixed.join('/');
}

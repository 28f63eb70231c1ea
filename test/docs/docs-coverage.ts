/** Every key path present in a parsed YAML document, written as `configFieldPaths` writes them. */
export function documentPaths(doc: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (value: unknown, path: string): void => {
    if (path !== '') out.add(path);
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'object' && item !== null) walk(item, `${path}[]`);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const [key, child] of Object.entries(value)) walk(child, path === '' ? key : `${path}.${key}`);
  };
  walk(doc, '');
  return out;
}

/**
 * Turns commented-out example keys (`  # sasl: {...}`) into live ones so that they count as
 * shown; prose comments (no `key:` right after the `#`) stay comments.
 */
export function uncommentYamlKeys(text: string): string {
  return text.replace(/^(\s*)# ?(\s*[A-Za-z][\w]*:(?:\s|$))/gm, '$1$2');
}

/**
 * The FAULTLINE_* variables that source files read: `process.env.X`, `env.X`, a quoted
 * `'X'` in TypeScript, and `$X` / `${X...}` in shell scripts.
 */
export function environmentVariables(files: ReadonlyArray<{ path: string; text: string }>): string[] {
  const found = new Set<string>();
  for (const { path, text } of files) {
    const pattern = /\.(?:sh)$|^\.ci\//.test(path)
      ? /\$\{?(FAULTLINE_[A-Z0-9_]+)/g
      : /(?:env\??\.|['"`])(FAULTLINE_[A-Z0-9_]+)/g;
    for (const m of text.matchAll(pattern)) if (m[1] && !m[1].endsWith('_')) found.add(m[1]);
  }
  return [...found].sort();
}

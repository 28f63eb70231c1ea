import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { type SloProblem, SloSpecError } from './errors.js';
import { NATIVE_API_VERSION, nativeSlos } from './native-format.js';
import { type IgnoredDocument, OpenSloDocuments, type PendingSlo } from './openslo-format.js';
import { OPENSLO_API_VERSION } from './openslo-schema.js';
import type { Slo } from './slo.js';
import { type DocContext, isRecord, report, typeName, unnamed } from './spec-problems.js';

/** What the loader read: the SLOs, and the documents it accepted without using them. */
export interface LoadedSlos {
  slos: Slo[];
  ignored: IgnoredDocument[];
}

/**
 * Reads SLO spec files (YAML, several documents each, native or OpenSLO v1 in any mix) into
 * SLOs, in file and document order. An OpenSLO `indicatorRef` may name an SLI in any of
 * the files. Throws one SloSpecError listing every problem in every file.
 */
export function loadSloFiles(files: string[]): Slo[] {
  return loadSloSpecs(files).slos;
}

/** Like loadSloFiles, and also names the documents that were accepted but not used. */
export function loadSloSpecs(files: string[]): LoadedSlos {
  const loader = new SpecLoader();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'read failed';
      loader.problems.push({ file, slo: '', path: '', expected: `expected a readable file (${code})` });
      continue;
    }
    loader.add(text, file);
  }
  return loader.finish();
}

/** The SLOs of one file's text, as loadSloFiles reads them; for tests and tools. */
export function parseSloDocuments(text: string, file: string): Slo[] {
  const loader = new SpecLoader();
  loader.add(text, file);
  return loader.finish().slos;
}

/** The `.yaml` and `.yml` files directly in `dir`, sorted by name. */
export function sloFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

class SpecLoader {
  readonly problems: SloProblem[] = [];
  private readonly openslo = new OpenSloDocuments();
  /** In document order; OpenSLO SLOs wait for every file to be read. */
  private readonly entries: Array<Slo | PendingSlo> = [];

  add(text: string, file: string): void {
    parseAllDocuments(text).forEach((doc, index) => {
      const ctx: DocContext = { file, document: index + 1, problems: this.problems };
      const [error] = doc.errors;
      if (error !== undefined) {
        report(
          ctx,
          unnamed(ctx),
          [],
          `expected valid YAML: ${error.message.split('\n')[0]?.replace(/:$/, '')}`,
        );
        return;
      }
      this.addDocument(doc.toJS(), ctx);
    });
  }

  finish(): LoadedSlos {
    const slos: Slo[] = [];
    for (const entry of this.entries) {
      const slo = 'out' in entry ? this.openslo.finish(entry) : entry;
      if (slo !== undefined) slos.push(slo);
    }
    this.checkUnique(slos);
    if (this.problems.length > 0) throw new SloSpecError(this.problems);
    return { slos, ignored: this.openslo.ignored };
  }

  private addDocument(value: unknown, ctx: DocContext): void {
    if (value === null || value === undefined) return; // an empty document, e.g. after a trailing ---
    if (!isRecord(value)) {
      report(ctx, unnamed(ctx), [], `expected a mapping, got ${typeName(value)}`);
      return;
    }
    const { apiVersion } = value;
    if (apiVersion === OPENSLO_API_VERSION) {
      const pending = this.openslo.read(value, ctx);
      if (pending !== undefined) this.entries.push(pending);
    } else if (apiVersion === undefined && 'kind' in value) {
      report(
        ctx,
        unnamed(ctx),
        ['apiVersion'],
        `expected ${OPENSLO_API_VERSION} for an OpenSLO document (missing)`,
      );
    } else if (apiVersion === undefined || apiVersion === NATIVE_API_VERSION) {
      this.entries.push(...nativeSlos(value, ctx));
    } else {
      report(
        ctx,
        unnamed(ctx),
        ['apiVersion'],
        `expected ${OPENSLO_API_VERSION} (OpenSLO) or ${NATIVE_API_VERSION} (native), got ${JSON.stringify(apiVersion)}`,
      );
    }
  }

  private checkUnique(slos: Slo[]): void {
    const seen = new Map<string, Slo>();
    for (const slo of slos) {
      const first = seen.get(slo.id);
      if (first === undefined) {
        seen.set(slo.id, slo);
        continue;
      }
      this.problems.push({
        file: slo.origin.file,
        slo: slo.id,
        path: slo.origin.format === 'native' ? 'name' : 'metadata.name',
        expected: `expected a unique SLO id; ${slo.id} is also defined in ${first.origin.file}`,
      });
    }
  }
}

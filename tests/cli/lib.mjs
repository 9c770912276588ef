// Shared helpers for the CLI tests (node's test runner: `node --test tests/cli/`).
//
//   SDLAB_BIN   the sdlab binary to test; a relative path is taken from the repository root.
//               Default: build/native/bin/sdlab.
//
// Exports:
//   kRepo                  absolute path of the repository root
//   SdlabBin()             absolute path of the binary under test
//   RunSdlab(args, opts)   runs it (spawnSync, cwd = repo root) → { status, stdout, stderr, signal }
//   StripJsonComments(t)   removes // and /* */ comments outside strings; keeps line:col of the rest
//   ReadJsonc(file)        reads a file, drops a UTF-8 BOM, strips comments, JSON.parse
//   ScenarioFiles()        scenarios/*.json, repo-relative, sorted
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const kRepo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute path of the sdlab binary: $SDLAB_BIN (relative to the repo root) or build/native/bin/sdlab. */
export function SdlabBin() {
  return path.resolve(kRepo, process.env.SDLAB_BIN ?? path.join('build', 'native', 'bin', 'sdlab'));
}

/**
 * Runs sdlab with `args` from the repository root and waits for it.
 * @param {string[]} args command-line arguments (file paths may be repo-relative)
 * @param {{input?: string, env?: object, timeout?: number}} [opts]
 * @returns {{status: number|null, signal: string|null, stdout: string, stderr: string}}
 */
export function RunSdlab(args, opts = {}) {
  const r = spawnSync(SdlabBin(), args, {
    cwd: kRepo,
    encoding: 'utf8',
    input: opts.input,
    env: { ...process.env, ...(opts.env ?? {}) },
    timeout: opts.timeout ?? 30000,
    maxBuffer: 64 << 20,
  });
  if (r.error) throw r.error;  // e.g. ENOENT: the binary is not built
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Removes `// line` and `/* block *\/` comments from JSON text, leaving strings untouched (a "//"
 * inside a string stays). Comment characters become spaces and newlines are kept, so every other
 * character keeps its line and column. An unterminated block comment runs to the end of the text.
 * @param {string} text
 * @returns {string}
 */
export function StripJsonComments(text) {
  let out = '';
  let i = 0;
  const n = text.length;
  const blank = (s) => s.replace(/[^\n]/g, ' ');
  while (i < n) {
    const c = text[i];
    if (c === '"') {
      // Copy the string, honouring backslash escapes.
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      let j = text.indexOf('\n', i);
      if (j < 0) j = n;
      out += blank(text.slice(i, j));
      i = j;
    } else if (c === '/' && text[i + 1] === '*') {
      let j = text.indexOf('*/', i + 2);
      j = j < 0 ? n : j + 2;
      out += blank(text.slice(i, j));
      i = j;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/** Reads a JSON-with-comments file (repo-relative or absolute) and parses it; throws on bad JSON. */
export function ReadJsonc(file) {
  let text = readFileSync(path.resolve(kRepo, file), 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return JSON.parse(StripJsonComments(text));
}

/** The shipped scenarios, as repo-relative paths ("scenarios/pastebin.json", ...), sorted. */
export function ScenarioFiles() {
  return readdirSync(path.join(kRepo, 'scenarios'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join('scenarios', f));
}

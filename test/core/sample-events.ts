/**
 * Discovers the sample payloads under `events/<form>/<case>.json|.xml` and the outcome
 * each must produce (`<case>.expected.json`, shared by a JSON/XML twin pair), so adding
 * a sample adds a test. Anything that does not fit the layout is reported, not skipped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MESSAGE_FORMS, type MessageFormName } from '../../functions/core/model/schemas.js';

export const EVENTS_DIR = fileURLToPath(new URL('../../events/', import.meta.url));

const EXPECTED_SUFFIX = '.expected.json';
const CONTENT_TYPES = { json: 'application/json', xml: 'application/xml' } as const;
type Extension = keyof typeof CONTENT_TYPES;

export interface PointerAndCode {
  pointer: string;
  code: string;
}

/** A sample the gateway must accept, with exactly these warning codes. */
export interface Acceptance {
  valid: true;
  warnings: string[];
  /** Optional part of the canonical message (labels already turned into codes). */
  matches?: Record<string, unknown>;
}

/** A sample the gateway must refuse with this status and code, listing exactly these issues. */
export interface Rejection {
  valid: false;
  status: number;
  code: string;
  errors: PointerAndCode[];
}

export type Expectation = Acceptance | Rejection;

export interface Sample {
  form: MessageFormName;
  caseName: string;
  extension: Extension;
  /** `form/case.ext`, as the test names it. */
  path: string;
  contentType: string;
  bytes: Uint8Array;
  expected: Expectation;
}

export interface SampleDiscovery {
  samples: Sample[];
  /** Files that break the layout: unknown form folders, samples without expectations, and so on. */
  problems: string[];
}

function isMessageForm(name: string): name is MessageFormName {
  return Object.hasOwn(MESSAGE_FORMS, name);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isPointerAndCode(value: unknown): value is PointerAndCode {
  return isRecord(value) && typeof value.pointer === 'string' && typeof value.code === 'string';
}

/** Narrows a parsed `.expected.json`; a malformed one is a problem of the sample, not a pass. */
export function parseExpectation(value: unknown): Expectation | string {
  if (!isRecord(value)) return 'must be a JSON object';
  if (value.valid === true) {
    if (!isStringArray(value.warnings)) return '"warnings" must be an array of codes';
    if (value.matches !== undefined && !isRecord(value.matches))
      return '"matches" must be an object';
    return value.matches === undefined
      ? { valid: true, warnings: value.warnings }
      : { valid: true, warnings: value.warnings, matches: value.matches };
  }
  const { status, code, errors } = value;
  if (status !== 400 && status !== 422) return '"status" must be 400 or 422';
  if (typeof code !== 'string') return '"code" must be a string';
  if (!Array.isArray(errors) || !errors.every(isPointerAndCode))
    return '"errors" must be an array of {pointer, code}';
  return {
    valid: false,
    status,
    code,
    errors: errors.map(({ pointer, code }) => ({ pointer, code })),
  };
}

function readExpectation(file: string): Expectation | string {
  try {
    return parseExpectation(JSON.parse(readFileSync(file, 'utf8')));
  } catch (cause) {
    return `is not valid JSON (${(cause as Error).message})`;
  }
}

function splitName(file: string): { caseName: string; extension: Extension } | undefined {
  const match = /^(.+)\.(json|xml)$/.exec(file);
  if (!match?.[1] || (match[2] !== 'json' && match[2] !== 'xml')) return undefined;
  return { caseName: match[1], extension: match[2] };
}

/** Reads every sample under `events/`, in a stable order. */
export function discoverSamples(root = EVENTS_DIR): SampleDiscovery {
  const samples: Sample[] = [];
  const problems: string[] = [];
  for (const folder of readdirSync(root).sort()) {
    if (folder === 'README.md') continue;
    if (!isMessageForm(folder)) {
      problems.push(`${folder}/ is not a message form (${Object.keys(MESSAGE_FORMS).join(', ')})`);
      continue;
    }
    const files = readdirSync(join(root, folder)).sort();
    const used = new Set<string>();
    for (const file of files) {
      if (file.endsWith(EXPECTED_SUFFIX)) continue;
      const path = `${folder}/${file}`;
      const name = splitName(file);
      if (!name) {
        problems.push(`${path} is neither .json nor .xml`);
        continue;
      }
      const expectedFile = `${name.caseName}${EXPECTED_SUFFIX}`;
      if (!files.includes(expectedFile)) {
        problems.push(`${path} has no ${expectedFile}`);
        continue;
      }
      used.add(expectedFile);
      const expected = readExpectation(join(root, folder, expectedFile));
      if (typeof expected === 'string') {
        problems.push(`${folder}/${expectedFile} ${expected}`);
        continue;
      }
      samples.push({
        form: folder,
        ...name,
        path,
        contentType: CONTENT_TYPES[name.extension],
        bytes: readFileSync(join(root, folder, file)),
        expected,
      });
    }
    for (const file of files) {
      if (file.endsWith(EXPECTED_SUFFIX) && !used.has(file))
        problems.push(`${folder}/${file} has no sample beside it`);
    }
  }
  return { samples, problems };
}

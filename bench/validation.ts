/**
 * docs/contract.md §8, issue #2: validation throughput for a ~2 KB complete card, JSON and XML,
 * against a bare parse of the same bytes. Reported with and without the SHA-256 digest,
 * which is part of ingest (the receipt carries it) but not of parsing.
 */
import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { readMessage } from '../functions/core/validation/read-message.js';
import { XML_PARSER_OPTIONS } from '../functions/core/wire/parse-xml.js';
import {
  formatOfContentType,
  MAX_BODY_BYTES,
  type RawBody,
  readBody,
} from '../functions/core/wire/read-body.js';
import { BENCH_CARD_JSON, BENCH_CARD_XML, BENCH_NOW } from './fixtures.js';
import { type MeasureOptions, measure, slowdown } from './harness.js';
import { type BenchSection, formatCount, formatRatio } from './report.js';

const TARGETS = {
  jsonCardsPerSecond: 30_000,
  jsonRatio: 5,
  xmlCardsPerSecond: 4_000,
  xmlRatio: 1.3,
};

const clock = () => BENCH_NOW;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** `readBody` without the digest: the same size, media-type and UTF-8 checks. */
function readBodyWithoutDigest(bytes: Uint8Array, contentType: string): RawBody {
  if (bytes.byteLength > MAX_BODY_BYTES) throw new Error('too large');
  const format = formatOfContentType(contentType);
  return { format, text: utf8.decode(bytes), sha256: '', byteLength: bytes.byteLength };
}

/**
 * The bare parser: XML_PARSER_OPTIONS exactly, with fast-xml-parser's own entity decoder
 * and no per-document guard (element count, depth, references), which the gateway adds.
 */
const bareParser = new XMLParser(XML_PARSER_OPTIONS);

function bareXmlParse(bytes: Uint8Array): unknown {
  return bareParser.parse(utf8.decode(bytes), true);
}

/** Throws unless both pipelines accept the bench card, so a broken fixture cannot look fast. */
function checkFixtures(): void {
  readMessage('incidentCard', readBody(BENCH_CARD_JSON, 'application/json'), clock);
  readMessage('incidentCard', readBody(BENCH_CARD_XML, 'application/xml'), clock);
}

export function validationBench(options?: MeasureOptions): BenchSection {
  checkFixtures();
  const jsonText = utf8.decode(BENCH_CARD_JSON);
  const [
    jsonParseText,
    jsonParseBytes,
    jsonNoDigest,
    jsonIngest,
    xmlBare,
    xmlNoDigest,
    xmlIngest,
    sha256,
  ] = measure(
    [
      { name: 'JSON.parse(text)', run: () => JSON.parse(jsonText) },
      { name: 'JSON.parse(decode(bytes))', run: () => JSON.parse(utf8.decode(BENCH_CARD_JSON)) },
      {
        name: 'JSON pipeline without sha256',
        run: () =>
          readMessage(
            'incidentCard',
            readBodyWithoutDigest(BENCH_CARD_JSON, 'application/json'),
            clock,
          ),
      },
      {
        name: 'JSON ingest: readBody + readMessage',
        run: () =>
          readMessage('incidentCard', readBody(BENCH_CARD_JSON, 'application/json'), clock),
      },
      {
        name: 'bare XMLParser.parse(decode(bytes), true)',
        run: () => bareXmlParse(BENCH_CARD_XML),
      },
      {
        name: 'XML pipeline without sha256',
        run: () =>
          readMessage(
            'incidentCard',
            readBodyWithoutDigest(BENCH_CARD_XML, 'application/xml'),
            clock,
          ),
      },
      {
        name: 'XML ingest: readBody + readMessage',
        run: () => readMessage('incidentCard', readBody(BENCH_CARD_XML, 'application/xml'), clock),
      },
      {
        name: 'sha256 of the XML bytes alone',
        run: () => createHash('sha256').update(BENCH_CARD_XML).digest('hex'),
      },
    ],
    options,
  ) as [
    ReturnType<typeof measure>[number],
    ReturnType<typeof measure>[number],
    ReturnType<typeof measure>[number],
    ReturnType<typeof measure>[number],
    ReturnType<typeof measure>[number],
    ReturnType<typeof measure>[number],
    ReturnType<typeof measure>[number],
    ReturnType<typeof measure>[number],
  ];

  const jsonRatio = slowdown(jsonParseBytes, jsonNoDigest);
  const jsonRatioWithDigest = slowdown(jsonParseBytes, jsonIngest);
  const jsonRatioToText = slowdown(jsonParseText, jsonNoDigest);
  const xmlRatio = slowdown(xmlBare, xmlNoDigest);
  const xmlRatioWithDigest = slowdown(xmlBare, xmlIngest);
  const spread = (m: { minOpsPerSecond: number; maxOpsPerSecond: number }) =>
    `rounds ${formatCount(m.minOpsPerSecond)}–${formatCount(m.maxOpsPerSecond)}`;
  const cards = (m: { opsPerSecond: number }) => `${formatCount(m.opsPerSecond)} cards/s`;

  return {
    title: `Validation throughput: complete card, JSON ${BENCH_CARD_JSON.byteLength} B, XML ${BENCH_CARD_XML.byteLength} B`,
    rows: [
      { name: jsonParseText.name, value: cards(jsonParseText), note: spread(jsonParseText) },
      { name: jsonParseBytes.name, value: cards(jsonParseBytes), note: spread(jsonParseBytes) },
      {
        name: jsonNoDigest.name,
        value: cards(jsonNoDigest),
        note: `${formatRatio(jsonRatio)} decode+JSON.parse, ${formatRatio(jsonRatioToText)} JSON.parse(text); ${spread(jsonNoDigest)}`,
      },
      {
        name: jsonIngest.name,
        value: cards(jsonIngest),
        note: `${formatRatio(jsonRatioWithDigest)} decode+JSON.parse; ${spread(jsonIngest)}`,
      },
      { name: xmlBare.name, value: cards(xmlBare), note: spread(xmlBare) },
      {
        name: xmlNoDigest.name,
        value: cards(xmlNoDigest),
        note: `${formatRatio(xmlRatio)} bare parse; ${spread(xmlNoDigest)}`,
      },
      {
        name: xmlIngest.name,
        value: cards(xmlIngest),
        note: `${formatRatio(xmlRatioWithDigest)} bare parse; ${spread(xmlIngest)}`,
      },
      {
        name: sha256.name,
        value: `${formatCount(sha256.opsPerSecond)} digests/s`,
        note: spread(sha256),
      },
    ],
    targets: [
      {
        target: `JSON ingest ≥ ${formatCount(TARGETS.jsonCardsPerSecond)} cards/s`,
        actual: cards(jsonIngest),
        pass: jsonIngest.opsPerSecond >= TARGETS.jsonCardsPerSecond,
      },
      {
        target: `JSON pipeline ≤ ${TARGETS.jsonRatio}× JSON.parse of the same bytes`,
        actual: `${formatRatio(jsonRatio)} (with sha256 ${formatRatio(jsonRatioWithDigest)})`,
        pass: jsonRatio <= TARGETS.jsonRatio,
      },
      {
        target: `XML ingest ≥ ${formatCount(TARGETS.xmlCardsPerSecond)} cards/s`,
        actual: cards(xmlIngest),
        pass: xmlIngest.opsPerSecond >= TARGETS.xmlCardsPerSecond,
      },
      {
        target: `XML pipeline ≤ ${TARGETS.xmlRatio}× bare fast-xml-parser parse`,
        actual: `${formatRatio(xmlRatio)} (with sha256 ${formatRatio(xmlRatioWithDigest)})`,
        pass: xmlRatio <= TARGETS.xmlRatio,
      },
    ],
  };
}

/**
 * The printable 004 Annex 3 card: the official rows and labels (kk or ru) with the card's
 * values, then what the gateway adds — the receipt's SHA-256 and received time and every
 * clock with its state. DejaVu Sans (npm `dejavu-fonts-ttf`) is embedded, so ә ғ қ ң ө ұ
 * ү һ і print on any machine; nothing depends on system fonts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  ANNEX3_ROWS,
  ANNEX3_TITLE,
  type FormLanguage,
  type FormRow,
  GATEWAY_LABELS,
} from '../../core/catalogue/annex3-form.js';
import { type CatalogueName, labelOf } from '../../core/catalogue/catalogue.js';
import { formatNational, instantOf } from '../../core/time.js';

export interface CardPdfInput {
  incident: {
    id: string;
    socId: string;
    status: string;
    card: Record<string, unknown>;
    versions: { version: number; receivedAt: string; sha256: string }[];
    obligations: {
      kind: string;
      state: string;
      dueAt: string;
      dueAtNational?: string;
      lateBySeconds?: number;
    }[];
  };
  language: FormLanguage;
  printedAtMs: number;
}

/** Where the deployed function finds the fonts: copied next to its bundle at synth (cdk/gateway-function.ts). */
export const BUNDLED_FONT_DIR = 'fonts';
/** The font files the card uses (also the files the CDK copies into the bundle). */
export const FONT_FILES = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;

/** The form the card follows, in the card's language (the order is 004, its Annex 3). */
const ANNEX_REFERENCE: Record<FormLanguage, string> = {
  kk: '004 (№ 17/НҚ), 3-қосымша',
  ru: '004 (№ 17/НҚ), приложение 3',
};

function fontDirectory(): string {
  // In a CommonJS bundle there is no import.meta and no node_modules: the fonts sit in
  // `fonts/` beside the bundle, in the function's root (the working directory on Lambda).
  if (typeof import.meta.url !== 'string')
    return join(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), BUNDLED_FONT_DIR);
  return join(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json'), '..', 'ttf');
}

let fonts: { regular: Buffer; bold: Buffer } | undefined;

function loadFonts(): { regular: Buffer; bold: Buffer } {
  if (!fonts) {
    const dir = fontDirectory();
    fonts = {
      regular: readFileSync(join(dir, FONT_FILES.regular)),
      bold: readFileSync(join(dir, FONT_FILES.bold)),
    };
  }
  return fonts;
}

function national(timestamp: unknown): string {
  if (typeof timestamp !== 'string') return '—';
  try {
    return formatNational(instantOf(timestamp)).replace('T', ' ');
  } catch {
    return timestamp;
  }
}

function label(catalogue: CatalogueName, code: unknown, language: FormLanguage): string {
  if (typeof code !== 'string' && typeof code !== 'number') return '—';
  const text = labelOf(catalogue, code, language);
  return text === undefined ? String(code) : `${text} (${code})`;
}

function printedValue(row: FormRow, value: unknown, language: FormLanguage): string {
  if (value === undefined || value === null || value === '') return '—';
  if (row.catalogue) {
    const catalogue = row.catalogue;
    return Array.isArray(value)
      ? value.map((v) => label(catalogue, v, language)).join('; ')
      : label(catalogue, value, language);
  }
  if (row.field === 'occurredAt' || row.field === 'confirmedAt') return national(value);
  if (row.field === 'iocs') {
    const iocs = value as { type: string; value: string }[];
    return iocs.length === 0
      ? '—'
      : iocs.map((ioc) => `${label('iocType', ioc.type, language)}: ${ioc.value}`).join('\n');
  }
  if (row.field === 'affectedObject') {
    const object = value as { id?: string; name?: string; kind?: string; owner?: string };
    return [
      object.name,
      object.id ? `id ${object.id}` : undefined,
      object.kind ? label('objectKind', object.kind, language) : undefined,
      object.owner,
    ]
      .filter(Boolean)
      .join('; ');
  }
  return String(value);
}

function lateness(seconds: number | undefined): string {
  if (!seconds) return '';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : `${m} min ${seconds % 60} s`;
}

/**
 * Renders the card as a PDF (A4). pdfkit (with fontkit) is loaded on the first card, not
 * at cold start: it is the largest part of this function and only this path uses it.
 */
export async function renderAnnex3CardPdf(input: CardPdfInput): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const { incident, language } = input;
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 48, bottom: 48, left: 48, right: 48 },
    lang: language === 'kk' ? 'kk-KZ' : 'ru-RU',
    info: { Title: `${ANNEX3_TITLE[language]} — ${incident.id}`, Producer: 'ncc-gateway' },
    // The embedded font from the start: pdfkit would otherwise load its standard
    // Helvetica metrics from files that a bundled function does not carry.
    font: regular,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) =>
    doc.on('end', () => resolve(Buffer.concat(chunks))),
  );
  doc.registerFont('regular', regular).registerFont('bold', bold);

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const labelWidth = width * 0.42;
  const valueX = left + labelWidth + 8;
  const valueWidth = width - labelWidth - 8;
  const bottom = doc.page.height - doc.page.margins.bottom;

  const rule = () => {
    doc
      .strokeColor('#b8bec6')
      .lineWidth(0.5)
      .moveTo(left, doc.y)
      .lineTo(left + width, doc.y)
      .stroke();
  };
  const row = (name: string, value: string, indent = 0) => {
    doc.font('regular').fontSize(9.5);
    const nameHeight = doc.heightOfString(name, { width: labelWidth - indent });
    const valueHeight = doc.heightOfString(value, { width: valueWidth });
    const height = Math.max(nameHeight, valueHeight) + 8;
    if (doc.y + height > bottom) doc.addPage();
    const top = doc.y + 4;
    doc.font(indent ? 'regular' : 'bold').fillColor('#1f2933');
    doc.text(name, left + indent, top, { width: labelWidth - indent });
    doc.font('regular').fillColor('#000000').text(value, valueX, top, { width: valueWidth });
    doc.y = top + height - 4;
    rule();
  };

  doc.font('bold').fontSize(15).fillColor('#000000');
  doc.text(ANNEX3_TITLE[language], left, doc.y, { width, align: 'center' });
  doc.font('regular').fontSize(9).fillColor('#52606d');
  doc.text(`${ANNEX_REFERENCE[language]} · ${incident.id} · ${incident.socId}`, left, doc.y + 2, {
    width,
    align: 'center',
  });
  doc.moveDown(0.8);
  rule();

  const card = incident.card;
  for (const formRow of ANNEX3_ROWS) {
    if (formRow.rows) {
      row(formRow[language], '');
      const details = (card[formRow.field] ?? {}) as Record<string, unknown>;
      for (const sub of formRow.rows)
        row(sub[language], printedValue(sub, details[sub.field], language), 14);
    } else {
      row(formRow[language], printedValue(formRow, card[formRow.field], language));
    }
  }

  const labels = GATEWAY_LABELS[language];
  const latest = incident.versions.at(-1);
  doc.moveDown(1);
  doc.font('bold').fontSize(12).fillColor('#000000').text(labels.receipt, left, doc.y, { width });
  doc.moveDown(0.3);
  rule();
  row(labels.incident, incident.id);
  row(labels.soc, incident.socId);
  row(labels.version, String(latest?.version ?? 1));
  row(labels.receivedAt, national(latest?.receivedAt));
  // The digest on one line of its own, so it can be read and copied whole.
  doc.font('bold').fontSize(9.5).fillColor('#1f2933');
  doc.text(labels.sha256, left, doc.y + 4, { width });
  doc
    .font('regular')
    .fillColor('#000000')
    .text(latest?.sha256 ?? '—', left, doc.y + 2, { width });
  doc.y += 4;
  rule();

  doc.moveDown(1);
  doc.font('bold').fontSize(12).text(labels.clocks, left, doc.y, { width });
  doc.moveDown(0.3);
  rule();
  for (const o of incident.obligations) {
    const state = label('obligationState', o.state, language);
    const late = lateness(o.lateBySeconds);
    row(
      label('obligationKind', o.kind, language),
      `${state}\n${labels.due}: ${national(o.dueAtNational ?? o.dueAt)}${late ? `\n${labels.late}: ${late}` : ''}`,
    );
  }
  doc.moveDown(1);
  doc.font('regular').fontSize(8).fillColor('#52606d');
  doc.text(
    `${labels.printed}: ${national(new Date(input.printedAtMs).toISOString())}`,
    left,
    doc.y,
    {
      width,
    },
  );
  doc.end();
  return done;
}

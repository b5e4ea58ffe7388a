// The part of pdfkit's API the card uses (pdfkit ships no types; @types/pdfkit is not needed for this).
declare module 'pdfkit' {
  interface TextOptions {
    width?: number;
    align?: 'left' | 'center' | 'right' | 'justify';
    continued?: boolean;
    lineGap?: number;
  }
  class PDFDocument {
    constructor(options?: {
      size?: string;
      margins?: { top: number; bottom: number; left: number; right: number };
      info?: Record<string, string>;
      lang?: string;
      pdfVersion?: string;
      compress?: boolean;
      /** The document's first font (a path or the font file's bytes); default Helvetica. */
      font?: string | Buffer;
    });
    x: number;
    y: number;
    page: {
      width: number;
      height: number;
      margins: { left: number; right: number; bottom: number };
    };
    registerFont(name: string, src: Buffer | string): this;
    font(name: string): this;
    fontSize(size: number): this;
    fillColor(color: string): this;
    strokeColor(color: string): this;
    lineWidth(width: number): this;
    text(text: string, x?: number, y?: number, options?: TextOptions): this;
    text(text: string, options?: TextOptions): this;
    heightOfString(text: string, options?: TextOptions): number;
    moveTo(x: number, y: number): this;
    lineTo(x: number, y: number): this;
    stroke(): this;
    rect(x: number, y: number, w: number, h: number): this;
    fill(color?: string): this;
    moveDown(lines?: number): this;
    addPage(): this;
    on(event: 'data', listener: (chunk: Buffer) => void): this;
    on(event: 'end', listener: () => void): this;
    end(): void;
  }
  export default PDFDocument;
}

import PDFDocument from 'pdfkit';

// A small layout layer over pdfkit for the control reports (TAJ-13): headings, label–value lines, paragraphs,
// tables that break across pages. Standard PDF fonts (Helvetica, Courier: no font file to ship), so text is
// kept to their WinAnsi character set.

const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Text the standard fonts can show: Latin-1 and WinAnsi's extras; anything else becomes « ? ». */
export function winAnsi(text: string): string {
  let out = '';
  for (const char of text.replace(/[\u202f\u2009]/g, '\u00a0').replace(/[\u2010\u2011]/g, '-')) {
    const code = char.codePointAt(0)!;
    out +=
      code === 0x0a ||
      (code >= 0x20 && code < 0x7f) ||
      (code >= 0xa0 && code <= 0xff) ||
      WIN_ANSI_EXTRA.has(char)
        ? char
        : '?';
  }
  return out;
}

export class ReportPdf {
  private readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;
  private readonly left = 50;
  private readonly width: number;

  constructor(title: string, at: Date) {
    this.doc = new PDFDocument({
      size: 'A4',
      margin: 50,
      lang: 'fr-FR',
      info: { Title: winAnsi(title), Author: 'Gradins', CreationDate: at },
      bufferPages: true,
    });
    this.width = this.doc.page.width - 100;
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.doc.font('Helvetica-Bold').fontSize(16).text(winAnsi(title), { align: 'left' });
    this.doc.moveDown(0.5);
  }

  heading(text: string): this {
    this.ensure(60);
    this.doc.moveDown(0.6).font('Helvetica-Bold').fontSize(12).text(winAnsi(text), this.left);
    this.doc.moveDown(0.2);
    return this;
  }

  paragraph(text: string, options: { mono?: boolean; size?: number } = {}): this {
    this.doc
      .font(options.mono ? 'Courier' : 'Helvetica')
      .fontSize(options.size ?? 10)
      .text(winAnsi(text), this.left, undefined, { width: this.width });
    return this;
  }

  /** « label : value » on one line (the value wraps), `mono` for hashes and keys. */
  field(label: string, value: string, options: { mono?: boolean } = {}): this {
    // The whole field on one page: a value continued across a page break loses its end.
    this.doc.font(options.mono ? 'Courier' : 'Helvetica').fontSize(10);
    this.ensure(this.doc.heightOfString(winAnsi(`${label} : ${value}`), { width: this.width }) + 14);
    if (options.mono) {
      // A hash longer than the line: on its own line, where pdfkit breaks it without losing characters.
      this.doc
        .font('Helvetica-Bold')
        .fontSize(10)
        .text(`${winAnsi(label)} :`, this.left, undefined, { width: this.width });
      this.doc
        .font('Courier')
        .fontSize(9)
        .text(winAnsi(value), this.left + 10, undefined, { width: this.width - 10 });
      this.doc.x = this.left;
      return this;
    }
    this.doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(`${winAnsi(label)} : `, this.left, undefined, { continued: true, width: this.width });
    this.doc.font('Helvetica').text(winAnsi(value));
    return this;
  }

  /** A table: a header row and rows, column widths in points (summing to at most the page width). */
  table(header: string[], rows: string[][], widths: number[]): this {
    const draw = (cells: string[], bold: boolean): void => {
      this.doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
      const heights = cells.map((cell, i) =>
        this.doc.heightOfString(winAnsi(cell), { width: widths[i]! - 4 }),
      );
      const height = Math.max(...heights, 10) + 4;
      this.ensure(height + 4);
      const top = this.doc.y;
      let x = this.left;
      cells.forEach((cell, i) => {
        this.doc.text(winAnsi(cell), x + 2, top + 2, { width: widths[i]! - 4 });
        x += widths[i]!;
      });
      this.doc
        .moveTo(this.left, top + height)
        .lineTo(this.left + widths.reduce((a, b) => a + b, 0), top + height)
        .lineWidth(0.5)
        .strokeColor('#999999')
        .stroke();
      this.doc.y = top + height + 1;
      this.doc.x = this.left;
    };
    draw(header, true);
    for (const row of rows) draw(row, false);
    this.doc.moveDown(0.3);
    return this;
  }

  gap(): this {
    this.doc.moveDown(0.5);
    return this;
  }

  private ensure(space: number): void {
    if (this.doc.y + space > this.doc.page.height - this.doc.page.margins.bottom) this.doc.addPage();
  }

  /** Page numbers, then the bytes. */
  async finish(footer: string): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const bottom = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      this.doc
        .font('Helvetica')
        .fontSize(8)
        .text(winAnsi(`${footer} — page ${i + 1} / ${range.count}`), this.left, this.doc.page.height - 35, {
          width: this.width,
          align: 'center',
        });
      this.doc.page.margins.bottom = bottom;
    }
    this.doc.end();
    return this.done;
  }
}

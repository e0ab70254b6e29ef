import { ReportPdf } from '../draws/pdf.js';
import type { InformationLetter } from './domain/information-letter.js';

/**
 * The information letter as a printable A4 PDF, to post or hand over (AU-42 art. 6), or attached to the
 * e-mail. The layout layer of the draws' reports (standard PDF fonts, page numbers).
 */
export function informationLetterPdf(letter: InformationLetter, at: Date): Promise<Buffer> {
  const pdf = new ReportPdf(letter.title, at);
  for (const line of letter.head) {
    if (line === '') pdf.gap();
    else pdf.paragraph(line);
  }
  pdf.gap();
  for (const section of letter.sections) {
    if (section.heading) pdf.heading(section.heading);
    for (const paragraph of section.paragraphs) pdf.paragraph(paragraph).gap();
  }
  pdf.gap().paragraph(letter.signature);
  return pdf.finish('Information — registre des interdictions de stade');
}

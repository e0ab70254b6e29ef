import { extractText, getDocumentProxy } from 'unpdf';
import type { ApiClient } from './api-client.js';

/**
 * Downloads a PDF with the client's session and extracts its text (pdf.js, through unpdf), pages joined, with
 * runs of white space made one space so that assertions do not depend on line breaks.
 */
export async function downloadPdfText(
  client: ApiClient,
  path: string,
): Promise<{ status: number; contentType: string | null; text: string; pages: number }> {
  const response = await fetch(`${client.baseUrl}${path}`, {
    headers: client.cookie ? { cookie: client.cookie } : {},
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (response.status !== 200 || !response.headers.get('content-type')?.includes('pdf'))
    return { status: response.status, contentType: response.headers.get('content-type'), text: '', pages: 0 };
  const document = await getDocumentProxy(bytes);
  const { text, totalPages } = await extractText(document, { mergePages: true });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    text: text.replace(/\s+/g, ' '),
    pages: totalPages,
  };
}

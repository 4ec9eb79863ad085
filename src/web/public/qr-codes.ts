import { toString as qrSvg } from 'qrcode';

/** A QR code as an SVG data: URL, made on the server (the page's CSP allows data: images, nothing from elsewhere). */
export async function qrDataUrl(text: string): Promise<string> {
  const svg = await qrSvg(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

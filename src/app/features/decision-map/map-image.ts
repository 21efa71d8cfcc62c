import type { DecisionMap, MapCell, UserMap } from '../../../core/analysis/decision-map.ts';
import { shortAuthenticationName, shortProtocolName } from '../../../core/describe.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Colours of the exported picture (fixed, so the file reads the same whatever the app theme). */
const FILL = { AllowAccess: '#d8f0d3', DenyAccess: '#f6d3d3', mixed: '#fbefc4' } as const;
const WORD = { AllowAccess: 'Allow', DenyAccess: 'Deny', mixed: 'Mixed' } as const;

/** What a cell says in words (also its accessible name in the app). */
export function cellWords(cell: MapCell): string {
  if (cell.decision !== 'mixed') {
    const rules = [...new Set(cell.byAuth.map((b) => b.rule))];
    const by = rules.length === 1 ? (rules[0] === null ? 'no rule matches (default allow)' : `decided by '${rules[0]}'`) : `decided by ${rules.map((r) => (r === null ? 'the default' : `'${r}'`)).join(' or ')}`;
    return `${WORD[cell.decision]}: ${by}`;
  }
  return `Depends on authentication: ${cell.byAuth.map((b) => `${shortAuthenticationName(b.authenticationType)} ${WORD[b.action].toLowerCase()}${b.rule ? ` by '${b.rule}'` : ''}`).join('; ')}`;
}

function el(doc: Document, name: string, attrs: Record<string, string | number>, text?: string): Element {
  const e = doc.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * The map of one kind of user as a standalone SVG document (text built with DOM APIs and
 * `textContent`, never from markup), for download.
 */
export function mapSvg(map: DecisionMap, user: UserMap): string {
  const doc = document.implementation.createDocument(SVG_NS, 'svg', null);
  const root = doc.documentElement;
  const rowHead = 150;
  const colWidth = 170;
  const rowHeight = 44;
  const top = 70;
  const width = rowHead + colWidth * map.zones.length + 20;
  const height = top + rowHeight * (map.protocols.length + 1) + 60;
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  root.setAttribute('font-family', 'Segoe UI, sans-serif');
  root.setAttribute('font-size', '12');
  root.append(el(doc, 'rect', { x: 0, y: 0, width, height, fill: '#ffffff' }));
  root.append(el(doc, 'text', { x: 10, y: 24, 'font-size': 16, 'font-weight': 600 }, 'Client Access Rules decision map'));
  root.append(el(doc, 'text', { x: 10, y: 46 }, user.label));
  map.zones.forEach((z, c) => root.append(el(doc, 'text', { x: rowHead + c * colWidth + 6, y: top + 26 }, z.label)));
  map.protocols.forEach((p, r) => {
    const y = top + rowHeight * (r + 1);
    root.append(el(doc, 'text', { x: 10, y: y + 26 }, shortProtocolName(p)));
    map.zones.forEach((_, c) => {
      const cell = user.cells[r]![c]!;
      const x = rowHead + c * colWidth;
      root.append(el(doc, 'rect', { x, y, width: colWidth - 4, height: rowHeight - 4, fill: FILL[cell.decision], stroke: '#666666' }));
      const title = el(doc, 'title', {}, cellWords(cell));
      const label = el(doc, 'text', { x: x + 6, y: y + 26 }, WORD[cell.decision]);
      label.append(title);
      root.append(label);
    });
  });
  const legendY = top + rowHeight * (map.protocols.length + 1) + 24;
  (['AllowAccess', 'DenyAccess', 'mixed'] as const).forEach((d, i) => {
    root.append(el(doc, 'rect', { x: 10 + i * 150, y: legendY - 12, width: 16, height: 16, fill: FILL[d], stroke: '#666666' }));
    root.append(el(doc, 'text', { x: 32 + i * 150, y: legendY }, d === 'mixed' ? 'Depends on authentication' : WORD[d]));
  });
  return new XMLSerializer().serializeToString(doc);
}

/** Renders an SVG document to a PNG blob through an image and a canvas (blob: URLs are allowed by the CSP). */
export function svgToPng(svg: string): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
    const img = new Image();
    img.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth || 800;
      canvas.height = img.naturalHeight || 400;
      const ctx = canvas.getContext('2d');
      if (!ctx) {
        URL.revokeObjectURL(url);
        reject(new Error('no canvas'));
        return;
      }
      ctx.drawImage(img, 0, 0);
      URL.revokeObjectURL(url);
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be made'))), 'image/png');
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('the picture could not be drawn'));
    };
    img.src = url;
  });
}

/**
 * The map as a standalone SVG document: every node, edge and label the map shows, fitted
 * into the given size. Text from the data is escaped (a label `<img onerror=...>` is
 * text in the file, never markup). Pure, so it is unit-tested; the PNG export rasterises
 * this same document.
 */

export interface MapNode {
  x: number;
  y: number;
  size: number;
  colour: string;
  /** Shown when set (the leaders, the selected account). */
  label?: string;
}

export interface MapPicture {
  nodes: MapNode[];
  /** Pairs of node indices. */
  edges: [number, number][];
  width: number;
  height: number;
  title: string;
  /** Font size of the labels in px. */
  fontSize?: number;
  /** What the picture encodes, drawn in a band under the map (the PNG rasterises it too). */
  legend?: MapLegend;
}

/** A map's legend: what size and colour mean, the colour key, the sample note, the data. */
export interface MapLegend {
  sizeBy: string;
  colourBy: string;
  colours: { label: string; colour: string }[];
  /** Set when only a sample of the connections is drawn. */
  sample?: string;
  /** The data's name and when the picture was made, e.g. "kpop.jsonl, 3 December 2026". */
  source: string;
}

/** Colour-key entries drawn at most (the rest summed up in words). */
const LEGEND_KEYS = 12;

function legendHeight(legend: MapLegend | undefined, fontSize: number): number {
  if (!legend) return 0;
  const keyRows = Math.ceil(Math.min(legend.colours.length, LEGEND_KEYS) / 4);
  return Math.round(fontSize * 1.6 * (4 + keyRows + (legend.sample ? 1 : 0)));
}

function legendParts(legend: MapLegend, top: number, width: number, fontSize: number): string[] {
  const line = fontSize * 1.6;
  const parts = [
    `<g font-family="system-ui, sans-serif" font-size="${fontSize}" fill="#1d2430">`,
    `<line x1="20" y1="${number(top)}" x2="${width - 20}" y2="${number(top)}" stroke="#c8ced8"/>`,
    `<text x="20" y="${number(top + line)}" font-weight="bold">Legend</text>`,
    `<text x="20" y="${number(top + 2 * line)}">Size: ${escapeXml(legend.sizeBy)}. Colour: ${escapeXml(legend.colourBy)}.</text>`,
  ];
  let y = top + 3 * line;
  const shown = legend.colours.slice(0, LEGEND_KEYS);
  const column = (width - 40) / 4;
  shown.forEach((entry, i) => {
    const x = 20 + (i % 4) * column;
    const rowY = y + Math.floor(i / 4) * line;
    parts.push(
      `<rect x="${number(x)}" y="${number(rowY - fontSize * 0.8)}" width="${fontSize}" height="${fontSize}" fill="${escapeXml(entry.colour)}"/>`,
      `<text x="${number(x + fontSize * 1.4)}" y="${number(rowY)}">${escapeXml(entry.label)}</text>`,
    );
  });
  y += Math.ceil(shown.length / 4) * line;
  if (legend.colours.length > shown.length) {
    parts.push(`<text x="20" y="${number(y)}">and ${legend.colours.length - shown.length} more colours</text>`);
    y += line;
  }
  if (legend.sample) {
    parts.push(`<text x="20" y="${number(y)}">${escapeXml(legend.sample)}</text>`);
    y += line;
  }
  parts.push(`<text x="20" y="${number(y)}" fill="#5a6472">${escapeXml(legend.source)}</text>`, '</g>');
  return parts;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`)
    // Characters XML 1.0 cannot carry at all.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD');
}

const number = (value: number) => (Math.round(value * 100) / 100).toString();

export function mapSvg(picture: MapPicture): string {
  const { nodes, edges, width, height } = picture;
  const fontSize = picture.fontSize ?? 12;
  const band = legendHeight(picture.legend, fontSize);
  const fullHeight = height + band;
  const margin = 20 + fontSize;
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const node of nodes) {
    minX = Math.min(minX, node.x);
    maxX = Math.max(maxX, node.x);
    minY = Math.min(minY, node.y);
    maxY = Math.max(maxY, node.y);
  }
  const spanX = Math.max(maxX - minX, 1e-9);
  const spanY = Math.max(maxY - minY, 1e-9);
  const scale = Math.min((width - 2 * margin) / spanX, (height - 2 * margin) / spanY);
  const offsetX = (width - scale * spanX) / 2;
  const offsetY = (height - scale * spanY) / 2;
  // The map's y axis points up, SVG's down.
  const place = (node: MapNode) => [offsetX + (node.x - minX) * scale, height - (offsetY + (node.y - minY) * scale)];
  const points = nodes.map(place);
  const parts: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${fullHeight}" viewBox="0 0 ${width} ${fullHeight}">`,
    `<title>${escapeXml(picture.title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<g stroke="#9aa3b0" stroke-opacity="0.35" stroke-width="0.6">`,
  ];
  for (const [a, b] of edges) {
    const [x1, y1] = points[a];
    const [x2, y2] = points[b];
    parts.push(`<line x1="${number(x1)}" y1="${number(y1)}" x2="${number(x2)}" y2="${number(y2)}"/>`);
  }
  parts.push('</g>', '<g stroke="#ffffff" stroke-width="0.5">');
  // Small nodes first, so that the large ones stay visible on top.
  const drawOrder = nodes.map((_, i) => i).sort((a, b) => nodes[a].size - nodes[b].size || a - b);
  for (const i of drawOrder) {
    const [x, y] = points[i];
    parts.push(`<circle cx="${number(x)}" cy="${number(y)}" r="${number(nodes[i].size)}" fill="${escapeXml(nodes[i].colour)}"/>`);
  }
  parts.push('</g>', `<g font-family="system-ui, sans-serif" font-size="${fontSize}" fill="#1d2430">`);
  for (const i of drawOrder) {
    const label = nodes[i].label;
    if (!label) continue;
    const [x, y] = points[i];
    parts.push(`<text x="${number(x + nodes[i].size + 2)}" y="${number(y + fontSize / 3)}">${escapeXml(label)}</text>`);
  }
  parts.push('</g>');
  if (picture.legend) {
    parts.push(`<text x="20" y="${number(fontSize * 1.8)}" font-family="system-ui, sans-serif" font-size="${number(fontSize * 1.4)}" font-weight="bold" fill="#1d2430">${escapeXml(picture.title)}</text>`);
    parts.push(...legendParts(picture.legend, height, width, fontSize));
  }
  parts.push('</svg>');
  return parts.join('\n');
}

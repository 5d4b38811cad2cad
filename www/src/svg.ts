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
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
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
  parts.push('</g>', '</svg>');
  return parts.join('\n');
}

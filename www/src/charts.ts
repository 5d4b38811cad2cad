/**
 * Charts drawn by Observable Plot (SVG), under the page's Content-Security-Policy, and
 * their export as SVG and PNG.
 *
 * CSP: Plot adds a `<style>` element to every chart it draws (its default rules for its
 * class name). The policy (`style-src 'self'`) refuses inline style sheets, and the
 * browser would log the refusal. A style element is only parsed when it enters the
 * document, so `plot()` removes it from the freshly drawn, still detached chart; the same
 * rules live in style.css under the class name given to Plot (`.chart`). Plot's other
 * styling goes through attributes and the CSSOM (`element.style`), which the policy
 * allows. Text from the data goes through Plot's text marks and tick labels, which set
 * `textContent`: labels are always text, never markup.
 */
import { arrow, barX, cell, dot, line, plot as plotChart, rect, ruleX, text, type PlotOptions } from '@observablehq/plot';
import { download, svgToPng } from './download';
import { make } from './app';

/** The marks the views draw with (named, so that the bundle keeps only what is used). */
export const Plot = { arrow, barX, cell, dot, line, rect, ruleX, text };

/** The class name Plot styles charts under; style.css holds its rules. */
export const CHART_CLASS = 'chart';

export function largeType(): boolean {
  return document.documentElement.classList.contains('large-type');
}

/** The font size charts are drawn with, larger in large-type mode. */
export function chartFontSize(): number {
  return largeType() ? 16 : 12;
}

/** Draws a chart: Plot's output without its inline `<style>` element. */
export function plot(options: PlotOptions): SVGSVGElement {
  const size = chartFontSize();
  const chart = plotChart({
    // Room for the axis labels under the ticks, at any type size.
    marginBottom: Math.round(size * 2.8),
    marginTop: Math.round(size * 1.8),
    ...options,
    figure: false,
    className: CHART_CLASS,
    style: { fontSize: `${chartFontSize()}px`, background: '#ffffff', overflow: 'visible' },
  });
  for (const style of chart.querySelectorAll('style')) style.remove();
  return chart as SVGSVGElement;
}

/** Room on the left for labels of up to `longest` characters. */
export function labelMargin(labels: readonly string[], max = 220): number {
  const longest = labels.reduce((m, label) => Math.max(m, label.length), 0);
  return Math.min(max, 12 + Math.ceil(longest * chartFontSize() * 0.58));
}

/** Cuts a label to `max` characters with an ellipsis (the full text stays in the tables). */
export function shorten(label: string, max = 28): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

/** A standalone SVG document of a chart: white background, title, the page's font sizes. */
export function chartDocument(chart: SVGSVGElement, title: string): string {
  const ns = 'http://www.w3.org/2000/svg';
  const copy = chart.cloneNode(true) as SVGSVGElement;
  const width = Number(copy.getAttribute('width')) || chart.viewBox.baseVal?.width || 640;
  const height = Number(copy.getAttribute('height')) || chart.viewBox.baseVal?.height || 400;
  // The title is drawn, not only named: a picture pasted into a slide or a note keeps it.
  const band = 30;
  const outer = document.createElementNS(ns, 'svg');
  outer.setAttribute('xmlns', ns);
  outer.setAttribute('width', String(width));
  outer.setAttribute('height', String(height + band));
  outer.setAttribute('viewBox', `0 0 ${width} ${height + band}`);
  const heading = document.createElementNS(ns, 'title');
  heading.textContent = title;
  const background = document.createElementNS(ns, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', '#ffffff');
  const caption = document.createElementNS(ns, 'text');
  caption.setAttribute('x', '8');
  caption.setAttribute('y', '20');
  caption.setAttribute('font-family', 'system-ui, sans-serif');
  caption.setAttribute('font-size', '15');
  caption.setAttribute('font-weight', 'bold');
  caption.textContent = title;
  copy.setAttribute('y', String(band));
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  outer.append(heading, background, caption, copy);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(outer)}`;
}

/**
 * A titled box for a chart with its SVG and PNG buttons. `show` puts a new chart (or a
 * message) in it; the buttons export what it shows, under `fileName` (with
 * `-pseudonymised` appended when `suffix()` says so).
 */
export class ChartBox {
  readonly element = make('figure', undefined, 'chart-box');
  private readonly body = make('div', undefined, 'chart-body');
  private readonly buttons: HTMLButtonElement[] = [];
  private chart: SVGSVGElement | null = null;
  private readonly titleText = make('span', '', 'chart-title');

  constructor(
    private title: string,
    private readonly fileName: string,
    private readonly suffix: () => string,
    learn?: { topic: string; open: (topic: string) => void },
  ) {
    const caption = make('figcaption');
    this.titleText.textContent = title;
    caption.append(this.titleText);
    if (learn) {
      const help = make('button', '?', 'learn-link');
      help.type = 'button';
      help.setAttribute('aria-label', `About this chart: ${title}`);
      help.addEventListener('click', () => learn.open(learn.topic));
      caption.append(help);
    }
    for (const format of ['svg', 'png'] as const) {
      const button = make('button', format.toUpperCase(), 'secondary small-button');
      button.type = 'button';
      button.dataset.chartExport = format;
      button.setAttribute('aria-label', `Download the chart "${title}" as ${format.toUpperCase()}`);
      button.disabled = true;
      button.addEventListener('click', () => void this.export(format));
      this.buttons.push(button);
      caption.append(button);
    }
    this.element.append(caption, this.body);
  }

  /** A title naming what is drawn (shown, and written into the exported files). */
  setTitle(title: string): void {
    this.title = title;
    this.titleText.textContent = title;
  }

  show(content: SVGSVGElement | string): void {
    if (typeof content === 'string') {
      this.chart = null;
      this.body.replaceChildren(make('p', content, 'hint'));
    } else {
      this.chart = content;
      this.body.replaceChildren(content);
    }
    for (const button of this.buttons) button.disabled = this.chart === null;
  }

  /** The chart's width: the box's, within limits (charts are redrawn when it changes). */
  width(fallback = 640): number {
    const measured = this.element.clientWidth || this.element.parentElement?.clientWidth || fallback;
    return Math.max(260, Math.min(1400, measured - 8));
  }

  svg(): string | null {
    return this.chart ? chartDocument(this.chart, this.title) : null;
  }

  private async export(format: 'svg' | 'png'): Promise<void> {
    const svg = this.svg();
    if (!svg) return;
    const name = `attache-${this.fileName}${this.suffix()}`;
    if (format === 'svg') download(svg, `${name}.svg`, 'image/svg+xml');
    else download(await svgToPng(svg, 2), `${name}.png`, 'image/png');
  }
}

/** Lets the page breathe between two charts: each is drawn in a task of its own. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Calls `redraw` when the element's width changes (not when it first appears at the same width). */
export function onWidthChange(element: Element, redraw: () => void): void {
  let width = -1;
  new ResizeObserver(([entry]) => {
    const now = Math.round(entry.contentRect.width);
    if (width >= 0 && now !== width && now > 0) redraw();
    width = now;
  }).observe(element);
}

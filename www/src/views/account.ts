/**
 * The account card: why the selected account ranks where it does. Its influence index
 * and the points each pillar gives it (a bar chart), its rank under each lens, the
 * accounts that pass it the most PageRank and through which interactions (`explain`, in
 * the worker), how attention reaches it from an account one picks and whether it holds
 * the network together (`AttentionSection`), what it posts about (`topics`), and a small
 * drawing of its ego network (`neighbours`). Names follow the pseudonyms switch: the card
 * names accounts by index through the app, never by what the worker returns.
 */
import { element, INDEX, make, rankOf, type App } from '../app';
import { CancelledError } from '../client';
import { egoLayout } from '../ego';
import { plural } from '../formats';
import type { Explanation, Topics } from '../protocol';
import { columnFormat, formatCount, formatMetric, formatScore } from '../ranking';
import { AttentionSection } from './attention';
import { PILLARS } from './weights';

/** Lenses the card ranks the account under: the quick ones (the others are ranked when they are columns). */
const CARD_LENSES = [
  'pagerank',
  'in_degree',
  'out_degree',
  'in_strength',
  'out_strength',
  'hub',
  'authority',
  'eigenvector',
  'tunkrank',
  'coreness',
  'followers',
  'follows_in',
  'reposts_in',
  'quotes_in',
  'replies_in',
  'mentions_in',
  'posts',
  't_factor',
  'mutual_follows',
];
/** Lenses whose values name groups: a rank means nothing there. */
const PARTITIONS = new Set(['community']);
const CONTRIBUTORS = 5;
const EGO_NEIGHBOURS = 12;

type Charts = typeof import('../charts');

export class AccountCard {
  private readonly panel = element<HTMLElement>('account-panel');
  private readonly title = element<HTMLHeadingElement>('account-title');
  private readonly idLine = element<HTMLParagraphElement>('account-id');
  private readonly indexLine = element<HTMLParagraphElement>('account-index');
  private readonly pillars = element<HTMLDivElement>('account-pillars');
  private readonly scores = element<HTMLDListElement>('account-scores');
  private readonly sources = element<HTMLOListElement>('account-sources');
  private readonly topics = element<HTMLDivElement>('account-topics');
  private readonly ego = element<HTMLDivElement>('account-ego');
  private request = 0;
  private charts: Promise<Charts> | null = null;
  private pillarBox: InstanceType<Charts['ChartBox']> | null = null;
  private egoBox: InstanceType<Charts['ChartBox']> | null = null;
  /** How attention reaches the account from another, and whether it is a gatekeeper. */
  private readonly attention: AttentionSection;
  /** The last explanation, kept so that a change of names redraws without asking the worker. */
  private shown: { account: number; explanation: Explanation; topics: Topics | null } | null = null;

  constructor(private readonly app: App) {
    this.attention = new AttentionSection(app);
    this.sources.after(this.attention.element);
    app.on('selection', () => void this.render());
    app.on('weights', () => void this.render());
    app.on('names', () => void this.redraw());
    app.on('type-size', () => void this.redraw());
    element<HTMLButtonElement>('account-close').addEventListener('click', () => app.select(null));
    // Escape closes the card, wherever the focus is (a dialog-like panel should).
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && app.selected !== null && !event.defaultPrevented) app.select(null);
    });
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') app.select(null);
    });
  }

  private loadCharts(): Promise<Charts> {
    this.charts ??= import('../charts');
    return this.charts;
  }

  /** Asks the worker why the selected account ranks here, then draws the card. */
  async render(): Promise<void> {
    const account = this.app.selected;
    const dataset = this.app.dataset;
    const request = ++this.request;
    if (account === null || !dataset) {
      this.panel.hidden = true;
      this.shown = null;
      return;
    }
    this.panel.hidden = false;
    this.title.textContent = this.app.label(account);
    this.idLine.textContent = `id ${this.app.id(account)}`;
    this.indexLine.textContent = 'Working out why it ranks here…';
    this.attention.show(account);
    const lenses = CARD_LENSES.filter((id) => this.app.metric(id) && !dataset.params.has(id));
    try {
      const [explanation, topics] = await Promise.all([
        this.app.task('Explaining the account', (onProgress) =>
          this.app.client.query({ type: 'explain', account, lenses, contributors: CONTRIBUTORS }, onProgress),
        ),
        dataset.summary.posts > 0 ? this.app.client.query({ type: 'topics', account, top: 5 }) : Promise.resolve(null),
      ]);
      if (request !== this.request) return;
      this.shown = { account, explanation, topics };
      await this.redraw();
    } catch (error) {
      if (request !== this.request) return;
      this.indexLine.textContent =
        error instanceof CancelledError ? 'Cancelled: select the account again to explain it.' : `Cannot explain it: ${String(error)}`;
    }
  }

  /** Draws the card from the last explanation (names and type size may have changed since). */
  private async redraw(): Promise<void> {
    const shown = this.shown;
    if (!shown || shown.account !== this.app.selected) return;
    const { account, explanation, topics } = shown;
    this.title.textContent = this.app.label(account);
    this.idLine.textContent = `id ${this.app.id(account)}`;
    const count = formatCount(this.app.dataset!.ids.length);
    this.indexLine.textContent =
      explanation.influence_index === null
        ? 'No influence index: none of its pillars applies to these data.'
        : `Influence index ${explanation.influence_index.toFixed(1)} of 100: #${formatCount(explanation.index_rank ?? 0)} of ${count}.`;
    this.showLenses(account, explanation);
    this.showContributors(explanation);
    this.showTopics(topics);
    const charts = await this.loadCharts();
    if (shown !== this.shown) return;
    this.drawPillars(charts, explanation);
    await this.drawEgo(charts, account);
  }

  private showLenses(account: number, explanation: Explanation): void {
    const dataset = this.app.dataset!;
    const rows: HTMLElement[] = [];
    const row = (name: string, text: string) => rows.push(make('dt', name), make('dd', text));
    const listed = new Set<string>();
    for (const lens of explanation.lenses) {
      if (lens.value === null) continue;
      listed.add(lens.id);
      // No rank where the core gives none: a label, or a lens that gives every account the same value.
      const rank = lens.rank === null ? '' : ` (#${formatCount(lens.rank)} of ${formatCount(lens.ranked)})`;
      row(lens.name, `${this.formatValue(lens.id, lens.value)}${rank}`);
    }
    // Columns the card did not ask the worker about (custom settings, slow lenses): ranked here.
    for (const [metric, values] of dataset.columns) {
      if (listed.has(metric) || metric === INDEX) continue;
      const value = values[account];
      if (Number.isNaN(value)) continue;
      const ranked = this.app.metric(metric)?.values !== 'category' && !PARTITIONS.has(metric) && separates(values, value);
      const rank = ranked ? ` (#${formatCount(rankOf(values, account))} of ${formatCount(values.length)})` : '';
      const custom = dataset.params.has(metric) ? ', custom settings' : '';
      row(`${this.app.metricName(metric)}${custom}`, `${this.formatValue(metric, value)}${rank}`);
    }
    this.scores.replaceChildren(...rows);
  }

  /** A value as the table's column shows it (same decimals), or on its own when no column is loaded. */
  private formatValue(metric: string, value: number): string {
    const values = this.app.dataset!.columns.get(metric);
    const kind = this.app.metric(metric)?.values;
    return values && kind ? columnFormat(kind, values)(value) : formatMetric(metric, value);
  }

  private showContributors(explanation: Explanation): void {
    const items = explanation.contributors.map((c) => {
      const kinds = Object.entries(c.interactions)
        .filter(([, n]) => (n ?? 0) > 0)
        .sort(([a, x], [b, y]) => (y ?? 0) - (x ?? 0) || a.localeCompare(b))
        .map(([kind, n]) => `${n} ${n === 1 ? kind : plural(kind)}`);
      const item = make('li');
      item.append(
        make('span', this.app.label(c.index), 'who'),
        document.createTextNode(`: ${(c.share * 100).toFixed(1)}% of its PageRank${kinds.length ? `, through ${kinds.join(', ')}` : ''}`),
      );
      return item;
    });
    const rest = explanation.in_neighbours - explanation.contributors.length;
    if (rest > 0) items.push(make('li', `and ${formatCount(rest)} other accounts`, 'hint'));
    if (explanation.from_jumps > 0 && explanation.pagerank > 0) {
      // from_jumps is PageRank itself; as a share of the account's, like the contributors'.
      const share = (explanation.from_jumps / explanation.pagerank) * 100;
      items.push(make('li', `${share.toFixed(1)}% from random jumps and accounts that interact with no one`, 'hint'));
    }
    this.sources.replaceChildren(...(items.length ? items : [make('li', 'nobody in these data')]));
  }

  private showTopics(topics: Topics | null): void {
    if (!topics || topics.posts === 0) {
      this.topics.replaceChildren(make('p', 'No posts of its own in these data: hashtags, domains and languages come from collected posts.', 'hint'));
      return;
    }
    const line = (name: string, terms: { term: string; count: number }[], prefix = '') => {
      const p = make('p');
      p.append(make('strong', `${name}: `), document.createTextNode(terms.length ? terms.map((t) => `${prefix}${t.term} (${t.count})`).join(', ') : 'none'));
      return p;
    };
    this.topics.replaceChildren(
      make('p', `From ${formatCount(topics.posts)} of its posts.`, 'hint'),
      line('Hashtags', topics.hashtags, '#'),
      line('Domains', topics.domains),
      line('Languages', topics.languages),
    );
  }

  private suffix = () => (this.app.pseudonyms ? '-pseudonymised' : '');

  private drawPillars(charts: Charts, explanation: Explanation): void {
    const { Plot, plot, ChartBox, labelMargin, chartFontSize } = charts;
    const { barX, text, ruleX } = Plot;
    this.pillarBox ??= new ChartBox('Points each pillar gives it', 'account-pillars', this.suffix, {
      topic: 'pillars',
      open: (topic) => this.app.learn(topic),
    });
    if (!this.pillars.contains(this.pillarBox.element)) this.pillars.replaceChildren(this.pillarBox.element);
    const name = (id: string) => PILLARS.find((p) => p.id === id)?.name ?? id;
    const present = explanation.pillars.filter((p) => p.present);
    const data = present.map((p) => ({ pillar: name(p.pillar), points: p.contribution ?? 0, label: (p.contribution ?? 0).toFixed(1) }));
    const missing = explanation.pillars.filter((p) => !p.present).map((p) => name(p.pillar));
    if (data.length === 0) {
      this.pillarBox.show('No pillar applies to these data.');
      return;
    }
    const chart = plot({
      width: this.pillarBox.width(300),
      height: Math.round(chartFontSize() * 5) + data.length * Math.round(chartFontSize() * 2.4),
      marginLeft: labelMargin(data.map((d) => d.pillar)),
      marginRight: Math.round(chartFontSize() * 3),
      x: { domain: [0, 100], label: 'points of the index (0–100)', grid: true, ticks: 5 },
      y: { label: null, domain: data.map((d) => d.pillar) },
      marks: [
        barX(data, { x: 'points', y: 'pillar', fill: '#1f5fbf' }),
        text(data, { x: 'points', y: 'pillar', text: 'label', textAnchor: 'start', dx: 4, fill: '#1d2430' }),
        ruleX([0]),
      ],
      ariaLabel: 'Points each pillar gives the account',
    });
    this.pillarBox.show(chart);
    // What the points come from, as a table beside the chart's file.
    const table = make('table', undefined, 'small pillar-table');
    const head = make('tr');
    for (const title of ['Pillar', 'Points', 'Above', 'Value']) head.append(make('th', title, title === 'Pillar' ? undefined : 'number'));
    table.append(head);
    for (const p of present) {
      const row = make('tr');
      row.append(
        make('td', name(p.pillar)),
        make('td', (p.contribution ?? 0).toFixed(1), 'number'),
        make('td', `${((p.percentile ?? 0) * 100).toFixed(1)}%`, 'number'),
        make('td', formatScore(p.raw ?? Number.NaN), 'number'),
      );
      row.title = `${name(p.pillar)}: from ${this.app.sourceName(p.source)}, weight ${p.weight}`;
      table.append(row);
    }
    let notes = this.pillarBox.element.querySelector<HTMLDivElement>('div.chart-notes');
    if (!notes) {
      notes = make('div', undefined, 'chart-notes');
      this.pillarBox.element.append(notes);
    }
    notes.replaceChildren(
      table,
      make(
        'p',
        'Points: the pillar\'s percentile (above: the share of accounts it scores above) times its weight, over the sum of the weights. Value: the lens behind the pillar, as in the panel of weights.' +
          (missing.length ? ` Left out for these data: ${missing.join(', ')}.` : ''),
        'hint chart-note',
      ),
    );
  }

  private async drawEgo(charts: Charts, account: number): Promise<void> {
    const { Plot, plot, ChartBox, shorten } = charts;
    this.egoBox ??= new ChartBox('Ego network', 'account-ego-network', this.suffix, {
      topic: 'account-card',
      open: (topic) => this.app.learn(topic),
    });
    if (!this.ego.contains(this.egoBox.element)) this.ego.replaceChildren(this.egoBox.element);
    let neighbours;
    try {
      neighbours = await this.app.client.neighbours(account);
    } catch {
      return; // the worker was replaced (cancel, crash): the next selection asks again
    }
    if (this.app.selected !== account) return;
    const picture = egoLayout(account, neighbours, EGO_NEIGHBOURS);
    if (picture.nodes.length === 0) {
      this.egoBox.show('No interactions with other accounts.');
      return;
    }
    // An ellipse: wide enough for labels beside the accounts, tall enough to keep them apart.
    const nodes = [
      { x: 0, y: 0, name: '', side: 'middle', size: 8, colour: '#1d2430' },
      // A wider ellipse than the layout's circle: the labels sit beside the accounts.
      ...picture.nodes.map((n) => ({
        x: n.x * 1.3,
        y: n.y,
        name: shorten(this.app.label(n.account), 15),
        side: n.x < 0 ? 'left' : 'right',
        size: 5,
        colour: n.role === 'in' ? '#0072B2' : n.role === 'out' ? '#D55E00' : '#009E73',
      })),
    ];
    const maxWeight = Math.max(...picture.links.map((l) => l.weight));
    const width = this.egoBox.width(300);
    const halo = { stroke: '#ffffff', strokeWidth: 3, paintOrder: 'stroke', fill: '#1d2430' } as const;
    const chart = plot({
      width,
      height: Math.round(width * 1.05),
      margin: 6,
      x: { axis: null, domain: [-2.9, 2.9] },
      y: { axis: null, domain: [-1.15, 1.15] },
      marks: [
        Plot.arrow(
          picture.links.map((l) => ({ ...l, x1: l.x1 * 1.3, x2: l.x2 * 1.3 })),
          {
          x1: 'x1',
          y1: 'y1',
          x2: 'x2',
          y2: 'y2',
          // The same bend curves the two directions of a pair to opposite sides.
          bend: 10,
          stroke: (l: { incoming: boolean }) => (l.incoming ? '#0072B2' : '#D55E00'),
          strokeWidth: (l: { weight: number }) => 1 + 3 * Math.sqrt(l.weight / maxWeight),
          strokeOpacity: 0.65,
          insetStart: 7,
          insetEnd: 9,
          headLength: 6,
          },
        ),
        Plot.dot(nodes, { x: 'x', y: 'y', r: 'size', fill: 'colour', stroke: '#ffffff' }),
        Plot.text(nodes.filter((n) => n.side === 'left'), { x: 'x', y: 'y', text: 'name', textAnchor: 'end', dx: -8, ...halo }),
        Plot.text(nodes.filter((n) => n.side === 'right'), { x: 'x', y: 'y', text: 'name', textAnchor: 'start', dx: 8, ...halo }),
      ],
      r: { type: 'identity' },
      ariaLabel: 'The account and its strongest neighbours',
    });
    this.egoBox.setTitle(`Ego network of ${this.app.label(account)}`);
    this.egoBox.show(chart);
    let caption = this.egoBox.element.querySelector<HTMLParagraphElement>('p.chart-note');
    if (!caption) {
      caption = make('p', '', 'hint chart-note');
      this.egoBox.element.append(caption);
    }
    caption.textContent =
      'The account in the middle. Blue arrows: attention it receives; orange: attention it gives; green accounts do both. Thicker: more interactions.' +
      (picture.hidden ? ` ${formatCount(picture.hidden)} weaker neighbours not drawn.` : '');
  }
}

/** Whether some account's value differs from `value` (else a rank would order equals). */
function separates(values: Float64Array, value: number): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]) && values[i] !== value) return true;
  return false;
}

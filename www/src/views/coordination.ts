/**
 * The Coordination view: accounts that repost the same posts or share the same links
 * within seconds of each other, again and again (the core's coordination network, under
 * the `coordination` lens's parameters). A form for those parameters built from the
 * catalogue, the groups sorted by how far their timing beats a shuffled baseline (members,
 * what they amplified, how fast, shared counts, expected by chance, the ratio), the
 * coordination network drawn small with sigma.js, a timeline of the chosen group's actions
 * (Observable Plot), the members highlighted in the rankings and the map, the CSV and JSON
 * the command line writes, and what the data lack when nothing can be compared. The core
 * computes everything in the worker; this view only draws.
 */
import Graph from 'graphology';
import Sigma from 'sigma';
import { element, make, type App } from '../app';
import { ChartBox, labelMargin, nextTask, onWidthChange, Plot, plot, shorten } from '../charts';
import { CancelledError } from '../client';
import {
  BY_CHOICES,
  BY_CODES,
  expectedText,
  gapText,
  namesText,
  rankByRatio,
  ratioText,
  ringLayout,
  timelinePoints,
  uniqueNames,
} from '../coordination-data';
import { download } from '../download';
import { readParams } from '../params';
import { CATEGORY_COLOURS } from '../palette';
import type { CoordinatedItem, CoordinationView as Coordination, MetricParams } from '../protocol';
import { formatCount } from '../ranking';

const LENS = 'coordination';
const LEARN_TOPIC = 'coordinated-amplification';
/** Groups listed at most (the highest ratios first). */
const TABLE_ROWS = 200;
/** The small network draws the groups of the first rows only, and at most this many pairs. */
const NETWORK_GROUPS = 40;
const NETWORK_PAIRS = 4000;
const OTHER_COLOUR = '#b4bcc8';
const CHOSEN_COLOUR = '#1f5fbf';
const MEMBER_COLOUR = '#7b8798';

export class CoordinationView {
  private readonly panel = element<HTMLElement>('view-coordination');
  private readonly form = element<HTMLFormElement>('coordination-form');
  private readonly missing = element<HTMLParagraphElement>('coordination-missing');
  private readonly body = element<HTMLDivElement>('coordination-body');
  private readonly note = element<HTMLParagraphElement>('coordination-note');
  private readonly table = element<HTMLTableElement>('coordination-table');
  private readonly network = element<HTMLDivElement>('coordination-network');
  private readonly networkNote = element<HTMLParagraphElement>('coordination-network-note');
  private readonly message = make('span', '', 'hint');
  private readonly suffix = () => (this.app.pseudonyms ? '-pseudonymised' : '');
  private readonly timeline = new ChartBox('Timeline of a group', 'coordination-timeline', this.suffix, {
    topic: LEARN_TOPIC,
    open: (topic) => this.app.learn(topic),
  });
  private readonly legend = make('ul', undefined, 'legend');
  private sigma: Sigma | null = null;
  private filledFor: object | null = null;
  /** What is drawn: the core's answer and its groups in the order shown. */
  private shown: { result: Coordination; order: number[]; params: string } | null = null;
  /** The group (its index in the core's order) whose timeline is drawn. */
  private chosen = 0;
  private request = 0;
  /** The parameters of the last answer of this dataset (null: none yet). */
  private drawnParams: string | null = null;
  private accountOf: Map<string, number> | null = null;

  /** `shownColumns()`: the rankings' columns, fetched again when the lens's parameters change. */
  constructor(
    private readonly app: App,
    private readonly shownColumns: () => string[],
  ) {
    element<HTMLDivElement>('coordination-timeline').append(this.timeline.element);
    this.timeline.element.append(this.legend);
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.apply(false);
    });
    for (const button of this.panel.querySelectorAll<HTMLButtonElement>('[data-coordination-export]')) {
      button.addEventListener('click', () => {
        button.disabled = true;
        void this.export(button.dataset.coordinationExport as 'csv' | 'json').finally(() => (button.disabled = false));
      });
    }
    app.on('dataset', () => {
      this.filledFor = null;
      this.shown = null;
      this.drawnParams = null;
      this.accountOf = null;
      if (!this.panel.hidden) void this.open();
    });
    // The lens's parameters may change from the rankings' Lens settings too (kind weights
    // do not change who acted when).
    app.on('weights', () => {
      if (this.shown?.params === this.paramsKey()) return;
      this.shown = null;
      this.filledFor = null;
      if (!this.panel.hidden) void this.open();
    });
    // Items are named by the core (a post id leads to its author): ask again under the new names.
    app.on('names', () => {
      this.shown = null;
      if (!this.panel.hidden) void this.open();
    });
    app.on('highlight', () => this.markHighlighted());
    app.on('type-size', () => void this.draw());
    onWidthChange(this.body, () => this.drawTimeline());
  }

  /** Called when the tab opens. */
  async open(): Promise<void> {
    const dataset = this.app.dataset;
    if (!dataset) return;
    if (this.filledFor !== dataset) {
      this.filledFor = dataset;
      this.buildForm();
    }
    if (!this.shown) await this.render();
    else await this.draw();
  }

  /** The lens's parameters as a form: the catalogue's ranges, defaults and help. */
  private buildForm(): void {
    const metric = this.app.metric(LENS);
    if (!metric) return;
    const current = this.app.dataset?.params.get(LENS) ?? {};
    const fields: HTMLElement[] = [];
    for (const param of metric.params) {
      if (param.type !== 'number') continue;
      const id = `coordination-${param.id}`;
      const label = make('label', param.name);
      label.htmlFor = id;
      const value = typeof current[param.id] === 'number' ? (current[param.id] as number) : param.default;
      let input: HTMLInputElement | HTMLSelectElement;
      if (param.id === 'by') {
        input = make('select');
        for (const { code, label: text } of BY_CHOICES) {
          const option = make('option', text);
          option.value = String(code);
          input.append(option);
        }
        input.value = String(value);
      } else {
        input = make('input');
        input.type = 'number';
        if (param.min !== undefined) input.min = String(param.min);
        if (param.max !== undefined) input.max = String(param.max);
        input.step = param.integer ? '1' : 'any';
        input.placeholder = String(param.default);
        input.value = typeof current[param.id] === 'number' ? String(value) : '';
        input.className = 'narrow';
      }
      input.id = id;
      input.name = param.id;
      input.title = param.help;
      fields.push(label, input);
    }
    const apply = make('button', 'Find groups');
    apply.type = 'submit';
    const defaults = make('button', 'Back to defaults', 'secondary');
    defaults.type = 'button';
    defaults.addEventListener('click', () => void this.apply(true));
    const help = make('button', '?', 'learn-link');
    help.type = 'button';
    help.setAttribute('aria-label', 'How is coordination found?');
    help.addEventListener('click', () => this.app.learn(LEARN_TOPIC));
    this.form.replaceChildren(...fields, apply, defaults, help, this.message);
  }

  /** Sets the lens's parameters in the worker's session (the lens's column follows), then asks again. */
  private async apply(toDefaults: boolean): Promise<void> {
    const metric = this.app.metric(LENS);
    if (!metric) return;
    let params: MetricParams | null = null;
    if (!toDefaults) {
      const values = Object.fromEntries(
        [...this.form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')].map((input) => [input.name, input.value]),
      );
      const read = readParams(metric.params, values, []);
      if (read.errors.length) {
        this.message.textContent = read.errors.join(' ');
        return;
      }
      params = Object.keys(read.params).length ? read.params : null;
    }
    this.message.textContent = '';
    try {
      // `weights` follows, which asks for the network again.
      await this.app.configure({ params: { [LENS]: params } }, this.shownColumns());
      if (toDefaults) this.buildForm();
    } catch (error) {
      this.message.textContent = this.failure(error);
    }
  }

  /** The lens's parameters in force, to tell whether an answer is still theirs. */
  private paramsKey(): string {
    return JSON.stringify(this.app.dataset?.params.get(LENS) ?? {});
  }

  private async render(): Promise<void> {
    const dataset = this.app.dataset;
    if (!dataset) return;
    const request = ++this.request;
    this.note.textContent = 'Looking for accounts that move together…';
    try {
      const salt = this.app.pseudonyms ? this.app.salt : null;
      const result = await this.app.task('Finding coordinated accounts', (onProgress) =>
        this.app.client.query({ type: 'coordination', salt }, onProgress),
      );
      if (request !== this.request || this.app.dataset !== dataset) return;
      const order = rankByRatio(result.groups);
      const params = this.paramsKey();
      const regrouped = this.drawnParams !== null && this.drawnParams !== params;
      // The same groups (new names): the chosen one stays; otherwise the highest ratio.
      if (this.drawnParams !== params || this.chosen >= result.groups.length) this.chosen = order[0] ?? 0;
      this.shown = { result, order, params };
      this.drawnParams = params;
      // Other settings make other groups: a highlight of an old group would point at other accounts.
      if (regrouped && this.app.highlight?.what.startsWith('coordination group')) this.app.highlightAccounts(null);
      await this.draw();
    } catch (error) {
      if (request === this.request) this.note.textContent = this.failure(error);
    }
  }

  private drawing = 0;

  private async draw(): Promise<void> {
    const shown = this.shown;
    if (!shown || this.panel.hidden) return;
    const drawing = ++this.drawing;
    const { result } = shown;
    this.missing.hidden = result.missing === null;
    this.body.hidden = result.missing !== null;
    if (result.missing !== null) {
      this.missing.textContent = result.missing;
      return;
    }
    this.note.textContent = this.summary(result);
    this.fillTable();
    await nextTask();
    if (drawing !== this.drawing) return;
    this.drawNetwork();
    this.drawTimeline();
  }

  /** What was compared, what was found, and under which baseline, in one paragraph. */
  private summary(result: Coordination): string {
    const { actions } = result;
    const what = BY_CHOICES.find((c) => c.code === BY_CODES[result.by])?.label ?? result.by;
    const compared = [
      actions.reposts ? `${formatCount(actions.reposts)} reposts` : '',
      actions.links ? `${formatCount(actions.links)} links` : '',
    ].filter(Boolean);
    const aside = [
      actions.untimed ? `${formatCount(actions.untimed)} without a time` : '',
      actions.without_original ? `${formatCount(actions.without_original)} reposts without their original` : '',
    ].filter(Boolean);
    const found = result.groups.length
      ? `${formatCount(result.pairs.length)} pairs of accounts in ${formatCount(result.groups.length)} groups.`
      : 'No two accounts did so: no group. A wider window or a lower threshold finds more, and more of it by chance.';
    const baseline = result.permutations
      ? ` Expected by chance: the members' shared count with every action time shuffled among all actions, averaged over ${result.permutations} shuffles (seed ${result.seed}); groups are sorted by observed / expected.`
      : '';
    return (
      `Compared ${compared.join(' and ')} (${what})` +
      (aside.length ? `; ${aside.join(', ')} left aside` : '') +
      `. Accounts pair up when they acted on at least ${result.min_shared} of the same items within ${gapText(result.window)} of each other: ${found}` +
      baseline +
      ' A pattern, not proof: fan communities, newsrooms and activists coordinate openly.'
    );
  }

  private fillTable(): void {
    const { result, order } = this.shown!;
    const head = make('tr');
    const headers = ['Group', 'Members', 'What they amplified', 'Median gap', 'Shared', 'Expected by chance', 'Ratio', ''];
    headers.forEach((text, i) => {
      const th = make('th', text, i >= 3 && i <= 6 ? 'number' : undefined);
      th.scope = 'col';
      head.append(th);
    });
    const rows = order.slice(0, TABLE_ROWS).map((g) => {
      const group = result.groups[g];
      const detail = result.group_details[g];
      const tr = make('tr');
      tr.dataset.group = String(g);
      if (g === this.chosen) tr.classList.add('selected');
      const th = make('th');
      th.scope = 'row';
      const show = make('button', `Group ${g + 1}`, 'link-button');
      show.type = 'button';
      show.setAttribute('aria-label', `Show group ${g + 1}'s network and timeline`);
      show.addEventListener('click', () => this.choose(g));
      th.append(show);
      const members = Array.from(detail.accounts, (a) => this.app.label(a));
      const amplified = make('td');
      for (const item of group.top_items.slice(0, 3)) amplified.append(make('div', this.itemText(item)));
      const highlight = make('button', 'Highlight', 'secondary small-button');
      highlight.type = 'button';
      highlight.dataset.highlightGroup = String(g);
      highlight.title = 'Mark the members in the rankings and the map';
      highlight.addEventListener('click', () => this.toggleHighlight(g));
      const actions = make('td');
      actions.append(highlight);
      tr.append(
        th,
        make('td', `${formatCount(members.length)}: ${namesText(members)}`),
        amplified,
        make('td', gapText(group.median_gap_seconds), 'number'),
        make('td', `${formatCount(group.shared)} on ${formatCount(group.items)} items`, 'number'),
        make('td', expectedText(group), 'number'),
        make('td', ratioText(group), 'number ratio'),
        actions,
      );
      return tr;
    });
    const more = order.length > TABLE_ROWS ? ` The ${TABLE_ROWS} with the highest ratios of ${formatCount(order.length)} groups.` : '';
    const caption = make(
      'caption',
      'Shared: the sum over the group’s pairs of the items both acted on within the window. Median gap: the typical time between two members’ actions on one item. Ratio: shared / expected by chance; “never by chance” when no shuffle gave them a single co-action.' +
        more,
    );
    this.table.replaceChildren(caption, make('thead'), make('tbody'));
    this.table.tHead!.append(head);
    this.table.tBodies[0].append(...rows);
    this.markHighlighted();
  }

  /** An item in words: a repost of whose post, or the link. */
  private itemText(item: CoordinatedItem): string {
    const members = `${formatCount(item.accounts)} members`;
    if (item.kind === 'link') return `link ${shorten(item.item, 60)} (${members})`;
    return `repost of ${shorten(item.item, 40)}${item.author ? ` by ${this.authorName(item.author)}` : ''} (${members})`;
  }

  /** The author's label (the core names them by id, an alias under pseudonyms). */
  private authorName(id: string): string {
    if (this.app.pseudonyms) return id;
    const dataset = this.app.dataset!;
    this.accountOf ??= new Map(dataset.ids.map((account, i) => [account, i]));
    const account = this.accountOf.get(id);
    return account === undefined ? id : this.app.label(account);
  }

  private choose(group: number): void {
    this.chosen = group;
    for (const row of this.table.querySelectorAll<HTMLTableRowElement>('tbody tr')) {
      row.classList.toggle('selected', row.dataset.group === String(group));
    }
    this.sigma?.refresh({ skipIndexation: true });
    this.drawTimeline();
  }

  private highlightName(group: number): string {
    return `coordination group ${group + 1}`;
  }

  private toggleHighlight(group: number): void {
    const shown = this.shown;
    if (!shown) return;
    const what = this.highlightName(group);
    if (this.app.highlight?.what === what) {
      this.app.highlightAccounts(null);
      return;
    }
    const accounts = new Set(shown.result.group_details[group].accounts);
    this.app.highlightAccounts({ accounts, path: null, what });
  }

  private markHighlighted(): void {
    for (const button of this.table.querySelectorAll<HTMLButtonElement>('button[data-highlight-group]')) {
      const on = this.app.highlight?.what === this.highlightName(Number(button.dataset.highlightGroup));
      button.textContent = on ? 'Highlighted ✓' : 'Highlight';
      button.setAttribute('aria-pressed', String(on));
    }
  }

  /** The coordination network of the first groups, each a ring of its members; the chosen group in colour. */
  private drawNetwork(): void {
    const { result, order } = this.shown!;
    this.sigma?.kill();
    this.sigma = null;
    const drawn = order.slice(0, NETWORK_GROUPS);
    if (drawn.length === 0) {
      this.network.hidden = true;
      this.networkNote.textContent = '';
      return;
    }
    this.network.hidden = false;
    const positions = ringLayout(drawn.map((g) => result.group_details[g].accounts));
    const graph = new Graph({ type: 'undirected', multi: false });
    for (const [account, { x, y, group }] of positions) {
      graph.addNode(String(account), { x, y, size: 5, label: this.app.label(account), group: drawn[group] });
    }
    const pairs = result.pair_accounts;
    let shownPairs = 0;
    for (let i = 0; i + 1 < pairs.length && shownPairs < NETWORK_PAIRS; i += 2) {
      const [a, b] = [String(pairs[i]), String(pairs[i + 1])];
      if (!graph.hasNode(a) || !graph.hasNode(b) || graph.hasEdge(a, b)) continue;
      graph.addEdge(a, b, { size: Math.min(6, 0.5 + Math.sqrt(result.pairs[i / 2].shared) / 2) });
      shownPairs++;
    }
    const groupsLeft = order.length - drawn.length;
    this.networkNote.textContent =
      'Each ring is a group; a line joins two accounts that acted together on enough items (thicker: more). Click an account to show its group.' +
      (groupsLeft > 0 ? ` The ${drawn.length} groups with the highest ratios are drawn, of ${formatCount(order.length)}.` : '') +
      (shownPairs < result.pairs.length && groupsLeft === 0 ? ` ${formatCount(shownPairs)} of ${formatCount(result.pairs.length)} pairs are drawn.` : '');
    this.sigma = new Sigma(graph, this.network, {
      allowInvalidContainer: true,
      defaultEdgeColor: OTHER_COLOUR,
      labelRenderedSizeThreshold: 0,
      labelSize: document.documentElement.classList.contains('large-type') ? 18 : 12,
      labelFont: 'system-ui, sans-serif',
      zIndex: true,
      nodeReducer: (_node, data) => {
        const chosen = data.group === this.chosen;
        return {
          ...data,
          color: chosen ? CHOSEN_COLOUR : MEMBER_COLOUR,
          label: chosen ? data.label : null,
          forceLabel: chosen,
          zIndex: chosen ? 1 : 0,
        };
      },
      edgeReducer: (edge, data) => {
        const chosen = graph.getNodeAttribute(graph.source(edge), 'group') === this.chosen;
        return { ...data, color: chosen ? CHOSEN_COLOUR : OTHER_COLOUR, zIndex: chosen ? 1 : 0 };
      },
    });
    this.sigma.on('clickNode', ({ node }) => this.choose(graph.getNodeAttribute(node, 'group') as number));
  }

  /** The chosen group's actions over time: one row per member, one dot per action, coloured by item. */
  private drawTimeline(): void {
    const shown = this.shown;
    if (!shown || this.panel.hidden || shown.result.groups.length === 0) {
      this.timeline.show('No group to draw.');
      this.legend.replaceChildren();
      return;
    }
    const g = this.chosen;
    const group = shown.result.groups[g];
    const detail = shown.result.group_details[g];
    this.timeline.setTitle(`Timeline of group ${g + 1}: who acted when, on what`);
    const names = uniqueNames(Array.from(detail.accounts, (a) => shorten(this.app.label(a), 28)));
    const nameOf = new Map(Array.from(detail.accounts, (a, i) => [a, names[i]]));
    const { points, total, series } = timelinePoints(
      detail,
      group.top_items.map((t) => t.item),
      (account) => nameOf.get(account) ?? this.app.label(account),
    );
    const colours = series.map((s, i) => (s === 'other items' ? OTHER_COLOUR : CATEGORY_COLOURS[i % CATEGORY_COLOURS.length]));
    const chart = plot({
      width: this.timeline.width(),
      height: 60 + names.length * 22,
      marginLeft: labelMargin(names),
      x: { type: 'utc', label: 'time (UTC)', grid: true },
      y: { label: null, domain: names },
      color: { domain: series, range: colours },
      marks: [
        Plot.dot(points, {
          x: 'date',
          y: 'member',
          fill: 'series',
          r: 4,
          fillOpacity: 0.8,
          title: (p: { member: string; date: Date; item: string }) => `${p.member}, ${p.date.toISOString().replace('.000Z', 'Z')}: ${p.item}`,
        }),
      ],
      ariaLabel: `Actions of group ${g + 1}'s members over time`,
    });
    this.timeline.show(chart);
    let caption = this.timeline.element.querySelector<HTMLParagraphElement>('p.chart-note');
    if (!caption) {
      caption = make('p', '', 'hint chart-note');
      this.legend.before(caption);
    }
    caption.textContent =
      'Dots in a column: members acting on the same item at nearly the same time. Hover a dot for the item.' +
      (points.length < total ? ` The first ${formatCount(points.length)} of ${formatCount(total)} actions are drawn.` : '');
    this.legend.replaceChildren(
      ...series.map((name, i) => {
        const entry = make('li');
        const swatch = make('span', undefined, 'swatch');
        swatch.style.background = colours[i];
        entry.append(swatch, document.createTextNode(shorten(name, 60)));
        return entry;
      }),
    );
  }

  private async export(format: 'csv' | 'json'): Promise<void> {
    const salt = this.app.pseudonyms ? this.app.salt : undefined;
    try {
      const file = await this.app.task(`Writing the coordination ${format.toUpperCase()}`, (onProgress) =>
        this.app.client.exportCoordination(format, { salt }, onProgress),
      );
      download(file.bytes as Uint8Array<ArrayBuffer>, file.name, file.mime);
    } catch (error) {
      this.note.textContent = this.failure(error);
    }
  }

  private failure(error: unknown): string {
    return error instanceof CancelledError
      ? 'Cancelled: press Find groups to compute again.'
      : `Cannot compute: ${error instanceof Error ? error.message : String(error)}`;
  }
}

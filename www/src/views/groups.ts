/**
 * The Groups view: accounts grouped by country, category, community or any attribute.
 * A ranked bar chart (members, summed or median influence index, share of PageRank), the
 * group × group interaction matrix as a heatmap ("who amplifies whom", by kind), and a
 * table with each group's leaders and its top hashtags, domains and languages. The
 * report is computed in the worker (`groups`, `groupTopics`); this view only draws.
 */
import { element, make, type App } from '../app';
import { ChartBox, chartFontSize, labelMargin, nextTask, onWidthChange, Plot, plot, shorten } from '../charts';
import { CancelledError } from '../client';
import { plural } from '../formats';
import { flowMatrix, MEASURE_NAMES, rankGroups, type GroupMeasure } from '../groups-data';
import { compactCount, matrixLayout } from '../matrix-layout';
import { integerTicks } from '../ticks';
import type { Groups, Kind, Topics } from '../protocol';
import { formatScore, formatCount } from '../ranking';
import { KINDS } from './weights';

/** Bars drawn at most (the table lists more). */
const BARS = 30;
/** Groups listed in the table at most, the largest first (communities can number thousands). */
const TABLE_ROWS = 200;

export class GroupsView {
  private readonly by = element<HTMLSelectElement>('group-by');
  private readonly measure = element<HTMLSelectElement>('group-measure');
  private readonly kind = element<HTMLSelectElement>('flow-kind');
  private readonly note = element<HTMLParagraphElement>('groups-note');
  private readonly charts = element<HTMLDivElement>('groups-charts');
  private readonly table = element<HTMLTableElement>('groups-table');
  private readonly panel = element<HTMLElement>('view-groups');
  private readonly suffix = () => (this.app.pseudonyms ? '-pseudonymised' : '');
  private readonly bars = new ChartBox('Groups ranked', 'groups-ranked', this.suffix, {
    topic: 'groups',
    open: (topic) => this.app.learn(topic),
  });
  private readonly matrix = new ChartBox('Who amplifies whom: interactions from group to group', 'groups-matrix', this.suffix, {
    topic: 'amplification-matrix',
    open: (topic) => this.app.learn(topic),
  });
  /** The dataset the selects were filled for. */
  private filledFor: object | null = null;
  private request = 0;
  private shown: { report: Groups; topics: { name: string; topics: Topics }[] | null } | null = null;

  constructor(private readonly app: App) {
    this.charts.replaceChildren(this.bars.element, this.matrix.element);
    this.by.addEventListener('change', () => void this.render());
    this.measure.addEventListener('change', () => void this.draw());
    this.kind.addEventListener('change', () => void this.draw());
    app.on('dataset', () => {
      this.filledFor = null;
      this.shown = null;
      if (!this.panel.hidden) void this.open();
    });
    app.on('weights', () => {
      if (!this.panel.hidden) void this.render();
      else this.shown = null;
    });
    app.on('names', () => void this.draw());
    app.on('type-size', () => void this.draw());
    onWidthChange(this.charts, () => void this.draw());
  }

  /** Called when the tab opens. */
  async open(): Promise<void> {
    const dataset = this.app.dataset;
    if (!dataset) return;
    if (this.filledFor !== dataset) {
      this.filledFor = dataset;
      this.fillSelects();
      this.shown = null;
    }
    if (!this.shown) await this.render();
    else await this.draw();
  }

  private fillSelects(): void {
    const dataset = this.app.dataset!;
    const option = (value: string, text: string) => {
      const created = make('option', text);
      created.value = value;
      return created;
    };
    const groupings = this.app.groupings();
    this.by.replaceChildren(...groupings.map((by) => option(by, this.app.metric(by)?.name.toLowerCase() ?? by)));
    const preferred = groupings.find((by) => /country/i.test(by)) ?? groupings.find((by) => /category|group|type/i.test(by));
    if (preferred) this.by.value = preferred;
    const present = KINDS.filter((kind) => dataset.summary.interactions[kind]);
    this.kind.replaceChildren(option('', 'all kinds'), ...present.map((kind) => option(kind, plural(kind))));
    const amplify = present.find((kind) => kind === 'repost');
    if (amplify) this.kind.value = amplify;
  }

  /** Asks the worker for the grouping's report (and topics, where there are posts), then draws. */
  private async render(): Promise<void> {
    const dataset = this.app.dataset;
    const by = this.by.value;
    if (!dataset || !by) return;
    const request = ++this.request;
    this.note.textContent = `Grouping by ${by}…`;
    try {
      const report = await this.app.groupReport(by);
      const topics =
        dataset.summary.posts > 0
          ? await this.app.task('Counting hashtags, domains and languages', (onProgress) =>
              this.app.client.query({ type: 'group-topics', by, top: 5 }, onProgress),
            )
          : null;
      if (request !== this.request || this.app.dataset !== dataset) return;
      this.shown = { report, topics };
      await this.draw();
    } catch (error) {
      if (request !== this.request) return;
      this.note.textContent =
        error instanceof CancelledError ? 'Cancelled: choose a grouping to compute it again.' : `Cannot group: ${String(error)}`;
    }
  }

  private drawing = 0;

  /** Draws the charts and the table, each in a task of its own (a later draw supersedes this one). */
  private async draw(): Promise<void> {
    const shown = this.shown;
    if (!shown || this.panel.hidden) return;
    const drawing = ++this.drawing;
    const { report } = shown;
    const measure = this.measure.value as GroupMeasure;
    const ranked = rankGroups(report, measure);
    const drawn = ranked.slice(0, BARS);
    const source = report.source === 'metric' ? 'a score column' : 'an attribute';
    this.note.textContent =
      `${formatCount(report.groups.length)} groups by ${report.by} (${source}).` +
      (ranked.length > drawn.length ? ` The chart shows the top ${drawn.length}; the table lists more.` : '') +
      (report.groups.length === 1 ? ' Only one group: no account has this attribute, or all share it.' : '') +
      importedNote(report);
    this.drawBars(drawn, measure);
    await nextTask();
    if (drawing !== this.drawing) return;
    this.drawMatrix(report);
    await nextTask();
    if (drawing !== this.drawing) return;
    this.fillTable(shown.report, shown.topics);
  }

  private drawBars(groups: { name: string; value: number }[], measure: GroupMeasure): void {
    if (groups.length === 0) {
      this.bars.show('No group has a value for this measure.');
      return;
    }
    const percent = measure === 'pagerank_share';
    const data = groups.map((g) => ({
      name: shorten(g.name, 30),
      value: percent ? g.value * 100 : g.value,
      text: percent ? `${(g.value * 100).toFixed(1)}%` : formatScore(Math.round(g.value * 10) / 10),
    }));
    // Rows as tall as the type needs; members are counted in whole numbers on the axis too.
    const row = Math.max(24, Math.round(chartFontSize() * 1.8));
    const counted = measure === 'members' ? { ticks: integerTicks(0, Math.max(...data.map((d) => d.value)), 10), tickFormat: 'd' } : {};
    const chart = plot({
      width: this.bars.width(),
      height: Math.round(chartFontSize() * 3.4) + data.length * row,
      marginLeft: labelMargin(data.map((d) => d.name)),
      marginRight: 60,
      x: { label: percent ? `${MEASURE_NAMES[measure]} (%)` : MEASURE_NAMES[measure], grid: true, ...counted },
      y: { label: null, domain: data.map((d) => d.name) },
      marks: [
        Plot.barX(data, { x: 'value', y: 'name', fill: '#1f5fbf' }),
        Plot.text(data, { x: 'value', y: 'name', text: 'text', textAnchor: 'start', dx: 4, fill: '#1d2430' }),
        Plot.ruleX([0]),
      ],
      ariaLabel: `Groups ranked by ${MEASURE_NAMES[measure]}`,
    });
    this.bars.show(chart);
  }

  private drawMatrix(report: Groups): void {
    const kind = (this.kind.value || null) as Kind | null;
    const matrix = flowMatrix(report, kind);
    if (matrix.max === 0) {
      this.matrix.show(`No ${kind ? plural(kind) : 'interactions'} between these groups.`);
      return;
    }
    const names = matrix.names.map((name) => shorten(name, 22));
    const short = new Map(matrix.names.map((name, i) => [name, names[i]]));
    const cells = matrix.cells.map((c) => ({ ...c, from: short.get(c.from)!, to: short.get(c.to)! }));
    const xLabel = `receives (${kind ? plural(kind) : 'interactions'} to the group) →`;
    const layout = matrixLayout(names, cells.map((c) => c.value), xLabel, this.matrix.width(), chartFontSize());
    const withNumbers = layout.numbers !== 'none';
    const written = layout.numbers === 'compact' ? compactCount : formatCount;
    const chart = plot({
      width: layout.width,
      height: layout.height,
      marginLeft: layout.marginLeft,
      marginBottom: layout.marginBottom,
      marginTop: layout.marginTop,
      marginRight: layout.marginRight,
      // Both axis labels whole and clear of the tick labels: the rows' above them, the columns' under the rotated names.
      x: { label: xLabel, labelAnchor: 'left', labelOffset: layout.marginBottom - 4, domain: names, tickRotate: -45, padding: 0 },
      y: { label: '↓ gives (from the group)', labelAnchor: 'top', domain: names, padding: 0 },
      color: { type: 'sqrt', scheme: 'blues', domain: [0, matrix.max] },
      marks: [
        Plot.cell(cells, { x: 'to', y: 'from', fill: 'value', inset: 1, title: (c: { from: string; to: string; value: number }) => `${c.from} → ${c.to}: ${formatCount(c.value)}` }),
        ...(withNumbers
          ? [
              Plot.text(cells, {
                x: 'to',
                y: 'from',
                text: (c: { value: number }) => (c.value ? written(c.value) : ''),
                fill: (c: { value: number }) => (c.value > matrix.max * 0.45 ? 'white' : '#1d2430'),
              }),
            ]
          : []),
      ],
      ariaLabel: 'Interactions from each group (rows) to each group (columns)',
    });
    this.matrix.show(chart);
    let caption = this.matrix.element.querySelector<HTMLParagraphElement>('p.chart-note');
    if (!caption) {
      caption = make('p', '', 'hint chart-note');
      this.matrix.element.append(caption);
    }
    caption.textContent =
      `Row: the group whose accounts act; column: the group receiving the attention. Darker: more ${kind ? plural(kind) : 'interactions'}` +
      (withNumbers ? '.' : ' (hover a cell for its count).') +
      (matrix.merged ? ` The ${matrix.merged} smallest groups are merged into “(other groups)”.` : '');
  }

  private fillTable(report: Groups, topics: { name: string; topics: Topics }[] | null): void {
    const head = make('tr');
    // Without posts there are no topics: the columns would only say so on every row.
    const headers = ['Group', 'Members', 'Index sum', 'Median index', 'PageRank share', 'Leaders'];
    if (topics) headers.push('Hashtags', 'Domains', 'Languages');
    headers.forEach((text, i) => {
      const th = make('th', text, i >= 1 && i <= 4 ? 'number' : undefined);
      th.scope = 'col';
      head.append(th);
    });
    const terms = (list: { term: string; count: number }[] | undefined, prefix = '') =>
      list && list.length ? list.map((t) => `${prefix}${t.term} (${t.count})`).join(', ') : '–';
    const order = rankGroups(report, 'members');
    const rows = order.slice(0, TABLE_ROWS).map(({ index }) => {
      const group = report.groups[index];
      const found = topics?.[index]?.topics;
      const tr = make('tr');
      const th = make('th', group.name);
      th.scope = 'row';
      tr.append(
        th,
        make('td', formatCount(group.members), 'number'),
        make('td', formatScore(Math.round(group.index_sum * 10) / 10), 'number'),
        make('td', group.index_median === null ? '–' : formatScore(Math.round(group.index_median * 10) / 10), 'number'),
        make('td', `${(group.pagerank_share * 100).toFixed(1)}%`, 'number'),
        make('td', group.top_members.map((m) => this.app.label(m.index)).join(', ')),
      );
      if (topics) tr.append(make('td', terms(found?.hashtags, '#')), make('td', terms(found?.domains)), make('td', terms(found?.languages)));
      return tr;
    });
    const more = order.length > TABLE_ROWS ? ` The ${formatCount(TABLE_ROWS)} largest of ${formatCount(order.length)} groups.` : '';
    const caption = make(
      'caption',
      'Leaders: the members with the highest influence index.' +
        (topics ? '' : ' These data carry no posts, so no hashtags, domains or languages.') +
        more,
    );
    this.table.replaceChildren(caption, make('thead'), make('tbody'));
    this.table.tHead!.append(head);
    this.table.tBodies[0].append(...rows);
  }
}

/**
 * Says which columns weigh the groups when a scores table brought them: a cluster's
 * index and PageRank describe the whole collection, not the sample of it read here.
 */
function importedNote(report: { index_column: string; pagerank_column: string }): string {
  const imported = [report.index_column, report.pagerank_column].filter((column) => column.startsWith('imported:'));
  if (imported.length === 0) return '';
  return ` Weighed by the scores the table brought (${imported.join(', ')}), computed on the whole collection.`;
}


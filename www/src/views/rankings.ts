/**
 * The Rankings view: every account in a virtualised table (only the rows in view are in
 * the DOM, so 100,000 accounts scroll smoothly), sortable by any lens (the worker
 * orders), searchable by label and id, filtered by group (any attribute or community),
 * by component (one separate conversation) and by the kind of interaction received, with the lenses the user chooses as columns,
 * the influence index with its weight sliders, and settings for lenses with parameters.
 * Keyboard: Tab into the table, arrows / Page / Home / End move, Enter or Space selects.
 */
import { element, INDEX, make, type App } from '../app';
import { CancelledError } from '../client';
import { answerText, columnFormat, tiedAtTop, exactTitle, formatCount, shortId, type ValueKind } from '../ranking';
import type { MetricInfo, SortKey } from '../protocol';
import { filterBy, filterOrder, receivedColumn, RECEIVED_KINDS, searchTexts } from '../search';
import { scrollToShow, visibleRange } from '../virtual';
import { ComponentChoice } from './component-choice';
import { LensSettings } from './lens-settings';
import { WeightsPanel } from './weights';

/** PageRank first: the table opens in the order the command line prints, sorted by its first column. */
export const DEFAULT_COLUMNS = ['pagerank', 'in_degree', INDEX];

/**
 * The columns a dataset opens with, those it has: the imported versions of the defaults
 * first (a cluster's result read back from its scores table leads, sorted by its
 * PageRank), then the defaults computed here.
 */
export function defaultColumns(catalogue: readonly MetricInfo[]): string[] {
  const wanted = [...DEFAULT_COLUMNS.map((id) => `imported:${id}`), ...DEFAULT_COLUMNS];
  return wanted.filter((id) => catalogue.some((m) => m.id === id));
}

/** After the sorted column, shown columns keep this order (then the catalogue's). */
const COLUMN_PRIORITY = ['pagerank', INDEX];

export class RankingsView {
  private readonly scroller = element<HTMLDivElement>('ranking-scroll');
  private readonly table = element<HTMLTableElement>('ranking');
  private readonly formats = new WeakMap<Float64Array, (value: number) => string>();
  private readonly head = element<HTMLTableRowElement>('ranking-head');
  private readonly body = this.table.tBodies[0];
  private readonly search = element<HTMLInputElement>('search');
  private readonly note = element<HTMLSpanElement>('ranking-note');
  private readonly options = element<HTMLFieldSetElement>('column-options');
  private readonly filterByGroup = element<HTMLSelectElement>('filter-by');
  private readonly filterGroup = element<HTMLSelectElement>('filter-group');
  private readonly filterKind = element<HTMLSelectElement>('filter-kind');
  private readonly weights: WeightsPanel;
  private readonly settings: LensSettings;
  /** The component filter: one separate conversation, or all. */
  private readonly componentFilter: ComponentChoice;
  /** Group membership for the group filter: which group each account is in, and the chosen group. */
  private groupFilter: { membership: Uint32Array; group: number } | null = null;

  columns: string[] = [...DEFAULT_COLUMNS];
  sort: SortKey = { key: DEFAULT_COLUMNS[0], descending: true };
  /** All accounts in the sort order; `rank[account]` is its 1-based place in it. */
  private order: Uint32Array = new Uint32Array(0);
  private rank: Uint32Array = new Uint32Array(0);
  /** The accounts shown: `order` filtered by the search. */
  private rows: Uint32Array = new Uint32Array(0);
  /** Search texts, built on the first search after the data or the names change. */
  private texts: string[] | null = null;
  private rowHeight = 0;
  /** Index in `rows` of the keyboard cursor. */
  private cursor = 0;
  /** The selection the rows on screen mark (render() sets it). */
  private drawnSelection: number | null = null;
  private frame = 0;
  private readonly highlightNote = element<HTMLParagraphElement>('ranking-highlight');
  private readonly highlightOnly = element<HTMLButtonElement>('ranking-highlight-only');
  /** Only the accounts another view highlights are listed (see `App.highlightAccounts`). */
  private onlyHighlighted = false;

  constructor(private readonly app: App) {
    this.weights = new WeightsPanel(app, () => this.columns, () => this.sortByIndex());
    this.settings = new LensSettings(app, () => this.columns, (metric) => this.showColumn(metric));
    app.shownOrder = () => this.order;
    this.componentFilter = new ComponentChoice(
      app,
      element<HTMLSelectElement>('filter-component'),
      [element<HTMLLabelElement>('filter-component-label')],
      () => null,
      () => this.applySearch(),
    );
    this.filterByGroup.addEventListener('change', () => void this.chooseGrouping());
    this.filterGroup.addEventListener('change', () => void this.chooseGroup());
    this.filterKind.addEventListener('change', () => void this.chooseKind());
    // New weights or parameters change the scores: the order follows (groups too, for the index).
    app.on('weights', () => {
      this.renderHead();
      void this.reorder();
      if (this.groupFilter) void this.chooseGroup();
    });
    this.scroller.addEventListener('scroll', () => this.schedule());
    window.addEventListener('resize', () => this.schedule());
    this.search.addEventListener('input', () => this.applySearch());
    this.scroller.addEventListener('keydown', (event) => this.onKey(event));
    this.body.addEventListener('click', (event) => {
      const row = (event.target as HTMLElement).closest<HTMLTableRowElement>('tr[data-account]');
      if (!row) return;
      this.cursor = Number(row.dataset.position);
      this.app.select(Number(row.dataset.account));
      this.render();
    });
    app.on('names', () => {
      this.rebuildTexts();
      // An alphabetical order follows the names shown.
      if (this.sort.key === 'label' || this.sort.key === 'id') void this.reorder();
      else this.applySearch();
    });
    // A new dataset emits a selection too, right after show() drew the table: drawing it
    // again in the same task would only lengthen the task (the e2e budget is 200 ms).
    app.on('selection', () => {
      if (this.app.selected !== this.drawnSelection) this.render();
    });
    app.on('names', () => this.renderAnswer());
    app.on('highlight', () => this.showHighlight());
    this.highlightOnly.addEventListener('click', () => {
      this.onlyHighlighted = !this.onlyHighlighted;
      this.showHighlight();
    });
    element<HTMLButtonElement>('ranking-highlight-clear').addEventListener('click', () => app.highlightAccounts(null));
    app.on('type-size', () => {
      this.rowHeight = 0;
      this.render();
    });
    this.closeOnOutsidePress(element<HTMLDetailsElement>('column-chooser'));
  }

  /** The column chooser floats over the table (style.css): a press elsewhere or Escape closes it, as a menu would. */
  private closeOnOutsidePress(chooser: HTMLDetailsElement): void {
    document.addEventListener('pointerdown', (event) => {
      if (chooser.open && !chooser.contains(event.target as Node)) chooser.open = false;
    });
    chooser.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || !chooser.open) return;
      event.preventDefault(); // the account card stays open
      chooser.open = false;
      chooser.querySelector('summary')?.focus();
    });
  }

  /** A new dataset: default columns and the core's order (already computed). */
  show(order: Uint32Array): void {
    const dataset = this.app.dataset!;
    const available = defaultColumns(dataset.catalogue);
    // The order the core computed: by the first default lens the data have (PageRank, as the CLI).
    this.sort = { key: available[0] ?? 'label', descending: true };
    this.columns = this.columnOrder(available);
    this.search.value = '';
    this.onlyHighlighted = false;
    this.highlightNote.hidden = true;
    this.cursor = 0;
    this.scroller.scrollTop = 0;
    this.rebuildTexts();
    this.buildColumnOptions();
    this.buildFilters();
    this.weights.reset();
    this.settings.reset();
    this.setOrder(order);
  }

  /** Says what is highlighted (marked ◆ in the table), with "Show only them" and "Clear". */
  private showHighlight(): void {
    const highlight = this.app.highlight;
    if (!highlight) this.onlyHighlighted = false;
    this.highlightNote.hidden = highlight === null;
    element<HTMLSpanElement>('ranking-highlight-text').textContent = highlight
      ? `◆ marks the ${formatCount(highlight.accounts.size)} accounts of ${highlight.what}.`
      : '';
    this.highlightOnly.textContent = this.onlyHighlighted ? 'Show everyone' : 'Show only them';
    this.highlightOnly.setAttribute('aria-pressed', String(this.onlyHighlighted));
    this.applySearch();
  }

  /** The filter choices the data allow: its groupings, and the kinds it has. */
  private buildFilters(): void {
    const dataset = this.app.dataset!;
    const option = (value: string, text: string) => {
      const created = make('option', text);
      created.value = value;
      return created;
    };
    this.filterByGroup.replaceChildren(
      option('', 'all accounts'),
      // Components have a filter of their own, which combines with a group's.
      ...this.app
        .groupings()
        .filter((by) => by !== 'component')
        .map((by) => option(by, `by ${this.app.metric(by)?.name.toLowerCase() ?? by}`)),
    );
    void this.componentFilter.fill();
    this.filterGroup.hidden = true;
    this.groupFilter = null;
    const present = RECEIVED_KINDS.filter((kind) => dataset.summary.interactions[kind]);
    this.filterKind.replaceChildren(option('', 'anything'), ...present.map((kind) => option(kind, `at least one ${kind}`)));
  }

  private async chooseGrouping(): Promise<void> {
    const by = this.filterByGroup.value;
    this.groupFilter = null;
    this.filterGroup.hidden = by === '';
    if (by === '') {
      this.applySearch();
      return;
    }
    try {
      const report = await this.app.groupReport(by);
      if (this.filterByGroup.value !== by) return;
      const option = (value: string, text: string) => {
        const created = make('option', text);
        created.value = value;
        return created;
      };
      const previous = this.filterGroup.value;
      this.filterGroup.replaceChildren(
        ...report.groups.map((group, index) => option(String(index), `${group.name} (${formatCount(group.members)})`)),
      );
      if (previous && Number(previous) < report.groups.length) this.filterGroup.value = previous;
      await this.chooseGroup();
    } catch (error) {
      if (!(error instanceof CancelledError)) this.note.textContent = String(error);
    }
  }

  private async chooseGroup(): Promise<void> {
    const by = this.filterByGroup.value;
    if (!by) return;
    const report = await this.app.groupReport(by);
    this.groupFilter = { membership: report.membership, group: Number(this.filterGroup.value) };
    this.applySearch();
  }

  private async chooseKind(): Promise<void> {
    const kind = this.filterKind.value;
    if (kind) await this.app.ensureColumns([receivedColumn(kind)]);
    this.applySearch();
  }

  /**
   * The column the table is sorted by comes first, so that its first row leads the first
   * column (one leader on screen); then PageRank and the influence index, then the
   * catalogue's order.
   */
  private columnOrder(metrics: string[]): string[] {
    const catalogue = this.app.dataset!.catalogue.map((m) => m.id);
    const ordered = [this.sort.key, ...COLUMN_PRIORITY, ...catalogue];
    return ordered.filter((id, position) => metrics.includes(id) && ordered.indexOf(id) === position);
  }

  /** Makes `metric` a column (after its settings were applied). */
  showColumn(metric: string): void {
    if (!this.columns.includes(metric)) {
      this.columns = this.columnOrder([...this.columns, metric]);
      const box = this.options.querySelector<HTMLInputElement>(`input[value="${metric}"]`);
      if (box) box.checked = true;
    }
    this.renderHead();
    this.render();
    this.settings.describe();
  }

  /** Moving a pillar slider is about the index: the table sorts by it. */
  private sortByIndex(): void {
    if (this.sort.key === INDEX && this.sort.descending) return;
    this.sort = { key: INDEX, descending: true };
    if (!this.columns.includes(INDEX)) this.showColumn(INDEX);
    this.columns = this.columnOrder(this.columns);
    this.renderHead();
  }

  /** The current sort, for exports in the same order. */
  currentSort(): SortKey {
    return this.sort;
  }

  private rebuildTexts(): void {
    this.texts = null;
  }

  private searchTexts(): string[] {
    if (!this.texts) {
      const count = this.app.dataset?.ids.length ?? 0;
      const labels = Array.from({ length: count }, (_, i) => this.app.label(i));
      const ids = Array.from({ length: count }, (_, i) => this.app.id(i));
      this.texts = searchTexts(labels, ids);
    }
    return this.texts;
  }

  private setOrder(order: Uint32Array): void {
    this.order = order;
    this.rank = new Uint32Array(order.length);
    order.forEach((account, position) => (this.rank[account] = position + 1));
    this.applySearch();
    this.renderAnswer();
  }

  /** The first thing a reader wants: what was read, who leads under the sort in force, and by how much. */
  private renderAnswer(): void {
    const dataset = this.app.dataset;
    if (!dataset) return;
    const [first, second] = this.order;
    const values = dataset.columns.get(this.sort.key);
    const leader =
      first === undefined || !values || this.sort.key === 'label' || this.sort.key === 'id'
        ? null
        : { name: this.app.label(first), value: values[first], next: second === undefined ? null : second };
    const index = dataset.columns.get(INDEX);
    const indexLeader = index && this.sort.key !== INDEX ? Array.from(index.keys()).reduce((best, a) => (index[a] > index[best] ? a : best), 0) : null;
    element<HTMLParagraphElement>('answer').textContent = answerText({
      accounts: dataset.summary.nodes,
      connections: dataset.summary.edges,
      files: dataset.summary.files.map((f) => f.format),
      lens: this.app.metricName(this.sort.key),
      descending: this.sort.descending,
      leader: leader && {
        name: leader.name,
        value: this.formatOf(this.sort.key, values!)(leader.value),
        next: leader.next === null ? null : { name: this.app.label(leader.next), value: this.formatOf(this.sort.key, values!)(values![leader.next]) },
        tied: this.sort.descending ? tiedAtTop(this.order, values!) : 1,
      },
      indexLeader: indexLeader === null || !Number.isFinite(index![indexLeader]) ? null : this.app.label(indexLeader),
    });
  }

  /** One formatter per column's values (computed once per array: a column is replaced, never mutated). */
  private formatOf(metric: string, values: Float64Array): (value: number) => string {
    let format = this.formats.get(values);
    if (!format) {
      const kind: ValueKind = metric === INDEX ? 'index' : (this.app.metric(metric)?.values ?? 'score');
      format = columnFormat(kind, values);
      this.formats.set(values, format);
    }
    return format;
  }

  private applySearch(): void {
    let rows = this.search.value.trim() ? filterOrder(this.order, this.searchTexts(), this.search.value) : this.order;
    const group = this.groupFilter;
    if (group) rows = filterBy(rows, (account) => group.membership[account] === group.group);
    if (this.componentFilter.chosen() !== null) rows = filterBy(rows, (account) => this.componentFilter.keeps(account));
    const kind = this.filterKind.value;
    const received = kind ? this.app.dataset?.columns.get(receivedColumn(kind)) : undefined;
    if (received) rows = filterBy(rows, (account) => received[account] > 0);
    const highlighted = this.onlyHighlighted ? this.app.highlight?.accounts : undefined;
    if (highlighted) rows = filterBy(rows, (account) => highlighted.has(account));
    this.rows = rows;
    this.cursor = Math.min(this.cursor, Math.max(0, this.rows.length - 1));
    const total = formatCount(this.order.length);
    const count =
      this.rows.length === this.order.length
        ? `${total} accounts`
        : `${formatCount(this.rows.length)} of ${total} accounts match`;
    this.note.textContent = `${sortDescription(this.sort, this.app.metricName(this.sort.key))}; ${count}.`;
    this.renderHead();
    this.render();
  }

  private buildColumnOptions(): void {
    const dataset = this.app.dataset!;
    const legend = this.options.querySelector('legend')!;
    this.options.replaceChildren(legend);
    for (const metric of dataset.catalogue) {
      const label = make('label', undefined, 'option');
      const box = make('input');
      box.type = 'checkbox';
      box.value = metric.id;
      box.checked = this.columns.includes(metric.id);
      box.addEventListener('change', () => void this.toggleColumn(metric.id, box.checked));
      label.append(box, document.createTextNode(` ${metric.name}`));
      this.options.append(label, this.learnButton(metric.id, metric.name));
    }
  }

  private learnButton(metricId: string, name: string): HTMLButtonElement {
    const button = make('button', '?', 'learn-link');
    button.type = 'button';
    button.setAttribute('aria-label', `What is ${name}?`);
    button.addEventListener('click', (event) => {
      event.stopPropagation();
      this.app.learn(metricId);
    });
    return button;
  }

  private async toggleColumn(metric: string, on: boolean): Promise<void> {
    if (on && !this.columns.includes(metric)) {
      await this.app.ensureColumns([metric]);
      this.columns = this.columnOrder([...this.columns, metric]);
    } else if (!on) {
      this.columns = this.columns.filter((id) => id !== metric);
    }
    this.renderHead();
    this.render();
    this.settings.describe();
  }

  private async sortBy(key: string): Promise<void> {
    const descending = this.sort.key === key ? !this.sort.descending : key !== 'label' && key !== 'id';
    this.sort = { key, descending };
    this.columns = this.columnOrder(this.columns);
    this.renderHead();
    await this.reorder();
  }

  /** Asks the worker for the order of the current sort (by aliases under pseudonyms). */
  private async reorder(): Promise<void> {
    const sort = this.sort;
    const salt = this.app.pseudonyms ? this.app.salt : undefined;
    const order = await this.app.task('Sorting', (onProgress) => this.app.client.order(sort, salt, onProgress));
    if (sort === this.sort) this.setOrder(order);
  }

  private renderHead(): void {
    const headers: HTMLTableCellElement[] = [];
    const header = (text: string, key: string | null, numeric: boolean) => {
      const th = make('th');
      th.scope = 'col';
      if (numeric) th.className = 'number';
      if (key === null) {
        th.textContent = text;
      } else {
        const button = make('button', text, 'sort');
        button.type = 'button';
        const active = this.sort.key === key;
        th.setAttribute('aria-sort', active ? (this.sort.descending ? 'descending' : 'ascending') : 'none');
        if (active) button.append(make('span', this.sort.descending ? ' ▼' : ' ▲', 'sort-mark'));
        button.setAttribute('aria-label', `Sort by ${text}`);
        button.addEventListener('click', () => void this.sortBy(key));
        th.append(button);
      }
      headers.push(th);
      return th;
    };
    header('Rank', null, true);
    header('Account', 'label', false);
    header('Id', 'id', false);
    for (const metric of this.columns) {
      const name = this.app.metricName(metric);
      const th = header(name, metric, true);
      if (this.app.dataset?.params.has(metric)) {
        const mark = make('span', ' ⚙', 'custom-mark');
        mark.title = 'computed with custom settings (see Lens settings)';
        th.querySelector('button')?.append(mark);
      }
      th.append(this.learnButton(metric, name));
    }
    this.head.replaceChildren(...headers);
    this.table.setAttribute('aria-rowcount', String(this.rows.length + 1));
    this.table.setAttribute('aria-colcount', String(headers.length));
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Renders the rows in view between two spacer rows that keep the scroll height. */
  render(): void {
    const dataset = this.app.dataset;
    // Until show() gives the new dataset's order, the rows are the old dataset's.
    if (!dataset || this.scroller.offsetParent === null || this.order.length !== dataset.ids.length) return;
    const columns = this.columns.map((metric) => {
      const values = dataset.columns.get(metric);
      return { values, format: values ? this.formatOf(metric, values) : null };
    });
    const rowHeight = this.rowHeight || 36;
    const headHeight = this.head.getBoundingClientRect().height;
    const { start, end } = visibleRange(
      Math.max(0, this.scroller.scrollTop - headHeight),
      this.scroller.clientHeight,
      rowHeight,
      this.rows.length,
    );
    const spacer = (height: number) => {
      const tr = make('tr', undefined, 'spacer');
      tr.setAttribute('aria-hidden', 'true');
      const td = make('td');
      td.colSpan = 3 + this.columns.length;
      td.style.height = `${height}px`;
      tr.append(td);
      return tr;
    };
    const rows: HTMLTableRowElement[] = [spacer(start * rowHeight)];
    this.drawnSelection = this.app.selected;
    for (let position = start; position < end; position++) {
      const account = this.rows[position];
      const tr = make('tr');
      tr.id = `row-${position}`;
      tr.dataset.account = String(account);
      tr.dataset.position = String(position);
      tr.setAttribute('aria-rowindex', String(position + 2));
      if (position === this.cursor) tr.classList.add('cursor');
      if (account === this.app.selected) {
        tr.classList.add('selected');
        tr.setAttribute('aria-selected', 'true');
      }
      const id = this.app.id(account);
      const cells = [String(this.rank[account]), this.app.label(account), shortId(id)];
      cells.forEach((text, index) => tr.append(make('td', text, index === 0 ? 'number' : undefined)));
      if (this.app.highlight?.accounts.has(account)) {
        const mark = make('span', '◆ ', 'highlight-mark');
        mark.title = `in ${this.app.highlight.what}`;
        tr.cells[1].prepend(mark);
      }
      if (cells[2] !== id) (tr.lastElementChild as HTMLElement).title = id;
      for (const { values, format } of columns) {
        const text = values && format ? format(values[account]) : '…';
        const cell = make('td', text, 'number');
        const exact = values ? exactTitle(values[account], text) : null;
        if (exact) cell.title = exact;
        tr.append(cell);
      }
      rows.push(tr);
    }
    rows.push(spacer((this.rows.length - end) * rowHeight));
    this.body.replaceChildren(...rows);
    this.scroller.setAttribute('aria-activedescendant', this.rows.length ? `row-${this.cursor}` : '');
    if (!this.rowHeight && rows.length > 2) {
      this.rowHeight = rows[1].getBoundingClientRect().height || 36;
      if (Math.abs(this.rowHeight - rowHeight) > 0.5) this.render();
    }
  }

  private onKey(event: KeyboardEvent): void {
    if (this.rows.length === 0) return;
    const page = Math.max(1, Math.floor(this.scroller.clientHeight / (this.rowHeight || 36)) - 1);
    const moves: Record<string, number> = {
      ArrowDown: 1,
      ArrowUp: -1,
      PageDown: page,
      PageUp: -page,
      Home: -Infinity,
      End: Infinity,
    };
    if (event.key in moves) {
      event.preventDefault();
      const target = this.cursor + moves[event.key];
      this.cursor = Math.max(0, Math.min(this.rows.length - 1, Number.isFinite(target) ? target : target > 0 ? this.rows.length - 1 : 0));
      const headHeight = this.head.getBoundingClientRect().height;
      const rowHeight = this.rowHeight || 36;
      const top = scrollToShow(this.cursor, this.scroller.scrollTop, this.scroller.clientHeight - headHeight, rowHeight);
      this.scroller.scrollTop = top;
      this.render();
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.app.select(this.rows[this.cursor]);
    }
  }
}

/** The sort in force in words, as the note above the table says it: "Sorted by PageRank, highest first". */
export function sortDescription(sort: SortKey, name: string): string {
  const alphabetical = sort.key === 'label' || sort.key === 'id';
  const direction = alphabetical ? (sort.descending ? 'Z to A' : 'A to Z') : sort.descending ? 'highest first' : 'lowest first';
  return `Sorted by ${alphabetical ? (sort.key === 'label' ? 'account name' : 'id') : name}, ${direction}`;
}


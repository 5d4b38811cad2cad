/**
 * The Time view: where interactions carry timestamps, the rank trajectories of up to four
 * accounts or groups compared over days, weeks or months (PageRank, in-degree or
 * in-strength scored on each window's interactions), and the biggest risers and fallers
 * between two windows. Without timestamps it says so and why. Every window is scored in
 * the worker (`trajectories`, `groupTrajectories`, `movers`); this view only draws.
 */
import { element, make, type App } from '../app';
import { ChartBox, chartFontSize, labelMargin, nextTask, onWidthChange, Plot, plot, shorten } from '../charts';
import { dodge } from '../dodge';
import { CancelledError } from '../client';
import { CATEGORY_COLOURS } from '../palette';
import type { Movers, Windows, Trajectory, WindowMetric, WindowWidth } from '../protocol';
import { formatScore, formatCount } from '../ranking';
import { countOf } from '../formats';
import { integerTicks } from '../ticks';
import { meanRank, rankPoints, rankTicks, windowChoice, windowWarning, type RankPoint } from '../time-data';
import { AccountPicker } from './picker';

/** Accounts or groups compared at once. */
export const COMPARED = 4;
/** Groups offered to compare at most. */
const OFFERED_GROUPS = 60;
const MOVERS = 10;

export class TimeView {
  private readonly panel = element<HTMLElement>('view-time');
  private readonly empty = element<HTMLParagraphElement>('time-empty');
  private readonly body = element<HTMLDivElement>('time-body');
  private readonly width = element<HTMLSelectElement>('time-width');
  private readonly metric = element<HTMLSelectElement>('time-metric');
  private readonly compare = element<HTMLSelectElement>('time-compare');
  private readonly picks = element<HTMLDivElement>('time-picks');
  private readonly note = element<HTMLParagraphElement>('time-note');
  private readonly from = element<HTMLSelectElement>('movers-from');
  private readonly to = element<HTMLSelectElement>('movers-to');
  private readonly suffix = () => (this.app.pseudonyms ? '-pseudonymised' : '');
  private readonly trajectoryBox = new ChartBox('Rank over time', 'rank-trajectories', this.suffix, {
    topic: 'time-windows',
    open: (topic) => this.app.learn(topic),
  });
  private readonly moversBox = new ChartBox('Places gained or lost', 'risers-fallers', this.suffix, {
    topic: 'movers',
    open: (topic) => this.app.learn(topic),
  });
  private readonly moversTables = make('div', undefined, 'movers-tables');
  private readonly moversWarning = make('p', '', 'hint movers-warning');
  private readonly trajectoryNote = make('p', '', 'hint chart-note');
  private readonly picker: AccountPicker;
  private readonly groupChoices = make('fieldset', undefined, 'group-choices');
  private filledFor: object | null = null;
  private timeline: Windows | null = null;
  private trajectories: { names: string[]; list: Trajectory[] } | null = null;
  private movers: Movers | null = null;
  private request = 0;
  /** Groups offered for the chosen grouping, and those checked. */
  private groups: { by: string; all: Trajectory[]; chosen: Set<number> } | null = null;

  constructor(private readonly app: App) {
    element<HTMLDivElement>('time-trajectories').append(this.trajectoryBox.element);
    this.trajectoryBox.element.append(this.trajectoryNote);
    this.moversWarning.setAttribute('role', 'status');
    element<HTMLDivElement>('time-movers').append(this.moversWarning, this.moversBox.element, this.moversTables);
    this.picker = new AccountPicker(app, `Accounts compared (up to ${COMPARED})`, COMPARED, () => void this.renderTrajectories());
    this.width.addEventListener('change', () => void this.renderAll());
    this.metric.addEventListener('change', () => void this.renderAll(false));
    this.compare.addEventListener('change', () => {
      this.groups = null;
      this.showPicks();
      void this.renderTrajectories();
    });
    this.from.addEventListener('change', () => void this.renderMovers());
    this.to.addEventListener('change', () => void this.renderMovers());
    app.on('dataset', () => {
      this.filledFor = null;
      if (!this.panel.hidden) void this.open();
    });
    app.on('weights', () => {
      this.filledFor = null;
      if (!this.panel.hidden) void this.open();
    });
    app.on('names', () => {
      this.picker.refresh();
      void this.draw();
    });
    app.on('type-size', () => void this.draw());
    onWidthChange(this.body, () => void this.draw());
  }

  /** Called when the tab opens. */
  async open(): Promise<void> {
    const dataset = this.app.dataset;
    if (!dataset) return;
    if (this.filledFor === dataset && this.timeline) {
      void this.draw();
      return;
    }
    this.filledFor = dataset;
    const option = (value: string, text: string) => {
      const created = make('option', text);
      created.value = value;
      return created;
    };
    this.compare.replaceChildren(
      option('accounts', 'accounts'),
      ...this.app.groupings().map((by) => option(`group:${by}`, `groups by ${this.app.metric(by)?.name.toLowerCase() ?? by}`)),
    );
    this.picker.set(Array.from(this.app.shownOrder().slice(0, COMPARED)));
    this.groups = null;
    this.showPicks();
    await this.renderAll();
  }

  private showPicks(): void {
    this.picks.replaceChildren(this.compare.value === 'accounts' ? this.picker.element : this.groupChoices);
  }

  private widthId(): WindowWidth {
    return this.width.value as WindowWidth;
  }

  private metricId(): WindowMetric {
    return this.metric.value as WindowMetric;
  }

  /** The windows of the chosen width, then the trajectories and the movers. */
  private async renderAll(newWindows = true): Promise<void> {
    const dataset = this.app.dataset;
    if (!dataset) return;
    if (newWindows || !this.timeline) {
      try {
        this.timeline = await this.app.client.query({ type: 'windows', width: this.widthId() });
      } catch (error) {
        this.note.textContent = this.failure(error);
        return;
      }
      if (this.timeline.windows.length === 0) {
        const total = Object.values(dataset.summary.interactions).reduce((sum, n) => sum + n, 0);
        const none = total === 1 ? 'its one interaction has no timestamp' : `none of its ${formatCount(total)} interactions has a timestamp`;
        this.empty.textContent =
          `No time line for these data: ${none}. ` +
          'Collections of posts (twarc, X API), archives, GEXF files with spells and edge tables with a time column have them; follows usually do not.';
        this.empty.hidden = false;
        this.body.hidden = true;
        return;
      }
      this.empty.hidden = true;
      this.body.hidden = false;
      const windows = this.timeline.windows;
      // Empty windows rank nobody: they are listed (the calendar stays whole) but cannot be chosen.
      const option = (index: number) => {
        const created = make('option', windowChoice(windows[index]));
        created.value = String(index);
        created.disabled = windows[index].status === 'empty';
        return created;
      };
      this.from.replaceChildren(...windows.map((_, i) => option(i)));
      this.to.replaceChildren(...windows.map((_, i) => option(i)));
      // The core's choice: the two largest adjacent windows (or one window, when only one has interactions).
      const busiest = windows.findIndex((w) => w.status !== 'empty');
      const [from, to] = this.timeline.compare ?? [busiest, busiest];
      this.from.value = String(from);
      this.to.value = String(to);
      this.groups = null;
    }
    await this.renderTrajectories();
    await this.renderMovers();
  }

  private async renderTrajectories(): Promise<void> {
    const timeline = this.timeline;
    if (!timeline || timeline.windows.length === 0) return;
    const request = ++this.request;
    const width = this.widthId();
    const metric = this.metricId();
    try {
      if (this.compare.value === 'accounts') {
        const accounts = this.picker.accounts();
        const list = accounts.length
          ? await this.app.task(`Scoring every ${width}`, (onProgress) =>
              this.app.client.query({ type: 'trajectories', width, metric, accounts }, onProgress),
            )
          : [];
        if (request !== this.request) return;
        this.trajectories = { names: accounts.map((a) => this.app.label(a)), list };
      } else {
        const by = this.compare.value.slice('group:'.length);
        if (this.groups?.by !== by) {
          const all = await this.app.task(`Scoring every ${width} by ${by}`, (onProgress) =>
            this.app.client.query({ type: 'group-trajectories', width, metric, by }, onProgress),
          );
          if (request !== this.request) return;
          // The groups that rank best on average are checked first.
          const best = all.map((t, i) => [meanRank(t), i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
          this.groups = { by, all, chosen: new Set(best.slice(0, COMPARED).map(([, i]) => i)) };
          this.fillGroupChoices();
        }
        const groups = this.groups!;
        const list = groups.all.filter((_, i) => groups.chosen.has(i));
        this.trajectories = { names: list.map((t) => t.name), list };
      }
      const untimed = timeline.untimed === 1 ? 'is' : 'are';
      this.note.textContent =
        `${countOf(timeline.windows.length, width)} from ${timeline.windows[0].label} to ${timeline.windows.at(-1)!.label}` +
        (timeline.untimed ? `; ${countOf(timeline.untimed, 'interaction')} without a timestamp ${untimed} in no window.` : '.');
      if (!this.panel.hidden) this.drawTrajectories();
    } catch (error) {
      if (request === this.request) this.note.textContent = this.failure(error);
    }
  }

  private fillGroupChoices(): void {
    const groups = this.groups;
    if (!groups) return;
    // The groups that rank best on average first; a long tail (communities) is left out.
    const offered = groups.all
      .map((trajectory, i) => ({ trajectory, i, mean: meanRank(trajectory) }))
      .sort((a, b) => a.mean - b.mean || a.i - b.i)
      .slice(0, OFFERED_GROUPS);
    const legend = make(
      'legend',
      `Groups compared (up to ${COMPARED})` +
        (groups.all.length > OFFERED_GROUPS ? `: the ${OFFERED_GROUPS} that rank best on average, of ${formatCount(groups.all.length)}` : ''),
    );
    const boxes = offered.map(({ trajectory, i }) => {
      const label = make('label', undefined, 'option');
      const box = make('input');
      box.type = 'checkbox';
      box.value = String(i);
      box.checked = groups.chosen.has(i);
      box.addEventListener('change', () => {
        if (box.checked && groups.chosen.size >= COMPARED) {
          box.checked = false;
          this.note.textContent = `At most ${COMPARED} groups: uncheck one first.`;
          return;
        }
        if (box.checked) groups.chosen.add(i);
        else groups.chosen.delete(i);
        void this.renderTrajectories();
      });
      label.append(box, document.createTextNode(` ${trajectory.name}`));
      return label;
    });
    this.groupChoices.replaceChildren(legend, ...boxes);
  }

  private async renderMovers(): Promise<void> {
    const timeline = this.timeline;
    if (!timeline || timeline.windows.length === 0) return;
    const from = Number(this.from.value);
    const to = Number(this.to.value);
    const warnings = [from, to].map((w) => timeline.windows[w]).filter((w) => w).map((w) => windowWarning(w, timeline.min_interactions));
    this.moversWarning.textContent = [...new Set(warnings.filter((w) => w !== null))].join(' ');
    this.moversWarning.hidden = !this.moversWarning.textContent;
    const empty = [from, to].some((w) => timeline.windows[w]?.status === 'empty');
    if (from === to || empty) {
      this.movers = null;
      this.moversBox.show(empty ? 'No comparison with an empty window.' : 'Choose two different windows.');
      this.moversTables.replaceChildren();
      return;
    }
    const width = this.widthId();
    const metric = this.metricId();
    try {
      const movers = await this.app.task('Comparing two windows', (onProgress) =>
        this.app.client.query({ type: 'movers', width, metric, from, to, top: MOVERS }, onProgress),
      );
      if (Number(this.from.value) !== from || Number(this.to.value) !== to) return;
      this.movers = movers;
      if (!this.panel.hidden) this.drawMovers();
    } catch (error) {
      this.moversBox.show(this.failure(error));
    }
  }

  private failure(error: unknown): string {
    return error instanceof CancelledError ? 'Cancelled: change a setting to compute again.' : `Cannot compute: ${String(error)}`;
  }

  private drawing = 0;

  /** Draws both charts, each in a task of its own (a later draw supersedes this one). */
  private async draw(): Promise<void> {
    if (this.panel.hidden || !this.timeline || this.timeline.windows.length === 0) return;
    const drawing = ++this.drawing;
    this.drawTrajectories();
    await nextTask();
    if (drawing === this.drawing) this.drawMovers();
  }

  private drawTrajectories(): void {
    const trajectories = this.trajectories;
    const windows = this.timeline!.windows;
    if (!trajectories || trajectories.list.length === 0) {
      this.trajectoryBox.show(this.compare.value === 'accounts' ? 'Choose accounts to compare.' : 'Choose groups to compare.');
      return;
    }
    const names = trajectories.list.map((t, i) =>
      shorten(this.compare.value === 'accounts' ? this.app.label(trajectories.list[i].index) : t.name, 24),
    );
    const points = rankPoints(trajectories.list, names, windows);
    // Labels at the ends of the lines, moved apart where ranks are close.
    const height = 340;
    const maxRank = Math.max(2, ...points.filter((p) => p.rank > 0).map((p) => p.rank));
    const rankPerPixel = (maxRank - 1) / (height - 50);
    // The last window always has interactions (windows end with the latest one): every line has a rank there.
    const ends = trajectories.list.map((t) => t.ranks[windows.length - 1]);
    const labelRanks = dodge(ends, chartFontSize() * 1.25 * rankPerPixel, 1, maxRank);
    const last = trajectories.list.map((_, i) => ({
      name: names[i],
      date: new Date(windows.at(-1)!.start * 1000),
      rank: labelRanks[i],
    }));
    const metricName = this.metric.selectedOptions[0]?.textContent ?? this.metricId();
    const width = this.widthId();
    const thin = windows.filter((w) => w.status === 'thin').map((w) => ({ start: new Date(w.start * 1000), end: new Date(w.end * 1000) }));
    const chart = plot({
      width: this.trajectoryBox.width(),
      height,
      marginLeft: 50,
      marginRight: labelMargin(names, 200),
      x: { type: 'utc', label: null },
      y: { reverse: true, domain: [1, maxRank], label: `rank by ${metricName} (1 = top)`, grid: true, ticks: rankTicks(maxRank), tickFormat: 'd' },
      color: { domain: names, range: CATEGORY_COLOURS.slice(0, names.length) },
      marks: [
        // Thin windows shaded: ranked, but on too few interactions to read.
        Plot.rect(thin, { x1: 'start', x2: 'end', fill: '#e9ecf1' }),
        Plot.line(points, { x: 'date', y: 'rank', stroke: 'name', strokeWidth: 2 }),
        // Hollow dots in thin windows (a constant fill: a colour outside the scale would drop the dot).
        ...[false, true].map((thinDots) =>
          Plot.dot(points, {
            filter: (p: RankPoint) => p.thin === thinDots,
            x: 'date',
            y: 'rank',
            ...(thinDots ? { fill: 'white', stroke: 'name' } : { fill: 'name' }),
            r: windows.length > 60 ? 1.5 : 3,
            title: (p: RankPoint) => `${p.name}, ${p.window}: #${p.rank} (${formatScore(p.score)})${p.thin ? ', too thin to rank' : ''}`,
          }),
        ),
        Plot.text(last, { x: 'date', y: 'rank', text: 'name', fill: 'name', textAnchor: 'start', dx: 8 }),
      ],
      ariaLabel: `Rank by ${metricName} in each window`,
    });
    this.trajectoryBox.show(chart);
    const empty = windows.filter((w) => w.status === 'empty').length;
    this.trajectoryNote.textContent = [
      empty ? `Gaps: ${countOf(empty, width)} without interactions, where nobody has a rank.` : '',
      thin.length
        ? `Shaded, hollow dots: ${countOf(thin.length, width)} with fewer than ${countOf(this.timeline!.min_interactions, 'interaction')}, too thin to rank.`
        : '',
    ]
      .filter(Boolean)
      .join(' ');
  }

  private drawMovers(): void {
    const movers = this.movers;
    if (!movers) return;
    const windows = this.timeline!.windows;
    const rows = [...movers.risers, ...movers.fallers];
    if (rows.length === 0) {
      this.moversBox.show('No account changed rank between these windows.');
      this.moversTables.replaceChildren();
      return;
    }
    const data = rows.map((m) => ({ name: shorten(this.app.label(m.index), 28), change: m.change, text: `#${m.rank_from} → #${m.rank_to}` }));
    // Unique names on the axis: two accounts may share a shortened label.
    const seen = new Map<string, number>();
    for (const d of data) {
      const n = (seen.get(d.name) ?? 0) + 1;
      seen.set(d.name, n);
      if (n > 1) d.name = `${d.name} (${n})`;
    }
    const chart = plot({
      width: this.moversBox.width(),
      height: 40 + data.length * 22,
      marginLeft: labelMargin(data.map((d) => d.name)),
      marginRight: 90,
      x: {
        label: `places gained from ${windows[movers.from].label} to ${windows[movers.to].label}`,
        grid: true,
        ticks: integerTicks(Math.min(0, ...data.map((d) => d.change)), Math.max(0, ...data.map((d) => d.change)), 8),
        tickFormat: 'd',
      },
      y: { label: null, domain: data.map((d) => d.name) },
      marks: [
        Plot.barX(data, { x: 'change', y: 'name', fill: (d: { change: number }) => (d.change >= 0 ? '#009E73' : '#D55E00') }),
        Plot.text(data, {
          x: 'change',
          y: 'name',
          text: 'text',
          textAnchor: 'start',
          dx: 4,
          fill: '#1d2430',
          filter: (d: { change: number }) => d.change >= 0,
        }),
        // Fallers' labels go right of zero, clear of the account names.
        Plot.text(data, {
          x: () => 0,
          y: 'name',
          text: 'text',
          textAnchor: 'start',
          dx: 4,
          fill: '#1d2430',
          filter: (d: { change: number }) => d.change < 0,
        }),
        Plot.ruleX([0]),
      ],
      ariaLabel: 'Places gained or lost between the two windows',
    });
    this.moversBox.show(chart);
    const table = (title: string, list: Movers['risers']) => {
      const wrapper = make('div');
      wrapper.append(make('h4', title));
      const t = make('table', undefined, 'small');
      const head = make('tr');
      for (const text of ['Account', 'From', 'To', 'Change']) head.append(make('th', text, text === 'Account' ? undefined : 'number'));
      t.append(head);
      for (const m of list) {
        const tr = make('tr');
        tr.append(
          make('td', this.app.label(m.index)),
          make('td', `#${m.rank_from}`, 'number'),
          make('td', `#${m.rank_to}`, 'number'),
          make('td', `${m.change > 0 ? '+' : ''}${m.change}`, 'number'),
        );
        t.append(tr);
      }
      if (list.length === 0) {
        const tr = make('tr');
        const td = make('td', 'none');
        td.colSpan = 4;
        tr.append(td);
        t.append(tr);
      }
      wrapper.append(t);
      return wrapper;
    };
    this.moversTables.replaceChildren(table('Risers', movers.risers), table('Fallers', movers.fallers));
  }
}

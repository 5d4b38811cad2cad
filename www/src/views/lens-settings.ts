/**
 * Settings for the lenses that take parameters, as forms built from the core's catalogue:
 * a number field per numeric parameter (with its range, default and help), an account
 * picker for personalised PageRank's seeds, and for betweenness a time budget that
 * chooses how many sources to sample (the worker times a small sample first). Applying
 * recomputes the lens in the worker and shows it as a column; what the run reports
 * (iterations, convergence, modularity, the sampling error) appears beside the table.
 */
import { element, INDEX, make, type App } from '../app';
import { CancelledError } from '../client';
import { readParams } from '../params';
import type { MetricInfo, MetricParams } from '../protocol';
import { formatScore, formatCount } from '../ranking';
import { AccountPicker } from './picker';

/** Time budgets offered for betweenness, in milliseconds (0: exact). */
export const BETWEENNESS_BUDGETS: { ms: number; label: string }[] = [
  { ms: 0, label: 'exact (every account as a source)' },
  { ms: 1000, label: 'about 1 second (sampled)' },
  { ms: 5000, label: 'about 5 seconds (sampled)' },
  { ms: 30000, label: 'about 30 seconds (sampled)' },
];

export class LensSettings {
  private readonly body = element<HTMLDivElement>('lens-settings-body');
  private readonly details = element<HTMLParagraphElement>('column-details');
  private readonly lens = make('select');
  private readonly form = make('form', undefined, 'lens-form');
  private readonly message = make('p', undefined, 'hint');
  private picker: AccountPicker | null = null;
  private budget: HTMLSelectElement | null = null;

  /** `show(metric)` makes the lens a column of the table (after it was computed). */
  constructor(
    private readonly app: App,
    private readonly shownColumns: () => string[],
    private readonly show: (metric: string) => void,
  ) {
    this.lens.id = 'lens-settings-lens';
    this.lens.addEventListener('change', () => this.buildForm());
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.apply(false);
    });
    app.on('columns', () => this.describe());
    app.on('names', () => this.picker?.refresh());
  }

  /** A new dataset: the lenses with parameters (the index's weights have their sliders). */
  reset(): void {
    const dataset = this.app.dataset;
    if (!dataset) return;
    const tunable = dataset.catalogue.filter((m) => m.params.length > 0 && m.id !== INDEX);
    const label = make('label', 'Lens');
    label.htmlFor = this.lens.id;
    this.lens.replaceChildren(
      ...tunable.map((metric) => {
        const option = make('option', metric.name);
        option.value = metric.id;
        return option;
      }),
    );
    const help = make('button', '?', 'learn-link');
    help.type = 'button';
    help.setAttribute('aria-label', 'What does this lens measure?');
    help.addEventListener('click', () => this.app.learn(this.lens.value));
    const head = make('div', undefined, 'controls');
    head.append(label, this.lens, help);
    this.body.replaceChildren(head, this.form, this.message);
    this.buildForm();
    this.describe();
  }

  private metric(): MetricInfo | undefined {
    return this.app.metric(this.lens.value);
  }

  private buildForm(): void {
    const metric = this.metric();
    if (!metric) return;
    const current = this.app.dataset?.params.get(metric.id) ?? {};
    const fields: HTMLElement[] = [];
    this.picker = null;
    this.budget = null;
    if (metric.id === 'betweenness') {
      const field = make('div', undefined, 'field');
      const label = make('label', 'Time budget');
      this.budget = make('select');
      this.budget.id = 'lens-budget';
      label.htmlFor = this.budget.id;
      const manual = make('option', 'as set in “Sampled sources” below');
      manual.value = '';
      this.budget.append(manual);
      for (const { ms, label: text } of BETWEENNESS_BUDGETS) {
        const option = make('option', text);
        option.value = String(ms);
        this.budget.append(option);
      }
      this.budget.value = current.k ? '' : '0';
      field.append(label, this.budget, make('span', 'Sets the sampled sources from the time one source takes here.', 'hint'));
      fields.push(field);
    }
    for (const param of metric.params) {
      const field = make('div', undefined, 'field');
      if (param.type === 'accounts') {
        this.picker = new AccountPicker(this.app, param.name, 50, () => {});
        const seeds = (current[param.id] as string[] | undefined) ?? [];
        const dataset = this.app.dataset!;
        this.picker.set(seeds.map((id) => dataset.ids.indexOf(id)).filter((i) => i >= 0));
        field.append(this.picker.element, make('span', param.help, 'hint'));
      } else {
        const input = make('input');
        input.type = 'number';
        input.id = `lens-param-${param.id}`;
        input.name = param.id;
        if (param.min !== undefined) input.min = String(param.min);
        if (param.max !== undefined) input.max = String(param.max);
        input.step = param.integer ? '1' : 'any';
        input.placeholder = param.default !== undefined ? String(param.default) : '';
        const value = current[param.id];
        input.value = typeof value === 'number' ? String(value) : '';
        const label = make('label', param.name);
        label.htmlFor = input.id;
        field.append(label, input, make('span', param.help, 'hint'));
      }
      fields.push(field);
    }
    const apply = make('button', 'Compute');
    apply.type = 'submit';
    const defaults = make('button', 'Back to defaults', 'secondary');
    defaults.type = 'button';
    defaults.addEventListener('click', () => void this.apply(true));
    const buttons = make('div', undefined, 'actions');
    buttons.append(apply, defaults);
    this.form.replaceChildren(...fields, buttons);
    this.message.textContent = '';
  }

  private async apply(toDefaults: boolean): Promise<void> {
    const metric = this.metric();
    if (!metric) return;
    const dataset = this.app.dataset!;
    let params: MetricParams | null = null;
    if (!toDefaults) {
      const values = Object.fromEntries(
        [...this.form.querySelectorAll<HTMLInputElement>('input[type="number"]')].map((input) => [input.name, input.value]),
      );
      const seeds = (this.picker?.accounts() ?? []).map((account) => dataset.ids[account]);
      const read = readParams(metric.params, values, seeds);
      if (read.errors.length) {
        this.message.textContent = read.errors.join(' ');
        return;
      }
      params = read.params;
      if (this.budget && this.budget.value !== '') {
        const budget = Number(this.budget.value);
        const { k, perSourceMs } = await this.app.task('Timing betweenness', () =>
          this.app.client.query({ type: 'calibrate', budgetMs: budget }),
        );
        if (budget === 0 || k === 0) delete params.k;
        else params.k = k;
        const input = this.form.querySelector<HTMLInputElement>('input[name="k"]');
        if (input) input.value = params.k ? String(params.k) : '';
        this.message.textContent =
          budget === 0
            ? 'Exact betweenness: every account is a source.'
            : k === 0
              ? 'The whole network fits in the budget: exact betweenness.'
              : `${formatCount(k)} sampled sources (one takes about ${perSourceMs.toFixed(1)} ms here).`;
      }
      if (Object.keys(params).length === 0) params = null;
    }
    try {
      await this.app.configure({ params: { [metric.id]: params } }, [...new Set([...this.shownColumns(), metric.id])]);
      this.show(metric.id);
      if (toDefaults) this.buildForm();
    } catch (error) {
      this.message.textContent =
        error instanceof CancelledError ? 'Cancelled.' : `Cannot compute: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** What each shown lens's run reports, beside the table. */
  describe(): void {
    const dataset = this.app.dataset;
    if (!dataset) return;
    const parts: string[] = [];
    for (const metric of this.shownColumns()) {
      if (metric === INDEX) continue;
      const details = dataset.details.get(metric) ?? [];
      if (!details.length) continue;
      const custom = dataset.params.has(metric) ? ' (custom settings)' : '';
      const described = details.map((d) => `${d.name.replace(/\s*\(1 yes, 0 no\)/, '').toLowerCase()} ${formatDetail(d.id, d.value)}`);
      parts.push(`${this.app.metricName(metric)}${custom}: ${described.join(', ')}`);
    }
    this.details.textContent = parts.join('. ') + (parts.length ? '.' : '');
  }
}

function formatDetail(id: string, value: number): string {
  if (id === 'converged') return value === 1 ? 'yes' : 'no';
  if (id === 'has_cycle') return value === 1 ? 'yes' : 'no, so eigenvector centrality is undefined here (the values are the last step of the calculation)';
  if (id.startsWith('error_bound')) return `±${formatScore(value)}`;
  return formatScore(value);
}

/**
 * A choice of one component (the `component` lens: separate conversations, 1 the
 * largest), for the rankings' filter and the map. It reads the component column from
 * the worker (keeping it to itself: the dataset's columns are what the exports write), offers "all components" and the largest ones, and hides itself when the
 * network is one piece. The components follow the kind weights: when the weighted
 * network changes, it reads them again and keeps the choice if it still exists.
 */
import { make, type App } from '../app';
import { CancelledError } from '../client';
import { componentLabel, componentSizes, type ComponentSize } from '../paths';

/** Components listed at most (the largest first); "all components" covers the rest. */
const LISTED = 100;

export class ComponentChoice {
  private column: Float64Array | null = null;
  private sizes: ComponentSize[] = [];
  private dataset: object | null = null;

  /**
   * `initial(accounts, sizes)` is the component a new dataset starts on (null: all);
   * `changed()` is called whenever the choice or the components change.
   */
  constructor(
    private readonly app: App,
    private readonly select: HTMLSelectElement,
    private readonly shown: HTMLElement[],
    private readonly initial: (accounts: number, sizes: readonly ComponentSize[]) => number | null,
    private readonly changed: () => void,
  ) {
    select.addEventListener('change', () => changed());
    app.on('graph', () => {
      if (this.dataset === app.dataset) void this.fill();
    });
    app.on('dataset', () => {
      this.column = null;
      this.sizes = [];
      this.dataset = null;
      this.setShown(false);
    });
  }

  /** Reads the components of the dataset in view; a new dataset starts on `initial`. */
  async fill(): Promise<void> {
    const dataset = this.app.dataset;
    if (!dataset) return;
    let column: Float64Array;
    try {
      // Asked of the worker directly, not kept among the dataset's columns: those are the
      // ones the exports write.
      const found = await this.app.task('Finding the components', (onProgress) => this.app.client.columns(['component'], onProgress));
      column = found.columns[0];
    } catch (error) {
      if (!(error instanceof CancelledError)) console.warn('components unavailable', error);
      return;
    }
    if (this.app.dataset !== dataset || !column) return;
    const fresh = this.dataset !== dataset;
    const previous = this.chosen();
    this.dataset = dataset;
    this.column = column;
    this.sizes = componentSizes(column);
    const option = (value: string, text: string) => {
      const created = make('option', text);
      created.value = value;
      return created;
    };
    const listed = this.sizes.slice(0, LISTED);
    this.select.replaceChildren(
      option('', `all ${this.sizes.length} components`),
      ...listed.map((size) => option(String(size.component), componentLabel(size))),
    );
    const wanted = fresh ? this.initial(column.length, this.sizes) : previous;
    this.select.value = wanted !== null && wanted <= listed.length ? String(wanted) : '';
    this.setShown(this.sizes.length > 1);
    this.changed();
  }

  /** The chosen component's number, or null for all. */
  chosen(): number | null {
    return this.select.value ? Number(this.select.value) : null;
  }

  /** Whether `account` is in the chosen component (every account is when none is chosen). */
  keeps(account: number): boolean {
    const chosen = this.chosen();
    return chosen === null || this.column === null || this.column[account] === chosen;
  }

  /** The components, largest first. */
  components(): readonly ComponentSize[] {
    return this.sizes;
  }

  /** Chooses a component (null: all), as if picked. */
  choose(component: number | null): void {
    this.select.value = component === null ? '' : String(component);
    this.changed();
  }

  private setShown(shown: boolean): void {
    for (const element of [this.select, ...this.shown]) element.hidden = !shown;
  }
}

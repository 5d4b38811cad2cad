/**
 * The influence index's four pillar weights and the six kind weights, as sliders that
 * re-rank live: changes are debounced, sent to the worker (which recomputes there), and
 * only the latest setting is computed when several arrive while one runs. The page
 * never waits on them: the table keeps its last order until the new one is ready.
 */
import { element, INDEX, make, type App } from '../app';
import { CancelledError } from '../client';
import { debounce, LatestOnly } from '../latest';
import type { Kind, KindWeights, Pillar } from '../protocol';

export const PILLARS: { id: Pillar; name: string; what: string }[] = [
  { id: 'reach', name: 'Reach', what: 'the audience: followers, else follows received' },
  { id: 'amplification', name: 'Amplification', what: 'reposts and quotes received' },
  { id: 'conversation', name: 'Conversation', what: 'replies and mentions received' },
  { id: 'network', name: 'Network', what: 'the position in the network: PageRank' },
];

/** Every interaction kind, in the core's order: the object's type makes the compiler refuse a
 * list that misses or invents one (`Kind` is generated from the Rust enum). */
const KIND_ORDER: Record<Kind, number> = { follow: 0, repost: 1, quote: 2, reply: 3, mention: 4, link: 5 };
export const KINDS = (Object.keys(KIND_ORDER) as Kind[]).sort((a, b) => KIND_ORDER[a] - KIND_ORDER[b]);

const SLIDER_MAX = 5;
const SLIDER_STEP = 0.5;
/** How long the sliders must rest before the worker is asked. */
const DEBOUNCE_MS = 250;

export class WeightsPanel {
  private readonly pillarSliders = element<HTMLDivElement>('pillar-sliders');
  private readonly kindSliders = element<HTMLDivElement>('kind-sliders');
  private readonly pillarNote = element<HTMLParagraphElement>('pillar-note');
  private readonly kindNote = element<HTMLParagraphElement>('kind-note');
  private readonly pillarInputs = new Map<Pillar, HTMLInputElement>();
  private readonly kindInputs = new Map<Kind, HTMLInputElement>();
  private readonly jobs = new LatestOnly();
  private readonly schedule = debounce(() => void this.jobs.submit(() => this.send()), DEBOUNCE_MS);

  /** `columns()` are the lenses the table shows (refreshed first); `onIndexWeights` runs when the pillars move. */
  constructor(
    private readonly app: App,
    private readonly columns: () => string[],
    private readonly onIndexWeights: () => void,
  ) {
    for (const pillar of PILLARS) {
      this.pillarSliders.append(
        this.slider(pillar.name, pillar.what, `pillar-${pillar.id}`, (input) => this.pillarInputs.set(pillar.id, input), () => {
          this.onIndexWeights();
          this.schedule();
        }),
      );
    }
    for (const kind of KINDS) {
      this.kindSliders.append(
        this.slider(kind, `how much one ${kind} counts`, `kind-${kind}`, (input) => this.kindInputs.set(kind, input), () =>
          this.schedule(),
        ),
      );
    }
    element<HTMLButtonElement>('pillar-reset').addEventListener('click', () => {
      for (const input of this.pillarInputs.values()) this.setSlider(input, 1);
      this.onIndexWeights();
      this.schedule();
    });
    element<HTMLButtonElement>('kind-reset').addEventListener('click', () => {
      for (const input of this.kindInputs.values()) this.setSlider(input, 1);
      this.schedule();
    });
    app.on('weights', () => void this.describePillars());
  }

  /** A new dataset: every weight back to 1; kinds absent from the data are shown as such. */
  reset(): void {
    const dataset = this.app.dataset;
    if (!dataset) return;
    for (const input of [...this.pillarInputs.values(), ...this.kindInputs.values()]) this.setSlider(input, 1);
    const present = dataset.summary.interactions;
    const absent = KINDS.filter((kind) => !present[kind]);
    for (const [kind, input] of this.kindInputs) {
      input.disabled = !present[kind];
      input.closest('label')?.classList.toggle('absent', !present[kind]);
    }
    this.kindNote.textContent = absent.length ? `Not in these data: ${absent.join(', ')}.` : '';
    void this.describePillars();
  }

  pillarWeights(): Record<Pillar, number> {
    return Object.fromEntries([...this.pillarInputs].map(([id, input]) => [id, Number(input.value)])) as Record<Pillar, number>;
  }

  kindWeights(): KindWeights {
    return Object.fromEntries([...this.kindInputs].map(([kind, input]) => [kind, Number(input.value)])) as KindWeights;
  }

  /** Sends the sliders' settings; the worker recomputes the shown columns under them. */
  private async send(): Promise<void> {
    const dataset = this.app.dataset;
    if (!dataset) return;
    const weights = this.pillarWeights();
    const allDefault = Object.values(weights).every((w) => w === 1);
    try {
      await this.app.configure(
        { kindWeights: this.kindWeights(), params: { [INDEX]: allDefault ? null : weights } },
        [...new Set([...this.columns(), INDEX])],
      );
    } catch (error) {
      // The worker is back to the weights the table shows: so are the sliders.
      this.showWeightsInForce();
      this.pillarNote.textContent =
        error instanceof CancelledError
          ? 'Cancelled: the weights are back to what the table shows.'
          : error instanceof Error
            ? error.message
            : String(error);
    }
  }

  private showWeightsInForce(): void {
    const dataset = this.app.dataset;
    if (!dataset) return;
    const pillars = (dataset.params.get(INDEX) ?? {}) as Partial<Record<Pillar, number>>;
    for (const [id, input] of this.pillarInputs) this.setSlider(input, pillars[id] ?? 1);
    for (const [kind, input] of this.kindInputs) this.setSlider(input, dataset.kindWeights[kind] ?? 1);
  }

  /** Which pillars the data feed, and from which lens; which are left out and why. */
  private async describePillars(): Promise<void> {
    try {
      const found = await this.app.pillars();
      if (!found) return;
      const used = found.pillars.filter((p) => p.present && p.weight > 0);
      const name = (id: Pillar) => PILLARS.find((p) => p.id === id)?.name ?? id;
      const parts = used.map((p) => `${name(p.pillar)} from ${this.app.sourceName(p.source)}${p.weight === 1 ? '' : ` (weight ${p.weight})`}`);
      const left = found.pillars.filter((p) => !p.present).map((p) => `${name(p.pillar)}: ${this.app.sourceName(p.source)}`);
      const zero = found.pillars.filter((p) => p.present && p.weight === 0).map((p) => name(p.pillar));
      this.pillarNote.textContent =
        (parts.length ? `The index averages ${parts.join(', ')}.` : 'No pillar has a weight: the index is empty.') +
        (left.length ? ` Left out: ${left.join('; ')}.` : '') +
        (zero.length ? ` Weighted 0: ${zero.join(', ')}.` : '');
    } catch (error) {
      if (!(error instanceof CancelledError)) this.pillarNote.textContent = error instanceof Error ? error.message : String(error);
    }
  }

  private slider(
    name: string,
    what: string,
    id: string,
    keep: (input: HTMLInputElement) => void,
    changed: () => void,
  ): HTMLLabelElement {
    const label = make('label', undefined, 'slider');
    label.htmlFor = id;
    const input = make('input');
    input.type = 'range';
    input.id = id;
    input.min = '0';
    input.max = String(SLIDER_MAX);
    input.step = String(SLIDER_STEP);
    input.value = '1';
    input.setAttribute('aria-describedby', `${id}-what`);
    const output = make('output', '1');
    output.htmlFor.add(id);
    input.addEventListener('input', () => {
      output.textContent = input.value;
      changed();
    });
    const text = make('span', name, 'slider-name');
    const help = make('span', what, 'slider-what');
    help.id = `${id}-what`;
    label.append(text, input, output, help);
    keep(input);
    return label;
  }

  private setSlider(input: HTMLInputElement, value: number): void {
    input.value = String(value);
    const output = input.parentElement?.querySelector('output');
    if (output) output.textContent = String(value);
  }
}

/**
 * Choosing accounts by typing: a search box whose suggestions (a native datalist, so it
 * works by keyboard and screen reader) are the accounts matching what was typed, by the
 * names shown (aliases under pseudonyms); chosen accounts appear as removable chips.
 * Used for personalised PageRank's seeds, the accounts the Time view compares and the
 * source of a path of attention (a picker of one, where a new choice replaces the old).
 */
import { make, type App } from '../app';
import { filterOrder, searchTexts } from '../search';

const SUGGESTIONS = 20;
let pickers = 0;

/** Search texts for the names shown, built once per dataset and naming. */
let textCache: { key: object; pseudonyms: boolean; texts: string[] } | null = null;
function texts(app: App): string[] {
  const dataset = app.dataset!;
  if (textCache?.key !== dataset || textCache.pseudonyms !== app.pseudonyms) {
    const count = dataset.ids.length;
    const labels = Array.from({ length: count }, (_, i) => app.label(i));
    const ids = Array.from({ length: count }, (_, i) => app.id(i));
    textCache = { key: dataset, pseudonyms: app.pseudonyms, texts: searchTexts(labels, ids) };
  }
  return textCache.texts;
}

export class AccountPicker {
  readonly element = make('div', undefined, 'picker');
  private readonly input = make('input');
  private readonly list = make('datalist');
  private readonly chips = make('ul', undefined, 'chips');
  private readonly note = make('span', undefined, 'hint');
  private chosen: number[] = [];
  private suggestions = new Map<string, number>();

  constructor(
    private readonly app: App,
    label: string,
    private readonly max: number,
    private readonly changed: (accounts: number[]) => void,
  ) {
    const id = `account-picker-${++pickers}`;
    this.input.type = 'search';
    this.input.id = id;
    this.input.autocomplete = 'off';
    this.input.placeholder = 'type a name or id';
    this.list.id = `${id}-list`;
    this.input.setAttribute('list', this.list.id);
    const caption = make('label', label);
    caption.htmlFor = id;
    this.chips.setAttribute('aria-label', label);
    // Choosing a suggestion puts its whole text in the box: take it rather than search for it.
    this.input.addEventListener('input', () => (this.suggestions.has(this.input.value) ? this.take() : this.suggest()));
    this.input.addEventListener('change', () => this.take());
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        this.take();
      }
    });
    this.element.append(caption, this.input, this.list, this.chips, this.note);
  }

  accounts(): number[] {
    return [...this.chosen];
  }

  /** Replaces the choice (without calling back). */
  set(accounts: number[]): void {
    this.chosen = accounts.slice(0, this.max);
    this.render();
  }

  /** Names changed (pseudonyms): the chips follow. */
  refresh(): void {
    this.render();
  }

  private name(account: number): string {
    const label = this.app.label(account);
    const id = this.app.id(account);
    return label === id ? label : `${label} · ${id}`;
  }

  private suggest(): void {
    const dataset = this.app.dataset;
    const query = this.input.value.trim();
    if (!dataset || query.length === 0) return;
    const count = dataset.ids.length;
    const order = this.app.shownOrder();
    const all = order.length === count ? order : Uint32Array.from({ length: count }, (_, i) => i);
    const found = filterOrder(all, texts(this.app), query).slice(0, SUGGESTIONS);
    this.suggestions = new Map([...found].map((account) => [this.name(account), account]));
    this.list.replaceChildren(
      ...[...this.suggestions.keys()].map((name) => {
        const option = make('option');
        option.value = name;
        return option;
      }),
    );
  }

  private take(): void {
    const account = this.suggestions.get(this.input.value);
    if (account === undefined) return;
    this.input.value = '';
    if (this.chosen.includes(account)) return;
    // A picker of one account: the new choice replaces the old.
    if (this.max === 1) this.chosen = [];
    if (this.chosen.length >= this.max) {
      this.note.textContent = `At most ${this.max}: remove one first.`;
      return;
    }
    this.chosen.push(account);
    this.render();
    this.changed(this.accounts());
  }

  private render(): void {
    this.note.textContent = '';
    this.chips.replaceChildren(
      ...this.chosen.map((account) => {
        const chip = make('li', undefined, 'chip');
        const name = this.name(account);
        const remove = make('button', '×', 'chip-remove');
        remove.type = 'button';
        remove.setAttribute('aria-label', `Remove ${name}`);
        remove.addEventListener('click', () => {
          this.chosen = this.chosen.filter((a) => a !== account);
          this.render();
          this.changed(this.accounts());
          this.input.focus();
        });
        chip.append(make('span', name), remove);
        return chip;
      }),
    );
  }
}

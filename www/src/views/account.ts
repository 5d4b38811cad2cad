/**
 * The selected account, in brief: its names, its rank and value under each computed
 * lens, and the accounts that pay it the most attention. (The full card, with the
 * influence index's pillars and the ego network, arrives with those APIs.)
 */
import { element, make, rankOf, type App } from '../app';
import { formatScore } from '../ranking';

const SOURCES_SHOWN = 5;

export class AccountPanel {
  private readonly panel = element<HTMLElement>('account-panel');
  private readonly title = element<HTMLHeadingElement>('account-title');
  private readonly idLine = element<HTMLParagraphElement>('account-id');
  private readonly scores = element<HTMLDListElement>('account-scores');
  private readonly sources = element<HTMLOListElement>('account-sources');
  private request = 0;

  constructor(private readonly app: App) {
    app.on('selection', () => void this.render());
    app.on('names', () => void this.render());
    app.on('columns', () => void this.render());
    element<HTMLButtonElement>('account-close').addEventListener('click', () => app.select(null));
  }

  async render(): Promise<void> {
    const account = this.app.selected;
    const dataset = this.app.dataset;
    const request = ++this.request;
    if (account === null || !dataset) {
      this.panel.hidden = true;
      return;
    }
    this.panel.hidden = false;
    this.title.textContent = this.app.label(account);
    this.idLine.textContent = `id ${this.app.id(account)}`;
    const rows: HTMLElement[] = [];
    for (const [metric, values] of dataset.columns) {
      rows.push(
        make('dt', this.app.metricName(metric)),
        make('dd', `${formatScore(values[account])} (#${rankOf(values, account).toLocaleString('en-US')} of ${values.length.toLocaleString('en-US')})`),
      );
    }
    this.scores.replaceChildren(...rows);
    let neighbours;
    try {
      neighbours = await this.app.client.neighbours(account);
    } catch {
      return; // the worker was replaced (cancel, crash): the next selection asks again
    }
    if (request !== this.request) return;
    const order = Array.from(neighbours.incoming.keys())
      .sort((a, b) => neighbours.incomingWeights[b] - neighbours.incomingWeights[a] || neighbours.incoming[a] - neighbours.incoming[b])
      .slice(0, SOURCES_SHOWN);
    this.sources.replaceChildren(
      ...(order.length
        ? order.map((i) => make('li', `${this.app.label(neighbours.incoming[i])} (${formatScore(neighbours.incomingWeights[i])})`))
        : [make('li', 'nobody in these data')]),
    );
  }
}

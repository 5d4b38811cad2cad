/**
 * The Learn view: for each lens, its plain-language explanation, reference and
 * complexity (from the core's catalogue), a worked example computed on the loaded data
 * and on a tiny network, and the caveats that qualify it; then general topics (the
 * million follower fallacy, k-cores, sampling error, the layout, pseudonyms). Every
 * column header and map control has a "?" that opens the matching entry here.
 */
import { element, make, rankOf, type App } from '../app';
import { ANALYSIS_TOPICS, caveatsFor, topic, TOPICS, type Topic } from '../learn-content';
import type { MetricInfo } from '../protocol';
import { formatScore } from '../ranking';

/** Topics about the page itself rather than a lens. */
const PAGE_TOPICS: Topic[] = [
  {
    id: 'forceatlas2',
    title: 'How the map is laid out',
    paragraphs: [
      'The map uses ForceAtlas2 (Jacomy, Venturini, Heymann & Bastian 2014), the layout of Gephi, computed in this page\'s analysis engine. Accounts repel each other, interactions pull the accounts they join together, and a gentle gravity keeps separate groups in view; clusters appear as accounts that interact among themselves more than with others.',
      'It starts from seeded random positions, so the same data and seed give the same map. Distances on the map are not scores: a central position means many connections in all directions, not influence. LinLog makes clusters tighter; "dissuade hubs" pushes highly connected accounts to the edges of their clusters; both are on by default when most accounts have a single neighbour (a star-shaped network, such as a collection of retweets). Once the shape has formed, "prevent overlap" makes each account a disc of the size it is drawn with (from its number of neighbours) that others cannot enter. Accounts without any interaction are parked in rows under the map. Large networks use the Barnes-Hut approximation (θ = 1.2).',
    ],
  },
  {
    id: 'map-encodings',
    title: 'Reading sizes and colours',
    paragraphs: [
      'A node\'s area is proportional to the lens chosen under "Size by": twice the value, twice the ink. Colours show a category (a country, a kind of account) or, for a score, which fifth of all accounts it falls in (darker is higher). Labels name the accounts largest by the size lens.',
    ],
  },
  {
    id: 'pseudonyms',
    title: 'Pseudonymise',
    paragraphs: [
      'The switch replaces every handle, name and id by an alias such as "Account 0042" in the tables, on the map and in every export (CSV, JSON, GEXF, SVG, PNG). Aliases are numbered by a keyed hash of the account id with a key drawn at random when the page loads: they stay the same until you reload, and reveal nothing about the account, not even its rank.',
      'Attributes shared by many accounts (a country, a category) are kept; attributes with nearly one value per account (a bio, a URL) are left out of pseudonymised exports, since they would identify the account. Warning texts, which may quote the data, are left out of the report.',
    ],
  },
];

export class LearnView {
  private readonly index = element<HTMLUListElement>('learn-index');
  private readonly body = element<HTMLDivElement>('learn-body');
  /** Examples are computed once per lens per dataset. */
  private examples = new Map<string, Promise<HTMLElement>>();

  private readonly panel = element<HTMLElement>('view-learn');

  constructor(private readonly app: App) {
    app.on('names', () => this.renderIfShown());
    app.on('columns', () => this.renderIfShown());
  }

  reset(): void {
    this.examples.clear();
    this.renderIfShown();
  }

  /** The entries are built when the view is shown (main.ts renders it then). */
  private renderIfShown(): void {
    if (!this.panel.hidden) this.render();
  }

  /** Renders everything; `focus` scrolls to and focuses one entry. */
  render(focus?: string): void {
    const dataset = this.app.dataset;
    if (!dataset) return;
    const entries: HTMLElement[] = [];
    const links: HTMLLIElement[] = [];
    for (const metric of dataset.catalogue) {
      entries.push(this.lensEntry(metric));
      links.push(this.link(metric.id, metric.name));
    }
    for (const general of [...ANALYSIS_TOPICS, ...TOPICS, ...PAGE_TOPICS]) {
      entries.push(this.topicEntry(general));
      links.push(this.link(general.id, general.title));
    }
    this.index.replaceChildren(...links);
    this.body.replaceChildren(...entries);
    if (focus) this.focus(focus);
  }

  focus(id: string): void {
    const heading = document.getElementById(`learn-${id}-title`);
    if (!heading) return;
    heading.scrollIntoView({ block: 'start' });
    heading.focus();
  }

  private link(id: string, text: string): HTMLLIElement {
    const item = make('li');
    const anchor = make('a', text);
    anchor.href = `#learn-${id}`;
    anchor.addEventListener('click', (event) => {
      event.preventDefault();
      this.focus(id);
    });
    item.append(anchor);
    return item;
  }

  private heading(id: string, text: string): HTMLHeadingElement {
    const heading = make('h2', text);
    heading.id = `learn-${id}-title`;
    heading.tabIndex = -1;
    return heading;
  }

  private lensEntry(metric: MetricInfo): HTMLElement {
    const article = make('article', undefined, 'learn-entry');
    article.id = `learn-${metric.id}`;
    // Plain words first (what it means, an example, a caveat); the reference and the cost after.
    article.append(this.heading(metric.id, metric.name), make('p', metric.explanation));
    // Plain words first; the reference and the cost are for specialists, at the end.
    if (metric.params.length > 0) {
      const facts = make('dl', undefined, 'facts');
      facts.append(make('dt', 'Settings'), make('dd', metric.params.map((p) => `${p.name}: ${p.help}`).join(' ')));
      article.append(facts);
    }
    article.append(make('h3', 'On your data'), this.onData(metric));
    const example = make('div', undefined, 'example');
    example.append(make('p', 'Computing a small example…', 'hint'));
    article.append(make('h3', 'A tiny example'), example);
    void this.tinyExample(metric).then((content) => example.replaceChildren(content));
    article.append(make('h3', 'Caveats'));
    const caveats = make('ul');
    for (const id of caveatsFor(metric.id)) {
      const about = topic(id);
      if (!about) continue;
      const item = make('li');
      const anchor = make('a', about.title);
      anchor.href = `#learn-${id}`;
      anchor.addEventListener('click', (event) => {
        event.preventDefault();
        this.focus(id);
      });
      item.append(anchor, document.createTextNode(`: ${about.paragraphs[0]}`));
      caveats.append(item);
    }
    article.append(caveats, make('p', `For specialists: ${metric.reference}. Cost: ${metric.complexity}.`, 'specialists hint'));
    return article;
  }

  /** "The top account by this lens is X with V", with the context that explains it. */
  private onData(metric: MetricInfo): HTMLElement {
    const dataset = this.app.dataset!;
    const values = dataset.columns.get(metric.id);
    const paragraph = make('p');
    if (!values) {
      paragraph.textContent = 'Not computed yet. ';
      const button = make('button', `Compute ${metric.name}`, 'secondary');
      button.type = 'button';
      button.addEventListener('click', () => void this.app.ensureColumns([metric.id]));
      paragraph.append(button);
      return paragraph;
    }
    if (values.length === 0) {
      paragraph.textContent = 'The network is empty.';
      return paragraph;
    }
    if (metric.values === 'category') return this.onDataCategory(metric, values);
    let top = -1;
    for (let i = 0; i < values.length; i++) if (top < 0 || values[i] > values[top]) top = i;
    const inDegree = dataset.columns.get('in_degree');
    // Ranks under the other columns loaded (labels such as components have none).
    const others = [...dataset.columns.entries()].filter(([id]) => id !== metric.id && this.app.metric(id)?.values !== 'category');
    const elsewhere = others.map(([id, column]) => `#${rankOf(column, top)} by ${this.app.metricName(id)}`);
    paragraph.textContent =
      `The top account by ${metric.name} is ${this.app.label(top)} with ${formatScore(values[top])}` +
      (inDegree && metric.id !== 'in_degree' ? `; ${formatScore(inDegree[top])} different accounts interacted with it` : '') +
      (elsewhere.length ? `. It ranks ${elsewhere.join(', ')}.` : '.');
    // Why: who pays it attention, the same sources its account card names (its PageRank's
    // largest givers), and where they rank themselves under this lens.
    const why = make('span');
    paragraph.append(' ', why);
    void this.app.client.query({ type: 'explain', account: top, lenses: [], contributors: 3 }).then((explanation) => {
      const named = explanation.contributors.map(
        (c) => `${this.app.label(c.index)} (${(c.share * 100).toFixed(1)}% of its PageRank, #${rankOf(values, c.index)} by ${metric.name})`,
      );
      if (named.length === 0) return;
      why.textContent = `Most of its attention comes from ${named.join(', ')}, as its account card lists.`;
    }, () => {
      // The worker was replaced meanwhile; the sentence is a bonus.
    });
    const detailList = dataset.details.get(metric.id) ?? [];
    if (detailList.length) {
      const details = make('p', detailList.map((d) => `${d.name}: ${formatScore(d.value)}`).join('; '), 'hint');
      const wrapper = make('div');
      wrapper.append(paragraph, details);
      return wrapper;
    }
    return paragraph;
  }

  /** A label, not a score (a community, a component): where the leader by PageRank sits, and with how many. */
  private onDataCategory(metric: MetricInfo, values: Float64Array): HTMLElement {
    const dataset = this.app.dataset!;
    const pagerank = dataset.columns.get('pagerank');
    let leader = 0;
    if (pagerank) for (let i = 0; i < pagerank.length; i++) if (pagerank[i] > pagerank[leader]) leader = i;
    let shared = 0;
    for (const value of values) if (value === values[leader]) shared++;
    const who = pagerank ? `${this.app.label(leader)}, the leader by PageRank,` : `${this.app.label(leader)}, the first account read,`;
    const text =
      `A label, not a score. For example, ${who} is in ${metric.name.toLowerCase()} ${formatScore(values[leader])}, ` +
      `with ${formatScore(shared - 1)} other accounts.`;
    const detailList = dataset.details.get(metric.id) ?? [];
    const wrapper = make('div');
    wrapper.append(make('p', text));
    if (detailList.length) wrapper.append(make('p', detailList.map((d) => `${d.name}: ${formatScore(d.value)}`).join('; '), 'hint'));
    return wrapper;
  }

  private tinyExample(metric: MetricInfo): Promise<HTMLElement> {
    let example = this.examples.get(metric.id);
    if (!example) {
      example = this.app.client.example(metric.id).then(
        ({ ids, edges, values }) => {
          const wrapper = make('div');
          wrapper.append(make('p', `Interactions: ${edges.map(([a, b]) => `${a} → ${b}`).join(', ')}.`));
          const table = make('table', undefined, 'small');
          const head = make('tr');
          head.append(make('th', 'Account'), make('th', metric.name, 'number'));
          table.append(head);
          const order = ids.map((_, i) => i).sort((a, b) => values[b] - values[a] || a - b);
          for (const i of order) {
            const row = make('tr');
            row.append(make('td', ids[i]), make('td', formatScore(values[i]), 'number'));
            table.append(row);
          }
          wrapper.append(table);
          return wrapper;
        },
        (error: unknown) => make('p', `No example: ${error instanceof Error ? error.message : String(error)}`, 'hint'),
      );
      this.examples.set(metric.id, example);
    }
    return example;
  }

  private topicEntry(about: Topic): HTMLElement {
    const article = make('article', undefined, 'learn-entry');
    article.id = `learn-${about.id}`;
    article.append(this.heading(about.id, about.title), ...about.paragraphs.map((text) => make('p', text)));
    return article;
  }
}

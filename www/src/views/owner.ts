/**
 * An account export's owner first. An X, Mastodon or Bluesky export is an ego network: a
 * ranking of the accounts around its owner answers little (most are tied), so above the
 * table the page answers what the owner asks: which of my posts travelled, whom do I
 * engage and how, and when was I active. The core computes it (`Session::owner_view`);
 * this panel names accounts through the app (pseudonyms apply) and draws the months.
 */
import type { OwnerView } from '../generated/api';
import { element, make, type App } from '../app';
import { formatCount } from '../ranking';

const SVG = 'http://www.w3.org/2000/svg';

export class OwnerPanel {
  private readonly panel = element<HTMLElement>('owner-view');
  private view: OwnerView | null = null;
  /** Bumped on every dataset, so a late answer for an old one is dropped. */
  private generation = 0;

  constructor(private readonly app: App) {
    app.on('dataset', () => void this.load());
    app.on('names', () => this.render());
  }

  private async load(): Promise<void> {
    const generation = ++this.generation;
    this.view = null;
    this.app.owner = null;
    this.render();
    try {
      const view = await this.app.client.query({ type: 'owner' });
      if (generation !== this.generation) return;
      this.view = view;
      this.app.owner = view?.owner.index ?? null;
      this.render();
      this.app.emit('selection'); // the map labels the owner
    } catch {
      // The worker was replaced meanwhile: the next dataset asks again.
    }
  }

  private render(): void {
    const view = this.view;
    this.panel.hidden = view === null;
    if (!view) return this.panel.replaceChildren();
    const owner = this.app.label(view.owner.index);
    const heading = make('h2', `${owner}'s export`, 'section-title');
    heading.id = 'owner-title';
    const intro = make(
      'p',
      `This is ${owner}'s own export: an ego network around ${owner}, so the ranking below mostly orders the accounts ${owner} ` +
        'dealt with. First, what the owner asks.',
      'hint',
    );
    this.panel.replaceChildren(heading, intro, this.travelled(view), this.engaged(view), this.activity(view));
    for (const other of view.other_owners) {
      this.panel.append(make('p', `The files also hold the export of ${this.app.label(other.index)}.`, 'hint'));
    }
  }

  private travelled(view: OwnerView): HTMLElement {
    const box = make('div', undefined, 'owner-part');
    box.id = 'owner-posts';
    const totals = view.public_totals;
    const counted = (['reposts', 'quotes', 'replies', 'likes'] as const)
      .filter((k) => totals[k] !== null)
      .map((k) => `${formatCount(totals[k]!)} ${totals[k] === 1 ? k.slice(0, -1) : k}`);
    box.append(
      make('h3', 'Posts that travelled'),
      make(
        'p',
        `${formatCount(view.posts)} post${view.posts === 1 ? '' : 's'} in the export` +
          (counted.length ? `; the platform counted ${counted.join(', ')} in all.` : '; the export carries no public counts.'),
        'hint',
      ),
    );
    if (view.travelled.length === 0) return box;
    const table = make('table', undefined, 'small');
    const head = make('tr');
    for (const title of ['Post', 'When', 'Reposts', 'Quotes', 'Replies', 'Likes', 'In these files']) head.append(make('th', title, title === 'Post' || title === 'When' ? undefined : 'number'));
    table.append(head);
    const count = (value: number | null) => (value === null ? '–' : formatCount(value));
    for (const post of view.travelled) {
      const row = make('tr');
      row.append(
        make('td', post.id),
        make('td', post.time ? post.time.slice(0, 10) : 'undated'),
        make('td', count(post.reposts), 'number'),
        make('td', count(post.quotes), 'number'),
        make('td', count(post.replies), 'number'),
        make('td', count(post.likes), 'number'),
        make('td', formatCount(post.in_data), 'number'),
      );
      table.append(row);
    }
    box.append(table);
    return box;
  }

  private engaged(view: OwnerView): HTMLElement {
    const box = make('div', undefined, 'owner-part');
    box.id = 'owner-engaged';
    const owner = this.app.label(view.owner.index);
    box.append(make('h3', `Whom ${owner} engages`));
    const received = kindCounts(view.received);
    box.append(
      make(
        'p',
        `${formatCount(view.engaged_accounts)} account${view.engaged_accounts === 1 ? '' : 's'}, most first. ` +
          (received.length ? `Received in these files: ${received.join(', ')}.` : 'These files hold nothing sent to the owner.'),
        'hint',
      ),
    );
    const list = make('ol', undefined, 'owner-engaged');
    for (const engaged of view.engaged) {
      const kinds = kindCounts(engaged.kinds);
      const item = make('li');
      const name = make('button', this.app.label(engaged.account.index), 'link');
      name.type = 'button';
      name.addEventListener('click', () => this.app.select(engaged.account.index));
      item.append(name, document.createTextNode(`: ${kinds.join(', ')}`));
      list.append(item);
    }
    box.append(list);
    return box;
  }

  /** The owner's posts and interactions per month, as bars (empty months stay empty). */
  private activity(view: OwnerView): HTMLElement {
    const box = make('div', undefined, 'owner-part');
    box.id = 'owner-activity';
    box.append(make('h3', 'Activity by month'));
    const months = view.activity;
    if (months.length === 0) {
      box.append(make('p', 'No post or interaction of the owner is dated.', 'hint'));
      return box;
    }
    const most = Math.max(1, ...months.map((m) => m.posts + m.interactions));
    const width = 640;
    const height = 120;
    const bar = width / months.length;
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', `0 0 ${width} ${height + 18}`);
    svg.setAttribute('role', 'img');
    const busiest = months.reduce((a, b) => (b.posts + b.interactions > a.posts + a.interactions ? b : a));
    svg.setAttribute(
      'aria-label',
      `From ${months[0].month} to ${months[months.length - 1].month}; the busiest month, ${busiest.month}, had ${formatCount(busiest.posts)} posts and ${formatCount(busiest.interactions)} interactions.`,
    );
    months.forEach((month, i) => {
      const total = month.posts + month.interactions;
      const rect = document.createElementNS(SVG, 'rect');
      const h = (total / most) * height;
      rect.setAttribute('x', String(i * bar + 0.5));
      rect.setAttribute('y', String(height - h));
      rect.setAttribute('width', String(Math.max(1, bar - 1)));
      rect.setAttribute('height', String(h));
      rect.setAttribute('class', 'owner-bar');
      const title = document.createElementNS(SVG, 'title');
      title.textContent = `${month.month}: ${formatCount(month.posts)} post${month.posts === 1 ? '' : 's'}, ${formatCount(month.interactions)} interaction${month.interactions === 1 ? '' : 's'}`;
      rect.append(title);
      svg.append(rect);
    });
    for (const [x, anchor, text] of [
      [0, 'start', months[0].month],
      [width, 'end', months[months.length - 1].month],
    ] as const) {
      const label = document.createElementNS(SVG, 'text');
      label.setAttribute('x', String(x));
      label.setAttribute('y', String(height + 14));
      label.setAttribute('text-anchor', anchor);
      label.setAttribute('class', 'owner-axis');
      label.textContent = text;
      svg.append(label);
    }
    box.append(svg, make('p', `Busiest: ${busiest.month}. Each bar is a month's posts and interactions by the owner.`, 'hint'));
    return box;
  }
}

/** Counts by kind as words: `{ reply: 3, follow: 1 }` gives ["3 replies", "1 follow"]. */
function kindCounts(counts: Partial<Record<string, number>>): string[] {
  return Object.entries(counts).map(([kind, n = 0]) => `${formatCount(n)} ${kindWord(kind, n)}`);
}

/** "1 reply", "3 replies", "2 follows": the kind's id as a counted word. */
export function kindWord(kind: string, count: number): string {
  if (count === 1) return kind;
  return kind === 'reply' ? 'replies' : `${kind}s`;
}

/**
 * The account card's "How attention reaches it": pick another account (by typing, as
 * everywhere), and the card shows the path of attention from it to the card's account
 * (the shortest chain of interactions along their direction, the strongest among the
 * shortest: `attentionPath` in the worker), each step with its interactions by kind, and
 * the map highlights the chain. Below it, whether the account is a gatekeeper (what
 * removing it would split) and the bridges it touches (`gatekeeping`). The source stays
 * picked when the card moves to another account. Names go through the app (pseudonyms).
 */
import { make, type App, type Highlight } from '../app';
import { CancelledError } from '../client';
import { bridgesSentence, gatekeepingSentence, pathSentence, pathTitle, stepLines } from '../paths';
import type { AttentionPath, Gatekeeping } from '../protocol';
import { AccountPicker } from './picker';

export class AttentionSection {
  readonly element = make('section', undefined, 'attention');
  private readonly picker: AccountPicker;
  private readonly sentence = make('p', undefined, 'attention-sentence');
  private readonly steps = make('ol', undefined, 'attention-steps');
  private readonly gatekeeper = make('p', undefined, 'attention-gatekeeper');
  private readonly bridges = make('p', undefined, 'hint attention-bridges');
  /** The card's account, and what was last shown for it. */
  private account: number | null = null;
  private path: AttentionPath | null = null;
  private gatekeeping: Gatekeeping | null = null;
  /** The highlight this section asked for, to replace or clear only its own. */
  private highlight: Highlight | null = null;
  private gatekeepingRequest = 0;
  private pathRequest = 0;

  constructor(private readonly app: App) {
    const heading = (text: string, topic: string, question: string) => {
      const created = make('h3', `${text} `);
      const learn = make('button', '?', 'learn-link');
      learn.type = 'button';
      learn.setAttribute('aria-label', question);
      learn.addEventListener('click', () => app.learn(topic));
      created.append(learn);
      return created;
    };
    this.picker = new AccountPicker(app, 'From account', 1, () => void this.findPath());
    this.steps.setAttribute('aria-label', 'Steps of the path');
    this.sentence.setAttribute('aria-live', 'polite');
    const paths = heading('How attention reaches it', 'attention-paths', 'What is a path of attention?');
    const gatekeeping = heading('Does it hold the network together?', 'gatekeepers', 'What is a gatekeeper?');
    this.element.append(paths, this.picker.element, this.sentence, this.steps, gatekeeping, this.gatekeeper, this.bridges);
    app.on('names', () => {
      this.picker.refresh();
      this.draw();
    });
    app.on('dataset', () => {
      this.picker.set([]);
      this.highlight = null;
    });
  }

  /** The card now shows `account` (or the weights changed): ask again. */
  show(account: number): void {
    this.account = account;
    this.path = null;
    this.gatekeeping = null;
    this.draw();
    void this.findGatekeeping(account);
    void this.findPath();
  }

  private async findGatekeeping(account: number): Promise<void> {
    const request = ++this.gatekeepingRequest;
    try {
      const found = await this.app.client.query({ type: 'gatekeeping', account });
      if (request !== this.gatekeepingRequest) return;
      this.gatekeeping = found;
      this.draw();
    } catch (error) {
      if (request !== this.gatekeepingRequest) return;
      this.gatekeeper.textContent = error instanceof CancelledError ? '' : `Cannot tell: ${String(error)}`;
    }
  }

  /** The path from the picked account to the card's, highlighted on the map. */
  private async findPath(): Promise<void> {
    const request = ++this.pathRequest;
    const [from] = this.picker.accounts();
    const to = this.account;
    if (from === undefined || to === null) {
      this.path = null;
      this.clearHighlight();
      this.draw();
      return;
    }
    this.sentence.textContent = 'Looking for the path…';
    try {
      const path = await this.app.client.query({ type: 'attention-path', from, to });
      if (request !== this.pathRequest) return;
      this.path = path;
    } catch (error) {
      if (request !== this.pathRequest) return;
      this.sentence.textContent = error instanceof CancelledError ? '' : `Cannot find the path: ${String(error)}`;
      return;
    }
    this.showOnMap();
    this.draw();
  }

  private showOnMap(): void {
    const path = this.path;
    if (!path || path.path.length < 2) {
      this.clearHighlight();
      return;
    }
    const name = (account: number) => this.app.label(account);
    this.highlight = { accounts: new Set(path.path), path: path.path, what: pathTitle(path, name) };
    this.app.highlightAccounts(this.highlight);
  }

  private clearHighlight(): void {
    if (this.highlight && this.app.highlight === this.highlight) this.app.highlightAccounts(null);
    this.highlight = null;
  }

  /** Draws from what was last found (names may have changed since). */
  private draw(): void {
    const name = (account: number) => this.app.label(account);
    const path = this.path;
    if (!path) {
      this.sentence.textContent = this.picker.accounts().length
        ? ''
        : 'Pick an account to see the chain of interactions through which its attention reaches this one.';
      this.steps.replaceChildren();
    } else {
      this.sentence.textContent = pathSentence(path, name);
      this.steps.replaceChildren(...stepLines(path, name).map((line) => make('li', line)));
      // The map's note names the accounts too: it follows the names.
      if (this.highlight && this.app.highlight === this.highlight) this.showOnMap();
    }
    const found = this.gatekeeping;
    this.gatekeeper.textContent = found ? gatekeepingSentence(found) : '';
    this.bridges.textContent = found ? bridgesSentence(found, name) : '';
  }
}

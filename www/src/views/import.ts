/**
 * What was read, file by file (detected format, counts, interactions by kind, how account
 * rows joined, notes and warnings; a ZIP with the members read from it), how the network
 * holds together (components, strong components, reciprocity, density, cycles), and the
 * column-mapping step for tables: the core's guess for the file's first rows
 * (`previewTable`, in the worker), a role per column as select boxes, the separator,
 * header and shape, applied by reading the files again with `beginFile(name, options)`.
 */
import { element, make, type App } from '../app';
import { CancelledError } from '../client';
import { canMapColumns, formatName, groupArchiveMembers, kindCounts, reportLines } from '../formats';
import {
  DELIMITERS,
  defaultRoles,
  mappingProblems,
  ROLE_LABELS,
  roleFor,
  ROLES_BY_SHAPE,
  stateFromPreview,
  tableOptions,
  type MappingState,
  type RoleName,
  type Shape,
} from '../mapping';
import { structureSentences } from '../paths';
import type { FileOptions, FileReport, LoadSummary, TableOptions, Warning } from '../protocol';
import { formatBytes, formatCount } from '../ranking';

/** Preview rows shown in the mapping step. */
const PREVIEW_ROWS = 8;

export class ImportView {
  private readonly summary = element<HTMLElement>('summary');
  private readonly summaryText = element<HTMLParagraphElement>('summary-text');
  private readonly fileList = element<HTMLUListElement>('file-list');
  private readonly warnings = element<HTMLDetailsElement>('warnings');
  private readonly warningsTitle = element<HTMLElement>('warnings-title');
  private readonly warningList = element<HTMLUListElement>('warning-list');
  /** How the network holds together (components, cycles...), under the kind weights in force. */
  private readonly structure = make('p', undefined, 'structure-line');
  private structureRequest = 0;

  private readonly mapping = element<HTMLElement>('mapping');
  private readonly mappingFile = element<HTMLSpanElement>('mapping-file');
  private readonly delimiter = element<HTMLSelectElement>('mapping-delimiter');
  private readonly header = element<HTMLInputElement>('mapping-header');
  private readonly skip = element<HTMLInputElement>('mapping-skip');
  private readonly shape = element<HTMLSelectElement>('mapping-shape');
  private readonly undirected = element<HTMLInputElement>('mapping-undirected');
  private readonly undirectedLabel = element<HTMLLabelElement>('mapping-undirected-label');
  private readonly roleRow = element<HTMLTableRowElement>('mapping-roles');
  private readonly headerRow = element<HTMLTableRowElement>('mapping-headers');
  private readonly rows = element<HTMLTableSectionElement>('mapping-rows');
  private readonly problems = element<HTMLParagraphElement>('mapping-problems');
  private readonly apply = element<HTMLButtonElement>('mapping-apply');

  /** The summary on screen, with its warnings as the data gave them. */
  private shown: LoadSummary | null = null;
  private showRequest = 0;

  /** The file being mapped and the form's state. */
  private mapped: { file: File; state: MappingState; rows: string[][] } | null = null;
  private previewRequest = 0;

  /**
   * `files()` are the files on screen, `optionsFor(file)` how each was read, and
   * `reread(file, options)` reads everything again with a new mapping for `file`.
   */
  constructor(
    private readonly app: App,
    private readonly files: () => File[],
    private readonly optionsFor: (file: File) => FileOptions | null,
    private readonly reread: (file: File, options: FileOptions) => Promise<void>,
  ) {
    this.delimiter.replaceChildren(
      ...DELIMITERS.map(({ value, label }) => {
        const option = make('option', label);
        option.value = value;
        return option;
      }),
    );
    // Separator, header and skipped rows change how the rows are cut: ask the core again.
    for (const control of [this.delimiter, this.header, this.skip]) {
      control.addEventListener('change', () => void this.repreview());
    }
    this.shape.addEventListener('change', () => {
      if (!this.mapped) return;
      const shape = this.shape.value as Shape;
      this.mapped.state = { ...this.mapped.state, shape, roles: defaultRoles(shape, this.mapped.state.headers) };
      this.renderMapping();
    });
    this.undirected.addEventListener('change', () => {
      if (this.mapped) this.mapped.state.undirected = this.undirected.checked;
    });
    this.apply.addEventListener('click', () => void this.applyMapping());
    element<HTMLButtonElement>('mapping-close').addEventListener('click', () => this.closeMapping());
    // Warnings quote the data (ids, handles): they follow the naming like the table does.
    app.on('names', () => {
      if (this.shown) void this.show(this.shown);
    });
    this.structure.id = 'summary-structure';
    this.summary.append(this.structure);
    // A kind weighted 0 takes its interactions out of the structure too.
    app.on('graph', () => {
      if (this.shown) void this.showStructure();
    });
  }

  /** Components, strong components, reciprocity, density, cycles: asked of the worker. */
  private async showStructure(): Promise<void> {
    const request = ++this.structureRequest;
    try {
      const found = await this.app.client.query({ type: 'structure' });
      if (request !== this.structureRequest) return;
      this.structure.replaceChildren(make('strong', 'How it holds together: '), structureSentences(found).join(' '));
      const learn = make('button', '?', 'learn-link');
      learn.type = 'button';
      learn.setAttribute('aria-label', 'What do components and cycles say?');
      learn.addEventListener('click', () => this.app.learn('structure'));
      this.structure.append(' ', learn);
    } catch (error) {
      if (request === this.structureRequest) this.structure.textContent = error instanceof CancelledError ? '' : `Cannot describe the structure: ${String(error)}`;
    }
  }

  hide(): void {
    this.summary.hidden = true;
    this.shown = null;
    this.closeMapping();
  }

  /**
   * The summary and the per-file reports of what was loaded. Under pseudonyms the
   * warnings come from the session, which hides the names they quote, before any shows.
   */
  async show(summary: LoadSummary): Promise<void> {
    const fresh = this.shown !== summary;
    this.shown = summary;
    if (fresh) {
      this.structure.replaceChildren();
      void this.showStructure();
    }
    const request = ++this.showRequest;
    let warnings = summary.warnings;
    if (this.app.pseudonyms) {
      this.summary.hidden = true;
      warnings = await this.app.client.query({ type: 'warnings', salt: this.app.salt });
      if (request !== this.showRequest) return;
    }
    this.render({ ...summary, warnings });
  }

  private render(summary: LoadSummary): void {
    const kinds = kindCounts(summary.interactions);
    this.summaryText.textContent =
      `${formatCount(summary.nodes)} accounts, ${formatCount(summary.edges)} connections` +
      (summary.posts ? `, ${formatCount(summary.posts)} posts` : '') +
      (kinds ? `; interactions: ${kinds}` : '') +
      (summary.self_interactions ? `; ${summary.self_interactions} self-interactions left out` : '') +
      (summary.duplicates ? `; ${summary.duplicates} repeated posts counted once` : '');
    const dropped = this.files().map((file) => file.name);
    this.fileList.replaceChildren(
      ...groupArchiveMembers(summary.files).map(({ file, members }) => {
        const item = this.fileItem(file, summary.warnings, dropped);
        if (members.length) {
          const nested = make('ul', undefined, 'file-list members');
          nested.setAttribute('aria-label', `Files read from ${file.path}`);
          nested.append(...members.map((member) => this.fileItem(member, summary.warnings, dropped)));
          item.append(nested);
        }
        return item;
      }),
    );
    this.warnings.hidden = summary.warnings.length === 0;
    this.warningsTitle.textContent = `${summary.warnings.length} warning${summary.warnings.length === 1 ? '' : 's'}`;
    this.warningList.replaceChildren(...summary.warnings.map((w) => make('li', describeWarning(w))));
    // Folded into one line that says whether to look (warnings), open when nothing connected.
    const count = summary.warnings.length;
    element<HTMLSpanElement>('summary-flags').textContent = count ? ` (${count} warning${count === 1 ? '' : 's'}: open to read)` : ' (open for each file)';
    if (summary.edges === 0) element<HTMLDetailsElement>('read-details').open = true;
    this.summary.hidden = false;
  }

  private fileItem(report: FileReport, warnings: Warning[], dropped: string[]): HTMLLIElement {
    const item = make('li', undefined, 'file');
    item.dataset.path = report.path;
    const head = make('p', undefined, 'file-head');
    head.append(
      make('strong', report.path),
      document.createTextNode(`: ${formatName(report.format)}${report.bytes ? `, ${formatBytes(report.bytes)}` : ''}`),
    );
    if (canMapColumns(report, dropped)) {
      const button = make('button', 'Map columns', 'secondary small-button');
      button.type = 'button';
      button.dataset.mapFile = report.path;
      button.setAttribute('aria-label', `Map the columns of ${report.path}`);
      button.addEventListener('click', () => void this.openMapping(report.path));
      head.append(' ', button);
    }
    item.append(head);
    const lines = make('ul', undefined, 'file-facts');
    for (const line of reportLines(report)) lines.append(make('li', line));
    for (const note of report.notes) lines.append(make('li', `Note: ${note}`, 'note'));
    const own = warnings.filter((w) => w.file === report.path);
    if (own.length) {
      const shown = own.slice(0, 3).map((w) => describeWarning(w));
      const more = own.length > 3 ? ` (and ${own.length - 3} more, listed below)` : '';
      lines.append(make('li', `${own.length} warning${own.length === 1 ? '' : 's'}: ${shown.join('; ')}${more}`, 'warning'));
    } else if (report.warnings) {
      lines.append(make('li', `${report.warnings} warning${report.warnings === 1 ? '' : 's'} (listed below)`, 'warning'));
    }
    item.append(lines);
    return item;
  }

  /** Opens the mapping step for a dropped table, starting from how it was last read. */
  async openMapping(path: string): Promise<void> {
    const file = this.files().find((f) => f.name === path);
    if (!file) return;
    const previous = this.optionsFor(file)?.table;
    this.mappingFile.textContent = file.name;
    this.mapping.hidden = false;
    this.problems.textContent = '';
    const preview = await this.preview(file, previous ? { ...previous, columns: previous.columns } : undefined);
    if (!preview) return;
    this.mapped = { file, state: stateFromPreview(preview, previous?.undirected ?? false), rows: preview.rows };
    this.renderMapping();
    this.mapping.scrollIntoView({ block: 'nearest' });
    this.delimiter.focus();
  }

  private closeMapping(): void {
    this.mapping.hidden = true;
    this.mapped = null;
  }

  private async preview(file: File, options?: TableOptions) {
    const request = ++this.previewRequest;
    try {
      const preview = await this.app.client.query({ type: 'preview', file, options });
      return request === this.previewRequest ? preview : null;
    } catch (error) {
      if (!(error instanceof CancelledError)) this.problems.textContent = `Cannot read the table: ${String(error)}`;
      return null;
    }
  }

  /** Separator, header or skipped rows changed: the core cuts the rows again and guesses the roles anew. */
  private async repreview(): Promise<void> {
    if (!this.mapped) return;
    const { file, state } = this.mapped;
    const skipRows = Math.max(0, Math.min(1000, Math.floor(Number(this.skip.value) || 0)));
    const preview = await this.preview(file, { delimiter: this.delimiter.value, has_header: this.header.checked, skip_rows: skipRows });
    if (!preview || !this.mapped) return;
    this.mapped = { file, state: stateFromPreview(preview, state.undirected), rows: preview.rows };
    this.renderMapping();
  }

  private renderMapping(): void {
    if (!this.mapped) return;
    const { state, rows } = this.mapped;
    this.delimiter.value = state.delimiter;
    if (this.delimiter.value !== state.delimiter) {
      // A separator the list lacks (the core accepts any ASCII character): offer it.
      const option = make('option', `“${state.delimiter}”`);
      option.value = state.delimiter;
      this.delimiter.append(option);
      this.delimiter.value = state.delimiter;
    }
    this.header.checked = state.hasHeader;
    this.skip.value = String(state.skipRows);
    this.shape.value = state.shape;
    this.undirected.checked = state.undirected;
    this.undirectedLabel.hidden = state.shape !== 'edges';
    const roles = ROLES_BY_SHAPE[state.shape];
    this.roleRow.replaceChildren(
      ...state.roles.map((role, column) => {
        const cell = make('th');
        cell.scope = 'col';
        const select = make('select');
        select.dataset.column = String(column);
        select.setAttribute('aria-label', `What column ${column + 1}${state.headers[column] ? ` (${state.headers[column]})` : ''} holds`);
        for (const name of roles) {
          const option = make('option', ROLE_LABELS[name]);
          option.value = name;
          select.append(option);
        }
        select.value = role.role;
        select.addEventListener('change', () => {
          if (!this.mapped) return;
          this.mapped.state.roles[column] = roleFor(select.value as RoleName, state.headers, column);
          this.showProblems();
        });
        cell.append(select);
        return cell;
      }),
    );
    this.headerRow.replaceChildren(
      ...state.headers.map((header, column) => make('th', header ?? `column ${column + 1}`, header ? undefined : 'hint')),
    );
    this.rows.replaceChildren(
      ...rows.slice(0, PREVIEW_ROWS).map((row) => {
        const tr = make('tr');
        for (let column = 0; column < state.headers.length; column++) tr.append(make('td', row[column] ?? ''));
        return tr;
      }),
    );
    this.showProblems();
  }

  private showProblems(): void {
    if (!this.mapped) return;
    const problems = mappingProblems(this.mapped.state);
    this.problems.textContent = problems.join(' ');
    this.apply.disabled = problems.length > 0;
  }

  private async applyMapping(): Promise<void> {
    if (!this.mapped || mappingProblems(this.mapped.state).length) return;
    const { file, state } = this.mapped;
    this.apply.disabled = true;
    try {
      await this.reread(file, { table: tableOptions(state) });
      this.closeMapping();
    } finally {
      this.apply.disabled = false;
    }
  }
}

export function describeWarning(w: Warning): string {
  return `${w.file}${w.line !== null ? `, line ${w.line}` : ''}: ${w.message}`;
}

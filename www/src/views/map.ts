/**
 * The Network map: sigma.js (WebGL) drawing a graphology graph that is only the view
 * model: positions come from the core's ForceAtlas2 in the worker, streamed while it
 * runs; sizes and colours come from score columns and attributes the worker computed.
 * Hover highlights an account's neighbours; click selects it; the leaders are labelled.
 * It draws one component or all (`ComponentChoice`): a large map opens on the largest.
 */
import Graph from 'graphology';
import Sigma from 'sigma';
import { EdgeLineProgram, EdgeRectangleProgram } from 'sigma/rendering';
import { element, make, type App } from '../app';
import { colourByCategory, colourByGradient, colourByValues, DEFAULT_COLOUR, nodeSizes, rgb, type Colouring } from '../palette';
import { componentLabel, defaultMapComponent, MAP_LARGEST_COMPONENT_ABOVE } from '../paths';
import type { LayoutSettings } from '../protocol';
import { formatScore, formatCount } from '../ranking';
import { mapSvg, type MapNode } from '../svg';
import { ComponentChoice } from './component-choice';

/** Iterations the layout runs by itself when the map first opens. */
const FIRST_RUN_ITERATIONS = 800;
/** Metric ids whose values name groups rather than measure anything. */
const PARTITION_METRIC = /community|partition|cluster|louvain/;
const FADED_NODE = '#e3e7ed';
/** Dark enough to see a single line of a pixel on white. */
const EDGE_COLOUR = '#aab4c2';
const EDGE_HIGHLIGHT = '#5b6472';
/** Edge widths: thicker when few are drawn, so that a sparse star's spokes show. */
const EDGE_SIZE_FEW = 1.6;
const EDGE_SIZE_MANY = 0.8;
const FEW_EDGES = 5000;
/** While the layout moves the nodes, the map draws at most this many of its connections (an
 * even sample): sigma re-indexes every drawn edge at every update, which would cost the page
 * more than the layout costs the worker. The rest come back, in slices, when it stops. */
const EDGES_WHILE_RUNNING = 5000;
/** The graph model is built, edges come back, and a large drawn map takes new positions,
 * sizes or colours, in slices of about this many ms, each its own main-thread task (so
 * that none blocks the page for long): a time budget, not a count, so that a slow or busy
 * machine makes more slices rather than longer ones. */
const SLICE_BUDGET_MS = 20;
/** Above this many accounts, updates to a drawn map go in slices (sigma re-reads each
 * account it is told about). */
const SLICED_ABOVE = 2000;
/** The map draws at most this many connections, an even sample of them beyond (sigma's
 * maintainers advise staying under 100,000 edges: indexing each costs the main thread,
 * at the first draw and whenever the edges come back after a large layout). Hover still
 * highlights every neighbour; exports other than the map's SVG carry every connection. */
const MAX_DRAWN_EDGES = 40000;
/** Positions are applied at most once per this many times the cost of the last apply,
 * so that drawing never takes more than a fraction of the main thread. */
const APPLY_INTERVAL_FACTOR = 4;

interface NodeAttributes {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
}

export class MapView {
  private readonly container = element<HTMLDivElement>('map-container');
  private readonly sizeBy = element<HTMLSelectElement>('size-by');
  private readonly colourBy = element<HTMLSelectElement>('colour-by');
  private readonly labelCount = element<HTMLSelectElement>('label-count');
  private readonly layoutButton = element<HTMLButtonElement>('layout-toggle');
  private readonly layoutStatus = element<HTMLSpanElement>('layout-status');
  private readonly legend = element<HTMLUListElement>('map-legend');
  private readonly edgesNote = element<HTMLParagraphElement>('map-edges-note');
  private readonly highlightNote = element<HTMLParagraphElement>('map-highlight-note');
  /** The highlight's path steps as `source,target` node keys, both ways. */
  private highlightSteps = new Set<string>();
  /** The component drawn (the largest by default on large maps), or all. */
  private readonly component: ComponentChoice;

  private graph: Graph<NodeAttributes> | null = null;
  /** The connections the map draws once the layout settles (an even sample beyond
   * MAX_DRAWN_EDGES), as node indices; `graph` holds them all, or fewer while it runs. */
  private drawnSources = new Uint32Array(0);
  private drawnTargets = new Uint32Array(0);
  /** Every `stride`-th drawn connection stays while the layout runs. */
  private runningStride = 1;
  /** Bumped whenever the graph's edges are replaced, so a slice loop of older ones stops. */
  private edgeFill = 0;
  /** The longest our own code held the main thread in one step while building or filling
   * the map, in ms (the browser tests read it beside the page's long tasks); sigma's own
   * constructor (its WebGL set-up) is counted apart, in `stepCosts.sigma`. */
  longestStep = 0;
  /** Every step of ours, in ms, in order. */
  readonly stepDurations: number[] = [];
  /** The longest of each kind of step, by name (what the browser tests report). */
  readonly stepCosts: Record<string, number> = {};
  /** How long each of sigma's renders took, in ms (its own work, beside ours). */
  readonly renderCosts: number[] = [];
  private sigma: Sigma<NodeAttributes> | null = null;
  private pendingPositions: Float32Array | null = null;
  private applyTimer = 0;
  private lastApplyAt = 0;
  private lastApplyCost = 0;
  private leaders = new Set<string>();
  private hovered: string | null = null;
  private hoveredNeighbours = new Set<string>();
  /** Every account's neighbours (both directions), drawn or not: offsets into `neighbourList`. */
  private neighbourOffsets: Uint32Array = new Uint32Array(1);
  private neighbourList: Uint32Array = new Uint32Array(0);
  /** Connections in the network, drawn or not. */
  private connections = 0;
  private running = false;
  private started = false;
  /** Bumped on every new dataset, so late answers for an old one are dropped. */
  private generation = 0;
  private building: Promise<void> | null = null;
  /** The tab has been opened: the model is built under sigma's eyes. */
  private showing = false;
  /** Bumped by every positions update, so that a sliced apply of older ones stops. */
  private positionsJob = 0;
  private applying = false;
  /** Bumped by every change of sizes or colours, as `positionsJob` for positions. */
  private encodingsJob = 0;
  iterations = 0;

  constructor(private readonly app: App) {
    this.component = new ComponentChoice(
      app,
      element<HTMLSelectElement>('map-component'),
      [element<HTMLParagraphElement>('map-component-note')],
      defaultMapComponent,
      () => this.showComponent(),
    );
    this.sizeBy.addEventListener('change', () => void this.applyEncodings());
    this.colourBy.addEventListener('change', () => void this.applyEncodings());
    this.labelCount.addEventListener('change', () => void this.applyEncodings());
    this.layoutButton.addEventListener('click', () => void (this.running ? this.stopLayout() : this.startLayout()));
    element<HTMLButtonElement>('layout-reset').addEventListener('click', () => void this.restartLayout());
    for (const id of ['fa2-linlog', 'fa2-strong-gravity', 'fa2-dissuade-hubs', 'fa2-prevent-overlap', 'fa2-park-isolated', 'fa2-gravity', 'fa2-scaling']) {
      element<HTMLInputElement>(id).addEventListener('change', () => {
        if (this.running) void this.app.client.startLayout(this.settings(), () => {});
      });
    }
    for (const control of document.querySelectorAll<HTMLButtonElement>('[data-learn-control]')) {
      control.addEventListener('click', () => {
        const select = element<HTMLSelectElement>(control.dataset.learnControl!);
        const [kind, id] = select.value.split(':');
        this.app.learn(kind === 'metric' ? id : 'map-encodings');
      });
    }
    app.on('names', () => this.refreshLabels());
    // Large type, the window or the account panel change the map's size: redraw to fit.
    new ResizeObserver(() => this.sigma?.resize().scheduleRender()).observe(this.container);
    app.on('selection', () => this.sigma?.refresh({ skipIndexation: true }));
    app.on('highlight', () => this.showHighlight());
    element<HTMLButtonElement>('map-highlight-clear').addEventListener('click', () => app.highlightAccounts(null));
    element<HTMLButtonElement>('map-zoom-in').addEventListener('click', () => void this.sigma?.getCamera().animatedZoom({ duration: 200 }));
    element<HTMLButtonElement>('map-zoom-out').addEventListener('click', () => void this.sigma?.getCamera().animatedUnzoom({ duration: 200 }));
    element<HTMLButtonElement>('map-zoom-fit').addEventListener('click', () => void this.sigma?.getCamera().animatedReset({ duration: 200 }));
    app.on('type-size', () => this.sigma?.setSetting('labelSize', this.labelSize()));
  }

  /** Another view pointed accounts out (or stopped): say so above the map and redraw. */
  private showHighlight(): void {
    const highlight = this.app.highlight;
    this.highlightSteps.clear();
    for (let k = 0; highlight?.path && k + 1 < highlight.path.length; k++) {
      const [a, b] = [highlight.path[k], highlight.path[k + 1]];
      this.highlightSteps.add(`${a},${b}`).add(`${b},${a}`);
    }
    this.highlightNote.hidden = highlight === null;
    element<HTMLSpanElement>('map-highlight-text').textContent =
      highlight === null ? '' : `Highlighted: ${highlight.what} (${formatCount(highlight.accounts.size)} accounts).`;
    this.sigma?.refresh({ skipIndexation: true });
  }

  /** Says which component the map draws, and redraws. */
  private showComponent(): void {
    const chosen = this.component.chosen();
    const sizes = this.component.components();
    const total = formatCount(this.app.dataset?.ids.length ?? 0);
    const why =
      chosen === 1 && (this.app.dataset?.ids.length ?? 0) > MAP_LARGEST_COMPONENT_ABOVE
        ? ` (a map of more than ${formatCount(MAP_LARGEST_COMPONENT_ABOVE)} accounts opens on its largest component)`
        : '';
    element<HTMLSpanElement>('map-component-text').textContent =
      chosen === null
        ? `The map draws every account: ${total} in ${formatCount(sizes.length)} separate components.`
        : `The map draws ${componentLabel(sizes[chosen - 1])} of ${total} accounts${why}; the others are hidden.`;
    this.sigma?.refresh({ skipIndexation: true });
  }

  /** Hidden: outside the component drawn, unless selected or pointed out. */
  private outside(account: number): boolean {
    return !this.component.keeps(account) && account !== this.app.selected && !this.app.highlight?.accounts.has(account);
  }

  /** A new dataset: forget the old map; it is built when first needed. */
  reset(): void {
    this.generation++;
    this.showing = false;
    this.sigma?.kill();
    this.sigma = null;
    this.showHighlight();
    this.graph = null;
    this.edgeFill++;
    this.drawnSources = new Uint32Array(0);
    this.drawnTargets = new Uint32Array(0);
    window.clearTimeout(this.applyTimer);
    this.applyTimer = 0;
    this.pendingPositions = null;
    this.building = null;
    this.started = false;
    this.running = false;
    this.iterations = 0;
    this.layoutButton.textContent = 'Start layout';
    this.layoutStatus.textContent = '';
    element<HTMLParagraphElement>('map-defaults-note').hidden = true;
    element<HTMLParagraphElement>('map-isolated-note').hidden = true;
    this.fillSelects();
  }

  /** Called when the tab opens: builds the map and lays it out the first time. */
  async open(): Promise<void> {
    // Sigma is created on the empty model and indexes each account as it is added (one
    // slice at a time), rather than all of them at once in one long task.
    this.showing = true;
    await this.ensureGraph();
    if (!this.graph) return;
    if (!this.sigma) {
      await nextTask();
      this.createSigma(this.graph);
    } else this.sigma.resize().scheduleRender();
    if (!this.started) {
      this.started = true;
      await this.startLayout(FIRST_RUN_ITERATIONS);
    }
  }

  /** The graph with positions, sizes and colours, even if the map was never shown (for exports). */
  async ensureGraph(): Promise<void> {
    this.building ??= this.build();
    await this.building;
  }

  private fillSelects(): void {
    const dataset = this.app.dataset;
    if (!dataset) return;
    const option = (value: string, text: string) => {
      const created = make('option', text);
      created.value = value;
      return created;
    };
    this.sizeBy.replaceChildren(
      ...dataset.catalogue.map((m) => option(`metric:${m.id}`, m.name)),
      option('none:', 'same size'),
    );
    const attributes = dataset.summary ? Object.keys(dataset.graph?.attributes ?? {}) : [];
    this.colourBy.replaceChildren(
      option('none:', 'one colour'),
      ...attributes.map((key) => option(`attribute:${key}`, key)),
      ...dataset.catalogue.map((m) => option(`metric:${m.id}`, m.name)),
    );
  }

  private async build(): Promise<void> {
    const generation = this.generation;
    const data = await this.app.ensureGraph();
    const dataset = this.app.dataset;
    if (!data || !dataset || generation !== this.generation) return;
    this.fillSelects();
    // Colour by a grouping attribute when there is one, else by in-degree quintiles.
    const preferred = Object.keys(data.attributes).find((key) => /country|category|group/i.test(key));
    if (preferred) this.colourBy.value = `attribute:${preferred}`;
    else if (dataset.catalogue.some((m) => m.id === 'in_degree')) this.colourBy.value = 'metric:in_degree';
    const graph = new Graph<NodeAttributes>({ type: 'directed', multi: false, allowSelfLoops: false });
    const count = dataset.ids.length;
    const { sources, targets } = data.edges;
    // The core's undirected view: every neighbour, drawn or not, for hover.
    this.neighbourOffsets = data.edges.neighbourOffsets;
    this.neighbourList = data.edges.neighbours;
    // An even sample when there are too many to draw: edge i * total / drawn for each i.
    const drawn = Math.min(sources.length, MAX_DRAWN_EDGES);
    this.drawnSources = new Uint32Array(drawn);
    this.drawnTargets = new Uint32Array(drawn);
    for (let i = 0; i < drawn; i++) {
      const e = Math.floor((i * sources.length) / drawn);
      this.drawnSources[i] = sources[e];
      this.drawnTargets[i] = targets[e];
    }
    this.runningStride = Math.max(1, Math.ceil(drawn / EDGES_WHILE_RUNNING));
    if (this.showing && !this.sigma) {
      this.createSigma(graph);
      // Not drawn until the model is whole: each frame in between would redraw it all.
      this.container.classList.add('building');
    }
    // In slices, each its own task: a large network's model would block the page otherwise.
    const whole = await this.inSlices(
      count,
      (i) => graph.addNode(String(i), { x: 0, y: 0, size: 3, color: DEFAULT_COLOUR, label: this.app.label(i) }),
      'nodes',
      () => generation !== this.generation,
    );
    if (!whole) return;
    this.graph = graph;
    this.container.classList.remove('building');
    this.connections = sources.length;
    this.edgesNote.hidden = drawn === sources.length && this.runningStride === 1;
    this.edgesNote.textContent =
      drawn < sources.length
        ? `The map draws ${formatCount(drawn)} of ${formatCount(sources.length)} connections, an even sample (more would make the page stutter), and ${formatCount(Math.ceil(drawn / this.runningStride))} of those while the layout runs; hovering an account highlights all its neighbours, and the GEXF export holds every connection.`
        : `While the layout runs the map draws ${formatCount(Math.ceil(drawn / this.runningStride))} of the ${formatCount(drawn)} connections, an even sample; all come back when it stops.`;
    this.showIsolated(count);
    await this.component.fill();
    if (generation !== this.generation) return;
    // The seeded starting positions, before any iteration, and the defaults the core chose.
    await this.app.client.startLayout({ ...this.numberSettings(), seed: this.seed() }, (update) => {
      void this.applyPositions(update.positions);
      this.showDefaults(update.settings);
    }, 0);
    await this.applyEncodings();
  }

  /** Records how long a step of ours that began at `began` held the main thread. */
  private noteStep(began: number, name = 'other'): void {
    const cost = performance.now() - began;
    if (name !== 'sigma') {
      this.longestStep = Math.max(this.longestStep, cost);
      this.stepDurations.push(cost);
    }
    this.stepCosts[name] = Math.max(this.stepCosts[name] ?? 0, cost);
  }

  /** Puts the drawn connections in the graph: every one, or every `runningStride`-th while
   * the layout runs; in slices that each take their own task, stopped by a newer fill. */
  private async fillEdges(running: boolean): Promise<void> {
    const graph = this.graph;
    if (!graph) return;
    const fill = ++this.edgeFill;
    const stride = running ? this.runningStride : 1;
    const size = this.drawnSources.length <= FEW_EDGES ? EDGE_SIZE_FEW : EDGE_SIZE_MANY;
    const wanted = Math.ceil(this.drawnSources.length / stride);
    if (graph.size > wanted) graph.clearEdges();
    await this.inSlices(
      wanted,
      (k) => {
        const [source, target] = [String(this.drawnSources[k * stride]), String(this.drawnTargets[k * stride])];
        if (!graph.hasEdge(source, target)) graph.addEdge(source, target, { size });
      },
      'edges',
      () => fill !== this.edgeFill || graph !== this.graph,
    );
  }

  /** Runs `body(0)` to `body(count - 1)` in slices of about SLICE_BUDGET_MS, each its own
   * task, until `stale()` says the work is obsolete. Resolves with whether it all ran. */
  private async inSlices(count: number, body: (i: number) => void, step: string, stale: () => boolean): Promise<boolean> {
    let i = 0;
    while (i < count) {
      const began = performance.now();
      // The clock is read every 32 items: cheap, and a few items never take long.
      do body(i++);
      while (i < count && ((i & 31) !== 0 || performance.now() - began < SLICE_BUDGET_MS));
      this.noteStep(began, step);
      if (i < count) {
        await nextTask();
        if (stale()) return false;
      }
    }
    return true;
  }

  /** Says where the accounts without interactions are (or that they float when not parked). */
  private showIsolated(count: number): void {
    let isolated = 0;
    for (let i = 0; i < count; i++) if (this.neighbourOffsets[i + 1] === this.neighbourOffsets[i]) isolated++;
    const note = element<HTMLParagraphElement>('map-isolated-note');
    note.hidden = isolated === 0;
    const parked = element<HTMLInputElement>('fa2-park-isolated').checked;
    note.textContent = parked
      ? `${formatCount(isolated)} ${isolated === 1 ? 'account has' : 'accounts have'} no interaction with the others: parked in rows under the map (Layout settings: Park accounts without interactions).`
      : `${formatCount(isolated)} ${isolated === 1 ? 'account has' : 'accounts have'} no interaction with the others: laid out with the rest, they float around the map.`;
    note.dataset.isolated = String(isolated);
  }

  /** Shows the settings the core chose for this network in the layout form, and says why. */
  private showDefaults(settings: LayoutSettings): void {
    element<HTMLInputElement>('fa2-linlog').checked = settings.linLog;
    element<HTMLInputElement>('fa2-strong-gravity').checked = settings.strongGravity;
    element<HTMLInputElement>('fa2-dissuade-hubs').checked = settings.dissuadeHubs;
    element<HTMLInputElement>('fa2-prevent-overlap').checked = settings.preventOverlap;
    element<HTMLInputElement>('fa2-park-isolated').checked = settings.parkIsolated;
    const note = element<HTMLParagraphElement>('map-defaults-note');
    note.hidden = !(settings.linLog && settings.dissuadeHubs);
    note.textContent = 'Most accounts here interact with a single other, around a few hubs: the layout spreads them with LinLog and dissuade hubs (Layout settings).';
  }

  private createSigma(graph: Graph<NodeAttributes>): void {
    const began = performance.now();
    this.sigma = new Sigma<NodeAttributes>(graph, this.container, {
      // Many edges are drawn as hairlines (one pixel, no antialiasing): far cheaper to
      // rasterise, and in a dense map a thicker line would only add grey.
      defaultEdgeType: this.drawnSources.length > FEW_EDGES ? 'hairline' : 'line',
      edgeProgramClasses: { line: EdgeRectangleProgram, hairline: EdgeLineProgram },
      defaultEdgeColor: EDGE_COLOUR,
      // Only the leaders carry labels (see nodeReducer); sigma's label grid then keeps them
      // apart, the largest first in each cell, and shows fewer when zoomed out.
      labelRenderedSizeThreshold: 0,
      labelGridCellSize: 140,
      labelDensity: 1,
      labelSize: this.labelSize(),
      labelFont: 'system-ui, sans-serif',
      hideEdgesOnMove: this.drawnSources.length > 20000,
      // The map's tab may be hidden (zero size) when the data or the names change.
      allowInvalidContainer: true,
      zIndex: true,
      nodeReducer: (node, data) => {
        // The owner of an export is the centre of its ego network: always named.
        const selected = (this.app.selected !== null && node === String(this.app.selected)) || (this.app.owner !== null && node === String(this.app.owner));
        // Hovering wins over a highlight: it is the reader's gesture of the moment.
        const pointed = this.hovered === null && this.app.highlight !== null && this.app.highlight.accounts.has(Number(node));
        const faded =
          this.hovered !== null
            ? node !== this.hovered && !this.hoveredNeighbours.has(node)
            : this.app.highlight !== null && !pointed && !selected;
        return {
          ...data,
          color: faded ? FADED_NODE : data.color,
          forceLabel: selected || node === this.hovered || pointed,
          label: !faded && (selected || pointed || node === this.hovered || this.leaders.has(node)) ? data.label : null,
          highlighted: selected || pointed,
          zIndex: selected || pointed || node === this.hovered ? 2 : faded ? 0 : 1,
          hidden: this.component.chosen() !== null && this.outside(Number(node)),
        };
      },
      edgeReducer: (edge, data) => {
        if (this.component.chosen() !== null) {
          const [source, target] = this.graph!.extremities(edge);
          if (this.outside(Number(source)) || this.outside(Number(target))) return { ...data, hidden: true };
        }
        if (this.hovered !== null) {
          const touches = this.graph!.hasExtremity(edge, this.hovered);
          return { ...data, hidden: !touches, color: touches ? EDGE_HIGHLIGHT : EDGE_COLOUR };
        }
        const highlight = this.app.highlight;
        if (highlight === null) return data;
        const [source, target] = this.graph!.extremities(edge);
        const shown = highlight.path
          ? this.highlightSteps.has(`${source},${target}`)
          : highlight.accounts.has(Number(source)) && highlight.accounts.has(Number(target));
        return { ...data, hidden: !shown, color: shown ? EDGE_HIGHLIGHT : EDGE_COLOUR, size: shown ? Math.max(2, data.size ?? 1) : data.size };
      },
    });
    this.sigma.on('enterNode', ({ node }) => {
      this.hovered = node;
      this.hoveredNeighbours = this.neighboursOf(Number(node));
      this.container.dataset.hovered = node;
      this.sigma!.refresh({ skipIndexation: true });
    });
    this.sigma.on('leaveNode', () => {
      this.hovered = null;
      this.hoveredNeighbours.clear();
      delete this.container.dataset.hovered;
      this.sigma!.refresh({ skipIndexation: true });
    });
    this.sigma.on('clickNode', ({ node }) => this.app.select(Number(node)));
    let renderBegan = 0;
    this.sigma.on('beforeRender', () => (renderBegan = performance.now()));
    this.sigma.on('afterRender', () => this.renderCosts.push(performance.now() - renderBegan));
    this.noteStep(began, 'sigma');
    this.sigma.on('clickStage', () => this.app.select(null));
  }

  private neighboursOf(account: number): Set<string> {
    const neighbours = new Set<string>();
    for (let k = this.neighbourOffsets[account]; k < this.neighbourOffsets[account + 1]; k++) {
      neighbours.add(String(this.neighbourList[k]));
    }
    return neighbours;
  }

  private labelSize(): number {
    return document.documentElement.classList.contains('large-type') ? 20 : 13;
  }

  private seed(): number {
    return Number(element<HTMLInputElement>('fa2-seed').value) || 0;
  }

  /** The form's settings (it shows the core's defaults for the network until the user
   * changes them); the core keeps its size-dependent defaults for numbers left empty. */
  private settings(): Partial<LayoutSettings> {
    return {
      linLog: element<HTMLInputElement>('fa2-linlog').checked,
      strongGravity: element<HTMLInputElement>('fa2-strong-gravity').checked,
      dissuadeHubs: element<HTMLInputElement>('fa2-dissuade-hubs').checked,
      preventOverlap: element<HTMLInputElement>('fa2-prevent-overlap').checked,
      parkIsolated: element<HTMLInputElement>('fa2-park-isolated').checked,
      ...this.numberSettings(),
    };
  }

  /** The numbers the user typed in the layout form. */
  private numberSettings(): Partial<LayoutSettings> {
    const settings: Partial<LayoutSettings> = {};
    const number = (id: string) => {
      const input = element<HTMLInputElement>(id);
      const value = Number(input.value);
      return input.value.trim() !== '' && Number.isFinite(value) && value >= 0 ? value : undefined;
    };
    const gravity = number('fa2-gravity');
    const scalingRatio = number('fa2-scaling');
    if (gravity !== undefined) settings.gravity = gravity;
    if (scalingRatio !== undefined) settings.scalingRatio = scalingRatio;
    return settings;
  }

  /** Takes new positions; applies them now or, if the last apply was costly, a little later. */
  private place(positions: Float32Array): void {
    this.pendingPositions = positions;
    if (this.applyTimer || this.applying) return;
    const wait = Math.max(0, this.lastApplyAt + APPLY_INTERVAL_FACTOR * this.lastApplyCost - performance.now());
    this.applyTimer = window.setTimeout(() => {
      this.applyTimer = 0;
      const latest = this.pendingPositions;
      this.pendingPositions = null;
      if (!latest) return;
      const start = performance.now();
      this.applying = true;
      void this.applyPositions(latest).then(() => {
        this.applying = false;
        // The drawing itself can cost more than our part (software WebGL blocks the page
        // while it rasterises, after the frame's callbacks): count until the frame after.
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            this.lastApplyAt = performance.now();
            this.lastApplyCost = (this.lastApplyAt - start) / (this.sliced() ? APPLY_INTERVAL_FACTOR : 1);
            if (this.pendingPositions && !this.applyTimer) this.place(this.pendingPositions);
          }),
        );
      });
    }, wait);
  }

  /** Whether positions go to sigma a slice at a time (a large map on screen). */
  private sliced(): boolean {
    return this.sigma !== null && (this.graph?.order ?? 0) > SLICED_ABOVE;
  }

  /** Moves the accounts to `positions`: at once, or (a large map on screen) a slice per task,
   * stopped when newer positions come. Resolves once every account has moved (or stopped). */
  private async applyPositions(positions: Float32Array): Promise<void> {
    const graph = this.graph;
    if (!graph || positions.length !== 2 * graph.order) return;
    const job = ++this.positionsJob;
    const done = await this.updateNodes(
      (i) => ({ x: positions[2 * i], y: positions[2 * i + 1] }),
      ['x', 'y'],
      'positions',
      () => job !== this.positionsJob,
    );
    if (done) this.container.dataset.positionsVersion = String(Number(this.container.dataset.positionsVersion ?? 0) + 1);
  }

  /** Sets some attributes of every account: at once, or (a large map on screen, where sigma
   * re-reads each account it is told about) a slice per task until `stale()` says newer
   * values came. Resolves with whether every account was updated. */
  private async updateNodes(
    values: (i: number) => Partial<NodeAttributes>,
    fields: (keyof NodeAttributes)[],
    step: string,
    stale: () => boolean,
  ): Promise<boolean> {
    const graph = this.graph;
    if (!graph) return false;
    if (!this.sliced()) {
      const began = performance.now();
      graph.updateEachNodeAttributes((node, attributes) => Object.assign(attributes, values(Number(node))), { attributes: fields });
      this.noteStep(began, step);
      return true;
    }
    return this.inSlices(graph.order, (i) => graph.mergeNodeAttributes(String(i), values(i)), step, () => stale() || graph !== this.graph);
  }

  /** Runs the layout (for `iterations`, or until stopped), drawing positions as they come. */
  async startLayout(iterations?: number): Promise<void> {
    await this.ensureGraph();
    if (this.running || !this.graph) return;
    const generation = this.generation;
    this.running = true;
    this.showIsolated(this.app.dataset?.ids.length ?? 0);
    void this.fillEdges(true);
    this.layoutButton.textContent = 'Stop layout';
    this.layoutButton.setAttribute('aria-pressed', 'true');
    try {
      await this.app.client.startLayout(
        this.settings(),
        (update) => {
          if (generation !== this.generation) return;
          this.place(update.positions);
          this.iterations = update.iterations;
          this.layoutStatus.textContent = `${formatCount(update.iterations)} iterations`;
        },
        iterations,
      );
    } finally {
      if (generation === this.generation) {
        this.running = false;
        this.flushPositions();
        void this.fillEdges(false);
        this.layoutButton.textContent = 'Start layout';
        this.layoutButton.setAttribute('aria-pressed', 'false');
      }
    }
  }

  /** Applies positions still waiting, so that the stopped map shows where the layout stopped. */
  private flushPositions(): void {
    window.clearTimeout(this.applyTimer);
    this.applyTimer = 0;
    if (this.pendingPositions) void this.applyPositions(this.pendingPositions);
    this.pendingPositions = null;
  }

  async stopLayout(): Promise<void> {
    await this.app.client.stopLayout();
  }

  private async restartLayout(): Promise<void> {
    if (this.running) await this.stopLayout();
    await this.app.client.resetLayout();
    await this.app.client.startLayout({ ...this.settings(), seed: this.seed() }, (update) => void this.applyPositions(update.positions), 0);
    this.showIsolated(this.app.dataset?.ids.length ?? 0);
    this.iterations = 0;
    this.layoutStatus.textContent = 'Back to the seeded start';
  }

  private async applyEncodings(): Promise<void> {
    const graph = this.graph;
    const dataset = this.app.dataset;
    if (!graph || !dataset) return;
    const count = dataset.ids.length;
    const [sizeKind, sizeId] = this.sizeBy.value.split(':');
    const sizeValues = sizeKind === 'metric' ? (await this.app.ensureColumns([sizeId]))[0] : null;
    const sizes = nodeSizes(sizeValues, count, count > 5000 ? 1.5 : 3, count > 5000 ? 14 : 20);
    const colouring = await this.colouring();
    const began = performance.now();
    const top = Number(this.labelCount.value);
    const ranked = Array.from({ length: count }, (_, i) => i)
      .sort((a, b) => sizes[b] - sizes[a] || a - b)
      .slice(0, sizeValues ? top : 0);
    this.leaders = new Set(ranked.map(String));
    this.showLegend(colouring);
    this.noteStep(began, 'encodings');
    // Sigma refreshes each account it is told about (reducers included).
    const job = ++this.encodingsJob;
    await this.updateNodes((i) => ({ size: sizes[i], color: colouring.colours[i] }), ['size', 'color'], 'encodings', () => job !== this.encodingsJob);
  }

  private async colouring(): Promise<Colouring> {
    const dataset = this.app.dataset!;
    const count = dataset.ids.length;
    const [kind, id] = this.colourBy.value.split(':');
    if (kind === 'attribute' && dataset.graph?.attributes[id]) {
      const column = dataset.graph.attributes[id];
      return colourByCategory(column.values, column.codes);
    }
    if (kind === 'metric') {
      const [values] = await this.app.ensureColumns([id]);
      // Partitions (communities, components) are categories however many there are; any
      // other lens, counts included, is a quantity: a gradient with an ordered legend.
      const category = dataset.catalogue.find((m) => m.id === id)?.values === 'category';
      return category || PARTITION_METRIC.test(id) ? colourByValues(values, formatScore, true) : colourByGradient(values, formatScore);
    }
    return { colours: new Array<string>(count).fill(DEFAULT_COLOUR), legend: [] };
  }

  private showLegend(colouring: Colouring): void {
    this.legend.classList.toggle('gradient', colouring.gradient === true);
    if (colouring.gradient) {
      this.showGradientLegend(colouring);
      return;
    }
    this.legend.replaceChildren(
      ...colouring.legend.map((entry) => {
        const item = make('li');
        const swatch = make('span', undefined, 'swatch');
        swatch.style.backgroundColor = entry.colour;
        item.append(swatch, document.createTextNode(`${entry.label} (${formatCount(entry.count)})`));
        return item;
      }),
    );
  }

  /** The gradient as one bar, lowest value first: each stop a segment from its colour to
   * the next one's, labelled with the value where it starts. */
  private showGradientLegend(colouring: Colouring): void {
    const stops = colouring.legend;
    const title = make('li', `${this.colourBy.selectedOptions[0]?.textContent ?? ''}, lowest to highest:`, 'legend-title');
    this.legend.replaceChildren(
      title,
      ...stops.map((entry, k) => {
        const item = make('li');
        const ramp = make('span', undefined, 'ramp');
        const next = stops[k + 1]?.colour ?? entry.colour;
        ramp.style.backgroundImage = `linear-gradient(to right, ${entry.colour}, ${next})`;
        item.title = `${formatCount(entry.count)} accounts from ${entry.label}`;
        item.dataset.value = String(entry.value);
        item.append(ramp, document.createTextNode(entry.label));
        return item;
      }),
    );
  }

  private refreshLabels(): void {
    void this.updateNodes((i) => ({ label: this.app.label(i) }), ['label'], 'labels', () => false);
  }

  /** How many connections the map draws once the layout settles (null before it is built). */
  edgeCount(): number | null {
    return this.graph ? this.drawnSources.length : null;
  }

  /** The connections the map draws once the layout settles, as `[source, target]` indices. */
  drawnEdges(): [number, number][] {
    return Array.from(this.drawnSources, (source, i) => [source, this.drawnTargets[i]]);
  }

  /** The camera's zoom ratio: 1 shows the whole map, less is zoomed in. */
  cameraRatio(): number | null {
    return this.sigma?.getCamera().getState().ratio ?? null;
  }

  /** How many connections the map draws at this moment (fewer while the layout runs). */
  shownEdgeCount(): number | null {
    return this.graph?.size ?? null;
  }

  /** How many connections the network has, drawn or not (null before the map is built). */
  connectionCount(): number | null {
    return this.graph ? this.connections : null;
  }

  /** Where an account is drawn, in CSS pixels from the map's top left (null before the map is shown). */
  viewportPosition(account: number): { x: number; y: number } | null {
    if (!this.sigma || !this.graph) return null;
    const { x, y } = this.graph.getNodeAttributes(String(account));
    return this.sigma.graphToViewport({ x, y });
  }

  /** Sizes and colours per account for the GEXF export, as the map shows them. */
  visualArrays(): { sizes: Float64Array; colours: Uint8Array } | null {
    const graph = this.graph;
    if (!graph) return null;
    const sizes = new Float64Array(graph.order);
    const colours = new Uint8Array(3 * graph.order);
    graph.forEachNode((node, attributes) => {
      const i = Number(node);
      sizes[i] = attributes.size;
      colours.set(rgb(attributes.color), 3 * i);
    });
    return { sizes, colours };
  }

  /** The whole map as an SVG document, with the leaders (and the selected account) labelled. */
  async svg(): Promise<string> {
    await this.ensureGraph();
    const graph = this.graph;
    if (!graph) throw new Error('no map yet');
    const nodes: MapNode[] = new Array(graph.order);
    graph.forEachNode((node, a) => {
      const labelled = this.leaders.has(node) || node === String(this.app.selected);
      nodes[Number(node)] = { x: a.x, y: a.y, size: a.size, colour: a.color, label: labelled ? a.label : undefined };
    });
    const edges = this.drawnEdges();
    const large = document.documentElement.classList.contains('large-type');
    const colouring = await this.colouring();
    const dataset = this.app.dataset;
    const names = dataset?.summary.files.map((f) => f.path.split('/').pop()).join(', ') ?? '';
    const date = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
    const drawnOf = edges.length === this.connections ? undefined : `Connections: ${formatCount(edges.length)} of ${formatCount(dataset?.summary.edges ?? edges.length)} drawn, an even sample.`;
    return mapSvg({
      nodes,
      edges,
      width: 1600,
      height: 1200,
      title: 'Who sways the conversation: the network map',
      fontSize: large ? 22 : 14,
      legend: {
        sizeBy: this.sizeBy.selectedOptions[0]?.textContent ?? 'equal',
        colourBy: this.colourBy.selectedOptions[0]?.textContent ?? 'none',
        colours: colouring.legend.map((entry) => ({ label: `${entry.label} (${formatCount(entry.count)})`, colour: entry.colour })),
        sample: drawnOf,
        source: `Data: ${names}. Made with attaché on ${date}; position from ForceAtlas2 (accounts that interact sit close).`,
      },
    });
  }
}

/** Yields to the browser: whatever follows runs in a new task. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

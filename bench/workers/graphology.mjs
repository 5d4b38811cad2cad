/**
 * The graphology worker: the same tasks on the same CSV edge list, with graphology,
 * graphology-metrics, graphology-communities-louvain and graphology-layout-forceatlas2
 * (versions pinned in bench/package.json).
 *
 * Ingest reads the edge list and builds a directed graph whose edge weights count the
 * parallel rows (the graph attaché's snapshot holds); `csr` builds the undirected view U
 * (weights of both directions summed) that Louvain runs on, as attaché's snapshot does.
 * Tolerances are set to attaché's (PageRank: total L1 change < 1e-10; graphology compares
 * the change with N × tolerance).
 */
import Graph from 'graphology';
import louvain from 'graphology-communities-louvain';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import betweenness from 'graphology-metrics/centrality/betweenness.js';
import hits from 'graphology-metrics/centrality/hits.js';
import pagerank from 'graphology-metrics/centrality/pagerank.js';
import { measure, parseArgs, readEdgePairs } from './common.mjs';

const args = parseArgs();
let graph = null;
let undirected = null;

function ingest() {
  const g = new Graph({ type: 'directed', allowSelfLoops: false });
  const bytes = readEdgePairs(args.file, (source, target) => {
    if (source === target) return;
    g.mergeNode(source);
    g.mergeNode(target);
    const edge = g.edge(source, target);
    if (edge === undefined) g.addEdge(source, target, { weight: 1 });
    else g.updateEdgeAttribute(edge, 'weight', (w) => w + 1);
  });
  graph = g;
  return { bytes, accounts: g.order, edges: g.size };
}

function buildUndirected() {
  const u = new Graph({ type: 'undirected' });
  graph.forEachNode((node) => u.addNode(node));
  graph.forEachEdge((_, attributes, source, target) => {
    const edge = u.edge(source, target);
    if (edge === undefined) u.addEdge(source, target, { weight: attributes.weight });
    else u.updateEdgeAttribute(edge, 'weight', (w) => w + attributes.weight);
  });
  undirected = u;
  return { links: u.size };
}

/** Seeded start positions for ForceAtlas2 (timed with it: a layout needs them). */
function placeNodes(g) {
  let state = 12345;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  g.forEachNode((node) => g.mergeNodeAttributes(node, { x: random() * 1000, y: random() * 1000 }));
}

await measure(args, (task) => {
  const n = graph ? graph.order : 1;
  switch (task) {
    case 'ingest':
      return ingest();
    case 'csr':
      return buildUndirected();
    case 'pagerank': {
      pagerank(graph, { getEdgeWeight: 'weight', tolerance: 1e-10 / n, maxIterations: 1000 });
      return {};
    }
    case 'hits': {
      hits(graph, { getEdgeWeight: 'weight', tolerance: 1e-13, maxIterations: 10000 });
      return {};
    }
    case 'betweenness':
      betweenness(graph, { getEdgeWeight: null });
      return {};
    case 'louvain':
    case 'louvain_single': {
      const result = louvain.detailed(undirected, { getEdgeWeight: 'weight', rng: seededRandom(0) });
      return { modularity: result.modularity, communities: result.count };
    }
    case 'forceatlas2': {
      placeNodes(undirected);
      forceAtlas2.assign(undirected, { iterations: 100, getEdgeWeight: 'weight', settings: layoutSettings(undirected) });
      return {};
    }
    default:
      // No sampled betweenness, harmonic centrality or k-cores in graphology's libraries.
      return null;
  }
});

/**
 * attaché's settings (Gephi's defaults for the size: Barnes-Hut from 1,000 nodes, θ = 1.2,
 * scaling 2, gravity 1), not graphology's inferSettings. graphology opens a cell when
 * 2 × width / distance ≥ θ where attaché (and Gephi) test width / distance, so its θ is
 * doubled to approximate by the same rule.
 */
function layoutSettings(g) {
  return {
    barnesHutOptimize: g.order >= 1000,
    barnesHutTheta: 2 * 1.2,
    scalingRatio: g.order < 100 ? 10 : 2,
    gravity: 1,
    strongGravityMode: false,
    linLogMode: false,
    outboundAttractionDistribution: false,
    adjustSizes: false,
    edgeWeightInfluence: 1,
    slowDown: 1,
  };
}

function seededRandom(seed) {
  let state = seed + 1;
  return () => {
    state = (state * 16807) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

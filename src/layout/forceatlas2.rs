//! ForceAtlas2: the force-directed layout of Gephi, with Barnes-Hut approximation.
//!
//! Definition (Jacomy, Venturini, Heymann & Bastian 2014, "ForceAtlas2, a Continuous
//! Graph Layout Algorithm for Handy Network Visualization", PLoS ONE 9(6): e98679),
//! as Gephi's `ForceAtlas2.java` and graphology's `graphology-layout-forceatlas2`
//! implement it. Every node has a mass `m(n) = 1 + deg(n)` (distinct neighbours in the
//! undirected view). At each iteration:
//!
//! * **repulsion** between every pair: `F = k_r · m(n1) · m(n2) / d`, along the pair
//!   (`k_r` = scaling ratio);
//! * **attraction** along every edge: `F = −w^δ · d` (linear), or `F = −w^δ · log(1 + d)`
//!   with *LinLog* (tighter clusters), where `δ` is the edge weight influence; with
//!   *dissuade hubs* (Gephi's "outbound attraction distribution") it is divided by the
//!   source's mass and multiplied by the mean mass;
//! * **gravity** towards the origin: `F = m(n) · g` per unit distance (*strong gravity*,
//!   grows with the distance) or `m(n) · g` in all (standard), which keeps
//!   disconnected components and isolated nodes from drifting away;
//! * **adaptive speed**: each node moves by `speed / (1 + √(speed · swing(n)))` times its
//!   force, where `swing(n)` is how much its force changed direction since the last
//!   iteration; the global speed follows the ratio of traction to swinging under a
//!   *jitter tolerance*, exactly as Gephi computes it (`§ Adaptive speed`, eq. 5–8).
//!
//! Repulsion is exact (all pairs) or approximated with a **Barnes-Hut** quadtree: a
//! cell whose width seen from the node is below the angle `θ` (cell width / distance
//! to its centre of mass < θ, and the node not inside it) repels as one body of the
//! cell's mass at its centre of mass. With `θ = 0` the approximation is exact. The
//! tree lives in flat arrays (no allocation per node) reused across iterations.
//!
//! Determinism: initial positions come from a SplitMix64 stream seeded by
//! [`Settings::seed`], and every sum runs in a fixed order, so the same graph, settings
//! and number of iterations give bitwise the same positions.
//!
//! Complexity per iteration: O(E + V log V) with Barnes-Hut (for reasonably spread
//! positions), O(E + V²) exact. Memory: O(V + E).

use serde::{Deserialize, Serialize};

use super::UndirectedEdges;
use crate::csr::Csr;

/// The layout's parameters, with Gephi's names and defaults.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(test, ts(rename = "LayoutSettings"))]
pub struct Settings {
    /// Seeds the initial positions.
    pub seed: u64,
    /// LinLog attraction (logarithmic in the distance): tighter, more separated clusters.
    pub lin_log: bool,
    /// Pull towards the centre.
    pub gravity: f64,
    /// Gravity that grows with the distance from the centre (a rounder, more compact map).
    pub strong_gravity: bool,
    /// Repulsion strength `k_r`: larger spreads the map.
    pub scaling_ratio: f64,
    /// `δ`: 0 ignores edge weights, 1 uses them as they are.
    pub edge_weight_influence: f64,
    /// How much swinging is tolerated before slowing down (Gephi: "tolerance (speed)").
    pub jitter_tolerance: f64,
    /// Divides the attraction of hubs' edges by their mass (Gephi: "dissuade hubs").
    pub dissuade_hubs: bool,
    /// Approximate repulsion with a quadtree.
    pub barnes_hut: bool,
    /// Barnes-Hut opening angle: 0 is exact, larger is faster and coarser.
    pub barnes_hut_theta: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            seed: 1,
            lin_log: false,
            gravity: 1.0,
            strong_gravity: false,
            scaling_ratio: 2.0,
            edge_weight_influence: 1.0,
            jitter_tolerance: 1.0,
            dissuade_hubs: false,
            barnes_hut: true,
            barnes_hut_theta: 1.2,
        }
    }
}

impl Settings {
    /// Gephi's defaults for a graph of this size: more repulsion for small graphs,
    /// exact repulsion below 1,000 nodes.
    pub fn for_size(node_count: usize) -> Self {
        Settings {
            scaling_ratio: if node_count < 100 { 10.0 } else { 2.0 },
            barnes_hut: node_count >= 1000,
            ..Settings::default()
        }
    }

    /// Replaces values that would make the layout diverge (NaN, negative) by defaults.
    fn sanitised(mut self) -> Self {
        let defaults = Settings::default();
        let keep = |value: f64, fallback: f64| {
            if value.is_finite() && value >= 0.0 {
                value
            } else {
                fallback
            }
        };
        self.gravity = keep(self.gravity, defaults.gravity);
        self.scaling_ratio = keep(self.scaling_ratio, defaults.scaling_ratio);
        self.edge_weight_influence = keep(self.edge_weight_influence, defaults.edge_weight_influence);
        self.jitter_tolerance = keep(self.jitter_tolerance, defaults.jitter_tolerance);
        self.barnes_hut_theta = keep(self.barnes_hut_theta, defaults.barnes_hut_theta);
        self
    }
}

/// Some settings to change, the others kept: what the page sends.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(test, ts(optional_fields, rename = "LayoutSettingsPatch"))]
pub struct SettingsPatch {
    pub seed: Option<u64>,
    pub lin_log: Option<bool>,
    pub gravity: Option<f64>,
    pub strong_gravity: Option<bool>,
    pub scaling_ratio: Option<f64>,
    pub edge_weight_influence: Option<f64>,
    pub jitter_tolerance: Option<f64>,
    pub dissuade_hubs: Option<bool>,
    pub barnes_hut: Option<bool>,
    pub barnes_hut_theta: Option<f64>,
}

impl Settings {
    /// These settings with the patch's values where it has some.
    pub fn patched(self, patch: &SettingsPatch) -> Settings {
        Settings {
            seed: patch.seed.unwrap_or(self.seed),
            lin_log: patch.lin_log.unwrap_or(self.lin_log),
            gravity: patch.gravity.unwrap_or(self.gravity),
            strong_gravity: patch.strong_gravity.unwrap_or(self.strong_gravity),
            scaling_ratio: patch.scaling_ratio.unwrap_or(self.scaling_ratio),
            edge_weight_influence: patch.edge_weight_influence.unwrap_or(self.edge_weight_influence),
            jitter_tolerance: patch.jitter_tolerance.unwrap_or(self.jitter_tolerance),
            dissuade_hubs: patch.dissuade_hubs.unwrap_or(self.dissuade_hubs),
            barnes_hut: patch.barnes_hut.unwrap_or(self.barnes_hut),
            barnes_hut_theta: patch.barnes_hut_theta.unwrap_or(self.barnes_hut_theta),
        }
    }
}

/// Figures about the last iteration, summed over nodes (mass-weighted, as Gephi does).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StepStats {
    /// How much forces changed direction: erratic motion.
    pub swinging: f64,
    /// How much forces kept their direction: useful motion.
    pub traction: f64,
    /// The global speed used for the step.
    pub speed: f64,
}

/// A running ForceAtlas2 layout over one graph. Create it, call [`ForceAtlas2::step`]
/// as often as wanted, read [`ForceAtlas2::positions`] in between.
pub struct ForceAtlas2 {
    settings: Settings,
    edges: UndirectedEdges,
    /// `weight^δ` per edge, recomputed when the settings change.
    attraction_weight: Vec<f64>,
    mass: Vec<f64>,
    mean_mass: f64,
    x: Vec<f64>,
    y: Vec<f64>,
    dx: Vec<f64>,
    dy: Vec<f64>,
    old_dx: Vec<f64>,
    old_dy: Vec<f64>,
    speed: f64,
    speed_efficiency: f64,
    iterations: u64,
    last: StepStats,
    tree: QuadTree,
}

impl ForceAtlas2 {
    /// Starts a layout of `graph` (read as undirected) from seeded random positions.
    pub fn new(graph: &Csr, settings: Settings) -> Self {
        let edges = UndirectedEdges::from_csr(graph);
        let node_count = graph.node_count();
        let mass: Vec<f64> = edges.degree.iter().map(|&d| 1.0 + d as f64).collect();
        let mean_mass = if node_count == 0 {
            1.0
        } else {
            mass.iter().sum::<f64>() / node_count as f64
        };
        let (x, y) = initial_positions(node_count, settings.seed);
        let mut layout = ForceAtlas2 {
            settings: settings.sanitised(),
            attraction_weight: Vec::new(),
            edges,
            mass,
            mean_mass,
            x,
            y,
            dx: vec![0.0; node_count],
            dy: vec![0.0; node_count],
            old_dx: vec![0.0; node_count],
            old_dy: vec![0.0; node_count],
            speed: 1.0,
            speed_efficiency: 1.0,
            iterations: 0,
            last: StepStats::default(),
            tree: QuadTree::default(),
        };
        layout.update_attraction_weights();
        layout
    }

    /// Changes the parameters and keeps the positions (the seed only matters at the start).
    pub fn set_settings(&mut self, settings: Settings) {
        self.settings = settings.sanitised();
        self.update_attraction_weights();
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn node_count(&self) -> usize {
        self.x.len()
    }

    pub fn iterations(&self) -> u64 {
        self.iterations
    }

    pub fn last_step(&self) -> StepStats {
        self.last
    }

    /// Positions as `x0, y0, x1, y1, ...` in account order.
    pub fn positions(&self) -> Vec<f64> {
        self.x.iter().zip(&self.y).flat_map(|(&x, &y)| [x, y]).collect()
    }

    /// Positions as `f32` pairs into `out` (what the page draws), reusing its buffer.
    pub fn positions_f32(&self, out: &mut Vec<f32>) {
        out.clear();
        out.extend(
            self.x
                .iter()
                .zip(&self.y)
                .flat_map(|(&x, &y)| [x as f32, y as f32]),
        );
    }

    pub fn position(&self, node: usize) -> (f64, f64) {
        (self.x[node], self.y[node])
    }

    /// Runs `iterations` iterations.
    pub fn step(&mut self, iterations: usize) {
        for _ in 0..iterations {
            self.iterate();
        }
    }

    fn update_attraction_weights(&mut self) {
        let influence = self.settings.edge_weight_influence;
        self.attraction_weight = self
            .edges
            .weight
            .iter()
            .map(|&w| match influence {
                0.0 => 1.0,
                1.0 => w,
                _ => w.powf(influence),
            })
            .collect();
    }

    fn iterate(&mut self) {
        if self.node_count() == 0 {
            return;
        }
        std::mem::swap(&mut self.dx, &mut self.old_dx);
        std::mem::swap(&mut self.dy, &mut self.old_dy);
        self.dx.fill(0.0);
        self.dy.fill(0.0);
        if self.settings.barnes_hut {
            self.tree.build(&self.x, &self.y, &self.mass);
            self.tree.repel_all(
                &self.x,
                &self.y,
                &self.mass,
                self.settings.scaling_ratio,
                self.settings.barnes_hut_theta,
                &mut self.dx,
                &mut self.dy,
            );
        } else {
            exact_repulsion(
                &self.x,
                &self.y,
                &self.mass,
                self.settings.scaling_ratio,
                &mut self.dx,
                &mut self.dy,
            );
        }
        self.apply_gravity();
        self.apply_attraction();
        self.move_nodes();
        self.iterations += 1;
    }

    fn apply_gravity(&mut self) {
        let gravity = self.settings.gravity;
        for n in 0..self.node_count() {
            let (x, y) = (self.x[n], self.y[n]);
            let distance = (x * x + y * y).sqrt();
            if distance > 0.0 {
                let factor = if self.settings.strong_gravity {
                    self.mass[n] * gravity
                } else {
                    self.mass[n] * gravity / distance
                };
                self.dx[n] -= x * factor;
                self.dy[n] -= y * factor;
            }
        }
    }

    fn apply_attraction(&mut self) {
        let coefficient = if self.settings.dissuade_hubs {
            self.mean_mass
        } else {
            1.0
        };
        for e in 0..self.edges.len() {
            let (a, b) = (self.edges.a[e] as usize, self.edges.b[e] as usize);
            let x_distance = self.x[a] - self.x[b];
            let y_distance = self.y[a] - self.y[b];
            let mut factor = -coefficient * self.attraction_weight[e];
            if self.settings.lin_log {
                let distance = (x_distance * x_distance + y_distance * y_distance).sqrt();
                if distance <= 0.0 {
                    continue;
                }
                factor *= (1.0 + distance).ln() / distance;
            }
            if self.settings.dissuade_hubs {
                factor /= self.mass[a];
            }
            self.dx[a] += x_distance * factor;
            self.dy[a] += y_distance * factor;
            self.dx[b] -= x_distance * factor;
            self.dy[b] -= y_distance * factor;
        }
    }

    /// Gephi's adaptive speed, then the move of each node.
    fn move_nodes(&mut self) {
        let node_count = self.node_count();
        let mut swinging = 0.0;
        let mut traction = 0.0;
        for n in 0..node_count {
            let (ddx, ddy) = (self.old_dx[n] - self.dx[n], self.old_dy[n] - self.dy[n]);
            let (sdx, sdy) = (self.old_dx[n] + self.dx[n], self.old_dy[n] + self.dy[n]);
            swinging += self.mass[n] * (ddx * ddx + ddy * ddy).sqrt();
            traction += 0.5 * self.mass[n] * (sdx * sdx + sdy * sdy).sqrt();
        }
        if swinging > 0.0 && traction > 0.0 && swinging.is_finite() && traction.is_finite() {
            self.adapt_speed(swinging, traction);
        }
        self.last = StepStats {
            swinging,
            traction,
            speed: self.speed,
        };
        for n in 0..node_count {
            let (ddx, ddy) = (self.old_dx[n] - self.dx[n], self.old_dy[n] - self.dy[n]);
            let node_swinging = self.mass[n] * (ddx * ddx + ddy * ddy).sqrt();
            let factor = self.speed / (1.0 + (self.speed * node_swinging).sqrt());
            let (new_x, new_y) = (self.x[n] + self.dx[n] * factor, self.y[n] + self.dy[n] * factor);
            // A non-finite force (overflow on absurd settings) must not poison the map.
            if new_x.is_finite() && new_y.is_finite() {
                self.x[n] = new_x;
                self.y[n] = new_y;
            }
        }
    }

    fn adapt_speed(&mut self, swinging: f64, traction: f64) {
        const MIN_SPEED_EFFICIENCY: f64 = 0.05;
        const MAX_JITTER: f64 = 10.0;
        const MAX_RISE: f64 = 0.5;
        let node_count = self.node_count() as f64;
        let jitter = self.settings.jitter_tolerance;
        let estimated_optimal_jitter = 0.05 * node_count.sqrt();
        let min_jitter = estimated_optimal_jitter.sqrt();
        let mut jt = jitter
            * min_jitter.max(MAX_JITTER.min(estimated_optimal_jitter * traction / (node_count * node_count)));
        if swinging / traction > 2.0 {
            if self.speed_efficiency > MIN_SPEED_EFFICIENCY {
                self.speed_efficiency *= 0.5;
            }
            jt = jt.max(jitter);
        }
        let target_speed = jt * self.speed_efficiency * traction / swinging;
        if swinging > jt * traction {
            if self.speed_efficiency > MIN_SPEED_EFFICIENCY {
                self.speed_efficiency *= 0.7;
            }
        } else if self.speed < 1000.0 {
            self.speed_efficiency *= 1.3;
        }
        self.speed += (target_speed - self.speed).min(MAX_RISE * self.speed);
    }
}

/// Uniform positions in a square of side `10·√n` centred on the origin, from SplitMix64.
fn initial_positions(node_count: usize, seed: u64) -> (Vec<f64>, Vec<f64>) {
    let side = 10.0 * (node_count.max(1) as f64).sqrt();
    let mut random = SplitMix64(seed);
    let mut x = Vec::with_capacity(node_count);
    let mut y = Vec::with_capacity(node_count);
    for _ in 0..node_count {
        x.push((random.next_unit() - 0.5) * side);
        y.push((random.next_unit() - 0.5) * side);
    }
    (x, y)
}

/// SplitMix64 (Steele, Lea & Flood 2014): six lines whose output is fixed by
/// definition, so seeded positions stay the same whatever crate versions the build uses.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)` with 53 random bits.
    fn next_unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Repulsion between `n` and a body of mass `other_mass` at `(x, y)`, added to `n`'s force.
#[inline]
fn repel(
    (nx, ny, node_mass): (f64, f64, f64),
    (x, y, other_mass): (f64, f64, f64),
    scaling_ratio: f64,
) -> (f64, f64) {
    let (x_distance, y_distance) = (nx - x, ny - y);
    let squared = x_distance * x_distance + y_distance * y_distance;
    if squared > 0.0 {
        let factor = scaling_ratio * node_mass * other_mass / squared;
        (x_distance * factor, y_distance * factor)
    } else {
        (0.0, 0.0)
    }
}

/// Exact repulsion over all pairs: O(V²).
pub fn exact_repulsion(
    x: &[f64],
    y: &[f64],
    mass: &[f64],
    scaling_ratio: f64,
    dx: &mut [f64],
    dy: &mut [f64],
) {
    for i in 0..x.len() {
        for j in (i + 1)..x.len() {
            let (fx, fy) = repel((x[i], y[i], mass[i]), (x[j], y[j], mass[j]), scaling_ratio);
            dx[i] += fx;
            dy[i] += fy;
            dx[j] -= fx;
            dy[j] -= fy;
        }
    }
}

const NONE: u32 = u32::MAX;
/// Below this depth cells split; at it, nodes share a leaf (a list) instead.
const MAX_DEPTH: u32 = 48;

/// One square cell of the quadtree, centred on `(centre_x, centre_y)` with half-width `half`.
#[derive(Clone, Copy, Debug)]
struct Cell {
    mass: f64,
    /// Mass-weighted sums of positions while building, the centre of mass afterwards.
    mass_x: f64,
    mass_y: f64,
    centre_x: f64,
    centre_y: f64,
    half: f64,
    /// Its four children are `first_child .. first_child + 4`; `NONE` for a leaf.
    first_child: u32,
    /// A leaf's nodes: `first_node`, then `next_node[node]`, until `NONE`.
    first_node: u32,
}

/// A Barnes-Hut quadtree in flat arrays: cells in one vector (a cell's fields share a
/// cache line), children of a cell contiguous. A leaf holds a linked list of nodes,
/// usually one, several when they coincide or the depth limit is reached. The vectors
/// are cleared, not freed, between iterations.
#[derive(Default)]
pub struct QuadTree {
    cells: Vec<Cell>,
    next_node: Vec<u32>,
    /// Nodes in the order a depth-first walk meets them: neighbours in space are
    /// neighbours in this order, so the repulsion pass walks the tree cache-warm.
    spatial_order: Vec<u32>,
    stack: Vec<u32>,
}

impl QuadTree {
    /// Rebuilds the tree over the given positions and masses.
    pub fn build(&mut self, x: &[f64], y: &[f64], mass: &[f64]) {
        self.cells.clear();
        self.next_node.clear();
        self.next_node.resize(x.len(), NONE);
        self.spatial_order.clear();
        if x.is_empty() {
            return;
        }
        let (min_x, max_x) = min_max(x);
        let (min_y, max_y) = min_max(y);
        let half = 0.5 * (max_x - min_x).max(max_y - min_y) * (1.0 + 1e-9) + f64::MIN_POSITIVE;
        self.push_cell(0.5 * (min_x + max_x), 0.5 * (min_y + max_y), half);
        for node in 0..x.len() {
            self.insert(node as u32, x, y, mass);
        }
        for cell in &mut self.cells {
            if cell.mass > 0.0 {
                cell.mass_x /= cell.mass;
                cell.mass_y /= cell.mass;
            }
        }
        self.collect_spatial_order();
    }

    fn collect_spatial_order(&mut self) {
        let mut stack = std::mem::take(&mut self.stack);
        stack.clear();
        stack.push(0);
        while let Some(c) = stack.pop() {
            let cell = self.cells[c as usize];
            if cell.first_child == NONE {
                let mut node = cell.first_node;
                while node != NONE {
                    self.spatial_order.push(node);
                    node = self.next_node[node as usize];
                }
            } else {
                stack.extend(cell.first_child..cell.first_child + 4);
            }
        }
        self.stack = stack;
    }

    fn push_cell(&mut self, centre_x: f64, centre_y: f64, half: f64) -> u32 {
        self.cells.push(Cell {
            mass: 0.0,
            mass_x: 0.0,
            mass_y: 0.0,
            centre_x,
            centre_y,
            half,
            first_child: NONE,
            first_node: NONE,
        });
        (self.cells.len() - 1) as u32
    }

    fn add_mass(&mut self, cell: usize, x: f64, y: f64, mass: f64) {
        let cell = &mut self.cells[cell];
        cell.mass += mass;
        cell.mass_x += mass * x;
        cell.mass_y += mass * y;
    }

    fn child_for(&self, cell: usize, x: f64, y: f64) -> usize {
        let cell = &self.cells[cell];
        let quadrant = (x >= cell.centre_x) as u32 + 2 * (y >= cell.centre_y) as u32;
        (cell.first_child + quadrant) as usize
    }

    fn insert(&mut self, node: u32, x: &[f64], y: &[f64], mass: &[f64]) {
        let n = node as usize;
        let (nx, ny, nm) = (x[n], y[n], mass[n]);
        let mut cell = 0usize;
        let mut depth = 0u32;
        self.add_mass(cell, nx, ny, nm);
        loop {
            if self.cells[cell].first_child != NONE {
                cell = self.child_for(cell, nx, ny);
                depth += 1;
                self.add_mass(cell, nx, ny, nm);
                continue;
            }
            let head = self.cells[cell].first_node;
            if head == NONE {
                self.cells[cell].first_node = node;
                return;
            }
            let coincident = x[head as usize] == nx && y[head as usize] == ny;
            if coincident || depth >= MAX_DEPTH {
                self.next_node[n] = head;
                self.cells[cell].first_node = node;
                return;
            }
            self.split(cell, x, y, mass);
        }
    }

    /// Turns leaf `cell` into four children and moves its nodes (all at one point, or
    /// a single node) into the child that contains them.
    fn split(&mut self, cell: usize, x: &[f64], y: &[f64], mass: &[f64]) {
        let Cell {
            centre_x: cx,
            centre_y: cy,
            half,
            first_node: head,
            ..
        } = self.cells[cell];
        let quarter = 0.5 * half;
        let first = self.push_cell(cx - quarter, cy - quarter, quarter);
        self.push_cell(cx + quarter, cy - quarter, quarter);
        self.push_cell(cx - quarter, cy + quarter, quarter);
        self.push_cell(cx + quarter, cy + quarter, quarter);
        self.cells[cell].first_child = first;
        self.cells[cell].first_node = NONE;
        let target = self.child_for(cell, x[head as usize], y[head as usize]);
        self.cells[target].first_node = head;
        let mut node = head;
        while node != NONE {
            let n = node as usize;
            self.add_mass(target, x[n], y[n], mass[n]);
            node = self.next_node[n];
        }
    }

    /// Adds every node's repulsion from the tree to `dx`, `dy`. Call after [`QuadTree::build`]
    /// on the same positions.
    #[allow(clippy::too_many_arguments)]
    pub fn repel_all(
        &mut self,
        x: &[f64],
        y: &[f64],
        mass: &[f64],
        scaling_ratio: f64,
        theta: f64,
        dx: &mut [f64],
        dy: &mut [f64],
    ) {
        let mut stack = std::mem::take(&mut self.stack);
        for &node_index in &self.spatial_order {
            let n = node_index as usize;
            let node = (x[n], y[n], mass[n]);
            let (mut fx, mut fy) = (0.0, 0.0);
            stack.clear();
            stack.push(0);
            while let Some(c) = stack.pop() {
                let cell = &self.cells[c as usize];
                if cell.first_child == NONE {
                    let mut other = cell.first_node;
                    while other != NONE {
                        let o = other as usize;
                        if o != n {
                            let (ox, oy) = repel(node, (x[o], y[o], mass[o]), scaling_ratio);
                            fx += ox;
                            fy += oy;
                        }
                        other = self.next_node[o];
                    }
                    continue;
                }
                let inside = (node.0 - cell.centre_x).abs() <= cell.half
                    && (node.1 - cell.centre_y).abs() <= cell.half;
                let (mx, my) = (node.0 - cell.mass_x, node.1 - cell.mass_y);
                let width = 2.0 * cell.half;
                if !inside && width * width < theta * theta * (mx * mx + my * my) {
                    let (ox, oy) = repel(node, (cell.mass_x, cell.mass_y, cell.mass), scaling_ratio);
                    fx += ox;
                    fy += oy;
                } else {
                    for child in cell.first_child..cell.first_child + 4 {
                        if self.cells[child as usize].mass > 0.0 {
                            stack.push(child);
                        }
                    }
                }
            }
            dx[n] += fx;
            dy[n] += fy;
        }
        self.stack = stack;
    }
}

fn min_max(values: &[f64]) -> (f64, f64) {
    values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two cliques of `size` nodes joined by one edge.
    fn two_cliques(size: u32) -> Csr {
        let mut edges = Vec::new();
        for offset in [0, size] {
            for i in 0..size {
                for j in (i + 1)..size {
                    edges.push((offset + i, offset + j, 1.0));
                }
            }
        }
        edges.push((0, size, 1.0));
        Csr::from_edges(2 * size as usize, edges.into_iter())
    }

    fn random_graph(nodes: u32, edges: usize, seed: u64) -> Csr {
        let mut random = SplitMix64(seed);
        let list: Vec<(u32, u32, f64)> = (0..edges)
            .map(|_| {
                let a = (random.next() % nodes as u64) as u32;
                let b = (random.next() % nodes as u64) as u32;
                (a, b, 1.0 + (random.next() % 3) as f64)
            })
            .collect();
        Csr::from_edges(nodes as usize, list.into_iter())
    }

    fn centroid(layout: &ForceAtlas2, nodes: std::ops::Range<usize>) -> (f64, f64) {
        let count = nodes.len() as f64;
        let (sx, sy) = nodes.fold((0.0, 0.0), |(sx, sy), n| {
            let (x, y) = layout.position(n);
            (sx + x, sy + y)
        });
        (sx / count, sy / count)
    }

    fn mean_distance_to(layout: &ForceAtlas2, nodes: std::ops::Range<usize>, (cx, cy): (f64, f64)) -> f64 {
        let count = nodes.len() as f64;
        nodes
            .map(|n| {
                let (x, y) = layout.position(n);
                ((x - cx).powi(2) + (y - cy).powi(2)).sqrt()
            })
            .sum::<f64>()
            / count
    }

    #[test]
    fn same_seed_gives_bitwise_the_same_positions() {
        let graph = random_graph(300, 900, 7);
        for barnes_hut in [false, true] {
            let settings = Settings {
                seed: 42,
                barnes_hut,
                ..Settings::default()
            };
            let mut first = ForceAtlas2::new(&graph, settings);
            let mut second = ForceAtlas2::new(&graph, settings);
            first.step(50);
            second.step(20);
            second.step(30);
            let bits =
                |layout: &ForceAtlas2| layout.positions().iter().map(|v| v.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&first), bits(&second));
        }
        let other_seed = ForceAtlas2::new(
            &graph,
            Settings {
                seed: 43,
                ..Settings::default()
            },
        );
        assert_ne!(
            ForceAtlas2::new(
                &graph,
                Settings {
                    seed: 42,
                    ..Settings::default()
                }
            )
            .positions(),
            other_seed.positions()
        );
    }

    #[test]
    fn two_cliques_separate_and_forces_settle() {
        for lin_log in [false, true] {
            let graph = two_cliques(12);
            let settings = Settings {
                lin_log,
                ..Settings::for_size(24)
            };
            let mut layout = ForceAtlas2::new(&graph, settings);
            layout.step(1);
            let initial_traction = layout.last_step().traction;
            layout.step(500);
            let final_traction = layout.last_step().traction;
            assert!(
                final_traction < 0.05 * initial_traction,
                "lin_log {lin_log}: forces went from {initial_traction} to {final_traction}"
            );
            let (left, right) = (centroid(&layout, 0..12), centroid(&layout, 12..24));
            let separation = ((left.0 - right.0).powi(2) + (left.1 - right.1).powi(2)).sqrt();
            let spread = mean_distance_to(&layout, 0..12, left).max(mean_distance_to(&layout, 12..24, right));
            assert!(
                separation > 2.0 * spread,
                "lin_log {lin_log}: cliques {separation} apart, each {spread} wide"
            );
        }
    }

    #[test]
    fn barnes_hut_with_zero_theta_is_exact() {
        let graph = random_graph(400, 1200, 3);
        let layout = ForceAtlas2::new(&graph, Settings::default());
        let (x, y, mass) = (&layout.x, &layout.y, &layout.mass);
        let n = x.len();
        let (mut exact_x, mut exact_y) = (vec![0.0; n], vec![0.0; n]);
        exact_repulsion(x, y, mass, 2.0, &mut exact_x, &mut exact_y);
        let mut tree = QuadTree::default();
        tree.build(x, y, mass);
        let (mut tree_x, mut tree_y) = (vec![0.0; n], vec![0.0; n]);
        tree.repel_all(x, y, mass, 2.0, 0.0, &mut tree_x, &mut tree_y);
        for i in 0..n {
            let scale = exact_x[i].abs().max(exact_y[i].abs()).max(1.0);
            assert!((exact_x[i] - tree_x[i]).abs() <= 1e-9 * scale, "node {i} x");
            assert!((exact_y[i] - tree_y[i]).abs() <= 1e-9 * scale, "node {i} y");
        }
        // A coarser angle approximates: close, but no longer the same.
        let (mut coarse_x, mut coarse_y) = (vec![0.0; n], vec![0.0; n]);
        tree.repel_all(x, y, mass, 2.0, 1.2, &mut coarse_x, &mut coarse_y);
        let error: f64 = (0..n)
            .map(|i| (coarse_x[i] - exact_x[i]).abs() + (coarse_y[i] - exact_y[i]).abs())
            .sum();
        let total: f64 = (0..n).map(|i| exact_x[i].abs() + exact_y[i].abs()).sum();
        assert!(
            error > 0.0 && error < 0.2 * total,
            "relative error {}",
            error / total
        );
    }

    #[test]
    fn coincident_nodes_share_a_leaf() {
        let (x, y, mass) = (vec![1.0, 1.0, 1.0, 5.0], vec![2.0, 2.0, 2.0, 5.0], vec![1.0; 4]);
        let mut tree = QuadTree::default();
        tree.build(&x, &y, &mass);
        let (mut dx, mut dy) = (vec![0.0; 4], vec![0.0; 4]);
        tree.repel_all(&x, &y, &mass, 1.0, 0.0, &mut dx, &mut dy);
        let (mut ex, mut ey) = (vec![0.0; 4], vec![0.0; 4]);
        exact_repulsion(&x, &y, &mass, 1.0, &mut ex, &mut ey);
        for i in 0..4 {
            assert!(
                (dx[i] - ex[i]).abs() < 1e-12 && (dy[i] - ey[i]).abs() < 1e-12,
                "node {i}"
            );
        }
    }

    #[test]
    fn disconnected_graphs_and_isolated_nodes_stay_finite() {
        // Two components, a pair, and five isolated nodes.
        let edges = vec![(0, 1, 1.0), (1, 2, 1.0), (3, 4, 2.0), (4, 5, 1.0), (6, 7, 1.0)];
        let graph = Csr::from_edges(13, edges.into_iter());
        for (strong_gravity, lin_log, barnes_hut, dissuade_hubs) in [
            (false, false, false, false),
            (true, true, true, true),
            (false, true, true, false),
        ] {
            let settings = Settings {
                strong_gravity,
                lin_log,
                barnes_hut,
                dissuade_hubs,
                ..Settings::for_size(13)
            };
            let mut layout = ForceAtlas2::new(&graph, settings);
            layout.step(2000);
            let positions = layout.positions();
            assert!(positions.iter().all(|v| v.is_finite()));
            let extent = positions.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            assert!(extent < 1e4, "gravity keeps the map bounded, extent {extent}");
        }
        for node_count in [0, 1] {
            let mut layout = ForceAtlas2::new(
                &Csr::from_edges(node_count, std::iter::empty()),
                Settings::default(),
            );
            layout.step(10);
            assert!(layout.positions().iter().all(|v| v.is_finite()));
        }
    }

    #[test]
    fn a_patch_changes_only_what_it_names() {
        let patch: SettingsPatch = serde_json::from_str(r#"{"linLog": true, "gravity": 3}"#).unwrap();
        let patched = Settings::for_size(10).patched(&patch);
        assert!(patched.lin_log);
        assert_eq!(patched.gravity, 3.0);
        assert_eq!(patched.scaling_ratio, 10.0);
        assert!(serde_json::from_str::<SettingsPatch>(r#"{"gravty": 3}"#).is_err());
    }

    #[test]
    fn absurd_settings_do_not_poison_positions() {
        let graph = two_cliques(5);
        let settings = Settings {
            gravity: f64::NAN,
            scaling_ratio: -3.0,
            edge_weight_influence: f64::INFINITY,
            ..Settings::default()
        };
        let mut layout = ForceAtlas2::new(&graph, settings);
        layout.step(100);
        assert!(layout.positions().iter().all(|v| v.is_finite()));
    }
}

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
//! * **prevent overlap** (Gephi's "adjust sizes"): once the shape has formed (after
//!   [`OVERLAP_FROM_ITERATION`] iterations), each node is a disc and the distance between
//!   two nodes is taken between their rims: `F = k_r · m(n1) · m(n2) / d'` with
//!   `d' = d − r(n1) − r(n2)`, a hundredfold push `100 · k_r · m(n1) · m(n2)` while the discs
//!   overlap, no attraction between overlapping neighbours, and Gephi's slower, capped
//!   moves. A disc's radius is the size the page draws for it (more neighbours, larger:
//!   [`drawn_radius`]) in the map's own units: pixels of a map [`REFERENCE_WIDTH_PX`] wide
//!   holding the layout's extent when overlap prevention starts;
//! * **isolated accounts** (no neighbour) take no part when [`Settings::park_isolated`]:
//!   they weigh nothing and are parked in a grid under the map (one row per
//!   [`PARK_SPACING_SHARE`] of its width), instead of the ring gravity and repulsion
//!   would make of them around it.
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
    /// Nodes as discs that push apart when they overlap, once the shape has formed
    /// (Gephi: "prevent overlap").
    pub prevent_overlap: bool,
    /// Accounts without any neighbour are parked in a grid under the map, not laid out.
    pub park_isolated: bool,
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
            prevent_overlap: false,
            park_isolated: true,
        }
    }
}

/// Overlap prevention is a default up to this many accounts: beyond, discs of a few pixels
/// no longer fit side by side on a screen, and the sized forces cost more.
pub const OVERLAP_MAX_NODES: usize = 5000;
/// A network is star-shaped when at least this share of its connected accounts have a
/// single neighbour: spokes around hubs, as in a collection of retweets.
pub const STAR_LEAF_SHARE: f64 = 0.5;

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

    /// The defaults for a graph with these degrees (distinct neighbours per account):
    /// Gephi's for its size ([`Settings::for_size`]); on a star-shaped network
    /// ([`is_star_shaped`]) LinLog and dissuade hubs, which Gephi's users reach for so that
    /// spokes spread around their hub and hubs sit apart; overlap prevention up to
    /// [`OVERLAP_MAX_NODES`] accounts.
    pub fn for_graph(degree: &[u32]) -> Self {
        let star = is_star_shaped(degree);
        Settings {
            lin_log: star,
            dissuade_hubs: star,
            prevent_overlap: degree.len() <= OVERLAP_MAX_NODES,
            ..Settings::for_size(degree.len())
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

/// Whether most connected accounts (at least [`STAR_LEAF_SHARE`]) have a single neighbour
/// and some account has several: the degree distribution of spokes around hubs. O(V).
pub fn is_star_shaped(degree: &[u32]) -> bool {
    let connected = degree.iter().filter(|&&d| d > 0).count();
    let leaves = degree.iter().filter(|&&d| d == 1).count();
    let hub = degree.iter().any(|&d| d >= 3);
    hub && connected > 0 && leaves as f64 >= STAR_LEAF_SHARE * connected as f64
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
    pub prevent_overlap: Option<bool>,
    pub park_isolated: Option<bool>,
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
            prevent_overlap: patch.prevent_overlap.unwrap_or(self.prevent_overlap),
            park_isolated: patch.park_isolated.unwrap_or(self.park_isolated),
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
    /// The mass each node has in the forces: `1 + deg(n)`, 0 for a parked isolated node.
    mass: Vec<f64>,
    /// The mean of `1 + deg(n)` over all nodes (the dissuade-hubs coefficient).
    mean_mass: f64,
    /// Each node's drawn radius in pixels ([`drawn_radius`]).
    radius_px: Vec<f64>,
    /// Layout units per pixel, fixed when overlap prevention starts; `None` before.
    overlap_unit: Option<f64>,
    /// Radii in layout units while overlap prevention is in force, else empty.
    radius: Vec<f64>,
    /// Nodes without any neighbour, in account order.
    isolated: Vec<u32>,
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
        let mean_mass = if node_count == 0 {
            1.0
        } else {
            edges.degree.iter().map(|&d| 1.0 + d as f64).sum::<f64>() / node_count as f64
        };
        let max_degree = edges.degree.iter().copied().max().unwrap_or(0);
        let radius_px = edges
            .degree
            .iter()
            .map(|&d| drawn_radius(d, max_degree))
            .collect();
        let isolated = (0..node_count as u32)
            .filter(|&n| edges.degree[n as usize] == 0)
            .collect();
        let (x, y) = initial_positions(node_count, settings.seed);
        let mut layout = ForceAtlas2 {
            settings: settings.sanitised(),
            attraction_weight: Vec::new(),
            edges,
            mass: Vec::new(),
            mean_mass,
            radius_px,
            overlap_unit: None,
            radius: Vec::new(),
            isolated,
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
        layout.update_masses();
        layout.park_isolated();
        layout
    }

    /// Changes the parameters and keeps the positions (the seed only matters at the start).
    pub fn set_settings(&mut self, settings: Settings) {
        self.settings = settings.sanitised();
        self.update_attraction_weights();
        self.update_masses();
        self.update_radii();
        self.park_isolated();
    }

    /// The radius of each node in layout units while overlap prevention is in force
    /// (empty before it starts or when it is off).
    pub fn radii(&self) -> &[f64] {
        &self.radius
    }

    /// Nodes without neighbours, in account order.
    pub fn isolated(&self) -> &[u32] {
        &self.isolated
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

    /// Parked isolated nodes weigh nothing: no force moves them, and they push nobody.
    fn update_masses(&mut self) {
        let park = self.settings.park_isolated;
        self.mass = self
            .edges
            .degree
            .iter()
            .map(|&d| if d == 0 && park { 0.0 } else { 1.0 + d as f64 })
            .collect();
    }

    /// Starts overlap prevention once the shape has formed (fixing the pixel's size in
    /// layout units from the extent then), and keeps the radii in step with the settings.
    fn update_radii(&mut self) {
        let active = self.settings.prevent_overlap && self.iterations >= OVERLAP_FROM_ITERATION;
        if !active {
            self.radius.clear();
            return;
        }
        let unit = *self.overlap_unit.get_or_insert_with(|| {
            let (width, height) = extent(&self.x, &self.y, &self.mass);
            width.max(height).max(f64::MIN_POSITIVE) / REFERENCE_WIDTH_PX
        });
        if self.radius.is_empty() {
            self.radius = self.radius_px.iter().map(|&r| r * unit).collect();
        }
    }

    /// Puts the isolated nodes in rows under the connected ones, left-aligned with them,
    /// [`PARK_SPACING_SHARE`] of the map's larger side apart (or around the origin when
    /// nothing is connected).
    fn park_isolated(&mut self) {
        if !self.settings.park_isolated || self.isolated.is_empty() {
            return;
        }
        let connected = self.isolated.len() < self.node_count();
        let (spacing, left, top, width) = if connected {
            let (min_x, max_x, min_y, max_y) = bounds(&self.x, &self.y, &self.mass);
            let side = (max_x - min_x).max(max_y - min_y).max(f64::MIN_POSITIVE);
            let spacing = side * PARK_SPACING_SHARE;
            (spacing, min_x, min_y - 2.0 * spacing, max_x - min_x)
        } else {
            let count = self.isolated.len() as f64;
            let side = 10.0 * count.sqrt();
            (10.0, -0.5 * side, 0.5 * side, side)
        };
        let columns =
            ((width / spacing).floor() as usize + 1).max((self.isolated.len() as f64).sqrt().ceil() as usize);
        for (k, &node) in self.isolated.iter().enumerate() {
            let (row, column) = (k / columns, k % columns);
            self.x[node as usize] = left + column as f64 * spacing;
            self.y[node as usize] = top - row as f64 * spacing;
        }
    }

    fn iterate(&mut self) {
        if self.node_count() == 0 {
            return;
        }
        self.update_radii();
        std::mem::swap(&mut self.dx, &mut self.old_dx);
        std::mem::swap(&mut self.dy, &mut self.old_dy);
        self.dx.fill(0.0);
        self.dy.fill(0.0);
        let body = Bodies {
            x: &self.x,
            y: &self.y,
            mass: &self.mass,
            radius: &self.radius,
        };
        if self.settings.barnes_hut {
            self.tree.build(&self.x, &self.y, &self.mass);
            self.tree.repel_all(
                &body,
                self.settings.scaling_ratio,
                self.settings.barnes_hut_theta,
                &mut self.dx,
                &mut self.dy,
            );
        } else {
            exact_repulsion(&body, self.settings.scaling_ratio, &mut self.dx, &mut self.dy);
        }
        self.apply_gravity();
        self.apply_attraction();
        self.move_nodes();
        self.park_isolated();
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
            if !self.radius.is_empty() {
                // Between rims: overlapping neighbours do not pull closer.
                let distance = (x_distance * x_distance + y_distance * y_distance).sqrt();
                let gap = distance - self.radius[a] - self.radius[b];
                if gap <= 0.0 {
                    continue;
                }
                if self.settings.lin_log {
                    factor *= (1.0 + gap).ln() / gap;
                }
            } else if self.settings.lin_log {
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
        let sized = !self.radius.is_empty();
        for n in 0..node_count {
            let (ddx, ddy) = (self.old_dx[n] - self.dx[n], self.old_dy[n] - self.dy[n]);
            let node_swinging = self.mass[n] * (ddx * ddx + ddy * ddy).sqrt();
            let mut factor = self.speed / (1.0 + (self.speed * node_swinging).sqrt());
            if sized {
                // Gephi's moves under "adjust sizes": a tenth as fast, at most 10 units
                // (in pixels here: the hundredfold push must not fling nodes away).
                let force = (self.dx[n] * self.dx[n] + self.dy[n] * self.dy[n]).sqrt();
                if force > 0.0 {
                    let limit = MAX_SIZED_MOVE_PX * self.overlap_unit.unwrap_or(1.0);
                    factor = (0.1 * factor * force).min(limit) / force;
                }
            }
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

/// Gephi's node radii are pixels of a map this wide holding the layout's extent.
pub const REFERENCE_WIDTH_PX: f64 = 600.0;
/// Overlap prevention starts after this many iterations: the shape forms freely first.
pub const OVERLAP_FROM_ITERATION: u64 = 150;
/// The longest move of one iteration under overlap prevention, in pixels.
const MAX_SIZED_MOVE_PX: f64 = 10.0;
/// Parked isolated nodes sit this share of the map's larger side apart.
pub const PARK_SPACING_SHARE: f64 = 1.0 / 25.0;
/// Drawn radii: from this for an account with one neighbour...
pub const MIN_RADIUS_PX: f64 = 3.0;
/// ...to this for the account with the most.
pub const MAX_RADIUS_PX: f64 = 20.0;

/// The radius the page draws for a node sized by its neighbours, in pixels: area
/// proportional to the degree, from [`MIN_RADIUS_PX`] to [`MAX_RADIUS_PX`].
pub fn drawn_radius(degree: u32, max_degree: u32) -> f64 {
    if max_degree == 0 {
        return MIN_RADIUS_PX;
    }
    MIN_RADIUS_PX + (MAX_RADIUS_PX - MIN_RADIUS_PX) * (degree as f64 / max_degree as f64).sqrt()
}

/// The bounding box `(min_x, max_x, min_y, max_y)` of the nodes that have mass.
fn bounds(x: &[f64], y: &[f64], mass: &[f64]) -> (f64, f64, f64, f64) {
    let mut b = (f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY, f64::NEG_INFINITY);
    for n in 0..x.len() {
        if mass[n] > 0.0 {
            b = (b.0.min(x[n]), b.1.max(x[n]), b.2.min(y[n]), b.3.max(y[n]));
        }
    }
    if b.0 > b.1 {
        (0.0, 0.0, 0.0, 0.0)
    } else {
        b
    }
}

/// Width and height of the nodes that have mass.
fn extent(x: &[f64], y: &[f64], mass: &[f64]) -> (f64, f64) {
    let (min_x, max_x, min_y, max_y) = bounds(x, y, mass);
    (max_x - min_x, max_y - min_y)
}

/// The nodes as the repulsion sees them; `radius` is empty when sizes do not count.
pub struct Bodies<'a> {
    pub x: &'a [f64],
    pub y: &'a [f64],
    pub mass: &'a [f64],
    pub radius: &'a [f64],
}

impl Bodies<'_> {
    /// The repulsion of node `o` on node `n`, between rims when sizes count.
    #[inline]
    fn repel_node(&self, n: usize, o: usize, scaling_ratio: f64) -> (f64, f64) {
        let (nx, ny, nm) = (self.x[n], self.y[n], self.mass[n]);
        if self.radius.is_empty() {
            return repel((nx, ny, nm), (self.x[o], self.y[o], self.mass[o]), scaling_ratio);
        }
        let (x_distance, y_distance) = (nx - self.x[o], ny - self.y[o]);
        let distance = (x_distance * x_distance + y_distance * y_distance).sqrt();
        let gap = distance - self.radius[n] - self.radius[o];
        let strength = scaling_ratio * nm * self.mass[o];
        let factor = if gap > 0.0 {
            strength / (gap * gap)
        } else if distance > 0.0 {
            100.0 * strength / distance
        } else {
            0.0
        };
        (x_distance * factor, y_distance * factor)
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
pub fn exact_repulsion(bodies: &Bodies, scaling_ratio: f64, dx: &mut [f64], dy: &mut [f64]) {
    for i in 0..bodies.x.len() {
        if bodies.mass[i] == 0.0 {
            continue;
        }
        for j in (i + 1)..bodies.x.len() {
            if bodies.mass[j] == 0.0 {
                continue;
            }
            let (fx, fy) = bodies.repel_node(i, j, scaling_ratio);
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
    pub fn repel_all(
        &mut self,
        bodies: &Bodies,
        scaling_ratio: f64,
        theta: f64,
        dx: &mut [f64],
        dy: &mut [f64],
    ) {
        let (x, y, mass) = (bodies.x, bodies.y, bodies.mass);
        let mut stack = std::mem::take(&mut self.stack);
        for &node_index in &self.spatial_order {
            let n = node_index as usize;
            if mass[n] == 0.0 {
                continue; // a parked node: nothing pushes it
            }
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
                        if o != n && mass[o] > 0.0 {
                            let (ox, oy) = bodies.repel_node(n, o, scaling_ratio);
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
        let bodies = Bodies {
            x,
            y,
            mass,
            radius: &[],
        };
        let n = x.len();
        let (mut exact_x, mut exact_y) = (vec![0.0; n], vec![0.0; n]);
        exact_repulsion(&bodies, 2.0, &mut exact_x, &mut exact_y);
        let mut tree = QuadTree::default();
        tree.build(x, y, mass);
        let (mut tree_x, mut tree_y) = (vec![0.0; n], vec![0.0; n]);
        tree.repel_all(&bodies, 2.0, 0.0, &mut tree_x, &mut tree_y);
        for i in 0..n {
            let scale = exact_x[i].abs().max(exact_y[i].abs()).max(1.0);
            assert!((exact_x[i] - tree_x[i]).abs() <= 1e-9 * scale, "node {i} x");
            assert!((exact_y[i] - tree_y[i]).abs() <= 1e-9 * scale, "node {i} y");
        }
        // A coarser angle approximates: close, but no longer the same.
        let (mut coarse_x, mut coarse_y) = (vec![0.0; n], vec![0.0; n]);
        tree.repel_all(&bodies, 2.0, 1.2, &mut coarse_x, &mut coarse_y);
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
        let bodies = Bodies {
            x: &x,
            y: &y,
            mass: &mass,
            radius: &[],
        };
        tree.repel_all(&bodies, 1.0, 0.0, &mut dx, &mut dy);
        let (mut ex, mut ey) = (vec![0.0; 4], vec![0.0; 4]);
        exact_repulsion(&bodies, 1.0, &mut ex, &mut ey);
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

    /// Hubs with `leaves` spokes each, the hubs joined in a chain, and `isolated` accounts
    /// with no neighbour after them: the shape of a retweet collection.
    fn stars(leaves: &[u32], isolated: u32) -> (Csr, Vec<u32>) {
        let mut edges = Vec::new();
        let mut next = leaves.len() as u32;
        for (hub, &count) in leaves.iter().enumerate() {
            if hub > 0 {
                edges.push((hub as u32 - 1, hub as u32, 1.0));
            }
            for _ in 0..count {
                edges.push((next, hub as u32, 1.0));
                next += 1;
            }
        }
        let graph = Csr::from_edges((next + isolated) as usize, edges.into_iter());
        let degree = UndirectedEdges::from_csr(&graph).degree;
        (graph, degree)
    }

    #[test]
    fn star_shaped_networks_get_linlog_and_dissuade_hubs() {
        let (_, star_degrees) = stars(&[40, 25, 10], 12);
        assert!(is_star_shaped(&star_degrees));
        let settings = Settings::for_graph(&star_degrees);
        assert!(settings.lin_log && settings.dissuade_hubs && settings.prevent_overlap);
        let cliques = UndirectedEdges::from_csr(&two_cliques(12)).degree;
        assert!(!is_star_shaped(&cliques));
        let settings = Settings::for_graph(&cliques);
        assert!(!settings.lin_log && !settings.dissuade_hubs);
        // Pairs alone are leaves without a hub: not a star.
        assert!(!is_star_shaped(&[1, 1, 1, 1]));
        assert!(!Settings::for_graph(&vec![2; OVERLAP_MAX_NODES + 1]).prevent_overlap);
    }

    #[test]
    fn prevent_overlap_leaves_no_two_discs_overlapping_on_a_star() {
        let (graph, degree) = stars(&[40, 25, 10], 0);
        let settings = Settings::for_graph(&degree);
        let mut layout = ForceAtlas2::new(&graph, settings);
        layout.step(OVERLAP_FROM_ITERATION as usize - 1);
        assert!(layout.radii().is_empty(), "the shape forms freely first");
        layout.step(1000);
        let radius = layout.radii().to_vec();
        assert_eq!(radius.len(), layout.node_count());
        let mut worst = f64::INFINITY;
        for i in 0..layout.node_count() {
            for j in (i + 1)..layout.node_count() {
                let ((xi, yi), (xj, yj)) = (layout.position(i), layout.position(j));
                let distance = ((xi - xj).powi(2) + (yi - yj).powi(2)).sqrt();
                worst = worst.min(distance / (radius[i] + radius[j]));
            }
        }
        assert!(
            worst >= 0.99,
            "two discs overlap: centre distance {worst} of their radii's sum"
        );
        // Without it, the spokes sit on top of each other.
        let mut crowded = ForceAtlas2::new(
            &graph,
            Settings {
                prevent_overlap: false,
                ..settings
            },
        );
        crowded.step(OVERLAP_FROM_ITERATION as usize + 1000);
        let overlapping = (0..crowded.node_count()).any(|i| {
            (i + 1..crowded.node_count()).any(|j| {
                let ((xi, yi), (xj, yj)) = (crowded.position(i), crowded.position(j));
                ((xi - xj).powi(2) + (yi - yj).powi(2)).sqrt() < 0.99 * (radius[i] + radius[j])
            })
        });
        assert!(
            overlapping,
            "the star fixture must be crowded without overlap prevention"
        );
    }

    #[test]
    fn isolated_accounts_are_parked_in_rows_under_the_map() {
        let (graph, degree) = stars(&[30, 10], 23);
        let mut layout = ForceAtlas2::new(&graph, Settings::for_graph(&degree));
        layout.step(300);
        let isolated = layout.isolated().to_vec();
        assert_eq!(isolated.len(), 23);
        let connected: Vec<usize> = (0..layout.node_count()).filter(|&n| degree[n] > 0).collect();
        let lowest = connected
            .iter()
            .map(|&n| layout.position(n).1)
            .fold(f64::INFINITY, f64::min);
        let left = connected
            .iter()
            .map(|&n| layout.position(n).0)
            .fold(f64::INFINITY, f64::min);
        let parked: Vec<(f64, f64)> = isolated.iter().map(|&n| layout.position(n as usize)).collect();
        assert!(parked.iter().all(|&(_, y)| y < lowest), "all under the map");
        assert_eq!(parked[0].0, left, "rows start at the map's left edge");
        // A grid: one spacing between neighbours in a row, rows at whole spacings.
        let spacing = parked[1].0 - parked[0].0;
        assert!(spacing > 0.0);
        for &(x, y) in &parked {
            let column = (x - left) / spacing;
            let row = (parked[0].1 - y) / spacing;
            assert!((column - column.round()).abs() < 1e-6 && (row - row.round()).abs() < 1e-6);
        }
        // Unparked, gravity and repulsion put them on a ring around the map instead.
        let mut free = ForceAtlas2::new(
            &graph,
            Settings {
                park_isolated: false,
                ..Settings::for_graph(&degree)
            },
        );
        free.step(300);
        assert!(isolated.iter().any(|&n| free.position(n as usize).1 > lowest));
    }

    #[test]
    fn overlap_prevention_and_parking_keep_the_layout_deterministic() {
        let (graph, degree) = stars(&[60, 30, 5], 17);
        for barnes_hut in [false, true] {
            let settings = Settings {
                barnes_hut,
                seed: 9,
                ..Settings::for_graph(&degree)
            };
            let mut first = ForceAtlas2::new(&graph, settings);
            let mut second = ForceAtlas2::new(&graph, settings);
            first.step(400);
            second.step(OVERLAP_FROM_ITERATION as usize);
            second.step(400 - OVERLAP_FROM_ITERATION as usize);
            let bits =
                |layout: &ForceAtlas2| layout.positions().iter().map(|v| v.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&first), bits(&second));
            assert!(first.positions().iter().all(|v| v.is_finite()));
        }
    }
}

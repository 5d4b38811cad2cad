// Generated from the Rust types by ts-rs (src/api.rs); do not edit.
// Regenerate with: UPDATE_API_TYPES=1 cargo test --lib api

export type Kind = "follow" | "repost" | "quote" | "reply" | "mention" | "link";

export type Platform = "generic" | "twitter" | "mastodon" | "bluesky";

export type NetworkSummary = { 
/**
 * Accounts.
 */
nodes: number, 
/**
 * Distinct actor → target pairs.
 */
edges: number, 
/**
 * Distinct interaction events by kind, self-interactions excluded. Kinds with none are omitted.
 */
interactions: { [key in Kind]?: number }, 
/**
 * Distinct posts known (collected or referenced).
 */
posts: number, self_interactions: number, duplicates: number, };

export type NodeRowCounts = { rows: number, matched_by_id: number, matched_by_handle: number, 
/**
 * Rows that matched no account and became new generic accounts.
 */
added: number, 
/**
 * Rows that matched several accounts and were not applied.
 */
ambiguous: number, };

export type Warning = { file: string, 
/**
 * 1-based line, when the format has lines.
 */
line: number | null, message: string, };

export type Format = "edge_list" | "node_table" | "scores_table" | "adjacency_matrix" | "nodexl_edges" | "nodexl_vertices" | "gdf" | "gexf" | "graphml" | "pajek" | "gml" | "node_link" | "graphology" | "twarc2" | "twitter_v1" | "twarc_csv" | "zip" | "x_archive" | "mastodon" | "mastodon_csv" | "bluesky_car" | "unknown";

export type FileReport = { path: string, format: Format, bytes: number, 
/**
 * Records read (rows, posts, edges...), including skipped ones.
 */
records: number, 
/**
 * Records skipped because they could not be read.
 */
skipped: number, 
/**
 * Accounts first seen in this file.
 */
accounts: number, 
/**
 * Posts of the collection first seen in this file (posts only referenced by them,
 * a retweet's original or a replied-to id, are not counted here).
 */
posts: number, 
/**
 * Interactions this file added, by kind (after deduplication against everything before).
 */
interactions: { [key in Kind]?: number }, warnings: number, 
/**
 * What became of this file's node-table rows, once every file was read.
 */
node_rows: NodeRowCounts, 
/**
 * What the reader wants the user to know that is not a problem with the file
 * (an archive is an ego network; private posts were left out; likes are not read).
 */
notes: Array<string>, 
/**
 * An edge list that lists each unordered pair once, the smaller id first (musae, SNAP's
 * undirected sets): it was read as written, directed, and a note suggests reading it
 * as undirected (the page offers the mapping step's `undirected` option).
 */
looks_undirected: boolean, };

export type FileOptions = { 
/**
 * Read a table with this mapping (formats other than tables ignore it).
 */
table?: TableOptions, 
/**
 * Read the file with this format's reader instead of detecting it (the page may let
 * a user force a format; the fuzz targets steer bytes to one reader). The reader is
 * lenient as ever: a file that is not what it is said to be gives warnings, not a
 * failure. A table reader still tells edges from nodes by the header; [`Format::Zip`]
 * is opened as a pushed ZIP.
 */
format?: Format, };

export type ColumnRole = { "role": "source" } | { "role": "target" } | { "role": "weight" } | { "role": "kind" } | { "role": "directed" } | { "role": "time" } | { "role": "id" } | { "role": "label" } | { "role": "platform" } | { "role": "attribute", name: string, } | { "role": "score", name: string, } | { "role": "ignore" };

export type TableShape = "edges" | "nodes";

export type TableOptions = { 
/**
 * The delimiter (`,` `;` tab, space, or any ASCII character); sniffed when absent.
 */
delimiter?: string, 
/**
 * Records to skip before the header (or the first row); a banner row is detected when absent.
 */
skip_rows?: number, 
/**
 * Whether the first record (after the skipped ones) is a header; guessed when absent.
 */
has_header?: boolean, 
/**
 * A role per column, in column order; columns beyond the list are ignored.
 */
columns?: Array<ColumnRole>, 
/**
 * Read every edge as undirected (counted both ways).
 */
undirected?: boolean, };

export type TablePreview = { 
/**
 * What detection makes of the file: `edge_list`, `node_table`, `nodexl_edges`,
 * `nodexl_vertices`; `unknown` for text no reader claims (a mapping can still read it
 * as a table); another format (`gdf`...) when the file is no table and a mapping
 * would be ignored.
 */
format: Format, 
/**
 * The delimiter, as a one-character string.
 */
delimiter: string, 
/**
 * Records before the header or first row (a NodeXL banner).
 */
skip_rows: number, has_header: boolean, 
/**
 * Edges or nodes, as the roles say; absent when they name neither.
 */
shape: TableShape | null, 
/**
 * One per column: its header text (if any) and its guessed role.
 */
columns: Array<PreviewColumn>, 
/**
 * The first data rows, cells as text.
 */
rows: Array<Array<string>>, };

export type PreviewColumn = { header: string | null, } & ({ "role": "source" } | { "role": "target" } | { "role": "weight" } | { "role": "kind" } | { "role": "directed" } | { "role": "time" } | { "role": "id" } | { "role": "label" } | { "role": "platform" } | { "role": "attribute", name: string, } | { "role": "score", name: string, } | { "role": "ignore" });

export type MetricInfo = { 
/**
 * Column id, fixed: tests, exports and the page refer to it.
 */
id: string, name: string, 
/**
 * What its values are, for showing them (whole counts, shares, labels...).
 */
values: ValueKind, 
/**
 * One paragraph in plain language: what a high value means.
 */
explanation: string, 
/**
 * The paper or reference implementation it is checked against.
 */
reference: string, complexity: string, params: Array<ParamInfo>, };

export type ValueKind = "count" | "share" | "score" | "index" | "category";

export type ParamInfo = { id: string, name: string, help: string, } & ({ "type": "number", default: number, min: number, max: number, integer: boolean, } | { "type": "accounts" });

export type ParamKind = { "type": "number", default: number, min: number, max: number, integer: boolean, } | { "type": "accounts" };

export type ParamValue = number | Array<string>;

export type Detail = { id: string, name: string, value: number, };

export type Pillar = "reach" | "amplification" | "conversation" | "network";

export type LayoutSettings = { 
/**
 * Seeds the initial positions.
 */
seed: number, 
/**
 * LinLog attraction (logarithmic in the distance): tighter, more separated clusters.
 */
linLog: boolean, 
/**
 * Pull towards the centre.
 */
gravity: number, 
/**
 * Gravity that grows with the distance from the centre (a rounder, more compact map).
 */
strongGravity: boolean, 
/**
 * Repulsion strength `k_r`: larger spreads the map.
 */
scalingRatio: number, 
/**
 * `δ`: 0 ignores edge weights, 1 uses them as they are.
 */
edgeWeightInfluence: number, 
/**
 * How much swinging is tolerated before slowing down (Gephi: "tolerance (speed)").
 */
jitterTolerance: number, 
/**
 * Divides the attraction of hubs' edges by their mass (Gephi: "dissuade hubs").
 */
dissuadeHubs: boolean, 
/**
 * Approximate repulsion with a quadtree.
 */
barnesHut: boolean, 
/**
 * Barnes-Hut opening angle: 0 is exact, larger is faster and coarser.
 */
barnesHutTheta: number, 
/**
 * Nodes as discs that push apart when they overlap, once the shape has formed
 * (Gephi: "prevent overlap").
 */
preventOverlap: boolean, 
/**
 * Accounts without any neighbour are parked in a grid under the map, not laid out.
 */
parkIsolated: boolean, };

export type LayoutSettingsPatch = { seed?: number, linLog?: boolean, gravity?: number, strongGravity?: boolean, scalingRatio?: number, edgeWeightInfluence?: number, jitterTolerance?: number, dissuadeHubs?: boolean, barnesHut?: boolean, barnesHutTheta?: number, preventOverlap?: boolean, parkIsolated?: boolean, };

export type AccountRef = { index: number, id: string, label: string, };

export type PillarExplanation = { pillar: Pillar, name: string, present: boolean, 
/**
 * The lens behind the pillar, or why it is left out.
 */
source: string, weight: number, raw: number | null, 
/**
 * 0..1: the share of other accounts it scores above, ties counting half.
 */
percentile: number | null, 
/**
 * Points of the index (0..100) this pillar gives.
 */
contribution: number | null, };

export type LensRank = { id: string, name: string, value: number | null, rank: number | null, 
/**
 * Accounts with a value under this lens.
 */
ranked: number, };

export type Contributor = { pagerank: number, 
/**
 * Merged weight of its interactions with the account (kind weights applied).
 */
edge_weight: number, out_strength: number, 
/**
 * PageRank it passes to the account.
 */
contribution: number, 
/**
 * `contribution / PR(account)`.
 */
share: number, 
/**
 * Its interactions with the account, by kind.
 */
interactions: { [key in Kind]?: number }, index: number, id: string, label: string, };

export type Explanation = { account: AccountRef, influence_index: number | null, index_rank: number | null, pillars: Array<PillarExplanation>, 
/**
 * Pillars left out because the data lacks them.
 */
missing: Array<Pillar>, lenses: Array<LensRank>, pagerank: number, 
/**
 * Highest contribution first, ties in account order.
 */
contributors: Array<Contributor>, 
/**
 * In-neighbours in all (the list may be cut).
 */
in_neighbours: number, 
/**
 * PageRank not passed by any in-neighbour: the random jump and the dangling share.
 */
from_jumps: number, };

export type OwnerView = { owner: AccountRef, 
/**
 * The owners of the other exports read beside this one, if any.
 */
other_owners: Array<AccountRef>, 
/**
 * The owner's collected posts.
 */
posts: number, 
/**
 * Sums of the platform's public counts over those posts (None: no post carries it).
 */
public_totals: PublicTotals, travelled: Array<TravelledPost>, 
/**
 * Accounts the owner interacted with.
 */
engaged_accounts: number, engaged: Array<Engagement>, 
/**
 * Interactions from other accounts to the owner, by kind.
 */
received: { [key in string]: number }, activity: Array<ActivityMonth>, };

export type PublicTotals = { reposts: number | null, quotes: number | null, replies: number | null, likes: number | null, };

export type TravelledPost = { 
/**
 * The post's id as the platform gives it.
 */
id: string, 
/**
 * ISO 8601 UTC, None when undated.
 */
time: string | null, reposts: number | null, quotes: number | null, replies: number | null, likes: number | null, 
/**
 * Interactions from other accounts about this post in the data read.
 */
in_data: number, };

export type Engagement = { account: AccountRef, interactions: number, 
/**
 * Interactions by kind (`reply`, `mention`, ...).
 */
kinds: { [key in string]: number }, };

export type ActivityMonth = { 
/**
 * `YYYY-MM`.
 */
month: string, posts: number, interactions: number, };

export type Member = { index: number, id: string, label: string, 
/**
 * Its influence index (None when it has none).
 */
influence_index: number | null, };

export type GroupSummary = { name: string, members: number, 
/**
 * Sum of the members' index (members without one left aside).
 */
index_sum: number, 
/**
 * Median of the members' index; None when no member has one.
 */
index_median: number | null, 
/**
 * The members' PageRank over everyone's, 0..1.
 */
pagerank_share: number, 
/**
 * Highest index first, ties in account order.
 */
top_members: Array<Member>, };

export type Flow = { from: number, to: number, 
/**
 * Interactions by kind (kinds without any omitted).
 */
kinds: { [key in Kind]?: number }, total: number, };

export type GroupReport = { by: string, 
/**
 * The columns the groups are weighed by: `influence_index` and `pagerank` as computed
 * here, or `imported:influence_index` and `imported:pagerank` when a scores table
 * brought them (see [`GroupReport::compute`]).
 */
index_column: string, pagerank_column: string, groups: Array<GroupSummary>, 
/**
 * Sorted by `from`, then `to`.
 */
flows: Array<Flow>, };

export type TermCount = { term: string, count: number, };

export type Topics = { 
/**
 * Collected posts counted.
 */
posts: number, hashtags: Array<TermCount>, domains: Array<TermCount>, languages: Array<TermCount>, };

export type WindowWidth = "day" | "week" | "month";

export type WindowMetric = "pagerank" | "in_degree" | "in_strength";

export type Window = { 
/**
 * Seconds since the epoch, UTC; `end` is excluded.
 */
start: number, end: number, 
/**
 * `YYYY-MM-DD` (day, or the Monday of a week) or `YYYY-MM`.
 */
label: string, 
/**
 * Interactions inside.
 */
interactions: number, status: WindowStatus, };

export type WindowStatus = "empty" | "thin" | "ranked";

export type Move = { index: number, id: string, label: string, rank_from: number, rank_to: number, 
/**
 * `rank_from − rank_to`: positive when it rose.
 */
change: number, score_from: number, score_to: number, };

export type Movers = { from: number, to: number, 
/**
 * Biggest climbs first; ties by the higher rank reached, then account order.
 */
risers: Array<Move>, 
/**
 * Biggest drops first; ties by the higher rank left, then account order.
 */
fallers: Array<Move>, };

export type CoordinationOptions = { seed: number, 
/**
 * Baseline draws; 0 leaves the baseline out.
 */
permutations: number, top_items: number, };

export type CoordinateBy = "repost" | "link" | "all";

export type ItemKind = "repost" | "link";

export type ActionCounts = { 
/**
 * Repost actions compared (timed, with a known original).
 */
reposts: number, 
/**
 * Link actions compared (timed posts, one per distinct URL of each).
 */
links: number, 
/**
 * Actions of the kinds asked for that have no time.
 */
untimed: number, 
/**
 * Reposts whose original post the data does not identify.
 */
without_original: number, };

export type SizeCount = { size: number, count: number, };

export type Structure = { accounts: number, 
/**
 * Distinct actor → target pairs counted (under the kind weights).
 */
edges: number, 
/**
 * Weakly connected components, isolated accounts included.
 */
components: number, 
/**
 * Accounts in the largest component, and their share of all accounts (0 when none).
 */
largest_component: number, largest_component_share: number, 
/**
 * Accounts without any interaction counted (each a component of its own).
 */
isolated_accounts: number, strong_components: number, largest_strong_component: number, 
/**
 * Accounts in a strong component of two or more: those on some cycle of attention.
 */
accounts_in_cycles: number, 
/**
 * How many strong components have each size, largest first.
 */
strong_component_sizes: Array<SizeCount>, 
/**
 * `None` without interactions.
 */
reciprocity: number | null, density: number, 
/**
 * Whether G has a directed cycle. Without one, eigenvector centrality is undefined
 * (its power iteration goes to zero) and every strong component is a single account.
 */
has_cycle: boolean, };

export type Gatekeeping = { account: number, 
/**
 * Whether it is an articulation point of U (the `gatekeeper` lens).
 */
gatekeeper: boolean, 
/**
 * How many parts its component falls into without it: 1 when it is no gatekeeper
 * (the others stay linked), 2 or more when it is one, 0 when it has no neighbour.
 */
parts: number, 
/**
 * The accounts at the other end of the bridges of U it touches, in account order.
 */
bridges_to: Array<number>, };

export type Step = { from: number, to: number, 
/**
 * The step's weight in G (what "strongest" compares).
 */
weight: number, 
/**
 * The interactions by kind, kinds without any left out.
 */
kinds: { [key in Kind]?: number }, };

export type AttentionPath = { from: number, to: number, 
/**
 * Steps on the path; `None` when `to` cannot be reached from `from`.
 */
hops: number | null, 
/**
 * The accounts along the path, `from` first and `to` last; empty without a path.
 */
path: Array<number>, steps: Array<Step>, };

export type LoadSummary = { warnings: Array<Warning>, files: Array<FileReport>, 
/**
 * Accounts.
 */
nodes: number, 
/**
 * Distinct actor → target pairs.
 */
edges: number, 
/**
 * Distinct interaction events by kind, self-interactions excluded. Kinds with none are omitted.
 */
interactions: { [key in Kind]?: number }, 
/**
 * Distinct posts known (collected or referenced).
 */
posts: number, self_interactions: number, duplicates: number, };

export type MetricColumn = { values: Float64Array, details: Array<Detail>, };

export type PillarColumn = { pillar: Pillar, present: boolean, 
/**
 * The lens behind the pillar ('followers', 'follows_in', 'pagerank'...), or why it is left out.
 */
source: string, weight: number, accounts_with_value: number, 
/**
 * Raw lens value per account, NaN where unknown.
 */
raw: Float64Array, 
/**
 * Percentile rank 0..1 per account, NaN where unknown.
 */
percentile: Float64Array, };

export type IndexColumn = { 
/**
 * 0..100 per account, NaN where no pillar applies.
 */
values: Float64Array, pillars: Array<PillarColumn>, 
/**
 * Pillars the data lacks.
 */
missing: Array<Pillar>, };

export type GroupSource = "attribute" | "metric";

export type Groups = { source: GroupSource, 
/**
 * Group index per account.
 */
membership: Uint32Array, by: string, 
/**
 * The columns the groups are weighed by: `influence_index` and `pagerank` as computed
 * here, or `imported:influence_index` and `imported:pagerank` when a scores table
 * brought them (see [`GroupReport::compute`]).
 */
index_column: string, pagerank_column: string, groups: Array<GroupSummary>, 
/**
 * Sorted by `from`, then `to`.
 */
flows: Array<Flow>, };

export type GroupTopics = { name: string, topics: Topics, };

export type Windows = { width: WindowWidth, windows: Array<Window>, 
/**
 * Interactions without a timestamp, in no window.
 */
untimed: number, 
/**
 * A window with fewer interactions is too thin to rank (its status says `thin`).
 */
min_interactions: number, 
/**
 * The two windows risers and fallers compare first (`Timeline::default_comparison`).
 */
compare: [number, number] | null, };

export type Trajectory = { 
/**
 * Account index, or group index.
 */
index: number, name: string, scores: Float64Array, 
/**
 * Competition rank per window (1 = top), 0 in an empty window (whose score is NaN).
 */
ranks: Uint32Array, };

export type Edges = { sources: Uint32Array, targets: Uint32Array, weights: Float64Array, 
/**
 * Every account's neighbours in either direction (the undirected view U):
 * those of account `a` are `neighbours[offsets[a]..offsets[a + 1]]`.
 */
neighbourOffsets: Uint32Array, neighbours: Uint32Array, };

export type SnapshotParts = { key: string, nodeCount: number, offsets: Uint32Array, neighbours: Uint32Array, weights: Float64Array, };

export type WindowParts = { key: string, nodeCount: number, offsets: Uint32Array, actors: Uint32Array, targets: Uint32Array, weights: Float64Array, interactions: Uint32Array, alpha: number, tolerance: number, maxIterations: number, seeds: Uint32Array, };

export type Neighbours = { incoming: Uint32Array, incomingWeights: Float64Array, outgoing: Uint32Array, outgoingWeights: Float64Array, };

export type Attribute = { values: Array<string>, codes: Uint32Array, };

export type ImportedColumnInfo = { 
/**
 * `imported:<metric>`: what `Session::column` serves it as.
 */
id: string, name: string, values: ValueKind, explanation: string, reference: string, complexity: string, params: Array<ParamInfo>, };

export type SettingsView = { kind_weights: { [key in Kind]?: number }, 
/**
 * The methods line of the lenses asked for: every setting behind their values, in words.
 */
methods: string, 
/**
 * The analysis file of these settings (JSON text), to save.
 */
analysis_file: string, };

export type OpenedAnalysis = { 
/**
 * The files it names, with their size, to ask the reader for.
 */
files: Array<NamedFile>, kind_weights: { [key in Kind]?: number }, };

export type NamedFile = { name: string, size: number, sha256: string, };

export type CoordinationReport = { by: CoordinateBy, 
/**
 * Seconds.
 */
window: number, min_shared: number, 
/**
 * The seed of the baseline's permutations of the action times.
 */
seed: number, 
/**
 * How many permutations the expected counts average (0: no baseline).
 */
permutations: number, actions: ActionCounts, 
/**
 * Why nothing could be compared (no timestamps, no reposts or links, reposts without
 * their original), in plain words; null when actions were compared.
 */
missing: string | null, 
/**
 * By shared count, highest first.
 */
pairs: Array<CoordinationPair>, 
/**
 * By size, then total shared count.
 */
groups: Array<CoordinationGroup>, };

export type CoordinationPair = { a: string, b: string, shared: number, };

export type CoordinationGroup = { 
/**
 * Member ids, in account order.
 */
members: Array<string>, 
/**
 * The sum of the group's pairs' shared counts.
 */
shared: number, 
/**
 * Distinct items the group's pairs co-acted on.
 */
items: number, median_gap_seconds: number, top_items: Array<CoordinatedItem>, 
/**
 * The same total with the action times shuffled, averaged over the permutations
 * (null without a baseline).
 */
expected_shared: number | null, 
/**
 * `shared / expected_shared`; null when no permutation gave the group any co-action
 * (the ratio is beyond what the baseline measures: sort it first) or without a baseline.
 */
ratio: number | null, };

export type CoordinatedItem = { kind: ItemKind, 
/**
 * The reposted post's id, or the normalised URL. Under pseudonyms a post is named by
 * its author's alias and its index instead (a post id leads straight to its author).
 */
item: string, 
/**
 * The reposted post's author (none for a URL).
 */
author: string | null, 
/**
 * Members of the group who co-acted on it.
 */
accounts: number, };

export type CoordinationView = { 
/**
 * Group index per account, 0xFFFFFFFF for accounts in no group.
 */
membership: Uint32Array, 
/**
 * Pair i of `pairs` is accounts `pair_accounts[2i]` and `pair_accounts[2i + 1]`.
 */
pair_accounts: Uint32Array, 
/**
 * One per group of `groups`, in the same order.
 */
group_details: Array<CoordinationGroupDetail>, by: CoordinateBy, 
/**
 * Seconds.
 */
window: number, min_shared: number, 
/**
 * The seed of the baseline's permutations of the action times.
 */
seed: number, 
/**
 * How many permutations the expected counts average (0: no baseline).
 */
permutations: number, actions: ActionCounts, 
/**
 * Why nothing could be compared (no timestamps, no reposts or links, reposts without
 * their original), in plain words; null when actions were compared.
 */
missing: string | null, 
/**
 * By shared count, highest first.
 */
pairs: Array<CoordinationPair>, 
/**
 * By size, then total shared count.
 */
groups: Array<CoordinationGroup>, };

export type CoordinationGroupDetail = { 
/**
 * Member account indices, in the order of the group's `members`.
 */
accounts: Uint32Array, 
/**
 * Every item the group's pairs co-acted on (named as in `top_items`), in item order.
 */
items: Array<string>, item_kinds: Array<ItemKind>, 
/**
 * The members' actions on those items, by time: action i is account
 * `action_accounts[i]` acting on `items[action_items[i]]` at `action_times[i]`
 * (seconds since the Unix epoch).
 */
action_accounts: Uint32Array, action_items: Uint32Array, action_times: Float64Array, };

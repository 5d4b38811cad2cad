/**
 * The caveats the Learn view attaches to each lens, and the general topics every user
 * should meet before trusting a ranking. Texts only; the lens explanations themselves
 * come from the core's catalogue. Pure.
 */

export interface Topic {
  id: string;
  title: string;
  paragraphs: string[];
}

/** General topics, linked from the lens caveats. */
export const TOPICS: Topic[] = [
  {
    id: 'million-follower-fallacy',
    title: 'A large audience is not influence',
    paragraphs: [
      'Cha, Haddadi, Benevenuto and Gummadi (2010) compared three measures of Twitter users: followers, retweets and mentions. The accounts with the most followers were not those most retweeted or mentioned; they called this the "million follower fallacy".',
      'An audience counts who could listen; interactions count who did. attaché therefore ranks by attention actually paid (reposts, quotes, replies, mentions) and shows audience-style counts such as in-degree as one lens among several, never as the answer.',
    ],
  },
  {
    id: 'k-cores',
    title: 'What k-cores mean',
    paragraphs: [
      'The k-core of a network is what remains after repeatedly removing every account with fewer than k connections. An account\'s core number is the largest k for which it survives.',
      'A high core number says an account sits in a densely knit group, not that it leads it: every member of a tight clique of ten has core number nine, however much attention each receives.',
    ],
  },
  {
    id: 'sampling-error',
    title: 'Estimated scores carry sampling error',
    paragraphs: [
      'Exact betweenness needs a shortest-path search from every account: hours on large networks. It can be estimated from a random sample of source accounts (Brandes & Pich 2007); the estimate is unbiased but varies from sample to sample.',
      'Two accounts whose estimated values differ by less than the stated error may be in either order. Increase the sample for a tighter estimate, and read close ranks as ties.',
    ],
  },
  {
    id: 'partitions',
    title: 'Communities are one reading among several',
    paragraphs: [
      'Community detection (such as Louvain) finds groups with more interactions inside than between. It optimises a score with randomness and ties, so another run or seed can split or merge groups; small communities in particular are fragile.',
    ],
  },
  {
    id: 'components-caveat',
    title: 'Separate in the data is not separate in life',
    paragraphs: [
      'Components, strong components and gatekeepers describe the interactions collected. Two groups that look apart may well talk in interactions the collection missed, and one missed link can turn a gatekeeper into an ordinary member (or two components into one). A kind weighted 0 takes its interactions out of the structure too.',
      'Gatekeeping is all or nothing: an account that links a thousand accounts to one other is a gatekeeper as much as one that holds two camps together. Read it with the size of the parts it separates, which the account card gives.',
    ],
  },
  {
    id: 'data-coverage',
    title: 'The scores describe your data, not the platform',
    paragraphs: [
      'Every lens is computed on the interactions in the files you loaded. A collection built from keywords, a time window or a list of accounts sees only part of the conversation: an account can rank low because it was barely collected.',
    ],
  },
];

/** What the page's analyses mean: the index and its weights, groups, time, the mapping step. */
export const ANALYSIS_TOPICS: Topic[] = [
  {
    id: 'pillars',
    title: 'The influence index and its four pillars',
    paragraphs: [
      'The influence index (0 to 100) is an open composite, not a verdict. It averages four pillars, each the percentile rank of one lens: the share of the other accounts the account scores above, ties counting half. Reach is the audience (the follower count the platform reports, else the follows received in the data); amplification is the reposts and quotes received; conversation is the replies and mentions received; network is PageRank, the attention that flows to the account through the whole network.',
      'Percentiles make the pillars comparable (a follower count and a PageRank are on different scales) and keep one huge account from flattening the others. The weights set how much each pillar counts: the index is the weighted average of the pillars present. A pillar the data cannot feed (no follower counts or follows, no reposts...) is left out and the page says so; the others share its weight.',
      'The account card shows, for any account, the points each pillar gives it: its percentile times its pillar\'s weight, divided by the sum of the weights. Moving a slider re-ranks the table at once; nothing is fixed by attaché.',
    ],
  },
  {
    id: 'kind-weights',
    title: 'How much each kind of interaction counts',
    paragraphs: [
      'Interactions come in kinds: follow, repost, quote, reply, mention, and link (an edge of a network file without a kind). By default each counts 1. A weight of 2 makes every interaction of that kind count twice in the network every lens reads; 0 removes that kind from it.',
      'This matters because kinds mean different things: a follow is a standing choice, a repost spreads a message, a reply may be disagreement. Setting follows to 0 ranks accounts by what people did with their posts; setting mentions to 0 discounts name-dropping. Every score, the index, the groups and the map follow the weights. The "received" counts (reposts received and so on) stay plain counts.',
    ],
  },
  {
    id: 'filters',
    title: 'Filtering the table',
    paragraphs: [
      'The group filter keeps the accounts of one group (a country, a category, a community): their ranks stay their ranks among all accounts. The component filter keeps one separate conversation (component 1 is the largest); it appears when the network falls into several. The "received" filter keeps the accounts that received at least one interaction of a kind, for instance the accounts anybody reposted. Search, group, component and kind filters combine.',
    ],
  },
  {
    id: 'groups',
    title: 'Comparing groups',
    paragraphs: [
      'Accounts can be grouped by any attribute the data carry (country, category, the type of account) or by the communities found in the network. Accounts without a value form the group "(none)".',
      'For each group the page counts its members, sums and takes the median of its members\' influence index, and adds up its members\' PageRank: since PageRank sums to 1 over all accounts, a group\'s share says how much of the network\'s attention lands on it. A large group naturally gathers more; the median index says how its typical member fares.',
      'Where the data carry posts, each group\'s top hashtags, web domains and languages show what it talks about and where it links to.',
    ],
  },
  {
    id: 'amplification-matrix',
    title: 'Who amplifies whom',
    paragraphs: [
      'The matrix counts interactions from the accounts of one group (row) to the accounts of another (column). With reposts chosen, a dark cell says the row group spreads the column group\'s messages; the diagonal is a group amplifying itself. Comparing a row with a column shows whether attention is returned.',
      'Counts depend on group sizes: a group of 300 accounts interacts more than a group of 30. Read the matrix together with the members column, and with the kinds in mind (a reply is not an endorsement).',
    ],
  },
  {
    id: 'time-windows',
    title: 'Time windows and rank trajectories',
    paragraphs: [
      'Interactions with a timestamp are cut into UTC days, weeks (from Monday) or months. Each window\'s interactions form a network of their own, scored by PageRank, in-degree or in-strength; an account\'s rank in each window draws its trajectory, as e-Diplomacy\'s timeline did. Interactions without a timestamp (follows, usually) are in no window.',
      'A window without interactions ranks nobody: the lines break there rather than draw everyone tied at the top. A window with too few interactions (the note under the chart gives the minimum) is shaded and its dots are hollow: one repost more or less reorders it, so its ranks are too thin to read. Prefer weeks or months unless the data are dense. Ranks compare accounts within a window; scores of different windows are not on one scale.',
    ],
  },
  {
    id: 'movers',
    title: 'Risers and fallers',
    paragraphs: [
      'Between two windows, an account\'s change is its rank in the first minus its rank in the second: a riser climbed that many places. Accounts that were absent from a window share the last rank there, so newcomers can rise a long way; read the ranks beside the change.',
      'The windows compared first are the two largest adjacent ones that can be ranked (not simply the last two, which may hold a handful of interactions). A window without interactions cannot be chosen; a thin one can, with a warning.',
    ],
  },
  {
    id: 'coordinated-amplification',
    title: 'Coordinated amplification: who moves together',
    paragraphs: [
      'Some reach is earned; some is manufactured: twenty accounts that repost the same posts within seconds of each other lift their targets up every lens. The Coordination view looks for that pattern, as researchers do (Pacheco et al. 2021; Giglietto et al.\'s coordinated link sharing, CooRnet; CooRTweet). An action is a repost of a post, or a post that links a URL (the address cleaned: no tracking parameters, no "www.", the expanded link rather than t.co). Two accounts co-act when both act on the same item at most a window of seconds apart; they are partners when they did so on at least a threshold of different items. Partners joined to partners form a group.',
      'The settings: "Actions compared" chooses reposts, links or both; "Window" is how close in time two actions must be (60 seconds by default); "Minimum shared items" is how many different items a pair must share (3 by default). They change what is found: a wider window or a lower threshold finds more groups, and more of them by chance; a narrow window and a high threshold keep only the tightest. Say which settings you used when you report a group. The same settings drive the "Coordination partners" lens, each account\'s number of partners.',
      'Popular posts are reposted by many accounts within a minute by chance. So for each group the page also counts what its members would share if every action kept its item but took a time drawn at random from all the actions (a shuffle repeated 20 times with a stated seed, so it gives the same answer every time). "Expected by chance" is that average; the ratio is observed / expected. A ratio of 1 means the timing is what popularity alone explains; a ratio of 20 means the members act together twenty times more often than chance would make them; "never by chance" means no shuffle gave them a single co-action. Groups are sorted by the ratio.',
      'Coordination is a pattern, not proof of inauthenticity. Fan communities stream a release together, newsrooms share their own stories the minute they go out, activists agree on a time to post, and a scheduling tool posts for a team: all coordinate openly. Automated or paid amplifiers look the same from timing alone. Read a group with its members, what it amplified and when (its timeline), and the context you know. And the data decide what can be seen: actions without a time, or reposts whose original the export does not name, cannot be compared, and the view says so.',
    ],
  },
  {
    id: 'account-card',
    title: 'Reading the account card',
    paragraphs: [
      'The card explains a rank. Its pillar chart shows where the index points come from. Its ranks under each lens show where it stands by other measures: an account first by followers but far down by PageRank has an audience that does not pass its messages on.',
      'Who gives it the most PageRank lists the accounts whose attention counts most: an account passes its PageRank on, divided among those it interacts with, so a little attention from a central account weighs more than a lot from peripheral ones. The interactions behind each name say how (reposts, replies...). The ego network draws its strongest neighbours: who pays it attention (left), whom it pays attention to (right), both (top).',
    ],
  },
  {
    id: 'structure',
    title: 'How the network holds together',
    paragraphs: [
      'Is this one conversation or several? Accounts linked by some chain of interactions, in either direction, form a component; an account nobody interacted with, and that interacted with nobody, is a component of its own. "The largest holds 95%" means nearly everyone is in one conversation; many components of similar size mean several conversations that never touch. On the karate club, all 34 members are one component.',
      'A strong component is stricter: its accounts reach each other along the direction of attention, both ways (A\'s attention reaches B, and B\'s reaches A). The largest is the conversation\'s core, where attention goes round; accounts outside it only send or only receive. Reciprocity is the share of interactions returned (A → B with B → A); density the share of all possible actor → target pairs that occur, small in any real network.',
      'When no attention ever comes back to where it started (no cycle: every strong component is one account), eigenvector centrality is undefined, and the page says so: its values are then the last step of a calculation that did not converge. Components are found by union-find (petgraph\'s UnionFind), strong components by Tarjan\'s search (Pearce\'s variant, without recursion), each in time proportional to the accounts plus the interactions, as networkx\'s weakly_connected_components and strongly_connected_components find them.',
    ],
  },
  {
    id: 'attention-paths',
    title: 'Paths of attention',
    paragraphs: [
      'How does attention reach this account from that one? The account card finds the shortest chain of interactions that goes along their direction, from the actor to the account that receives attention: if the minister reposts an ambassador who mentions a journalist, attention travels minister → ambassador → journalist in two steps. Each step lists the interactions behind it (2 reposts, 1 mention), and the map highlights the chain.',
      'Among chains of the same length, the page takes the one whose weakest step is strongest (a step counts its interactions under the kind weights), then the first in the order accounts were read. "No path" means no chain leads that way in these data, even if one leads back. A chain shows that attention could travel so, not that it did: the interactions may be months apart.',
      'Reference: the number of steps is networkx\'s shortest_path_length on the directed network; computed by a breadth-first search from the target backwards, in time proportional to the accounts plus the interactions.',
    ],
  },
  {
    id: 'gatekeepers',
    title: 'Gatekeepers and bridges',
    paragraphs: [
      'A gatekeeper holds parts of the network together: without it (and its interactions), some accounts of its component would no longer be linked to the rest by any chain, in either direction. The account card says into how many parts its component would split. A bridge is a single link that is the only connection between two parts; the card counts the bridges an account touches and names who is across them.',
      'Reference: articulation points and bridges of the undirected view (networkx\'s articulation_points and bridges), by Hopcroft and Tarjan\'s search, without recursion, in time proportional to the accounts plus the interactions.',
    ],
  },
  {
    id: 'column-mapping',
    title: 'Mapping the columns of a table',
    paragraphs: [
      'attaché guesses how to read a table: the separator, whether the first row is a header, and what each column holds. When the guess is wrong (an unusual header, a table without one), "Map columns" shows the first rows as read, with a choice per column: source and target for a table of interactions, the account id, label and attributes for a table of accounts. Applying reads every file again with that mapping.',
      'Rows of an account table join the accounts of the other files by id, else by handle; the report says how many matched.',
    ],
  },
];

/** The topics that qualify a lens, by its id. */
export function caveatsFor(metricId: string): string[] {
  const topics = ['data-coverage'];
  if (/degree|strength|follower|audience/.test(metricId)) topics.unshift('million-follower-fallacy');
  if (/core/.test(metricId)) topics.unshift('k-cores');
  if (/betweenness/.test(metricId)) topics.unshift('sampling-error');
  if (/community|louvain|partition/.test(metricId)) topics.unshift('partitions');
  if (/component|gatekeeper/.test(metricId)) topics.unshift('components-caveat');
  if (metricId === 'pagerank') topics.unshift('million-follower-fallacy');
  if (metricId === 'influence_index') topics.unshift('pillars', 'kind-weights');
  if (metricId === 'coordination') topics.unshift('coordinated-amplification');
  return topics;
}

export function topic(id: string): Topic | undefined {
  return TOPICS.find((t) => t.id === id) ?? ANALYSIS_TOPICS.find((t) => t.id === id);
}

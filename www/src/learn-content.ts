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
    id: 'data-coverage',
    title: 'The scores describe your data, not the platform',
    paragraphs: [
      'Every lens is computed on the interactions in the files you loaded. A collection built from keywords, a time window or a list of accounts sees only part of the conversation: an account can rank low because it was barely collected.',
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
  if (metricId === 'pagerank') topics.unshift('million-follower-fallacy');
  return topics;
}

export function topic(id: string): Topic | undefined {
  return TOPICS.find((t) => t.id === id);
}

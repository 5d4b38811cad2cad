#!/usr/bin/env node
/**
 * Generates the synthetic diplomatic network that attaché's page opens in one click:
 *
 *   node scripts/gen-demo.mjs [--seed N] [--out www/public/demo]
 *
 * writes `diplomacy-interactions.csv` (`source,target,weight,type,timestamp`: one row
 * per interaction, actor → target, over the year 2024) and `diplomacy-accounts.csv`
 * (`id,label,country,category`). The same seed gives byte-identical files.
 *
 * Everything is invented: no account, handle or statement is real. Countries are real
 * names so that a class can read the map, but their "accounts" are generated.
 *
 * The model, chosen to look like diplomatic Twitter/X as the Twiplomacy studies and
 * e-Diplomacy hub described it:
 * - 24 countries of unequal weight (a Zipf-like law), plus international organisations.
 * - Per country: head of state or government, foreign ministry, foreign minister,
 *   embassies abroad (more for heavier countries) with their ambassadors, think tanks,
 *   NGOs and journalists; plus engaged members of the public, the bulk of accounts.
 * - Each account has a popularity (by category, times its country's weight, times a
 *   log-normal factor: heavy-tailed) and an activity (log-normal).
 * - Follows: each account follows a log-normal number of others, chosen by popularity,
 *   mostly within its own country; embassies follow their home ministry
 *   and their host country's ministry.
 * - Reposts, quotes, replies and mentions: each account acts in proportion to its
 *   activity; targets are chosen by popularity with the same homophily; embassies and
 *   ambassadors amplify their own ministry and leaders. Times are spread over 2024 with
 *   bursts around a few summits, when the host country's accounts draw more attention.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 && args[index + 1] !== undefined ? args[index + 1] : fallback;
};
const SEED = Number(option('--seed', '2024'));
const OUT = option('--out', join(dirname(fileURLToPath(import.meta.url)), '..', 'www', 'public', 'demo'));

/** Mulberry32: a small seeded generator whose output is fixed by its definition. */
function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = generator(SEED);
const integer = (min, max) => min + Math.floor(random() * (max - min + 1));
const pick = (list) => list[Math.floor(random() * list.length)];
/** Standard normal by Box-Muller. */
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const logNormal = (mu, sigma) => Math.exp(mu + sigma * normal());

const COUNTRIES = [
  ['us', 'United States'], ['cn', 'China'], ['fr', 'France'], ['gb', 'United Kingdom'], ['de', 'Germany'],
  ['in', 'India'], ['br', 'Brazil'], ['jp', 'Japan'], ['ru', 'Russia'], ['za', 'South Africa'],
  ['ca', 'Canada'], ['it', 'Italy'], ['mx', 'Mexico'], ['id', 'Indonesia'], ['tr', 'Türkiye'],
  ['sa', 'Saudi Arabia'], ['ng', 'Nigeria'], ['kr', 'South Korea'], ['ar', 'Argentina'], ['eg', 'Egypt'],
  ['se', 'Sweden'], ['ke', 'Kenya'], ['cl', 'Chile'], ['nz', 'New Zealand'],
].map(([code, name], rank) => ({ code, name, weight: 1 / Math.pow(rank + 1, 0.8) }));

const ORGANISATIONS = [
  ['un', 'United Nations'], ['eu', 'European Union'], ['nato', 'NATO'], ['au', 'African Union'],
  ['asean', 'ASEAN'], ['who', 'World Health Organization'], ['wto', 'World Trade Organization'],
];

/** Base popularity and activity of each category. */
const CATEGORY = {
  leader: { popularity: 60, activity: 1.5 },
  ministry: { popularity: 30, activity: 4 },
  minister: { popularity: 25, activity: 2 },
  organisation: { popularity: 35, activity: 3 },
  embassy: { popularity: 3, activity: 2.5 },
  ambassador: { popularity: 2, activity: 1.5 },
  think_tank: { popularity: 5, activity: 1.5 },
  ngo: { popularity: 4, activity: 1.5 },
  journalist: { popularity: 4, activity: 2.5 },
  public: { popularity: 0.3, activity: 0.5 },
};

const FIRST = ['Amina', 'Bruno', 'Chen', 'Dara', 'Elif', 'Farid', 'Grace', 'Hugo', 'Ines', 'Jonas', 'Kemi', 'Lucia', 'Mateo', 'Nadia', 'Omar', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tomoko', 'Uma', 'Viktor', 'Wen', 'Yara', 'Zeynep'];
const LAST = ['Abara', 'Bauer', 'Costa', 'Dlamini', 'Eriksen', 'Fujita', 'García', 'Haddad', 'Ivanova', 'Jensen', 'Kaya', 'Lemoine', 'Mensah', 'Novak', 'Okafor', 'Park', 'Quispe', 'Rossi', 'Singh', 'Tanaka', 'Umar', 'Varga', 'Wright', 'Yilmaz', 'Zhou'];
const TANK_WORDS = ['Institute for Strategic Studies', 'Centre for Foreign Policy', 'Council on Global Affairs', 'Policy Forum', 'Peace Research Institute', 'Trade Observatory', 'Security Lab', 'Climate Diplomacy Centre'];
const NGO_WORDS = ['Human Rights Watchers', 'Refugee Aid', 'Clean Oceans', 'Press Freedom Network', 'Health Without Borders', 'Girls in Science', 'Food Security Alliance', 'Open Data Collective'];
const OUTLETS = ['Daily', 'Herald', 'Tribune', 'Observer', 'Courier', 'Post', 'Wire', 'Radio'];

const accounts = [];
const byHandle = new Map();
function account(handle, label, country, category) {
  const base = CATEGORY[category];
  const weight = country === 'International' ? 1 : COUNTRIES.find((c) => c.name === country).weight;
  const entry = {
    index: accounts.length,
    handle,
    label,
    country,
    category,
    popularity: base.popularity * (0.3 + weight) * logNormal(0, 0.7),
    activity: base.activity * (0.5 + weight) * logNormal(0, 0.8),
  };
  accounts.push(entry);
  byHandle.set(handle, entry);
  return entry;
}
const person = () => `${pick(FIRST)} ${pick(LAST)}`;

for (const country of COUNTRIES) {
  const c = country.code;
  account(`leader_${c}`, `${country.name} · Head of State`, country.name, 'leader');
  if (random() < 0.5) account(`pm_${c}`, `${country.name} · Prime Minister`, country.name, 'leader');
  account(`mfa_${c}`, `${country.name} · Ministry of Foreign Affairs`, country.name, 'ministry');
  account(`fm_${c}`, `${person()} · Foreign Minister of ${country.name}`, country.name, 'minister');
  const hosts = COUNTRIES.filter((other) => other !== country && random() < 0.35 + country.weight);
  for (const host of hosts) {
    account(`emb_${c}_in_${host.code}`, `Embassy of ${country.name} in ${host.name}`, country.name, 'embassy');
    if (random() < 0.8) account(`amb_${c}_to_${host.code}`, `${person()} · Ambassador of ${country.name} to ${host.name}`, country.name, 'ambassador');
  }
  const scale = Math.round(3 + 12 * country.weight);
  for (let i = 1; i <= Math.max(2, Math.round(scale / 2)); i++) account(`tt_${c}_${i}`, `${country.name} ${TANK_WORDS[(i - 1) % TANK_WORDS.length]}`, country.name, 'think_tank');
  for (let i = 1; i <= Math.max(2, Math.round(scale / 2)); i++) account(`ngo_${c}_${i}`, `${NGO_WORDS[(i - 1) % NGO_WORDS.length]} ${country.name}`, country.name, 'ngo');
  for (let i = 1; i <= 3 * scale; i++) account(`jr_${c}_${i}`, `${person()} · ${country.name} ${pick(OUTLETS)}`, country.name, 'journalist');
  for (let i = 1; i <= Math.round(110 * (0.3 + country.weight)); i++) account(`pub_${c}_${i}`, `${pick(FIRST)} ${pick(LAST).charAt(0)}. (${country.code.toUpperCase()})`, country.name, 'public');
}
for (const [code, name] of ORGANISATIONS) account(`org_${code}`, name, 'International', 'organisation');

/** Weighted sampling by a cumulative table and binary search. */
function sampler(pool, weightOf) {
  const cumulative = [];
  let total = 0;
  for (const entry of pool) {
    total += weightOf(entry);
    cumulative.push(total);
  }
  return () => {
    const target = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return pool[lo];
  };
}
const everyone = sampler(accounts, (a) => a.popularity);
const withinCountry = new Map(
  [...new Set(accounts.map((a) => a.country))].map((country) => [country, sampler(accounts.filter((a) => a.country === country), (a) => a.popularity)]),
);
/** A target for `actor`: from its own country seven times in ten, else from anyone. */
function target(actor) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const chosen = random() < 0.7 ? withinCountry.get(actor.country)() : everyone();
    if (chosen !== actor) return chosen;
  }
  return null;
}

const rows = [];
const YEAR_START = Date.UTC(2024, 0, 1) / 1000;
const YEAR_SECONDS = 366 * 24 * 3600;
const SUMMITS = [0.12, 0.37, 0.58, 0.81].map((at) => ({ at, host: pick(COUNTRIES).name }));
const iso = (seconds) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
function when() {
  // One event in four happens around a summit (within about a week).
  if (random() < 0.25) {
    const summit = pick(SUMMITS);
    return { time: YEAR_START + Math.max(0, Math.min(1, summit.at + normal() * 0.01)) * YEAR_SECONDS, summit };
  }
  return { time: YEAR_START + random() * YEAR_SECONDS, summit: null };
}

// Follows (no timestamp: exports rarely date them).
const followed = new Set();
const follow = (actor, followee) => {
  if (!followee || followee === actor) return;
  const key = `${actor.index}>${followee.index}`;
  if (followed.has(key)) return;
  followed.add(key);
  rows.push([actor.handle, followee.handle, 1, 'follow', '']);
};
for (const actor of accounts) {
  const count = Math.min(120, Math.round(logNormal(Math.log(actor.category === 'public' ? 5 : 12), 0.7)));
  for (let i = 0; i < count; i++) follow(actor, target(actor));
  const home = actor.handle.match(/^(?:emb|amb)_([a-z]+)_(?:in|to)_([a-z]+)$/);
  if (home) {
    follow(actor, byHandle.get(`mfa_${home[1]}`));
    follow(actor, byHandle.get(`mfa_${home[2]}`));
    follow(actor, byHandle.get(`leader_${home[1]}`));
  }
}

// Posts that pay attention: reposts, quotes, replies, mentions.
const KINDS = [['repost', 0.45], ['mention', 0.25], ['reply', 0.18], ['quote', 0.12]];
const kind = () => {
  let roll = random();
  for (const [name, share] of KINDS) if ((roll -= share) < 0) return name;
  return 'repost';
};
const activity = sampler(accounts, (a) => a.activity);
const TARGET_EVENTS = 36000;
for (let i = 0; i < TARGET_EVENTS; i++) {
  const actor = activity();
  const { time, summit } = when();
  let chosen;
  const home = actor.handle.match(/^(?:emb|amb)_([a-z]+)_/);
  if (home && random() < 0.5) {
    // Embassies and ambassadors amplify their ministry and their leaders.
    chosen = byHandle.get(pick([`mfa_${home[1]}`, `leader_${home[1]}`, `fm_${home[1]}`]));
  } else if (summit && random() < 0.4) {
    chosen = withinCountry.get(summit.host)();
  } else {
    chosen = target(actor);
  }
  if (!chosen || chosen === actor) continue;
  rows.push([actor.handle, chosen.handle, 1, kind(), iso(Math.round(time))]);
}

const csvCell = (value) => (/[",\n]/.test(String(value)) ? `"${String(value).replace(/"/g, '""')}"` : String(value));
const csv = (header, records) => [header, ...records].map((record) => record.map(csvCell).join(',')).join('\n') + '\n';

mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'diplomacy-interactions.csv'), csv(['source', 'target', 'weight', 'type', 'timestamp'], rows));
writeFileSync(
  join(OUT, 'diplomacy-accounts.csv'),
  csv(['id', 'label', 'country', 'category'], accounts.map((a) => [a.handle, a.label, a.country, a.category])),
);
console.log(`wrote ${accounts.length} accounts and ${rows.length} interactions to ${OUT} (seed ${SEED})`);

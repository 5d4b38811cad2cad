#!/usr/bin/env python3
"""An independent computation of coordinated amplification (issue 15; attaché's
src/coordination.rs) on the hand-made collections in tests/fixtures/coordination/, written
to tests/reference/coordination/ring.json, which tests/reference_coordination.rs compares
with what attaché computes from the same files.

Run from the repository root: python3 tests/reference/coordination.py
Only the standard library. It reads the files itself (its own small readers of twarc2
pages, Twitter v1.1 lines and Mastodon outboxes) and compares every pair of actions on an
item, where attaché sweeps a window over sorted times: the two share nothing but the
definition.

The definition, as the issue states it:
- an action is a repost of a post (item: the original's id) or a post linking a URL (item:
  the normalised URL, the expanded one, never t.co). Self-reposts are not actions; a post
  seen twice (same id) is one action. A repost's own links are not link actions (they are
  the original's; attaché documents this choice).
- two different accounts co-act on an item when each acted on it at most `window` seconds
  apart; their shared count is the number of distinct items they co-acted on.
- the network keeps pairs with shared >= min_shared; groups are its connected components.
- per group: shared (sum over its pairs), items (distinct items of its pairs' co-actions),
  median gap (over its pairs' co-actions, the smallest gap of each pair on each item).
"""
import datetime
import html.parser
import itertools
import json
import pathlib
import statistics
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "coordination"
OUTPUT = ROOT / "reference" / "coordination" / "ring.json"

FILES = ["ring.twarc2.jsonl", "ring.v1.jsonl", "m1.outbox.json", "m2.outbox.json", "m3.outbox.json"]

# Parameters checked: (by, window, min_shared).
RUNS = [
    ("all", 60, 3),
    ("repost", 60, 3),
    ("link", 60, 3),
    ("all", 60, 1),
    ("all", 59, 2),
    ("repost", 0, 1),
    ("link", 60, 1),
    ("all", 3600, 2),
]

TRACKING = ("utm_", "fbclid", "gclid", "igshid", "mc_cid", "mc_eid")
TWITTER_HOSTS = ("twitter.com", "x.com", "t.co")


def normalise(url):
    """Lower-case scheme and host, no www., no default port, no fragment, no tracking
    parameters, no trailing slash (attaché also drops fbclid and its kin, as documented)."""
    if "://" not in url:
        url = "https://" + url
    parts = urllib.parse.urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    port = parts.port
    if port and not ((scheme, port) in (("https", 443), ("http", 80))):
        host = f"{host}:{port}"
    query = [p for p in parts.query.split("&") if p and not p.split("=")[0].lower().startswith(TRACKING)]
    path = parts.path[:-1] if parts.path.endswith("/") else parts.path
    return f"{scheme}://{host}{path}" + ("?" + "&".join(query) if query else "")


def is_twitter(url):
    host = (urllib.parse.urlsplit(url if "://" in url else "https://" + url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in TWITTER_HOSTS)


def seconds(text):
    for shape in ("%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z", "%a %b %d %H:%M:%S %z %Y"):
        try:
            return int(datetime.datetime.strptime(text.replace("Z", "+0000"), shape).timestamp())
        except ValueError:
            pass
    raise ValueError(text)


class Collection:
    """Posts by (platform, id): author, time, whether a repost (and of what), its URLs."""

    def __init__(self):
        self.posts = {}

    def post(self, key, author, time, repost_of=None, urls=()):
        seen = self.posts.get(key)
        # A post seen twice is one; a post first seen only as what another reposted (no
        # time) is completed by the collection's own record of it.
        if seen is not None and not (seen["time"] is None and time is not None):
            return
        self.posts[key] = {"author": author, "time": time, "repost_of": repost_of,
                           "urls": sorted({normalise(u) for u in urls})}

    def actions(self, by):
        found = []
        for key, post in self.posts.items():
            if post["repost_of"] is not None:
                original = self.posts.get(post["repost_of"])
                author = original["author"] if original else None
                if by in ("repost", "all") and author != post["author"]:
                    found.append((post["author"], ("post",) + post["repost_of"], post["time"]))
            elif by in ("link", "all"):
                for url in post["urls"]:
                    found.append((post["author"], ("url", url), post["time"]))
        return found


def twarc2_tweet(collection, tweet):
    retweeted = [r["id"] for r in tweet.get("referenced_tweets", []) if r["type"] == "retweeted"]
    urls = [u["expanded_url"] for u in tweet.get("entities", {}).get("urls", []) if not is_twitter(u["expanded_url"])]
    collection.post(("twitter", tweet["id"]), tweet["author_id"], seconds(tweet["created_at"]),
                    ("twitter", retweeted[0]) if retweeted else None, urls)


def v1_tweet(collection, tweet):
    original = tweet.get("retweeted_status")
    if original:
        v1_tweet(collection, original)
    urls = [u["expanded_url"] for u in tweet.get("entities", {}).get("urls", []) if not is_twitter(u["expanded_url"])]
    collection.post(("twitter", tweet["id_str"]), tweet["user"]["id_str"], seconds(tweet["created_at"]),
                    ("twitter", original["id_str"]) if original else None, urls)


class Links(html.parser.HTMLParser):
    """The hrefs of a toot's content that are not mentions or hashtags."""

    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "a" and "href" in attrs and "mention" not in classes and "hashtag" not in classes:
            self.hrefs.append(attrs["href"])


def mastodon_activity(collection, activity):
    actor, time = activity["actor"], seconds(activity["published"])
    if activity["type"] == "Announce":
        boost = activity["id"].removesuffix("/activity")
        obj = activity["object"]
        # The boosted status's author: the addressee whose URI prefixes it.
        author = next((c for c in activity["cc"] + activity["to"] if obj.startswith(c + "/")), None)
        collection.post(("mastodon", obj), author, None)
        collection.post(("mastodon", boost), actor, time, ("mastodon", obj))
    elif activity["type"] == "Create":
        note = activity["object"]
        links = Links()
        links.feed(note.get("content", ""))
        collection.post(("mastodon", note["id"]), actor, time, None, links.hrefs)


def read(collection):
    for name in FILES:
        text = (FIXTURES / name).read_text()
        if name.endswith(".twarc2.jsonl"):
            for line in text.splitlines():
                page = json.loads(line)
                for tweet in page.get("includes", {}).get("tweets", []) + page["data"]:
                    twarc2_tweet(collection, tweet)
        elif name.endswith(".v1.jsonl"):
            for line in text.splitlines():
                v1_tweet(collection, json.loads(line))
        else:
            for activity in json.loads(text)["orderedItems"]:
                mastodon_activity(collection, activity)


def coordination(actions, window, min_shared):
    # Every pair of actions on the same item: (pair, item) -> the smallest gap.
    co = {}
    for (a, item_a, t_a), (b, item_b, t_b) in itertools.combinations(actions, 2):
        if a != b and item_a == item_b and abs(t_a - t_b) <= window:
            key = (tuple(sorted((a, b))), item_a)
            co[key] = min(co.get(key, abs(t_a - t_b)), abs(t_a - t_b))
    shared = {}
    for pair, _ in co:
        shared[pair] = shared.get(pair, 0) + 1
    kept = {pair: n for pair, n in shared.items() if n >= min_shared}
    # Connected components by repeated merging (no union-find, to differ from attaché).
    components = []
    for pair in kept:
        touching = [c for c in components if c & set(pair)]
        merged = set(pair).union(*touching)
        components = [c for c in components if not (c & set(pair))] + [merged]
    groups = []
    for members in components:
        pairs = [p for p in kept if p[0] in members]
        records = [(item, gap) for (pair, item), gap in co.items() if pair in pairs]
        groups.append({
            "members": sorted(members),
            "shared": sum(kept[p] for p in pairs),
            "items": len({item for item, _ in records}),
            "median_gap_seconds": statistics.median(gap for _, gap in records),
        })
    groups.sort(key=lambda g: (-len(g["members"]), -g["shared"], g["members"]))
    partners = {}
    for a, b in kept:
        partners[a] = partners.get(a, 0) + 1
        partners[b] = partners.get(b, 0) + 1
    return {
        "pairs": sorted([a, b, n] for (a, b), n in kept.items()),
        "groups": groups,
        "partners": dict(sorted(partners.items())),
    }


def main():
    collection = Collection()
    read(collection)
    runs = []
    for by, window, min_shared in RUNS:
        actions = collection.actions(by)
        result = coordination(actions, window, min_shared)
        runs.append({"by": by, "window": window, "min_shared": min_shared, "actions": len(actions), **result})
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    document = {"fixtures": [f"fixtures/coordination/{name}" for name in FILES], "runs": runs}
    OUTPUT.write_text(json.dumps(document, indent=1) + "\n")


if __name__ == "__main__":
    main()

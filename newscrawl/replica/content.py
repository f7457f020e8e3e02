"""The replica's content model: posts, their roles (traps) and their bodies, all seeded.

Everything is a pure function of ``(articles, seed)``: the skeleton of every post (title,
slug, dates, authors, terms, image) is built eagerly and cheaply; bodies are built on
demand and cached by the site.
"""

from __future__ import annotations

import functools
import hashlib
import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from . import bank


class _SplitMix(random.Random):
    """A random.Random whose seeding is cheap (splitmix64).

    Seeding the stdlib Mersenne Twister costs ~150 µs, and a 2,000-post site needs
    thousands of independently keyed generators.
    """

    _MASK = (1 << 64) - 1

    def seed(self, a=None, version: int = 2) -> None:  # noqa: D102 - random.Random API
        self._state = int.from_bytes(hashlib.blake2b(str(a).encode(), digest_size=8).digest(), "big")

    def _next(self) -> int:
        self._state = (self._state + 0x9E3779B97F4A7C15) & self._MASK
        z = self._state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self._MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self._MASK
        return z ^ (z >> 31)

    def random(self) -> float:  # noqa: D102
        return (self._next() >> 11) * (1.0 / (1 << 53))

    def _randbelow(self, n: int) -> int:
        # modulo bias is below 2**-50 for the small n used here
        return self._next() % n if n else 0

    def getrandbits(self, k: int) -> int:  # noqa: D102
        out, bits = 0, 0
        while bits < k:
            out = (out << 64) | self._next()
            bits += 64
        return out >> (bits - k)

    def getstate(self):  # noqa: D102
        return self._state

    def setstate(self, state) -> None:  # noqa: D102
        self._state = state


def rng_for(key: str) -> random.Random:
    """A deterministic generator keyed by a string (same key, same sequence, any Python run)."""
    return _SplitMix(key)

LONDON = ZoneInfo("Europe/London")

# The window the initial site covers, and the week that "later" adds.
SPAN_START = datetime(2024, 3, 1, tzinfo=UTC)
SPAN_END = datetime(2024, 11, 15, 18, 0, tzinfo=UTC)
INITIAL_CUTOFF = datetime(2024, 11, 16, 7, 0, tzinfo=UTC)  # no initial modification after this
LATER_NOW = datetime(2024, 11, 23, 9, 0, tzinfo=UTC)

# Publication instants pinned around the 2024 DST switches (31 March, 27 October). The
# October ones fall in the repeated local hour 01:00-02:00, once in BST and once in GMT.
DST_PINS = (
    datetime(2024, 3, 31, 0, 40, 12, tzinfo=UTC),  # 00:40 GMT, just before clocks go forward
    datetime(2024, 3, 31, 2, 10, 45, tzinfo=UTC),  # 03:10 BST
    datetime(2024, 10, 27, 0, 20, 5, tzinfo=UTC),  # 01:20 BST (first 01:20)
    datetime(2024, 10, 27, 1, 45, 30, tzinfo=UTC),  # 01:45 GMT (second 01:45)
)
SEED_PUBLISHED = datetime(2024, 6, 12, 9, 14, 31, tzinfo=UTC)

# role name -> how many posts get it. Roles are disjoint; small sites get fewer.
ROLE_COUNTS: tuple[tuple[str, int], ...] = (
    ("two_authors", 1),
    ("no_jsonld", 4),
    ("cp1252", 1),
    ("cf_body", 2),
    ("sitemap_only", 3),
    ("archive_only", 3),
    ("flaky", 1),
    ("slow", 1),
    ("old_slug", 1),
    ("chain", 1),
    ("edited", 5),
    ("deleted", 3),
    ("private_link", 1),
    ("broken_link", 1),
    ("tracking_link", 1),
    # last, so that adding them left every earlier role on the same posts
    ("protected", 1),  # password-protected: public metadata only
    ("auto_excerpt", 2),  # no excerpt typed in: WordPress makes one from the content
)

AUTO_EXCERPT_WORDS = 55  # WordPress' excerpt_length
NEW_IN_LATER = 4
BROKEN_PATH = "/council-budget-2019-archive/"
PRIVATE_PATH = "/private/draft-budget-2025/"


@dataclass(frozen=True)
class Image:
    """An uploaded image: path under the site, caption (or None) and alt text."""

    path: str
    caption: str | None
    alt: str
    width: int = 1200
    height: int = 800


@dataclass(frozen=True)
class Comment:
    """A reader comment shown under a post."""

    id: int
    author: str
    date: datetime
    text: str


@dataclass
class Block:
    """One element of post content.

    kind: p, h2, h3, ul, ol, quote, figure, related, ad. ``parts`` holds inline segments
    for p/h*: ``str`` or a tuple ``("a", href, text)``, ``("email-span", address)``,
    ``("email-a", address)``, ``("strong", text)``; ``items`` holds li texts or quote
    paragraphs; ``image`` a figure's image; ``ref`` a related box's post index.
    """

    kind: str
    parts: list = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    image: Image | None = None
    ref: int | None = None


@dataclass
class Post:
    """The skeleton of one post (everything but its body)."""

    index: int
    wp_id: int
    slug: str
    title: str
    excerpt: str
    authors: tuple[int, ...]  # indexes into bank.AUTHORS
    published: datetime  # Europe/London aware
    modified: datetime  # the stored post_modified (== published when never edited)
    categories: tuple[str, ...]  # slugs, primary first
    tags: tuple[str, ...]  # names, sorted as WordPress lists them
    image: Image | None
    topic: str
    slots: dict[str, str]
    lead: str = ""  # first paragraph of a topical story
    roles: frozenset[str] = frozenset()
    old_slug: str | None = None
    later_modified: datetime | None = None  # modified in the "later" state, when edited
    seed: int = 1

    @functools.cached_property
    def comments(self) -> tuple[Comment, ...]:
        """Reader comments (drawn on first use)."""
        return _comments(self, self.seed)

    @property
    def jsonld(self) -> bool:
        """Whether the page carries Yoast JSON-LD and article:*_time meta."""
        return "no_jsonld" not in self.roles

    @property
    def shows_updated(self) -> bool:
        """Whether a no-JSON-LD page shows a visible "Updated:" line."""
        return "updated_line" in self.roles

    @property
    def protected(self) -> bool:
        """Whether the post is behind WordPress' password form."""
        return "protected" in self.roles

    @property
    def auto_excerpt(self) -> bool:
        """Whether WordPress' excerpt field is empty (REST shows the auto excerpt; the page
        keeps its Yoast meta description)."""
        return "auto_excerpt" in self.roles

    @property
    def charset(self) -> str:
        """The page encoding."""
        return "windows-1252" if "cp1252" in self.roles else "UTF-8"


@functools.lru_cache(maxsize=8192)
def sanitize_title(title: str) -> str:
    """A slug the way WordPress' sanitize_title_with_dashes makes one."""
    text = unicodedata.normalize("NFKD", title)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower().replace(".", "-").replace("–", "-").replace("—", "-")
    text = re.sub(r"[^a-z0-9 _-]", "", text)
    text = re.sub(r"[\s_]+", "-", text)
    return re.sub(r"-+", "-", text).strip("-")


def _soften_caps(lead: str) -> str:
    """'A CONTROVERSIAL scheme ...' -> 'A controversial scheme ...'."""
    words = lead.split(" ")
    out = []
    for k, w in enumerate(words):
        if len(w) > 1 and w.isupper() and (k == 0 or out[-1].isupper() or out[-1] == "A"):
            w = w.capitalize() if k == 0 else w.lower()
        out.append(w)
    return " ".join(out)


def _fill(template: str, slots: dict[str, str]) -> str:
    return template.format_map(slots)


def _local_time(rng: random.Random, day: datetime) -> datetime:
    # Newsroom hours, local time; 06-21h is never ambiguous around DST.
    local = datetime(day.year, day.month, day.day, rng.randint(6, 21), rng.randint(0, 59),
                     rng.randint(0, 59), tzinfo=LONDON)
    return local.astimezone(UTC)


def _publication_instants(n: int, seed: int) -> list[datetime]:
    rng = rng_for(f"dates:{seed}:{n}")
    pins = [SEED_PUBLISHED, *DST_PINS][: max(0, n)]
    span_days = (SPAN_END - SPAN_START).days
    taken = set(pins)
    out = list(pins)
    while len(out) < n:
        day = SPAN_START + timedelta(days=rng.randrange(span_days))
        instant = _local_time(rng, day)
        while instant in taken:
            instant += timedelta(minutes=1)
        taken.add(instant)
        out.append(instant)
    return sorted(out)


def _pick_topic(index: int, rng: random.Random) -> str:
    if index % 9 == 4:
        return "letters"
    if index % 13 == 7:
        return "ci"
    return rng.choice(bank.TOPICS)["key"]


TOPIC_BY_KEY = {t["key"]: t for t in bank.TOPICS}


class _Slots(dict):
    """Slot values of one post, drawn on first use (most posts use a handful)."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key

    def __missing__(self, name: str) -> str:
        value = rng_for(f"{self.key}:{name}").choice(bank.SLOTS[name])
        self[name] = value
        return value


def _image(rng: random.Random, when: datetime, stem: str, captions: tuple[str, ...],
           slots: dict[str, str]) -> Image:
    caption = _fill(rng.choice(captions), slots) if captions else None
    if caption and rng.random() < 0.25 and "Photo:" not in caption:
        caption += ". Photo: " + rng.choice(("Dave Bright", "Leigh On Sea News", "Sarah Collins"))
    alt = caption.split(". Photo:")[0] if caption else stem.replace("-", " ")
    if rng.random() < 0.25:
        caption = None  # uploaded without a caption
    return Image(f"/wp-content/uploads/{when:%Y}/{when:%m}/{stem}.jpg", caption, alt)


def _skeleton(index: int, seed: int, published_utc: datetime, *, special: str | None, attempt: int = 0) -> Post:
    key = f"{seed}:{index}" + (f":{attempt}" if attempt else "")
    rng = rng_for(key)
    slots = _Slots(key)
    published = published_utc.astimezone(LONDON)
    wp_id = 1200 + index * 4 + rng.randrange(3)
    lead = ""
    if special == "seed":
        topic = "seed"
        title = bank.SEED_TITLE
        excerpt = bank.SEED_PARAGRAPHS[0]
        cats = ("police-crime", "news")
        tags = ("Community Safety", "Essex Police", "Operation Raker", "Southend")
        authors: tuple[int, ...] = (0,)
        image: Image | None = Image(
            f"/wp-content/uploads/{published:%Y}/{published:%m}/southend-police-station.jpg",
            "Southend police station on Victoria Avenue. Photo: Essex Police",
            "Southend police station",
        )
    else:
        topic = _pick_topic(index, rng)
        authors = (0,) if rng.random() < 0.55 else (rng.randrange(1, len(bank.AUTHORS)),)
        if topic == "letters":
            ltitle = bank.LETTERS[rng.randrange(len(bank.LETTERS))][0]
            title = "Points of View: " + _fill(ltitle, slots)
            excerpt = "Your letters to the editor this week, on " + rng.choice(
                ("trees, parking and the seafront.", "the Broadway, bins and buses.",
                 "volunteers, cyclists and the pier.", "planning, potholes and people.")
            )
            cats, tags, authors = ("points-of-view", "news"), ("Letters", "Readers"), (0,)
            captions: tuple[str, ...] = ()
        elif topic == "ci":
            title = "Chief Inspector’s Update: " + rng.choice(bank.CI_THEMES)
            excerpt = _fill(bank.CI_PARAS[0], slots)
            cats, tags, authors = ("police-crime", "news"), ("Chief Inspector’s Update", "Essex Police"), (0,)
            captions = ("Chief Inspector Jo Collins. Photo: Essex Police",)
        else:
            t = TOPIC_BY_KEY[topic]
            ti = rng.randrange(len(t["titles"]))
            title = _fill(t["titles"][ti], slots)
            lead = _fill(bank.STORY_LEADS.get(t["titles"][ti]) or t["leads"][ti], slots)
            if rng.random() < 0.7:
                excerpt = lead
            else:  # a hand-written excerpt: the lead without the newspaper's capitals
                excerpt = _soften_caps(lead)
            extra = [c for c in t["cats"][1:] if rng.random() < 0.5]
            cats = (t["cats"][0], *extra)
            tags = tuple(rng.sample(t["tags"], rng.randint(1, min(3, len(t["tags"])))))
            captions = t["captions"]
        if title.startswith("the "):  # a slot may start the title ("the Leigh Lions ...")
            title = "T" + title[1:]
        stem = sanitize_title(title)[:40].rstrip("-") or "image"
        image = None
        if topic != "letters" and rng.random() < 0.85:
            image = _image(rng, published, stem, captions, slots)
    return Post(
        index=index, wp_id=wp_id, slug="", title=title, excerpt=excerpt, authors=authors,
        published=published, modified=published, categories=cats,
        tags=tuple(sorted(set(tags), key=str.lower)), image=image, topic=topic, slots=slots, lead=lead,
    )


def _comments(post: Post, seed: int) -> tuple[Comment, ...]:
    rng = rng_for(f"comments:{seed}:{post.index}")
    out = []
    when = post.published
    for k in range(rng.choice((0, 0, 1, 2, 3))):
        when = when + timedelta(minutes=rng.randint(20, 900))
        out.append(Comment(post.wp_id * 10 + k, rng.choice(bank.COMMENTERS),
                           when.astimezone(UTC).astimezone(LONDON), rng.choice(bank.COMMENTS)))
    return tuple(out)


@dataclass
class Catalogue:
    """All posts of a replica (initial ones, then the ones added in the "later" state)."""

    posts: list[Post]
    initial_count: int
    roles: dict[str, list[int]]
    seed_index: int | None

    def by_role(self, role: str) -> list[int]:
        """Indexes of the posts that have a role."""
        return self.roles.get(role, [])


def build_catalogue(articles: int, seed: int) -> Catalogue:
    """Build every post skeleton for ``articles`` initial posts (+ the "later" ones)."""
    instants = _publication_instants(articles, seed)
    posts: list[Post] = []
    seed_index = instants.index(SEED_PUBLISHED) if articles > 0 else None
    pinned = {instants.index(p) for p in DST_PINS if p in instants}
    titles: set[str] = set()

    def make(i: int, instant: datetime, special: str | None) -> Post:
        # redraw a few times to avoid repeating a headline (WordPress would allow it)
        # (only while headlines are fresh: a big site repeats some, as real ones do)
        for attempt in range(6 if len(titles) < 250 else 1):
            post = _skeleton(i, seed, instant, special=special, attempt=attempt)
            if post.title not in titles:
                break
        titles.add(post.title)
        return post

    for i, instant in enumerate(instants):
        posts.append(make(i, instant, "seed" if i == seed_index else None))
    # the "later" week: new posts after everything initial
    rng_new = rng_for(f"later:{seed}:{articles}")
    for k in range(NEW_IN_LATER):
        day = datetime(2024, 11, 18 + k, tzinfo=UTC)
        posts.append(make(articles + k, _local_time(rng_new, day), None))

    # roles
    pool = [i for i in range(articles) if i != seed_index and i not in pinned]
    rng_for(f"roles:{seed}:{articles}").shuffle(pool)
    roles: dict[str, list[int]] = {}
    for role, count in ROLE_COUNTS:
        take, pool = pool[:count], pool[count:]
        roles[role] = sorted(take)
    roles["new"] = list(range(articles, articles + NEW_IN_LATER))
    if roles["no_jsonld"]:
        roles["updated_line"] = roles["no_jsonld"][:1]
    for role, idxs in roles.items():
        for i in idxs:
            posts[i].roles = posts[i].roles | {role}
    for i in roles.get("protected", []):
        posts[i].image = None  # no featured image: nothing of it shows but its metadata

    # slugs, unique like WordPress does it (-2, -3 ...)
    used: set[str] = set()
    for p in posts:
        base = sanitize_title(p.title) or f"post-{p.wp_id}"
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        p.slug = slug
    for i in roles["old_slug"]:
        p = posts[i]
        old = "-".join(p.slug.split("-")[:3]) + "-latest"
        while old in used:
            old += "-x"
        used.add(old)
        p.old_slug = old

    for p in posts:
        rng = rng_for(f"modified:{seed}:{p.index}")
        two = "two_authors" in p.roles
        if two:
            p.authors = (1, 2)
        if "no_jsonld" in p.roles:
            # visible dates have no seconds; the page is the only source
            p.published = p.published.replace(second=0)
        if p.index < articles and rng.random() < 0.35 or "updated_line" in p.roles:
            mod = p.published + timedelta(minutes=rng.randint(12, 60 * 72))
            if mod.astimezone(UTC) > INITIAL_CUTOFF:
                mod = p.published + timedelta(minutes=rng.randint(5, 50))
            p.modified = mod.astimezone(UTC).astimezone(LONDON)
            if "no_jsonld" in p.roles:
                p.modified = p.modified.replace(second=0)
        if "edited" in p.roles:
            day = datetime(2024, 11, 19 + rng.randrange(4), tzinfo=UTC)
            p.later_modified = _local_time(rng, day).astimezone(LONDON)
        p.seed = seed
    return Catalogue(posts=posts, initial_count=articles, roles=roles, seed_index=seed_index)


# ---------------------------------------------------------------- bodies

def build_blocks(post: Post, cat: Catalogue, seed: int, *, edited: bool, linkable: list[int],
                 old_slug_linker: int | None) -> list[Block]:
    """The content blocks of a post; ``edited`` gives the "later" revision.

    ``linkable`` lists posts this post may link to (stable ones, listed everywhere);
    ``old_slug_linker`` is the post whose body links to a retired slug.
    """
    rng = rng_for(f"body:{seed}:{post.index}")
    s = post.slots
    blocks: list[Block] = []

    def p(*parts) -> None:
        blocks.append(Block("p", list(parts)))

    if post.topic == "seed":
        for para in bank.SEED_PARAGRAPHS:
            p(para)
        blocks.insert(4, Block("ad"))
    elif post.topic == "letters":
        letters = rng.sample(range(len(bank.LETTERS)), rng.choice((1, 2, 2)))
        for k, li in enumerate(letters):
            ltitle, paras = bank.LETTERS[li]
            if len(letters) > 1:
                blocks.append(Block("h3", [_fill(ltitle, s)]))
            for para in paras:
                p(_fill(para, s))
            who = s["person"] if k == 0 else s["person2"]
            street = s["road"] if k == 0 else rng.choice(bank.SLOTS["road"])
            p(f"Letter from: {who}, {street}, Leigh.")
            if k == 0 and len(letters) > 1:
                blocks.append(Block("ad"))
    elif post.topic == "ci":
        paras = [bank.CI_PARAS[0], *rng.sample(bank.CI_PARAS[1:-1], 3), bank.CI_PARAS[-1]]
        for k, para in enumerate(paras):
            p(_fill(para, s))
            if k == 1:
                blocks.append(Block("ad"))
        p(("strong", "Chief Inspector Jo Collins, Southend District Commander"))
    else:
        t = TOPIC_BY_KEY[post.topic]
        lead = post.lead
        paras = [_fill(x, s) for x in t["paras"] if _fill(x, s) != post.excerpt]
        chosen = rng.sample(paras, min(len(paras), rng.randint(3, 6)))
        quotes = rng.sample(t["quotes"], min(len(t["quotes"]), rng.randint(1, 2)))
        p(lead)
        for k, para in enumerate(chosen):
            if k == 1 and post.image is not None and rng.random() < 0.45:
                cap = _fill(rng.choice(t["captions"]), s)
                stem = post.image.path.rsplit("/", 1)[1].removesuffix(".jpg")
                blocks.append(Block("figure", image=Image(post.image.path.replace(stem, stem + "-2"), cap, cap.split(". Photo:")[0], 1024, 683)))
            if k == 1:
                blocks.append(Block("ad"))
            if k == 2 and t["subheads"] and rng.random() < 0.5:
                blocks.append(Block(rng.choice(("h2", "h2", "h3")), [rng.choice(t["subheads"])]))
            if k == 2 and linkable and rng.random() < 0.5:
                blocks.append(Block("related", ref=rng.choice(linkable)))
            p(para)
            if k < len(quotes):
                p(_fill(quotes[k], s))
        if t["lists"] and rng.random() < 0.35:
            items = list(rng.choice(t["lists"]))
            p(rng.choice(("The main points are:", "Advice includes:", "Here is what you need to know:")))
            blocks.append(Block(rng.choice(("ul", "ul", "ol")), items=items))
        if rng.random() < 0.25:
            extra = [q for q in t["quotes"] if q not in quotes]
            if extra:
                blocks.append(Block("quote", items=[_fill(rng.choice(extra), s)]))
        if rng.random() < 0.3:
            href, label = rng.choice(bank.EXTERNAL_LINKS)
            p("More information is available from the ", ("a", href, label), ".")
        if linkable and rng.random() < 0.3:
            other = cat.posts[rng.choice(linkable)]
            p("We reported earlier on ", ("a", "{base}/" + other.slug + "/", other.title), ".")

    roles = post.roles
    if "cf_body" in roles:
        address = rng.choice(("hello@leighfolkfestival.org.uk", "info@leighsociety.example",
                              "volunteers@leighfoodbank.example", "news@leigh-on-sea.news"))
        form = "email-span" if post.index == cat.by_role("cf_body")[0] else "email-a"
        p("For more details, or to get involved, email ", (form, address), " or pop into the community centre on Elm Road.")
    if "private_link" in roles:
        p("Council papers seen by this newspaper, including a ", ("a", "{base}" + PRIVATE_PATH, "draft budget summary"), ", suggest further savings will be needed.")
    if "broken_link" in roles:
        p("Our previous coverage of the ", ("a", "{base}" + BROKEN_PATH, "2019 budget"), " explains the background.")
    if "tracking_link" in roles and linkable:
        other = cat.posts[linkable[len(linkable) // 2]]
        p("See also: ", ("a", "{base}/" + other.slug + "/?fbclid=IwAR2x8kq1Lc0dXyZ7", other.title), ".")
    old = cat.by_role("old_slug")
    if old and post.index == old_slug_linker:
        target = cat.posts[old[0]]
        p("This follows our story ", ("a", "{base}/" + str(target.old_slug) + "/", target.title), ".")
    if edited:
        # the "later" revision: a paragraph is reworded and an update appended
        for b in blocks:
            if b.kind == "p" and isinstance(b.parts[0], str) and b.parts[0] != post.excerpt and len(b.parts) == 1:
                b.parts = [b.parts[0] + " This has since been confirmed by the council."]
                break
        when = post.later_modified or post.modified
        p(("strong", "Update:"), f" This article was updated on {ordinal_date(when)} with a response from the council, which said the matter was under review.")
    return blocks


def auto_excerpt(texts: list[str]) -> tuple[str, bool]:
    """WordPress' wp_trim_excerpt of a post's texts: (first 55 words, whether cut; a cut
    excerpt is shown with " [&hellip;]")."""
    words = " ".join(texts).split()
    return " ".join(words[:AUTO_EXCERPT_WORDS]), len(words) > AUTO_EXCERPT_WORDS


def block_texts(blocks: list[Block]) -> list[str]:
    """The ground-truth body texts of content blocks (captions, boxes and ads excluded)."""
    out: list[str] = []
    for b in blocks:
        if b.kind in ("p", "h2", "h3", "h4"):
            out.append("".join(segment_text(x) for x in b.parts))
        elif b.kind in ("ul", "ol", "quote"):
            out.extend(b.items)
    return [" ".join(t.split()) for t in out if t.strip()]


def segment_text(seg) -> str:
    """Visible (decoded) text of one inline segment."""
    if isinstance(seg, str):
        return seg
    if seg[0] == "a":
        return seg[2]
    if seg[0] in ("email-span", "email-a"):
        return seg[1]
    return seg[1]


def ordinal_date(dt: datetime) -> str:
    """'12th June 2024'."""
    d = dt.day
    suffix = "th" if 11 <= d % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
    return f"{d}{suffix} {dt:%B %Y}"


def clock(dt: datetime) -> str:
    """'9:30 am' (WordPress 'g:i a')."""
    return f"{dt.hour % 12 or 12}:{dt:%M} {'am' if dt.hour < 12 else 'pm'}"


def us_date(dt: datetime) -> str:
    """'June 12, 2024' (WordPress 'F j, Y')."""
    return f"{dt:%B} {dt.day}, {dt.year}"

"""Learned site templates (newscrawl.extract.template) on HTML strings."""

from __future__ import annotations

import json

import lxml.html

from newscrawl.extract import extract_article
from newscrawl.extract.profiles import GENERIC
from newscrawl.extract.template import SiteTemplate, TemplateLearner, norm_block, page_features

SITE = "Harbour Gazette"
BASE = "http://127.0.0.1:9/"

STORIES = [
    ("Lifeboat crew rescue two kayakers", "Two kayakers were brought ashore by the volunteer crew on Sunday."),
    ("School wins national chess title", "Pupils from Marsh Lane school won the under-14 championship."),
    ("Ferry timetable changes from May", "The island ferry will run an hour later on weekdays this summer."),
    ("Market traders back new canopy", "Stallholders voted in favour of the covered market plan."),
    ("Bridge repairs to last six weeks", "Engineers will close one lane of the swing bridge from Monday."),
    ("Choir raises funds for hospice", "A carol concert at St Mary's raised more than two thousand pounds."),
]


def page(i: int, *, title: str | None = None, extra: str = "") -> str:
    headline, excerpt = STORIES[i]
    headline = title or headline
    paras = "".join(
        f"<p>{excerpt} Paragraph {k} of the story tells residents what happened next, "
        f"who said what, and when the next meeting of the committee will be held.</p>"
        for k in range(4)
    )
    return f"""<html><head><title>{SITE}: {headline} - {excerpt}</title>
<meta property="og:title" content="{SITE}: {headline} - {excerpt}">
<meta property="og:site_name" content="{SITE}">
<meta name="description" content="{excerpt}">
<meta property="article:published_time" content="2024-05-0{i + 1}T10:00:00+00:00">
</head><body class="single single-post">
<div class="top"><a href="/">{SITE}</a></div>
<div class="wrap"><div class="col">
<h1>{headline}</h1>
<div class="kicker">Spread the word with friends</div>
<div class="text">{paras}{extra}
<p>Enjoyed this story? Read more.</p>
<p>Visit: http://harbour.example. Contact us: news at harbour dot example.</p>
</div>
<div class="bottom-note">Printed and published by the Gazette cooperative since 1998.</div>
</div></div></body></html>"""


def learned(pages: int = 6) -> SiteTemplate:
    learner = TemplateLearner()
    for i in range(pages):
        root = lxml.html.fromstring(page(i, extra="<p>A one-off note only on page one.</p>" if i == 0 else ""))
        learner.add("harbour.example", page_features(root))
    return learner.build("harbour.example")


def test_learns_boilerplate_and_title_pattern():
    tpl = learned()
    assert tpl.pages == 6
    assert tpl.title_prefixes == (f"{SITE}: ",)
    assert tpl.excerpt_tail is True
    assert tpl.site_name == SITE
    assert tpl.is_boilerplate("Enjoyed this story? Read more.")
    assert tpl.is_boilerplate("Spread the word with friends")
    assert tpl.is_boilerplate("Printed and published by the Gazette cooperative since 2001.")  # digits masked
    assert not tpl.is_boilerplate("A one-off note only on page one.")  # 1 page of 6
    assert not tpl.is_boilerplate(STORIES[0][1])


def test_strip_title_keeps_the_headlines_own_colon():
    tpl = learned()
    excerpt = "Councillors will vote on Tuesday."
    assert tpl.strip_title(f"{SITE}: Parking: a view from Elm Road - {excerpt}", excerpt) == (
        "Parking: a view from Elm Road")
    # A dash that belongs to the headline stays when what follows is not the excerpt.
    assert tpl.strip_title(f"{SITE}: Pier - the next 100 years", excerpt) == "Pier - the next 100 years"
    # Never empty, never cut a headline to the site name.
    assert tpl.strip_title(SITE, excerpt) == SITE
    assert tpl.strip_title("Unrelated title: with colon", None) == "Unrelated title: with colon"


def test_too_few_pages_learn_nothing():
    tpl = learned(2)
    assert tpl.boilerplate == frozenset() and not tpl.title_prefixes and not tpl.excerpt_tail


def test_json_round_trip_is_exact():
    tpl = learned()
    back = SiteTemplate.from_json(tpl.to_json())
    assert back == tpl and back.version == tpl.version and back.pages == tpl.pages
    assert back.to_json() == tpl.to_json()
    assert learned().version == tpl.version  # deterministic
    assert SiteTemplate(host="x").version != tpl.version


def test_extract_with_template_drops_boilerplate_and_affixes():
    tpl = learned()
    html = page(2, title="Ferry: timetable changes from May")
    bare = extract_article(html, BASE + "ferry/", GENERIC)
    art = extract_article(html, BASE + "ferry/", GENERIC, site=tpl, features=True)
    assert art.title == "Ferry: timetable changes from May"
    assert "Spread the word" not in art.body and "Enjoyed this story" not in art.body
    assert "Printed and published" not in art.body
    assert art.body.startswith(STORIES[2][1])
    assert "Paragraph 3" in art.body
    # The template is what removed the lines the generic rules kept.
    assert "Enjoyed this story" in bare.body or "Spread the word" in bare.body
    assert "<p>Enjoyed this story" not in art.body_html
    assert art.features is not None and art.features.h1 == ("Ferry: timetable changes from May",)
    assert "features" not in art.to_record()
    assert bare.features is None  # a single page does not need them: features=True asks


def test_block_on_one_page_stays_in_body():
    tpl = learned()
    art = extract_article(page(0, extra="<p>A one-off note only on page one.</p>"), BASE + "a/", GENERIC,
                          site=tpl)
    assert "A one-off note only on page one." in art.body


def test_boilerplate_standfirst_is_not_a_standfirst():
    learner = TemplateLearner()
    for i in range(5):
        html = page(i).replace(f'<meta name="description" content="{STORIES[i][1]}">',
                               '<meta name="description" content="Spread the word with friends">')
        learner.add("h", page_features(lxml.html.fromstring(html)))
    tpl = learner.build("h")
    html = page(5).replace(f'<meta name="description" content="{STORIES[5][1]}">',
                           '<meta name="description" content="Spread the word with friends">')
    assert extract_article(html, BASE + "b/", GENERIC).standfirst == "Spread the word with friends"
    assert extract_article(html, BASE + "b/", GENERIC, site=tpl).standfirst is None


def test_learner_memory_is_bounded():
    learner = TemplateLearner(max_pages=50, max_keys=500)
    for i in range(200):
        root = lxml.html.fromstring(
            "<html><head><title>S | X</title></head><body>"
            + "".join(f"<p>unique text {i}-{k} " + "abc" * (k % 7) + "</p>" for k in range(40))
            + "<p>The same footer line</p></body></html>")
        learner.add("s", page_features(root))
    assert learner.pages("s") == 50 and learner.full("s")
    counts = learner._hosts["s"]
    assert len(counts.blocks) <= 500
    assert learner.build("s").is_boilerplate("The same footer line")


# --- authors' bio boxes --------------------------------------------------------------

BIOS = {
    "Ann Lee": "Ann covers the harbour, the ferries and the lifeboat.",
    "Raj Patel": "Raj writes about schools and the town council.",
    "Meg Ross": "Meg has reported on local sport for twenty years.",
}


def bio_page(i: int, authors: list[str], extra: str = "") -> str:
    """A story crediting ``authors``, with one unmarked bio per author at the end of the
    text (as a plugin appending to the post content writes it)."""
    bios = "".join(f"<p>{BIOS[a]}</p>" for a in authors)
    byline = " and ".join(f'<a rel="author" href="/author/x/">{a}</a>' for a in authors)
    return page(i % len(STORIES), title=f"Story number {i} of the week", extra=extra + bios).replace(
        "<h1>", f'<p class="byline">By {byline}</p><h1>')


def learn_bios(plan: list[list[str]], extra: dict[int, str] | None = None) -> SiteTemplate:
    learner = TemplateLearner()
    for i, authors in enumerate(plan):
        art = extract_article(bio_page(i, authors, (extra or {}).get(i, "")), BASE + f"s{i}/", GENERIC, features=True)
        assert art.authors == authors
        learner.add("h", art.features)
    return learner.build("h")


# Twenty stories: Ann writes most, Raj and Meg four each (bios on 20 % of pages, under
# the 30 % rule), one written by Raj and Meg together.
PLAN = [["Ann Lee"]] * 11 + [["Raj Patel"]] * 4 + [["Meg Ross"]] * 4 + [["Raj Patel", "Meg Ross"]]


def test_a_block_that_follows_one_author_is_their_bio():
    tpl = learn_bios(PLAN)
    assert tpl.is_boilerplate(BIOS["Raj Patel"]) and tpl.is_boilerplate(BIOS["Meg Ross"])
    assert BIOS["Raj Patel"] not in tpl.boilerplate  # learned as an author's block
    assert norm_block(BIOS["Meg Ross"]) in tpl.author_blocks
    bare = extract_article(bio_page(19, PLAN[19]), BASE + "s19/", GENERIC)
    assert BIOS["Raj Patel"] in bare.body  # the generic rules keep a two-bio box
    art = extract_article(bio_page(19, PLAN[19]), BASE + "s19/", GENERIC, site=tpl)
    assert BIOS["Raj Patel"] not in art.body and BIOS["Meg Ross"] not in art.body
    assert "Paragraph 3 of the story" in art.body


def test_text_shared_by_several_authors_or_rare_for_one_is_no_bio():
    shared = "<p>The committee meets again on the first Monday of next month at the hall.</p>"
    ann_only = "<p>Ann's note: the harbour office opens late on Thursdays this summer.</p>"
    extra = {0: shared, 11: shared, 15: shared,  # three authors
             1: ann_only, 2: ann_only, 3: ann_only}  # Ann, but 3 of her 11 pages
    tpl = learn_bios(PLAN, extra)
    assert not tpl.is_boilerplate("The committee meets again on the first Monday of next month at the hall.")
    assert not tpl.is_boilerplate("Ann's note: the harbour office opens late on Thursdays this summer.")
    # Too few pages: an author seen on two pages has no bio yet.
    tpl = learn_bios([["Ann Lee"]] * 6 + [["Raj Patel"]] * 2)
    assert not tpl.is_boilerplate(BIOS["Raj Patel"])


def test_an_authors_block_is_boilerplate_on_their_pages_only():
    # On another writer's page the same text is something else (a related post that
    # chance showed only beside Raj's stories): it stays there.
    tpl = learn_bios(PLAN)
    raj = BIOS["Raj Patel"]
    assert tpl.author_owners[norm_block(raj)] == frozenset({"raj patel"})
    assert tpl.is_boilerplate(raj, ["Raj Patel"]) and tpl.is_boilerplate(raj, ["Meg Ross", "Raj Patel"])
    assert not tpl.is_boilerplate(raj, ["Ann Lee"])
    assert tpl.is_boilerplate(raj) and tpl.is_boilerplate(raj, [])  # credit unknown: as before
    extra = f"<p>{raj}</p>"
    art = extract_article(bio_page(0, ["Ann Lee"], extra), BASE + "s0/", GENERIC, site=tpl)
    assert raj in art.body and BIOS["Ann Lee"] not in art.body
    # A template stored before owners were learned drops its author blocks anywhere.
    old = SiteTemplate.from_json(json.dumps({k: v for k, v in json.loads(tpl.to_json()).items()
                                             if k not in ("author_owners", "version")}))
    assert not old.author_owners and old.is_boilerplate(raj, ["Ann Lee"])


def test_author_blocks_round_trip_and_old_templates_keep_their_version():
    tpl = learn_bios(PLAN)
    back = SiteTemplate.from_json(tpl.to_json())
    assert back == tpl and back.author_blocks == tpl.author_blocks and back.version == tpl.version
    assert back.author_owners == tpl.author_owners and tpl.author_owners
    plain = learned()
    assert not plain.author_blocks and "author_blocks" not in plain.to_json()


def test_author_counts_are_pruned_with_the_blocks():
    learner = TemplateLearner(max_pages=300, max_keys=100)
    for i in range(300):
        feats = page_features(lxml.html.fromstring(
            "<html><body>" + "".join(f"<p>unique {i}-{k}</p>" for k in range(30))
            + f"<p>{BIOS['Raj Patel']}</p></body></html>"))
        feats.authors = ("Raj Patel", f"Guest {i}") if i % 2 else ("Raj Patel",)
        learner.add("s", feats)
    counts = learner._hosts["s"]
    assert len(counts.blocks) <= 100 and set(counts.block_authors) <= set(counts.blocks)
    assert len(counts.author_pages) <= 100
    assert learner.build("s").is_boilerplate(BIOS["Raj Patel"])

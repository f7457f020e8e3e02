"""Body extraction on hand-written pages, and the benchmark's shingle metric."""

from __future__ import annotations

import sys
from pathlib import Path

import lxml.html
import pytest

from newscrawl.extract.body import Body, extract_body, extract_text, parse_html
from newscrawl.extract.profiles import GENERIC, profile_for

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from shingle_metric import score_page, shingles, summarise, tokens  # noqa: E402

URL = "https://leigh-on-sea.news/improved-public-confidence/"

SEED_TITLE = "Improved Public Confidence"
SEED = [
    "SOUTHEND’S District Commander, Chief Inspector Jo Collins, has said increasing public "
    "engagement and addressing local people’s concerns has helped to improve confidence "
    "levels and reduce offending.",
    "Ch Insp Collins also cited the work of the force’s Town Centre Team, the importance of "
    "being highly visible in the community, and the strong partnerships forged with public "
    "sector partners and the local business community as being key to keeping Southend safe.",
    "Across the district, crime is down by 9.6% with 1,940 fewer offences reported in the "
    "year to the end of April. Anti-social behaviour decreased by more than a third (34.6%) "
    "in the same period.",
    "Ch Insp Collins said: “When I became District Commander in 2022, I spoke about building "
    "local relationships for the benefit of everyone in the district.",
    "“We have worked hard to be visible. We’re running more engagement events in more places "
    "than ever before and the feedback from local residents has been encouraging.”",
    "“Alongside our colleagues in the Community Safety Partnership, we are doing all we can "
    "to make sure people in Southend are safe and have the confidence to contact us if they "
    "need help.”",
]
EXCERPT = SEED[0]


def seed_page(*, theme: str = "classic") -> str:
    """The target site's seed article as a WordPress page with all its furniture."""
    paras = "\n".join(f"<p>{p}</p>" for p in SEED)
    share = f"""
      <div class="share-box"><span>Share this story!</span>
        <a href="https://twitter.com/intent/tweet?text=Leigh On Sea News: {SEED_TITLE}">X</a>
        <a href="https://www.facebook.com/sharer.php?u={URL}">Facebook</a></div>
      <p class="share-text">Leigh On Sea News: {SEED_TITLE} - {EXCERPT}</p>
      <p>Leigh On Sea News: {SEED_TITLE} – {EXCERPT}</p>
      <p>{SEED_TITLE} - {EXCERPT}</p>"""
    footer = """
      <p><strong>Read more.</strong></p>
      <p>Visit: <a href="https://leigh-on-sea.news">https://leigh-on-sea.news</a></p>
      <p>Contact us. Email: <a href="/cdn-cgi/l/email-protection">[email&#160;protected]</a></p>
      <p>Facebook: https://www.facebook.com/leighonsea.news</p>
      <p>Twitter: @leighonsea_news</p>
      <p>Instagram: https://www.instagram.com/leighonsea.news</p>"""
    about = """<div class="about-author"><h4>about author</h4>
      <a href="/author/editor/">Editor</a><p>The editorial desk.</p></div>"""
    related = """<div class="related-posts"><h3>Related posts</h3><ul>
      <li><a href="/a/">Pier reopens after repairs to the deck and the railway line</a></li>
      <li><a href="/b/">Council approves new seafront parking scheme for the summer</a></li>
      <li><a href="/c/">Old Leigh cockle sheds open their doors for a heritage weekend</a></li>
      </ul></div>"""
    comments = """<div id="comments" class="comments-area"><h2>2 comments</h2>
      <ol class="comment-list"><li><p>Great news, well done to the local team, really good
      to see crime falling in the town centre at last.</p></li>
      <li><p>I am not convinced, the figures always look better than the streets do.</p></li>
      </ol><div id="respond"><h3>Leave a Reply</h3></div></div>"""
    if theme == "classic":
        main = f"""
        <article class="post type-post hentry">
          <header class="entry-header"><h1 class="entry-title">{SEED_TITLE}</h1>
            <div class="entry-meta">By <a href="/author/editor/">Editor</a>
            <time datetime="2024-06-12T09:30:00+01:00">12 June 2024</time></div></header>
          {share}
          <div class="entry-content">{paras}{footer}</div>
          {about}
        </article>{related}{comments}"""
    else:  # page builder: deep nesting, no entry-content
        col = "".join(
            f'<div class="elementor-widget-wrap"><div class="elementor-element">'
            f'<div class="elementor-widget-container"><p>{p}</p></div></div></div>'
            for p in SEED
        )
        main = f"""
        <div class="elementor elementor-123"><section class="elementor-section">
          <div class="elementor-container"><div class="elementor-column">
          <div class="elementor-widget-heading"><h1>{SEED_TITLE}</h1></div>
          <div class="elementor-widget-share">{share}</div>
          <div class="elementor-widget-theme-post-content">{col}{footer}</div>
          <div class="elementor-author-box">{about}</div>
          <div class="elementor-widget-posts">{related}</div>
          </div></div></section></div>{comments}"""
    return f"""<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
    <title>Leigh On Sea News: {SEED_TITLE} - {EXCERPT[:40]}</title>
    <script>var x = "<p>not text</p>";</script><style>p {{ color: red }}</style></head>
    <body class="single single-post">
    <header id="masthead" class="site-header"><div class="site-title">Leigh On Sea News</div>
      <nav class="main-navigation"><ul><li><a href="/news/">News</a></li>
      <li><a href="/sport/">Sport</a></li></ul></nav></header>
    <div id="content" class="site-content"><div id="primary" class="content-area">
    <main id="main" class="site-main">{main}</main></div>
    <aside id="secondary" class="widget-area"><section class="widget"><h2>Recent posts</h2>
    <ul><li><a href="/x/">Something else happened in Leigh today, read all about it</a></li>
    </ul></section></aside></div>
    <footer class="site-footer"><p>© 2024 Leigh On Sea News. All rights reserved.</p></footer>
    </body></html>"""


def body_of(html: str, url: str = URL, **kw) -> Body:
    root = lxml.html.document_fromstring(html)
    return extract_body(root, url, kw.pop("profile", GENERIC), **kw)


@pytest.mark.parametrize("theme", ["classic", "builder"])
@pytest.mark.parametrize("profile", [GENERIC, profile_for(URL)])
def test_seed_article_is_exactly_the_body(theme, profile):
    body = body_of(seed_page(theme=theme), title=SEED_TITLE, standfirst=EXCERPT, profile=profile)
    assert body.text == "\n\n".join(SEED)


def test_seed_article_without_hints_keeps_the_body():
    text = body_of(seed_page()).text
    assert text.endswith("if they need help.”")
    for junk in (
        "Share this",
        "Read more",
        "Visit:",
        "Twitter",
        "about author",
        "Pier",
        "Great news",
        "Recent posts",
        "All rights",
    ):
        assert junk not in text


def test_first_paragraph_equal_to_excerpt_is_kept():
    page = (
        f"<html><body><article><h1>T</h1>{''.join(f'<p>{p}</p>' for p in SEED)}"
        "</article></body></html>"
    )
    body = body_of(page, title="T", standfirst=SEED[0])
    assert body.text.split("\n\n")[0] == SEED[0]


def test_html_is_minimal_and_absolute():
    page = """<html><body><div class="entry-content">
      <p class="x" style="color:red">First paragraph of the story, which is long enough to
      count as text, with <a href="/pier/" class="l">a link</a> and <b>bold</b> words.</p>
      <figure class="wp-block-image"><img src="/img/pier.jpg" alt="The pier" width="800">
        <figcaption>The pier at sunset. Photo: Dave</figcaption></figure>
      <h2 id="h">A subheading</h2>
      <ul><li>First point of the list, a longer item</li><li>Second point</li></ul>
      <blockquote><p>A quoted paragraph from somebody important.</p></blockquote>
      <p>Last paragraph of the story, long enough, and with a comma, to be kept.</p>
      <script>alert(1)</script></div></body></html>"""
    body = body_of(page)
    assert body.text.split("\n\n") == [
        "First paragraph of the story, which is long enough to count as text, with a link "
        "and bold words.",
        "A subheading",
        "First point of the list, a longer item",
        "Second point",
        "A quoted paragraph from somebody important.",
        "Last paragraph of the story, long enough, and with a comma, to be kept.",
    ]
    h = body.html
    assert '<a href="https://leigh-on-sea.news/pier/">a link</a>' in h
    assert "<strong>bold</strong>" in h
    assert '<img src="https://leigh-on-sea.news/img/pier.jpg" alt="The pier">' in h
    assert "<figcaption>The pier at sunset. Photo: Dave</figcaption>" in h
    assert "<h2>A subheading</h2>" in h
    assert "<ul><li>" in h.replace("\n", "") and "<blockquote><p>" in h.replace("\n", "")
    for bad in ("class=", "style=", "id=", "script", "alert"):
        assert bad not in h
    assert "sunset" not in body.text  # captions are not body text


def test_table_layout_2008():
    rows = "".join(f"<tr><td><a href='/s{i}'>Section {i}</a></td></tr>" for i in range(12))
    story = (
        "The city council voted on Tuesday to close the old library, a decision that "
        "angered residents, who had campaigned for months to keep it open.<br><br>"
        "The mayor said the building was too costly to repair, and that a new library "
        "would open next year in the former post office, closer to the station.<br><br>"
        "Campaigners said they would appeal, and a public meeting was planned for "
        "Thursday evening, at the town hall, to discuss the next steps."
    )
    page = f"""<html><head><title>Library to close</title></head><body>
      <table width="100%"><tr><td width="150" valign="top"><table>{rows}</table></td>
      <td valign="top"><font face="Arial"><b>Library to close</b></font><br>
      <font size="2">{story}</font></td>
      <td width="120"><a href="/ad"><img src="/ad.gif" width="120" height="600"></a></td>
      </tr></table>
      <table><tr><td><a href="/">Home</a> | <a href="/contact">Contact</a> |
      <a href="/privacy">Privacy</a></td></tr></table></body></html>"""
    text = extract_text(page, "http://example.com/news/1.html")
    assert text.startswith("The city council voted")
    assert text.endswith("to discuss the next steps.")
    assert "Section" not in text and "Privacy" not in text


def test_share_word_in_content_class_does_not_kill_content():
    paras = "".join(
        f"<p>Paragraph {i} of the story, with enough words, and commas, to "
        f"count as real article text for the scorer.</p>"
        for i in range(5)
    )
    page = f"""<html><body><div class="post-content share-enabled social-ready">{paras}
      </div><div class="share-buttons"><a href="#">Share on Facebook</a></div></body></html>"""
    text = extract_text(page)
    assert text.count("Paragraph") == 5
    assert "Facebook" not in text


def test_lists_headings_blockquote_order():
    page = """<html><body><main><article>
      <p>Intro paragraph that sets the scene, at some length, for the reader.</p>
      <h3>What happens next</h3>
      <ol><li>The council meets in March to vote.</li><li>Work starts in May.</li></ol>
      <blockquote><p>“We are delighted,” said the chair.</p><p>“It is a good day.”</p>
      </blockquote>
      <pre>code   block</pre>
      <p>Closing paragraph of the article, which also has a comma, and ends here.</p>
      </article></main></body></html>"""
    assert extract_text(page).split("\n\n") == [
        "Intro paragraph that sets the scene, at some length, for the reader.",
        "What happens next",
        "The council meets in March to vote.",
        "Work starts in May.",
        "“We are delighted,” said the chair.",
        "“It is a good day.”",
        "code block",
        "Closing paragraph of the article, which also has a comma, and ends here.",
    ]


def test_repeated_headline_forms_are_dropped_but_not_real_text():
    title = "Pier reopens"
    first = "The pier reopened on Monday after two years of repairs, the council said."
    page = f"""<html><body><div class="entry-content">
      <p>Site Name: {title} - {first}</p><p>{title} – {first}</p><p>{title}</p>
      <p>{first}</p><p>Pier reopens to the public was not expected, some said, this year.</p>
      </div></body></html>"""
    body = body_of(page, title=title, standfirst=first)
    assert body.text.split("\n\n") == [
        first,
        "Pier reopens to the public was not expected, some said, this year.",
    ]


def test_title_excerpt_lines_dropped_without_hints():
    lines = (
        f"<p>Leigh On Sea News: {SEED_TITLE} - {EXCERPT}</p>"
        f"<p>Leigh On Sea News: {SEED_TITLE} – {EXCERPT}</p><p>{SEED_TITLE} - {EXCERPT}</p>"
    )
    paras = "".join(f"<p>{p}</p>" for p in SEED)
    page = f"""<html><head><title>Leigh On Sea News: {SEED_TITLE}</title></head><body>
      <h1>{SEED_TITLE}</h1><div class="entry-content">{lines}{paras}</div></body></html>"""
    assert body_of(page).text == "\n\n".join(SEED)


def test_profile_rules_apply():
    page = """<html><body><div class="entry-content">
      <p>Real paragraph one of the story, long enough, with commas, to count.</p>
      <div class="sponsor-note"><p>Paid for by a friendly local business, thanks.</p></div>
      <p>Real paragraph two of the story, long enough, with commas, to count.</p>
      <p>STOP HERE please.</p><p>After the stop, this is never body text, at all.</p>
      </div></body></html>"""
    from newscrawl.extract.profiles import Profile

    prof = Profile(
        remove_selectors=(".sponsor-note",),
        content_selectors=(".entry-content",),
        stop_text=(r"STOP HERE",),
        drop_text=(r"Real paragraph two.*",),
    )
    assert body_of(page, profile=prof).text == (
        "Real paragraph one of the story, long enough, with commas, to count."
    )


def test_empty_and_textless_pages():
    assert extract_text("") == ""
    assert extract_text("<html></html>") == ""
    assert extract_text("<html><body><nav><a href='/'>Home</a></nav></body></html>") == ""
    assert parse_html("   ") is None


def test_unclosed_title_swallowing_the_page_is_repaired():
    page = (
        "<html><head><title>Broken page<body><div class='story'>"
        + "".join(
            f"<p>Sentence number {i}, which is long enough, to be a paragraph.</p>"
            for i in range(4)
        )
        + "</div></body></html>"
    )
    text = extract_text(page)
    assert text.count("Sentence number") == 4


def test_glued_documents_are_read_whole():
    first = "<html><body><div>tiny header</div></body></html>\n" + "<!-- x -->" * 30
    second = (
        "<!DOCTYPE html><html><body><div class='story'>"
        + "".join(
            f"<p>Sentence number {i}, which is long enough, to be a paragraph.</p>"
            for i in range(4)
        )
        + "</div></body></html>"
    )
    assert extract_text(first + second).count("Sentence number") == 4


def test_xml_declaration_is_accepted():
    page = (
        '<?xml version="1.0" encoding="iso-8859-1"?><html><body><div>'
        "<p>Only paragraph of this page, long enough, with commas, to be kept.</p>"
        "</div></body></html>"
    )
    assert extract_text(page).startswith("Only paragraph")


def test_sidebar_outweighing_a_short_story_is_not_the_story():
    # A short episode page: the reader comments in the sidebar hold most of the text.
    comments = "".join(
        f"<div class='views-row'><p>I think the council is wrong about the harbour, as usual, and "
        f"here is why, at some length, reader number {i} writes.</p><p>Reader{i} | Apr 12, 2013</p></div>"
        for i in range(12))
    page = f"""<html><body><div class="layout">
      <div class="region-content-main"><div class="node">
        <h1>Harbour Tech for Friday</h1>
        <div class="field-lede"><p>The harbour trust wants sensors on the sea wall, and the council
        is asking who pays for them, and who reads the data once they are there.</p></div>
      </div></div>
      <div class="panel-region-sidebar"><h2>Buzzworthy</h2>{comments}</div>
    </div></body></html>"""
    body = body_of(page, title="Harbour Tech for Friday")
    assert body.text.startswith("The harbour trust wants sensors")
    assert "Reader3" not in body.text and "reader number" not in body.text
    # Without a known headline the mass rule alone decides, as before.
    assert "reader number" in body_of(page).text


def test_opening_paragraphs_in_their_own_wrappers_are_kept():
    leads = "".join(
        f'<div class="par{i}"><p>Opening paragraph {i} of the story, which the template wraps in a '
        f'block of its own, and which is long enough, at that, to be a paragraph.</p></div>'
        for i in range(2))
    page = (f'<html><body><div id="mainBodyArea">{leads}<div class="body">{_story(12)}</div></div>'
            '<div class="teaser"><p>Another story entirely, in a block of its own after the text, with '
            'nothing to do with this one at all, though long.</p></div></body></html>')
    text = body_of(page).text
    assert text.startswith("Opening paragraph 0 of the story")
    assert "Opening paragraph 1" in text and "Story sentence number 11" in text
    # Only what comes before the text, and only one paragraph with little link text each.
    assert "Another story entirely" not in text
    linked = page.replace("which the template wraps", '<a href="/x">which the template wraps in a block</a>')
    assert "Opening paragraph" not in body_of(linked).text


def test_heading_with_an_anchor_id_stays_and_foreign_more_buttons_go():
    # A table-of-contents anchor id ("nav_...") names the heading, not a navigation
    # widget; "mehr anzeigen" / "lire la suite" are the "show more" button in German/French.
    page = f"""<html><body><div class="article-content"><p>mehr anzeigen</p>{_story(3)}
      <h3 class="subheading" id="nav_only_the_foil_remains__1">Only the foil remains</h3>
      {_story(3)}<p>Lire la suite</p></div></body></html>"""
    blocks = body_of(page).text.split("\n\n")
    assert "Only the foil remains" in blocks
    assert "mehr anzeigen" not in blocks and "Lire la suite" not in blocks
    # A heading named navigation by its class still goes.
    nav = page.replace('class="subheading" id="nav_only_the_foil_remains__1"', 'class="nav-heading"')
    assert "Only the foil remains" not in body_of(nav).text.split("\n\n")


def test_lead_paragraph_in_a_field_of_its_own_before_a_wrapped_text():
    # CMS "paragraph" fields: a lead, an image, then the text wrapped twice over.
    lead = ("<div class='item'><div class='para-lead'><div class='lead-box'><p>The harbour wall will be "
            "rebuilt next year, the council decided, ending ten years of patching after every winter "
            "storm.</p></div></div></div>")
    image = "<div class='item'><div class='para-image'><img src='/wall.jpg' alt=''></div></div>"
    text = f"<div class='item'><div class='para-text'><div class='text-box'>{_story(8)}</div></div></div>"
    page = f"<html><body><div class='items'>{lead}{image}{text}</div></body></html>"
    blocks = body_of(page).text.split("\n\n")
    assert blocks[0].startswith("The harbour wall will be rebuilt next year")
    assert blocks[1:] == [f"Story sentence number {i}, which says something, at length, for the reader of "
                          "this page." for i in range(8)]


def test_lead_paragraph_in_a_block_of_its_own_before_paragraph_blocks():
    # Paragraphs as classed divs (no <p>), the first one a <p> in a block of its own.
    lead = ("<div class='leafmedia sourced-paragraph'><p class='body-paragraph'><cite>(AP)</cite>The harbour "
            "wall will be rebuilt next year, the council decided, ending ten years of patching after every "
            "winter storm.</p></div>")
    paras = "".join(f"<div class='body-paragraph'>Story sentence number {i}, which says something, at length, "
                    "for the reader of this page.</div>" for i in range(2))
    rest = "".join(f"<div class='body-paragraph'>More sentence number {i}, which says something, at length, "
                   "for the reader of this page.</div>" for i in range(8))
    page = (f"<html><body><section class='body-text'><div class='container'>{lead}{paras}"
            f"<div class='read-all'>{rest}</div></div></section></body></html>")
    blocks = body_of(page).text.split("\n\n")
    assert blocks[0] == ("(AP)The harbour wall will be rebuilt next year, the council decided, ending ten years "
                         "of patching after every winter storm.")
    assert len(blocks) == 11


def test_the_text_goes_on_in_a_section_marked_last():
    # Medium's post sections: "section--first" then "section--last", a divider between.
    def section(place: str, word: str) -> str:
        paras = "".join(f"<p class='graf'>{word} sentence number {i}, which says something, at length, for "
                        "the reader of this page.</p>" for i in range(6))
        return (f"<section class='section section--body section--{place}'><div class='section-divider'><hr></div>"
                f"<div class='section-content'><div class='section-inner'>{paras}</div></div></section>")
    page = ("<html><body><article><div class='postArticle-content'>"
            f"{section('first', 'Opening')}{section('last', 'Closing')}</div></article></body></html>")
    blocks = body_of(page).text.split("\n\n")
    assert len(blocks) == 12 and blocks[-1].startswith("Closing sentence number 5")


def test_a_related_posts_box_inside_the_text_does_not_end_it():
    # Newspack's homepage-articles block between paragraphs: its heading and other posts
    # go, the text after it stays.
    box = ("<div class='wp-block-newspack-blocks-homepage-articles'><h2><span>More on city streets</span></h2>"
           "<article class='post-50114 post type-post'><h3><a href='/b/'>City wins grant</a></h3>"
           "<div class='subtitle'>The money will pay for crosswalks and lighting.</div></article></div>")
    page = _story_with({5: box}).replace("<html><body>", "<html><body class='single single-post postid-52817'>")
    assert extract_text(page).split("\n\n") == _STORY


def test_the_authors_bio_box_after_the_text_ends_it():
    bio = ("<div class='et_pb_text autor-box'><h4>Über die Autorin</h4><p>Katrin Böhm ist Redakteurin im "
           "Lokalressort und berichtet seit 2015 über Stadtentwicklung und Verkehr.</p></div>")
    assert extract_text(_story_with({6: bio})).split("\n\n") == _STORY


def test_an_image_inside_a_sentence_does_not_cut_it():
    page = ("<html><body><div class='entry-content'>" + _story(3) +
            "<p>One day I will we<img src='/ring.jpg' alt='A ring' width='150'>ar his ring on my finger, "
            "and that day is coming soon.</p>" + _story(2) + "</div></body></html>")
    body = body_of(page)
    assert "One day I will wear his ring on my finger, and that day is coming soon." in body.text.split("\n\n")
    h = body.html
    assert h.index("that day is coming soon") < h.index("/ring.jpg") < h.index("Story sentence number 0", h.index("/ring.jpg"))


def test_gallery_inside_the_text_gives_figures_not_text():
    gallery = """<div class="widget type-gallery"><div class="full-gallery">
      <h2 class="gallery-title">Harbour news in pictures</h2>
      <ul><li><img src="/g/1.jpg" alt="Boats"><p>Boats at the quay, 2008</p></li>
      <li><img src="/g/2.jpg" alt="Wall"><p>1 of 2</p></li></ul></div></div>"""
    page = f'<html><body><div class="entry-content">{_story(3)}{gallery}{_story(3)}</div></body></html>'
    body = body_of(page)
    assert body.text.split("\n\n") == [t for t in body.text.split("\n\n") if t.startswith("Story sentence")]
    assert len(body.text.split("\n\n")) == 6
    assert body.html.count("<img") == 2 and "/g/2.jpg" in body.html
    # A photo story whose text is its gallery keeps that text.
    story = """<div class="entry-content gallery-story"><div class="gallery">""" + _story(3) + "</div></div>"
    assert "Story sentence number 2" in body_of(f"<html><body>{story}</body></html>").text


def _story(n: int = 4, tag: str = "p") -> str:
    return "".join(
        f"<{tag}>Story sentence number {i}, which says something, at length, for "
        f"the reader of this page.</{tag}>"
        for i in range(n)
    )


def test_comment_thread_in_the_same_container_is_cut():
    comments = "".join(
        f"<p>I think the council is wrong about this, as usual, reader {i}.</p>"
        f"<p><b>Posted by: Reader{i} | January {i + 1}, 2008 06:24 PM</b></p>"
        for i in range(3)
    )
    page = f"""<html><body><div class="blogbody">{_story()}
      <p>Comments</p>{comments}</div></body></html>"""
    text = extract_text(page)
    assert text.count("Story sentence") == 4
    assert "reader 0" not in text and "Posted by" not in text


def test_comment_heading_after_the_text_ends_the_body():
    page = f"""<html><body><div>{_story()}<a name="comments"></a>
      <p>What a marvellous story this is, well done to everyone, really.</p></div>
      </body></html>"""
    assert "marvellous" not in extract_text(page)


def test_one_paragraph_per_table_row_is_read_whole():
    rows = "".join(
        f'<tr><td class="bodyText">Row paragraph {i} of the article, a full sentence '
        f"with enough words to count.</td></tr>"
        for i in range(6)
    )
    page = f"""<html><body><table><tr><td><a href="/">Home</a></td></tr></table>
      <table>{rows}</table></body></html>"""
    assert extract_text(page).count("Row paragraph") == 6


def test_furniture_above_and_below_the_text():
    """Above the first paragraph only headline, byline, dateline and caption shapes go;
    below the last, furniture, contact lines and rights notices. Credit lines that are
    part of the article and a deck under the headline are text."""
    page = f"""<html><head><title>Council votes to close library | Town News</title>
      </head><body><div class="story">
      <p>Council votes to close library</p><p>Campaigners vow to fight on</p>
      <p>By Jane Smith, Staff Writer</p><p>January 7, 2008</p>
      <p>The library steps on a winter morning. (John Doe / The Town Press)</p>
      {_story()}
      <p>Jo Collins, District Commander</p>
      <p>Town Press writer Ann Lee contributed to this report.</p>
      <p>(Reporting by Ann Lee; Editing by Bob Roe)</p>
      <p>Copyright 2008 The Town Press. All rights reserved.</p>
      <p>Also in Local News</p><p>Pier reopens after repairs</p></div></body></html>"""
    paras = extract_text(page).split("\n\n")
    assert paras[0] == "Campaigners vow to fight on"
    assert paras[1].startswith("Story sentence number 0")
    assert paras[-3:] == [
        "Jo Collins, District Commander",
        "Town Press writer Ann Lee contributed to this report.",
        "(Reporting by Ann Lee; Editing by Bob Roe)",
    ]
    assert len(paras) == 8


def test_an_embeds_placeholder_lines_are_not_text():
    video = ("<div data-component='VideoEmbed'><p class='VideoEmbed_loading'>Loading...</p>"
             "<div class='VideoEmbed_duration'>Duration: 1 minute 54 seconds</div></div>")
    tweet = "<div data-component='TwitterEmbed'><p class='TwitterEmbed_loading'>Loading Twitter content</p></div>"
    assert extract_text(_story_with({2: video, 4: tweet})).split("\n\n") == _STORY


def test_a_table_block_in_a_figure_is_text():
    # WordPress's table block is a <figure class="wp-block-table"> around the table.
    table = ("<figure class='wp-block-table'><table><tbody><tr><td>Burrs</td><td>64mm flat steel</td></tr>"
             "<tr><td>Weight</td><td>2.1 kg</td></tr></tbody></table><figcaption>Specifications</figcaption></figure>")
    blocks = extract_text(_story_with({3: table})).split("\n\n")
    assert blocks[3:7] == ["Burrs", "64mm flat steel", "Weight", "2.1 kg"]
    assert "Specifications" not in blocks


def test_a_correction_in_the_storys_footer_is_text():
    foot = ("<footer class='story-footer'><div class='story-notes'><div class='correction'>"
            "<p>Correction: May 14, 2016</p><p>An earlier version of this article misstated the number "
            "of officers laid off. It was four, not five.</p></div></div>"
            "<div class='story-print-citation'><p>A version of this article appears in print on page A14.</p></div>"
            "<div class='share'><a href='/s'>Share</a></div></footer>")
    page = f"<html><body><article><h1>Story</h1><div class='story-body'>{_story(8)}</div>{foot}</article></body></html>"
    paras = extract_text(page).split("\n\n")
    assert paras[-2:] == ["Correction: May 14, 2016", "An earlier version of this article misstated the number "
                          "of officers laid off. It was four, not five."]
    assert not any("appears in print" in p for p in paras)


def test_a_short_credit_line_after_the_text_is_text():
    # "With files from …" and "Reporting by A" end no sentence but credit the story.
    for credit in ("With files from Radio-Canada", "Reporting by Ann Lee", "Mit Material von dpa", "- with AAP",
                   "With a report from The Canadian Press"):
        page = f"<html><body><div class='story'>{_story()}<p>{credit}</p><p>Pier reopens</p></div></body></html>"
        assert extract_text(page).split("\n\n")[-1] == credit


def test_section_headings_that_open_with_the_headline_stay():
    # A review's sections: "Pulse 8 review: Design", once the text has begun.
    page = (f"<html><head><title>Pulse 8 review | Tech</title></head><body><h1>Pulse 8 review</h1>"
            f"<div class='entry-content'>{_story(3)}<h2>Pulse 8 review: Design</h2>{_story(3)}"
            f"<h2>Pulse 8 review: Battery life</h2>{_story(2)}</div></body></html>")
    blocks = extract_body(parse_html(page), "", title="Pulse 8 review").text.split("\n\n")
    assert "Pulse 8 review: Design" in blocks and "Pulse 8 review: Battery life" in blocks
    assert blocks[0].startswith("Story sentence number 0")


def test_subheadings_stay_when_the_page_has_an_h1():
    page = f"""<html><head><title>Points of View: Letters | Town News</title></head>
      <body><h1>Points of View: Letters</h1><div class="entry-content">
      <h3>Parking on the hill</h3>{_story(2)}<h3>Our volunteers</h3>{_story(2)}
      </div></body></html>"""
    paras = extract_text(page).split("\n\n")
    assert paras[0] == "Parking on the hill" and "Our volunteers" in paras
    # With a logo in <h1> instead, a heading that repeats the headline goes, and a
    # subheading opening the text still stays.
    logo = page.replace("<h1>Points of View: Letters</h1>", "<h1>Town News</h1>")
    assert extract_text(logo).split("\n\n")[0] == "Parking on the hill"
    repeat = logo.replace("<h3>Parking on the hill</h3>", "<h2>Points of View: Letters</h2>")
    assert extract_text(repeat).split("\n\n")[0].startswith("Story sentence")


def _wp_post(content: str, *, byline: str = "Editor", head: str = "") -> str:
    """A WordPress-style post: headline and byline in the entry header, then the content."""
    return f"""<html><head><title>A letter on the bypass | Town News</title>{head}</head>
      <body class="single-post"><article class="post hentry">
      <header class="entry-header"><h1 class="entry-title">A letter on the bypass</h1>
      <div class="entry-meta"><span class="byline author vcard">By
      <a href="/author/x/" rel="author">{byline}</a></span>
      <time datetime="2023-03-02">2 March 2023</time></div></header>
      <div class="entry-content">{content}</div></article></body></html>"""


def test_subhead_opening_the_text_is_kept():
    for subhead in ("<h2>Why the bypass matters</h2>", "<h3>Background</h3>", "<h4>Summary</h4>"):
        page = _wp_post(subhead + _story(3))
        text = body_of(page, title="A letter on the bypass").text
        heading = lxml.html.fromstring(subhead).text_content()
        assert text.split("\n\n")[0] == heading
        assert text.count("Story sentence") == 3


def test_in_text_by_line_is_kept_when_the_page_credits_someone_else():
    letter = "<p>BY JANE SMITH MP</p>" + _story(3)
    text = body_of(_wp_post(letter), title="A letter on the bypass").text
    assert text.split("\n\n")[0] == "BY JANE SMITH MP"
    # The same line repeating the page's own byline is the byline: it goes.
    page = _wp_post(letter, byline="Jane Smith")
    assert body_of(page, title="A letter on the bypass").text.startswith("Story sentence")
    page = _wp_post(letter, head='<meta name="author" content="Jane Smith">')
    assert "BY JANE SMITH MP" not in body_of(page, title="A letter on the bypass").text


def test_byline_right_under_the_headline_is_dropped():
    page = f"""<html><head><title>Library to close | Town News</title></head><body>
      <div class="story"><h1>Library to close</h1><p>By Jane Smith</p>
      <p>Monday, January 7, 2008 10:32 GMT</p>{_story(3)}</div>
      <div class="byline">By Bob Roe</div></body></html>"""
    text = extract_text(page)
    assert text.startswith("Story sentence") and "Jane Smith" not in text
    # A page with no byline anywhere else: a "By" line opening the text is the byline.
    bare = f"""<html><head><title>Library to close</title></head><body>
      <h1>Library to close</h1><div class="story"><p>By Jane Smith</p>{_story(3)}</div>
      </body></html>"""
    assert extract_text(bare).startswith("Story sentence")
    # "By the numbers" is a subheading, not a byline.
    numbers = bare.replace("<p>By Jane Smith</p>", "<h3>By the numbers</h3>")
    assert extract_text(numbers).startswith("By the numbers")


def test_byline_in_another_language_is_dropped():
    """"Par", "Von", "Por" open a byline as "By" does."""
    for line in ("Par Camille Exemple, Léa Essai Envoyées spéciales à Lyon", "Von Anna Beispiel"):
        page = f"""<html><head><title>Library to close | Town News</title></head><body>
          <div class="story"><h1>Library to close</h1><p>{line}</p>{_story(3)}</div>
          </body></html>"""
        assert extract_text(page).startswith("Story sentence"), line


def test_a_newsroom_tip_line_at_the_end_goes():
    for line in ("Got a story? Email newsdesk@town.example or call 01702 000000.",
                 "Do you have a news tip for us? Contact the newsdesk."):
        page = f"""<html><head><title>Library to close | Town News</title></head><body>
          <div class="story"><h1>Library to close</h1>{_story(3)}<p>{line}</p></div></body></html>"""
        text = extract_text(page)
        assert line not in text and text.startswith("Story sentence"), line


def test_flyout_panel_inside_the_article_goes():
    """A pop-out panel (a toolbar's "flyout") is page furniture like a popup or a modal."""
    page = f"""<html><head><title>Library to close | Town News</title></head><body>
      <article class="story"><div class="util-bar-flyout"><p>View reader contributions
      and add your own related to this story.</p><p>Sign in now to share your story.</p>
      </div><h1>Library to close</h1>{_story(3)}</article></body></html>"""
    text = extract_text(page)
    assert text.startswith("Story sentence") and "reader contributions" not in text


def test_br_separated_short_lines_of_one_paragraph_are_kept():
    lines = [f"+ Added item number {i}" for i in range(6)]
    long = (
        "Most of the work this month went into the engine, which now starts faster, "
        "uses less memory and, above all, no longer crashes when a file is missing."
    )
    page = f"""<html><head><title>Release 1.8 | Dev notes</title></head><body>
      <h1>Release 1.8</h1><div class="post-body"><p>{"<br>".join(lines)}<br>{long}<br>
      * Fixed the save dialog<br>* Fixed the sound on exit</p></div></body></html>"""
    paras = extract_text(page).split("\n\n")
    assert paras == [*lines, long, "* Fixed the save dialog", "* Fixed the sound on exit"]


def test_comment_thread_and_share_box_still_go():
    page = f"""<html><body><article class="post"><h1>Pier reopens</h1>
      <div class="entry-content">{_story(3)}
      <div class="share-box"><span>Share this:</span><a href="https://x.test/s">X</a>
      <a href="https://fb.test/s">Facebook</a></div>
      <p>Share this article</p>
      <h3>3 Comments</h3>
      <p>Lovely to see the pier open again, we walked to the end on Sunday.</p>
      <p>Posted by Jo | 3 March 2023 at 10:12</p>
      <p>About time too, it has been closed for far too long, in my view.</p>
      <p>Posted by Sam | 3 March 2023 at 11:40</p></div></article></body></html>"""
    text = extract_text(page)
    assert text.count("Story sentence") == 3
    for junk in ("Share", "Facebook", "Comments", "Lovely", "Posted by", "About time"):
        assert junk not in text


def test_link_lines_navigation_versus_sentences():
    page = f"""<html><body><div class="entry-content">{_story(3)}
      <p>This follows our story <a href="/a/">Pier Reopens After Repairs To The Deck</a>.</p>
      <p>Related: <a href="/b/">Council Approves The New Parking Scheme</a></p>
      <p>Email <a class="email" href="mailto:news@example.org">news@example.org</a> with
      your news, or call in at the office on the high street any weekday.</p>
      {_story(1)}</div></body></html>"""
    text = extract_text(page)
    assert "This follows our story Pier Reopens After Repairs To The Deck." in text
    assert "Related" not in text
    assert "Email news@example.org with your news" in text



def test_link_in_a_span_inside_a_sentence_is_text():
    # "<span><a>…</a></span>" is wholly link text, but inside a sentence it is text; at
    # the end of a paragraph it is a tool link ("E-mail to a friend").
    page = f"""<html><body><div class="entry-content">{_story(3)}
      <p><em>This is the first half of the story.</em> <span><a href="/part-2/"><em>The second half
      is here</em></a></span><em>. The whole post grew out of</em> <span><a href="https://forum.test/t/1">a
      forum thread</a></span> <em>from last year.</em></p>
      <p>The council met again on Tuesday to agree the plan.<span class="mail"> <a href="#"
      onclick="return(mail());">E-mail to a friend</a></span></p>{_story(1)}</div></body></html>"""
    text = extract_text(page)
    assert ("This is the first half of the story. The second half is here. The whole post grew out of "
            "a forum thread from last year.") in text
    assert "The council met again on Tuesday to agree the plan." in text
    assert "E-mail to a friend" not in text


def test_widgets_inside_a_kept_junk_named_container_still_go():
    # <main class="js-social-anchor"> holds the article, so it stays; the hidden end
    # slate of a video player inside it still goes.
    page = f"""<html><body><main class="container js-social-anchor-start"><article><div id="storytext">
      <div class="player"><div class="end-slate" style="display: none"><div class="replay">Replay</div>
      </div></div>{_story(5)}</div></article></main></body></html>"""
    text = extract_text(page)
    assert text.count("Story sentence") == 5
    assert "Replay" not in text


def test_text_goes_on_in_blocks_like_its_own_after_an_image_block():
    """Page builders wrap each run of text in a block of one class and each image in
    another ("text block", "image block", "text block"): the text blocks after the image
    are the article's too, other blocks (a newsletter form) are not."""
    def text_block(paras: list[str]) -> str:
        inner = "".join(f"<p>{p}</p>" for p in paras)
        return f'<div class="blk blk-text"><div class="blk-content"><div class="txt">{inner}</div></div></div>'

    image = ('<div class="blk blk-image"><div class="blk-content"><figure><img src="/a.jpg" alt="">'
             "<figcaption>The pier at low tide.</figcaption></figure></div></div>")
    news = ('<div class="blk blk-newsletter"><div class="blk-content"><h2>Get the news in your inbox</h2>'
            "<p>One email every Thursday with the week's news. Free, always.</p></div></div>")
    page = (f"<html><body><nav><a href='/'>Home</a></nav><article><h1>{SEED_TITLE}</h1>"
            f'<div class="layout">{text_block(SEED[:4])}{image}{text_block(SEED[4:])}{news}</div>'
            "</article></body></html>")
    text = extract_text(page, URL)
    for para in SEED:
        assert para in text
    assert "The pier at low tide" not in text and "Free, always" not in text


def test_builder_widgets_with_ids_in_their_classes_and_headings_between():
    """Elementor gives each widget a class of its own id ("elementor-element-9d8c7b6"):
    text widgets are alike without it; a heading widget between two of them is text."""
    def widget(kind: str, wid: str, inner: str) -> str:
        return (f'<div class="elementor-element elementor-element-{wid} elementor-widget elementor-widget-{kind}">'
                f'<div class="elementor-widget-container">{inner}</div></div>')

    page = ("<html><body class='single single-post postid-7'><header><a href='/'>Leigh On Sea News</a></header>"
            f"<h1>{SEED_TITLE}</h1><div class='elementor-widget-wrap'>"
            + widget("text-editor", "9d8c7b6", "".join(f"<p>{p}</p>" for p in SEED[:4]))
            + widget("heading", "a4b5c6d", "<h2>What the commander said</h2>")
            + widget("text-editor", "e7f8a9b", f"<p>{SEED[4]}</p>")
            + widget("image", "b1c2d3e", "<img src='/a.jpg' alt=''>")
            + widget("text-editor", "c3d4e5f", f"<p>{SEED[5]}</p>")
            + "</div><div class='more-news'><h3>Elsewhere in the county</h3><p>A teaser of another story, "
            "about the new bus timetable, which starts on Monday and adds an hourly evening service.</p></div>"
            "<footer><p>Copyright Leigh On Sea News</p></footer></body></html>")
    text = extract_text(page, URL)
    for para in SEED:
        assert para in text
    assert "What the commander said" in text
    assert "teaser of another story" not in text


def test_a_widget_named_after_the_article_is_still_a_widget():
    """"article-newsletter", "post-related": the class's last part names a widget of the
    article; a content class beside a widget class ("entry-content share-on") is content."""
    paras = "".join(f"<p>{p}</p>" for p in SEED)
    widget = ('<div class="article-newsletter"><h3>Get the latest news delivered to your inbox</h3>'
              "<p>Sign up for our daily newsletter for the top stories in the county every morning.</p></div>")
    page = (f"<html><body><article class='article'><h1>{SEED_TITLE}</h1>"
            f"<div class='article-body'>{paras}</div>{widget}</article></body></html>")
    text = extract_text(page, URL)
    assert SEED[-1] in text and "daily newsletter" not in text
    page = (f"<html><body><article><h1>{SEED_TITLE}</h1>"
            f"<div class='entry-content share-on'>{paras}</div></article></body></html>")
    assert all(p in extract_text(page, URL) for p in SEED)


@pytest.mark.parametrize("line", [
    "- Advertisement -", "[Anzeige]", "Publicidad", "Publicité", "7 min read", "7 min read · Mar 4, 2024",
    "Lesezeit: 3 Min.", "Hits: 1482", "2,301 views",
])
def test_labels_counters_and_reading_times_are_not_text(line):
    paras = "".join(f"<p>{p}</p>" for p in SEED)
    page = f"<html><body><article><h1>{SEED_TITLE}</h1><p>{line}</p>{paras}<p>{line}</p></article></body></html>"
    text = extract_text(page, URL)
    assert SEED[0] in text and SEED[-1] in text
    assert line not in text


def test_a_sentence_about_reading_or_views_is_text():
    line = "Ten minutes reading the report was enough for the council to change its mind."
    paras = "".join(f"<p>{p}</p>" for p in SEED)
    page = f"<html><body><article><h1>{SEED_TITLE}</h1>{paras}<p>{line}</p>{paras}</article></body></html>"
    assert line in extract_text(page, URL)


def test_internal_failure_is_a_problem_not_an_exception(monkeypatch):
    import newscrawl.extract.body as body_pkg
    from newscrawl.extract import extract_article

    def broken(*args, **kwargs):
        raise ValueError("bad tree")

    page = f'<html><body class="single-post"><article><h1>Pier</h1>{_story(3)}</article></body></html>'
    assert body_of(page).problems == []
    monkeypatch.setattr(body_pkg, "pick", broken)
    body = extract_body(lxml.html.document_fromstring(page), URL, GENERIC)
    assert (body.text, body.html) == ("", "")
    assert body.problems == ["body extraction failed: ValueError: bad tree"]
    # The article records it (and falls back to the plain paragraphs).
    art = extract_article(page, URL)
    assert "body extraction failed: ValueError: bad tree" in art.problems



def test_site_template_drops_its_boilerplate_blocks():
    class Site:
        """A learned template in miniature: these texts recur on every page of the site."""

        def __init__(self, texts: set[str]) -> None:
            self.texts = texts
            self.asked: list[str] = []

        def is_boilerplate(self, text: str) -> bool:
            self.asked.append(text)
            return text in self.texts

    stock = "Leigh On Sea News is your independent local news site, free to read every day."
    page = f"""<html><body><article><h1>Pier</h1>{_story(2)}
      <h2>Support local journalism</h2><p>{stock}</p>{_story(2)}</article></body></html>"""
    plain = body_of(page).text
    assert "Support local journalism" in plain and stock in plain
    site = Site({stock, "Support local journalism"})
    text = body_of(page, site=site).text
    assert "Support local journalism" not in text and stock not in text  # heading included
    assert text == "\n\n".join(p for p in plain.split("\n\n") if p not in site.texts)
    assert "Support local journalism" in site.asked
    assert body_of(page, site=Site(set())).text == plain


# ---------------------------------------------------------------- metric


def test_metric_tokens_and_shingles():
    assert tokens("Don’t stop—now, 2024!") == ["Don", "t", "stop", "now", "2024"]
    assert shingles(["a", "b"]) == {("a", "b"): 1}
    assert shingles([]) == {}
    assert sum(shingles(tokens("a b c d e a b c d")).values()) == 6


def test_metric_page_and_set_scores():
    truth = "one two three four five six"
    perfect = score_page("one, two; three four five six", truth)
    assert perfect.precision == 1.0 and perfect.recall == 1.0 and perfect.exact
    half = score_page("one two three four five six seven eight nine", truth)
    assert half.recall == 1.0 and half.precision == pytest.approx(3 / 6)
    empty = score_page("", truth)
    assert empty.precision is None and empty.recall == 0.0
    s = summarise([perfect, half, empty])
    assert s.precision == pytest.approx((1 + 0.5) / 2)
    assert s.recall == pytest.approx(2 / 3)
    assert s.f1 == pytest.approx(2 * 0.75 * (2 / 3) / (0.75 + 2 / 3))
    assert s.exact == pytest.approx(1 / 3)


# ---------------------------------------------------------------- replica


def _replica_pages(theme: str):
    replica = pytest.importorskip("newscrawl.replica")
    from newscrawl.extract.decode import decode_html

    site = replica.ReplicaSite(articles=48, theme=theme)
    base = "http://127.0.0.1:8000/"
    for url, record in site.ground_truth(base).items():
        resp = site.render(url[len(base) - 1 :], base)
        if resp.status != 200:  # the replica serves some posts as errors on purpose
            continue
        headers = {k.lower(): v for k, v in dict(resp.headers).items()}
        yield url, decode_html(resp.body, headers.get("content-type")), record


@pytest.mark.parametrize("theme", ["classic", "builder"])
@pytest.mark.parametrize("profile_name", [None, "leigh-on-sea"])
def test_replica_bodies_equal_ground_truth(theme, profile_name):
    extract = pytest.importorskip("newscrawl.extract")
    profile = profile_for(URL, name=profile_name) if profile_name else None
    pages = list(_replica_pages(theme))
    assert len(pages) > 40
    wrong = [
        url
        for url, html, record in pages
        if extract.extract_article(html, url, profile).body != record["body"]
    ]
    assert wrong == []


def _builder_post(post_text: str, related: list[str], sidebar: str) -> str:
    """A page builder's single post: the post's text widget and a related-posts grid in
    the main column (each teaser with WordPress' post_class(), "post-N"), a newsletter
    text widget in the sidebar column."""
    teasers = "".join(
        f"<article class='elementor-post post-{40 + i} post type-post hentry'><h3><a href='/r{i}/'>Related story {i}</a></h3>"
        f"<div class='elementor-post__excerpt'><p>{t}</p></div></article>" for i, t in enumerate(related))
    return ("<html><head><title>Site: Pool closure fought - Residents</title></head>"
            "<body class='post-template-default single single-post postid-12'><section class='elementor-section'>"
            "<div class='elementor-column elementor-col-66 elementor-top-column elementor-element elementor-element-1a'>"
            "<div class='elementor-widget-wrap'><div class='elementor-widget elementor-widget-heading'><h1>Pool closure fought</h1></div>"
            "<div class='elementor-element elementor-element-2b elementor-widget elementor-widget-theme-post-content'>"
            f"<div class='elementor-widget-container'>{post_text}</div></div>"
            f"<div class='elementor-widget elementor-widget-posts'><div class='elementor-posts-container'>{teasers}</div></div></div></div>"
            "<div class='elementor-column elementor-col-33 elementor-top-column elementor-element elementor-element-3c'>"
            f"<div class='elementor-widget-wrap'><div class='elementor-widget elementor-widget-text-editor'><p>{sidebar}</p></div></div></div>"
            "</section></body></html>")


def test_other_posts_teasers_and_the_sidebar_column_are_not_a_short_posts_text():
    # The post is short; each teaser's excerpt is as long as its paragraphs. Teasers of
    # other posts (post-40, post-41 on the page of postid-12) go; with them gone, the
    # text's column adds little to it, and the column beside it (the sidebar) is no more
    # of the text for being a builder block of the same kind.
    paras = ["Councillors will hear about the pool at their meeting in December.",
             "Campaigners plan to hand a letter to the council on Sunday, and a report warns that "
             "the scheme could run over budget by as much as half again.",
             "The pool was built in 1974, and it closed in May after its roof failed an inspection."]
    related = ["Yusuf Sutcliffe added that the planning committee had promised regular updates on the "
               "resurfacing work, according to the trust, the garden is now open again…",
               "Officers from the trust visited the bus station on Sunday to inspect the youth club, "
               "the last time the market was reviewed, in 2021, nobody came…"]
    sidebar = "Our free weekday newsletter lands at 6 a.m. with the stories the town is talking about."
    page = _builder_post("".join(f"<p>{p}</p>" for p in paras), related, sidebar)
    assert extract_text(page, "https://example.com/pool-closure-fought/").split("\n\n") == paras


@pytest.mark.parametrize("notice", [
    "Tüm hakları saklıdır. İzin alınmadan, kaynak gösterilerek dahi iktibas edilemez.",
    "<저작권자(c) 연합뉴스, 무단 전재-재배포 금지>",
    "Alle Rechte vorbehalten.",
    "责任编辑：王小明",
    # where the story ran in print, and a messaging channel's promotion
    "A version of this article appears in print on Feb. 3, 2020, Section A, Page 14 of the New York edition"
    " with the headline: Harbor Tolls Rise Again.",
    "This article appeared in the South China Morning Post print edition as: E-bikes ordered off streets",
    "Join ST's Telegram channel and get the latest breaking news delivered to you.",
])
def test_closing_rights_notices_and_editor_credits_in_other_languages_go(notice):
    paras = [f"Paragraph {i} of the story, long enough to be text, with a clause and a full stop." for i in range(5)]
    page = ("<html><body><article><h1>Story</h1>" + "".join(f"<p>{p}</p>" for p in paras)
            + f"<p>{notice}</p></article></body></html>")
    assert extract_text(page).split("\n\n") == paras


@pytest.mark.parametrize("label", ["Article content", "Story continues below advertisement", "8 updates"])
def test_ad_slot_labels_and_a_live_blog_counter_between_paragraphs_go(label):
    # Postmedia prints "Article content" at each ad slot; Global News "Story continues
    # below advertisement"; a live blog counts its entries.
    paras = [f"Paragraph {i} of the story, long enough to be text, with a clause and a full stop." for i in range(6)]
    page = ("<html><body><article><h1>Story</h1>" + "".join(
        f"<p>{p}</p>" + (f"<p>{label}</p>" if i % 2 else "") for i, p in enumerate(paras)) + "</article></body></html>")
    assert extract_text(page).split("\n\n") == paras


@pytest.mark.parametrize("cls", ["screen-reader-text", "sr-only", "element-invisible", "visually-hidden__hidden__2qXMW",
                                 "VisuallyHidden-sc-1x2y3z"])
def test_text_for_screen_readers_only_is_not_the_texts(cls):
    # Reuters' ", opens new tab" inside a link; Drupal's "(link is external)".
    paras = [f"Paragraph {i} of the story, long enough to be text, with a clause and a full stop." for i in range(5)]
    linked = "Salmon farmer <a href='https://mowi.example/'>Mowi<span class='{}'>, opens new tab</span></a> swung to a loss."
    page = ("<html><body><article><h1>Story</h1>" + "".join(f"<p>{p}</p>" for p in paras)
            + f"<p>{linked.format(cls)}</p></article></body></html>")
    assert extract_text(page).split("\n\n") == [*paras, "Salmon farmer Mowi swung to a loss."]


def test_a_players_notice_about_the_browser_is_not_the_texts():
    paras = [f"Paragraph {i} of the story, long enough to be text, with a clause and a full stop." for i in range(5)]
    page = ("<html><body><article><h1>Story</h1>" + "".join(f"<p>{p}</p>" for p in paras[:2])
            + "<div class='sdc-site-video'><p>Please use Chrome browser for a more accessible video player</p></div>"
            + "".join(f"<p>{p}</p>" for p in paras[2:]) + "</article></body></html>")
    assert extract_text(page).split("\n\n") == paras


@pytest.mark.parametrize("appeal", [
    "If you value what this story gives you, please consider supporting the Eastern Daily Press.",
    "Our journalists work hard to provide local, up-to-date news to the community. This is how you can "
    "continue to access our trusted content.",
    "Support independent journalism: become a member today."])
def test_the_papers_appeal_for_support_closing_the_text_goes(appeal):
    paras = [f"Paragraph {i} of the story, long enough to be text, with a clause and a full stop." for i in range(5)]
    page = ("<html><body><article><h1>Story</h1>" + "".join(f"<p>{p}</p>" for p in paras)
            + f"<p><em>{appeal}</em></p></article></body></html>")
    assert extract_text(page).split("\n\n") == paras


def test_an_appeal_inside_the_story_is_its_text():
    # A charity's appeal quoted at the end of a community story is not the paper's.
    paras = [f"Paragraph {i} of the story, long enough to be text, with a clause and a full stop." for i in range(4)]
    last = "Please consider supporting the food bank this winter, the organisers said."
    page = ("<html><body><article><h1>Story</h1>" + "".join(f"<p>{p}</p>" for p in [*paras, last])
            + "</article></body></html>")
    assert extract_text(page).split("\n\n") == [*paras, last]


@pytest.mark.parametrize("mark", ["ENDS", "- ENDS -", "Ends", "###", "-30-"])
def test_a_press_releases_end_mark_ends_the_text(mark):
    # Notes to editors and the media contact after it are for journalists.
    paras = [f"Paragraph {i} of the release, long enough to be text, with a clause and a full stop." for i in range(4)]
    notes = ["Notes to editors", "Photographs of the incident are available on request from the press office, "
             "and the station manager is available for interview on Tuesday morning."]
    page = ("<html><body><article><h1>Release</h1><p>FOR IMMEDIATE RELEASE</p>"
            + "".join(f"<p>{p}</p>" for p in [*paras, mark, *notes]) + "</article></body></html>")
    assert extract_text(page).split("\n\n") == paras


def test_a_live_blogs_label_is_furniture():
    paras = [f"Entry {i} of the live blog, long enough to be text, with a clause and a full stop." for i in range(3)]
    page = ("<html><body><article><h1>Storm live</h1><p>LIVE</p><p>Live updates</p>"
            + "".join(f"<p>{p}</p>" for p in paras) + "</article></body></html>")
    assert extract_text(page).split("\n\n") == paras


def test_a_page_counter_and_contents_heading_in_polish_are_furniture():
    paras = [f"Akapit {i} artykułu, dość długi, aby był tekstem, z przecinkiem i kropką na końcu." for i in range(5)]
    page = ("<html><body><article><h1>Objazdy</h1><h3>Spis treści</h3><p>Strona 2 z 2</p>"
            + "".join(f"<p>{p}</p>" for p in paras) + "</article></body></html>")
    assert extract_text(page).split("\n\n") == paras


def test_cjk_reporter_credits_closing_a_story():
    # A credit alone on its line goes; a sentence that ends in its reporters' credit stays.
    paras = [f"日銀は金融政策決定会合で、政策金利を据え置くことを決めた。第{i}段落の本文。" for i in range(5)]
    last = "追加利上げの時期が今後の焦点になる。【浅川大樹、小川祐希】"
    page = ("<html><body><article><h1>日銀、金利据え置き</h1>" + "".join(f"<p>{p}</p>" for p in paras)
            + f"<p>{last}</p><p>（斎藤雅志）</p></article></body></html>")
    assert extract_text(page).split("\n\n") == [*paras, last]


def test_an_ad_slot_named_adv_or_bnr_gives_no_label():
    paras = [f"Paragraph {i} of the story, long enough to be text, with a clause and a full stop." for i in range(6)]
    ads = ["<div class='adv inread'><span class='adv-label'>Advertisement label</span></div>",
           "<div class='bnr_wrap'><div class='bnr_label'>Реклама:</div></div>"]
    page = ("<html><body><article><h1>Story</h1>" + "".join(f"<p>{p}</p>" for p in paras[:3]) + ads[0]
            + "".join(f"<p>{p}</p>" for p in paras[3:]) + ads[1] + "</article></body></html>")
    assert extract_text(page).split("\n\n") == paras


_STORY = [f"Paragraph {i} of the story, long enough to be text, with a clause and a full stop." for i in range(6)]


def _story_with(inserts: dict[int, str], wrapper: str = "") -> str:
    """A page of six story paragraphs with ``inserts`` before the paragraph of each index
    (6: after the last), all inside ``wrapper``'s opening tag when given."""
    inner = "".join(inserts.get(i, "") + (f"<p>{_STORY[i]}</p>" if i < len(_STORY) else "")
                    for i in range(len(_STORY) + 1))
    if wrapper:
        inner = f"{wrapper}{inner}</{wrapper[1:].split()[0].rstrip('>')}>"
    return f"<html><body><article><h1>Story</h1>{inner}</article></body></html>"


def test_a_paywall_box_is_not_text_but_text_in_a_paywalled_body_is():
    box = ("<div class='paywall-teaser'><p>Il vous reste 64 % de cet article à lire. La suite est réservée aux"
           " abonnés.</p><p>Offre spéciale : 1 € le premier mois</p><a href='/abonnement/'>Je m'abonne</a></div>")
    assert extract_text(_story_with({6: box})).split("\n\n") == _STORY
    # The body itself marked as paywalled ("article-body paywall") is the text.
    assert extract_text(_story_with({}, "<div class='article-body paywall'>")).split("\n\n") == _STORY


def test_a_poll_and_an_ad_label_inside_the_text_are_not_text():
    poll = ("<div class='anketa'><div class='anketa-head'><span>Anketa</span></div><h3 class='anketa-title'>Souhlasíte"
            " s rozšiřováním placeného parkování?</h3><form><ul><li><label><input type='radio'> Ano</label>"
            " <span>38 %</span></li></ul><p>Celkem hlasovalo 3 412 čtenářů.</p></form></div>")
    ad = "<div class='r-head'><span>Reklama</span></div><div class='r-main'></div>"
    assert extract_text(_story_with({2: ad, 4: poll})).split("\n\n") == _STORY


def test_the_title_and_label_of_an_embedded_video_are_not_text():
    paras = [f"Paragraph {i} of the story, long enough to be text, with a clause and a full stop." for i in range(6)]
    video = ("<div class='news-video'><h3 class='news-video-title'>Storm waves batter the sea front</h3>"
             "<div class='video-player'><video src='/v/1.mp4'></video></div>"
             "<p class='video-caption'>Video: Bay Daily</p></div>")
    page = ("<html><body><article><h1>Storm closes ferry</h1>" + "".join(f"<p>{p}</p>" for p in paras[:3])
            + video + "".join(f"<p>{p}</p>" for p in paras[3:]) + "</article></body></html>")
    assert extract_text(page).split("\n\n") == paras


@pytest.mark.parametrize("caption", [
    "<div class='et_pb_text bildunterschrift'><p>Volle Liegewiese im August. Foto: Stadtwerke/Michael Haas</p></div>",
    "<span class='end_photo_org'><img src='/a.jpg' alt=''><em class='img_desc'>시민들이 책을 읽고 있다. /사진=청주시 제공</em></span>",
    "<p class='legende'>Les vaches montbéliardes au pâturage, à Gilley, en septembre.</p>",
])
def test_captions_named_in_other_languages_are_not_text(caption):
    assert extract_text(_story_with({2: caption})).split("\n\n") == _STORY


def _gallery(captions: list[str]) -> str:
    figs = "".join(f"<figure class='wp-block-image'><img src='/p{i}.jpg' alt=''><figcaption class='wp-element-caption'>"
                   f"{c}</figcaption></figure>" for i, c in enumerate(captions))
    return f"<figure class='wp-block-gallery has-nested-images'>{figs}</figure>"


def test_a_photo_story_whose_captions_are_its_text():
    intro = "For thirteen years the night market filled the waterfront lot. This weekend it opened for the last time."
    captions = [f"Picture {i}: the stall holders packed up their tents for the last time, long after midnight."
                for i in range(5)]
    end = "A new market opens on Pier 3 next May."
    page = ("<html><body><article><h1>Last night market</h1><div class='entry-content'>"
            f"<p>{intro}</p>{_gallery(captions)}<p>{end}</p></div></article></body></html>")
    body = body_of(page)
    assert body.text.split("\n\n") == [intro, *captions, end]
    assert body.html.count("<figure>") == 5  # every picture of the gallery block
    # The gallery ending the text: its pictures are not trailing thumbnails.
    donate = "<div class='wp-block-newspack-blocks-donate'><p>Support local news: give $5 a month.</p></div>"
    page = ("<html><body><article><h1>Last night market</h1><div class='entry-content'>"
            f"<p>{intro}</p>{_gallery(captions)}{donate}</div></article></body></html>")
    assert body_of(page).text.split("\n\n") == [intro, *captions]


def test_a_gallery_beside_a_story_keeps_its_captions_out_of_the_text():
    paras = [f"Paragraph {i} of the story, long enough to be text, with a clause and a full stop." for i in range(6)]
    captions = [f"Picture {i} of the market." for i in range(3)]
    page = ("<html><body><article><h1>Story</h1><div class='entry-content'>" + "".join(f"<p>{p}</p>" for p in paras[:3])
            + _gallery(captions) + "".join(f"<p>{p}</p>" for p in paras[3:]) + "</div></article></body></html>")
    body = body_of(page)
    assert body.text.split("\n\n") == paras
    assert body.html.count("<figure>") == 3


def test_a_caption_table_and_a_donation_box_are_not_text():
    table = ("<table class='tplCaption'><tbody><tr><td><img src='/d.jpg' alt=''></td></tr>"
             "<tr><td><p class='Image'>Công nhân điện lực kiểm tra đồng hồ điện. Ảnh: Ngọc Thành</p></td></tr></tbody></table>")
    support = ("<div class='support-box'><h3>Támogasd a független helyi újságírást!</h3>"
               "<p>Az Alföld Híradó olvasói támogatásokból működik.</p></div>")
    assert extract_text(_story_with({3: table, 6: support})).split("\n\n") == _STORY
    # A readers' contributions appeal at the end of the text.
    epic = ("<div class='contributions__epic js-contributions-epic'><h2>Since you're here…</h2>"
            "<p>… we have a small favour to ask. More people are reading our journalism than ever before, "
            "but advertising revenues are falling fast.</p></div>")
    assert extract_text(_story_with({6: epic})).split("\n\n") == _STORY


def test_a_caption_under_a_picture_without_figure_markup_is_not_text():
    paras = [f"Paragraph {i} of the story, long enough to be text, with a clause and a full stop." for i in range(6)]
    pictures = ["<p class='f_center'><img src='/p/1.jpg'><br>The river at dawn. (Photo: Jo Roe)</p>",
                "<div class='img_wrapper'><img src='/p/2.jpg'><span class='img_descr'>Workers move old fridges.</span></div>",
                # a paragraph that opens with a picture is a paragraph
                "<p><img src='/p/3.jpg'/><strong>Lupita</strong>'s dress was stolen from her room, the police said.</p>"]
    page = ("<html><body><article><h1>Story</h1>" + "".join(f"<p>{p}</p>" for p in paras[:3]) + pictures[0]
            + f"<p>{paras[3]}</p>" + pictures[1] + pictures[2] + "".join(f"<p>{p}</p>" for p in paras[4:])
            + "</article></body></html>")
    body = body_of(page)
    assert body.text.split("\n\n") == [*paras[:4], "Lupita's dress was stolen from her room, the police said.",
                                         *paras[4:]]
    assert "The river at dawn. (Photo: Jo Roe)" in body.html and "Workers move old fridges." in body.html


def test_a_live_blog_keeps_its_introduction_and_every_entry():
    # The WordPress Liveblog plugin: the story's introduction in the post body above the
    # "Key events" box and the feed, entries as <article>s, the key events marked by a BEM
    # modifier ("liveblog-entry--key-event"): the last, ordinary entry is an entry too.
    intro = [f"Introduction paragraph {i}: a wildfire west of the town forced evacuations for hundreds of homes"
             " on Wednesday afternoon as gusts pushed the flames toward the town." for i in range(2)]
    sizes = [3, 2, 3, 2, 1]
    entries = [[f"Entry {i}, paragraph {j}: crews and officials gave another update on the fire tonight, with"
                f" {'more detail on shelters, roads and the weather' * (1 + (i + j) % 2)}." for j in range(n)]
               for i, n in enumerate(sizes)]
    feed = "".join(
        f"<article class='liveblog-entry{' liveblog-entry--key-event' if i < 4 else ''}' id='id_{i}'>"
        "<div class='liveblog-entry-main'><div class='liveblog-entry-content'>"
        + "".join(f"<p>{p}</p>" for p in paras) + "</div></div></article>" for i, paras in enumerate(entries))
    key_events = ("<div class='liveblog-key-events'><h3>Key events</h3><ul>"
                  + "".join(f"<li><a href='#id_{i}'>Update {i}</a></li>" for i in range(4)) + "</ul></div>")
    page = ("<html><body><article class='post'><h1>Fire live updates</h1><div class='body-copy'>"
            + "".join(f"<p>{p}</p>" for p in intro) + key_events
            + f"<div id='liveblog-container'><div class='liveblog-feed'>{feed}</div></div></div></article></body></html>")
    body = body_of(page)
    assert body.text.split("\n\n") == intro + [p for paras in entries for p in paras]


def test_live_blog_entries_with_generated_class_names_are_all_kept_with_the_pinned_one():
    # A CSS-in-JS live blog (the Guardian's "dcr-…" hashes): every entry an <article> of
    # the same generated class beside the others, no class word to say so; the pinned
    # entry above them inside its "Pinned post" box with a "Show more" button.
    def entry(i: int, n: int) -> str:
        paras = "".join(f"<p>Entry {i}, paragraph {j}: the committee heard more evidence this morning about"
                        f" the sewage figures and the bonuses paid to the companies' bosses ({i}{j}).</p>"
                        for j in range(n))
        return (f"<article id='block-{i}a7f' class='dcr-1pcp3ju'><header class='dcr-1lcpdxl'>"
                f"<time class='dcr-1v2u4f3'>1{i}.30 GMT</time></header><div class='dcr-1ajlrbr'>{paras}</div>"
                "<footer class='dcr-1hw7yi1'><button class='dcr-9x1'>Share</button></footer></article>")
    page = ("<html><body><main><h1 class='dcr-1a6l2ev'>Water bosses questioned by MPs – live</h1>"
            "<div id='liveblog-body' class='dcr-1n3q1cp'><div id='pinned-post' class='dcr-1v96d1z'>"
            "<div class='dcr-1sdt6j4'><span>Pinned post</span></div><div class='dcr-17uhj6c'>"
            + entry(0, 2) + "</div><label class='dcr-j68c6v'>Show more</label></div>"
            + "".join(entry(i, 3 - i % 2) for i in range(1, 6))
            + "</div></main></body></html>")
    body = body_of(page)
    paras = body.text.split("\n\n")
    assert [p.split(":")[0] for p in paras] == [f"Entry {i}, paragraph {j}" for i, n in
                                                [(0, 2)] + [(i, 3 - i % 2) for i in range(1, 6)] for j in range(n)]


def test_a_component_named_in_camel_case_beside_a_hash_is_read_by_its_words():
    # "ssrcss-1q7f2ad-ConsentBanner": an embed's consent box between the text blocks of a
    # page whose every class is generated (the BBC's); the short last paragraph, in a
    # text block of its own, is the text's end.
    text = [f"Paragraph {i}: volunteers pulled more than eleven tonnes of litter from the river over the"
            " weekend after the winter floods, the group said." for i in range(6)]
    block = ("<div data-component='text-block' class='ssrcss-uf6wea-RichTextComponentWrapper ep2nwvo0'>"
             "<div class='ssrcss-7uxr49-RichTextContainer e5tfeyi1'><p>{}</p></div></div>")
    embed = ("<div data-component='embed-block' class='ssrcss-1c9vy4q-ComponentWrapper e1xue1i86'>"
             "<div class='ssrcss-1uvvbx3-SocialEmbedWrapper e1l9xxcq0'><div class='ssrcss-1q7f2ad-ConsentBanner'>"
             "<p>Allow Instagram content?</p><p>This article contains content provided by Instagram. We ask for"
             " your permission before anything is loaded, as they may be using cookies.</p></div></div></div>")
    page = ("<html><body><main><article><h1>Litter pick</h1>"
            + "".join(block.format(p) for p in text[:3]) + embed + "".join(block.format(p) for p in text[3:])
            + block.format("The next clean-up is on 2 March.") + "</article></main></body></html>")
    assert body_of(page).text.split("\n\n") == [*text, "The next clean-up is on 2 March."]


def test_a_teaser_card_in_the_text_goes_and_the_text_goes_on_after_it():
    # Tailwind: every paragraph has the same utility classes, the "Related" card's summary
    # too, inside a link that wraps the card's blocks.
    cls = "text-lg leading-8 text-zinc-800"
    text = [f"Paragraph {i}: owners said their routers stopped working after the update was pushed to"
            " every device at once, and support told them to buy a new one." for i in range(6)]
    card = ("<a href='/2023/08/30/halo-2-review' class='group my-10 block rounded-2xl border p-6'>"
            "<span class='text-xs font-semibold uppercase text-emerald-600'>Related</span>"
            f"<p class='{cls}'>The Halo 2 is fast, quiet and easy to set up, but the subscription is a harder"
            " sell.</p><span class='mt-2 block text-sm text-zinc-500'>Review · Aug 30, 2023</span></a>")
    page = ("<html><body><main><article><h1 class='text-4xl font-bold'>Routers bricked</h1>"
            "<div class='mt-10 space-y-6'>" + "".join(f"<p class='{cls}'>{p}</p>" for p in text[:3]) + card
            + "".join(f"<p class='{cls}'>{p}</p>" for p in text[3:]) + "</div></article></main></body></html>")
    assert body_of(page).text.split("\n\n") == text


def test_paywalled_text_in_a_paywall_box_is_the_text_and_a_registration_wall_is_not():
    # Google's structured data marks paywalled text by a class, ".paywall" in its example
    # (McClatchy copies it): the box holds the story, the headline is outside it.
    text = [f"Paragraph {i}: households in the west of the county have reported dry wells since January,"
            " and officials say the real number is higher." for i in range(6)]
    paras = "".join(f"<p>{p}</p>" for p in text)
    page = ("<html><body><main><h1>Dry wells</h1><div class='share'><a href='#'>Twitter</a></div>"
            f"<div class='paywall'>{paras}</div><div class='paywall-prompt'>Subscribe to keep reading</div>"
            "</main></body></html>")
    assert body_of(page).text.split("\n\n") == text
    # A registration wall inside the text's container (Postmedia, a BEM element's name).
    wall = ("<div class='article-content__reg-wall'><h2>THIS CONTENT IS RESERVED FOR SUBSCRIBERS ONLY</h2>"
            "<ul><li>Exclusive articles from our city hall, health and defence reporters and others.</li>"
            "<li>Unlimited online access to the paper and 15 news sites with one account.</li></ul>"
            "<p>Create an account or sign in to continue with your reading experience.</p></div>")
    page = ("<html><body><article><h1>Noise cameras</h1><section class='article-content__content-group'>"
            + "".join(f"<p>{p}</p>" for p in text[:2]) + wall + "".join(f"<p>{p}</p>" for p in text[2:])
            + "</section></article></body></html>")
    assert body_of(page).text.split("\n\n") == text


def test_a_box_beside_the_declared_article_body_is_not_the_text():
    # A match report (Prensa Ibérica): the match's facts in a box just before the element
    # the publisher marks itemprop=articleBody; the box's long line-ups score as text.
    text = [f"Paragraph {i}: the home side, who had gone three games without a win, came from behind in"
            " the second half and won it in the last minute, the coach said." for i in range(5)]
    facts = ("<div class='ft-mol-sportcard'><div>Valle del Aller 2 - 1 UP Costa Verde</div><dl>"
             "<dt>Valle del Aller</dt><dd>Álex Muñiz; Pelayo, Jorge Rato, Nacho Suárez, Lucas Vigil; Javi Collada"
             " (Manu Fernández, min. 46), Sergio Pandiella, Borja Tascón (Kike, min. 80); Dani Alonso.</dd>"
             "<dt>Goles</dt><dd>0-1, min. 31: Tuñón. 1-1, min. 54: Manu Fernández. 2-1, min. 92: Nacho Suárez.</dd>"
             "<dt>Árbitro</dt><dd>Fernández Lobato (Comité Asturiano). Amonestó a Tascón, Pandiella y Llaneza.</dd>"
             "</dl></div>")
    page = ("<html><body><article><h1>El Valle del Aller remonta</h1>" + facts
            + "<div class='ft-org-article__body' itemprop='articleBody'>" + "".join(f"<p>{p}</p>" for p in text)
            + "</div></article></body></html>")
    assert body_of(page).text.split("\n\n") == text


def test_a_list_of_items_after_the_body_field_is_text_too():
    # Drupal Paragraphs: the intro in the body field, then a field of list items, each
    # item's heading and its text in nested fields: the items' paragraphs sit too deep
    # to vote for the list, which holds most of the story.
    intro = [f"Intro paragraph {i}: the western shoreline runs for more than 300 miles, and almost every"
             " town on it claims the best sunset on the lake. We cannot settle that argument, but after a"
             " summer of driving the coast we can tell you which towns are worth a weekend." for i in range(2)]
    items = [(f"{i}. Town {i}", f"Town {i} has a walkable downtown and a beach. The pier is the place to be at"
              " dusk, when half the town walks out to the light and back; there is a bakery, a bookshop and a"
              f" brewery within a block of the harbour, and the campground fills by June, number {i}.")
             for i in range(1, 7)]
    item_html = "".join(
        "<div class='field__item'><div class='paragraph paragraph--type--list-item'>"
        f"<h2 class='list-item__heading'>{h}</h2><div class='clearfix text-formatted field field--name-field-text "
        f"field__item'><p>{t}</p></div></div></div>" for h, t in items)
    page = ("<html><body><article class='node node--type-article'><h1>Lakeshore towns</h1><div class='node__content'>"
            "<div class='clearfix text-formatted field field--name-body field__item'>"
            + "".join(f"<p>{p}</p>" for p in intro) + "</div>"
            + f"<div class='field field--name-field-list-items field__items'>{item_html}</div>"
            + "</div></article></body></html>")
    body = body_of(page)
    assert body.text.split("\n\n") == intro + [line for h, t in items for line in (h, t)]


def test_a_carousel_of_other_stories_between_paragraphs_is_not_text():
    # An editors'-picks carousel a page builder puts inside the text: headline links with
    # excerpts and dates. A carousel of pictures (links without text) is not touched, and
    # a class word on <body> ("avada-has-rev-slider-styles") never drops the page.
    paras = [f"Paragraph {i} of the story, long enough to be text, with a clause, a second clause that runs on"
             " for a while about the roadworks, and a full stop." for i in range(8)]
    teasers = "".join(
        f"<div class='upk-item swiper-slide'><h3><a href='/2024/05/story-{i}/'>Another story number {i} from the county"
        f"</a></h3><p>An excerpt of story {i} that reads like a sentence of text, and ends.</p><span>22 mai 2024</span></div>"
        for i in range(4))
    carousel = (f"<div class='upk-alter-carousel'><h3 class='upk-title-text'>Recomandările editorilor</h3>"
                f"<div class='swiper-carousel swiper'>{teasers}</div></div>")
    page = ("<html><body class='avada-has-rev-slider-styles'><article><h1>Story</h1>"
            + "".join(f"<p>{p}</p>" for p in paras[:3]) + carousel
            + "".join(f"<p>{p}</p>" for p in paras[3:]) + "</article></body></html>")
    assert extract_text(page).split("\n\n") == paras

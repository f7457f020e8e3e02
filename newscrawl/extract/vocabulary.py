"""All extraction vocabulary in one place: the class/id words, word lists, CSS selector
lists and regular expressions that decide what is content and what is boilerplate, and
how pages are built (separators, byline prefixes per language, job titles, wire
agencies, words that are never names…), as trafilatura keeps its `xpaths.py`. Grouped by
the stage that uses it; the stage modules import from here and keep no lists of their
own. Pure data: no imports beyond `re`."""

from __future__ import annotations

import re

# --- page regions (parse.py)
# Which blocks are never the article's own header/footer, and where the article and its body text sit.

# Class/id tokens of blocks that are never part of the article's own metadata: sidebars,
# related posts, comments, share boxes, author boxes (which can describe other posts) and
# site chrome. Matched against whole tokens so that "elementor-widget-heading" is not "widget".
NOISE_CLASS_TOKEN = re.compile(
    # ("content-area-right-sidebar", "has-sidebar": a layout that has a sidebar beside it)
    r"^(?:sidebar.*|(?!(?:content|main|primary|has|with|no|page|layout|site)[-_]).*-sidebar|"
    r"widget|widget-area|widget_.*|widgets|secondary|"
    r"related.*|.*-related|.*related-posts?|yarpp.*|jp-relatedposts.*|crp_related|"
    r"comments?|comment-.*|.*-comments?|respond|commentlist|"
    # ("story-body__mini-info-list-and-share": the date's list and the share icons' wrapper)
    r"share.*|(?!.*-and-).*-share|sharedaddy|sd-sharing.*|social.*|.*-social|addtoany.*|a2a_kit|"
    r"author-box|about-author|author-bio|author-info|author-card|saboxplugin-wrap|"
    r"post-author-box|"
    r"nav-links|navigation|post-navigation|posts-navigation|nav-previous|nav-next|"
    r"breadcrumbs?|site-header|site-footer|masthead|colophon|footer-widgets|"
    r"newsletter.*|subscribe.*|advert.*|adsbygoogle|"
    r"elementor-widget-(?:sidebar|posts|post-comments|author-box|share-buttons|"
    r"post-navigation|nav-menu|loop-grid|archive-posts|wp-widget-.*))$"
)

# Tags that are never the article's own header/footer.
NOISE_TAGS = {"aside", "nav", "script", "style", "noscript", "template", "form", "iframe"}

# Ids of blocks that are never the article's own header/footer.
NOISE_IDS = re.compile(
    r"^(?:sidebar.*|secondary|comments|respond|related.*|footer|colophon|masthead|"
    r"site-footer|site-header|share.*|author-box|breadcrumbs?)$", re.I
)

# Classes of an article's own header/footer (kept when page-level chrome goes).
ENTRY_REGION_CLASSES = frozenset({"entry-header", "entry-footer", "post-header", "article-header",
                                  "post-footer", "article-footer", "entry-meta"})

# Class substrings of a tags/categories block in the article footer (kept in its region).
META_BLOCK_CLASS_PARTS = ("tags", "cat-links", "tag-links", "entry-footer", "post-meta",
                          "categories", "terms")

# The element holding the whole article (headline, byline, body), in order of trust.
CONTAINER_SELECTORS = (
    "[itemtype*='NewsArticle']", "[itemtype*='BlogPosting']", "[itemtype*='Article']",
    "[data-elementor-type='single-post']", "[data-elementor-type='single']",
    ".elementor-location-single", ".hentry", ".type-post", ".single-post-content",
    "main", "[role=main]", "#main", "#content", ".site-main", ".content",
)

# The element holding the body text inside the article container, in order of trust.
CONTENT_SELECTORS = (
    ".entry-content", ".post-content", ".elementor-widget-theme-post-content",
    "[itemprop='articleBody']", ".article-body", ".article-content", ".story-body",
    ".td-post-content", ".post-body", ".the-content", ".single-content", ".content-body",
)


# --- structured data (metadata.py)
# Which schema.org types are an article, a listing, an organisation.

ARTICLE_TYPES = frozenset(
    t.lower()
    for t in (
        "Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
        "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle",
        "AskPublicNewsArticle", "SatiricalArticle", "TechArticle", "LiveBlogPosting",
        "SocialMediaPosting", "Report", "ScholarlyArticle", "Posting", "DiscussionForumPosting",
    )
)

LISTING_TYPES = frozenset(("collectionpage", "searchresultspage", "profilepage", "itemlist"))

ORG_TYPES = frozenset(("organization", "newsmediaorganization", "corporation", "localbusiness"))


# --- dates (dates.py)
# Which meta names, labels and class/id hints carry the publication and edit dates.

# Meta names of the publication date, in order of trust.
PUBLISHED_META = ("article:published_time", "og:published_time", "og:article:published_time",
             "datepublished", "dc.date.issued", "dcterms.issued", "dc.date.created",
             "dcterms.created", "dc.date", "parsely-pub-date", "sailthru.date", "pubdate",
             "publish-date", "publish_date", "article.published", "date")
# Meta names of the last-edit date, in order of trust.
MODIFIED_META = ("article:modified_time", "og:updated_time", "og:article:modified_time",
             "datemodified", "dcterms.modified", "dc.date.modified", "article.updated",
             "last-modified", "lastmod")

# The zone of a country whose zones keep different times but whose people and papers
# live by one: CLDR's "primaryZones" (common/supplemental/metaZones.xml), the zone CLDR
# names such a country's time after (China's Xinjiang clock, Spain's Canaries, Portugal's
# Azores and Madeira, New Zealand's Chathams...). Countries with no primary zone there
# (US, Canada, Australia, Brazil, Russia, Mexico, Indonesia...) have no one time.
PRIMARY_ZONES = {
    "CL": "America/Santiago", "CN": "Asia/Shanghai", "DE": "Europe/Berlin",
    "EC": "America/Guayaquil", "ES": "Europe/Madrid", "MH": "Pacific/Majuro",
    "MY": "Asia/Kuala_Lumpur", "NZ": "Pacific/Auckland", "PT": "Europe/Lisbon",
    "UA": "Europe/Kyiv", "UZ": "Asia/Tashkent",
}

# The edit words of other languages than English, for the two patterns below.
_EDIT_WORDS_OTHER = (
    r"aktualisiert|mis\s+à\s+jour|mise\s+à\s+jour|actualizado|atualizado|aggiornato|bijgewerkt|"
    r"zaktualizowano|oppdatert|uppdaterad|opdateret|"
    # Japanese, Chinese, Korean, Arabic, Persian, Bengali, Hindi, Thai, Vietnamese
    r"最終更新日?|更新日時|更新日期|更新時間|更新时间|更新日|更新|수정|업데이트|"
    r"آخر\s+تحديث|تحديث|به[\u200c\s]?روز(?:[\u200c\s]?رسانی)?|আপডেট|अपडेट|อัปเดต|cập\s+nhật"
)
# A label before a date that makes it the edit date ("Last updated:", "Aktualisiert am",
# "Mis à jour le", "Actualizado el", "Atualizado em", "Aggiornato il", "Bijgewerkt op").
UPDATED_LABEL = re.compile(
    r"(?:(?:last\s+)?(?:updated|modified|edited|amended)|" + _EDIT_WORDS_OTHER + r")"
    r"\b\s*(?:on|at|am|le|el|em|il|op)?\s*[:：]?\s*$",
    re.I,
)
# An edit word anywhere in a line ("Updated 3 May", "Zuletzt aktualisiert"): a date beside
# it is an edit's.
EDIT_WORD = re.compile(r"\b(?:updated|modified|edited|amended|" + _EDIT_WORDS_OTHER + r")\b", re.I)
# A date's own text opening with an edit label ("Last Updated: March 15, 2022 at 9:30 a.m.").
EDIT_LABEL_START = re.compile(r"^\W*(?:last\s+)?(?:updated|modified|edited|amended|" + _EDIT_WORDS_OTHER + r")\b", re.I)
# A label before a date that makes it the publication date.
PUBLISHED_LABEL = re.compile(
    r"(?:published|posted|first\s+published|originally\s+posted|"
    # the same in the languages whose pages also show the day they are served
    r"প্রকাশ(?:িত)?|प्रकाशित|公開日|掲載日|登録日|発表日|發布日期|发布日期|發佈日期|發布時間|发布时间|"
    r"تاريخ\s+النشر|نشر\s+في|تاریخ\s+انتشار|입력|ngày\s+đăng|đăng\s+lúc|เผยแพร่)"
    r"\b\s*(?:on|at)?\s*[:：]?\s*$", re.I)
# Country-code domains used worldwide for their letters, not their country (a page on
# ".io" or ".tv" says nothing of where it is).
GENERIC_COUNTRY_TLDS = frozenset({"io", "co", "tv", "me", "fm", "ai", "ly", "gg", "to", "cc", "ws", "la", "am",
                                  "sh", "ac", "vc", "nu", "tk", "so", "ag", "im", "su", "st", "gl", "gd", "ms",
                                  "vg", "bz", "cx", "pw",
                                  # the rest of Google's "generic ccTLDs" (write.as, …)
                                  "ad", "as", "cd", "dj", "sc", "sr",
                                  # sold for their letters too (mailchi.mp, mobile pages)
                                  "mp"})
# The country-code domains that are not their country's ISO code.
TLD_COUNTRY = {"uk": "GB"}
# Month names and their usual abbreviations, in the languages of the byline prefixes
# (English, German, French, Spanish, Portuguese, Italian, Dutch; Polish, Russian and
# Ukrainian in the genitive a date uses, "3 czerwca", "18 ноября"; Turkish), by month number;
# then Hungarian, Czech (genitive), Romanian, Scandinavian, Indonesian and Greek (genitive)
# in `_MORE_MONTH_WORDS`.
MONTH_WORDS = {
    1: ("jan", "january", "januar", "jänner", "janvier", "janv", "enero", "ene", "janeiro", "gennaio", "gen",
        "januari", "stycznia", "styczeń", "styczen", "sty", "января", "январь", "янв", "січня", "ocak"),
    2: ("feb", "february", "februar", "février", "févr", "fevrier", "febrero", "fevereiro", "fev", "febbraio",
        "februari", "lutego", "luty", "lut", "февраля", "февраль", "фев", "лютого", "şubat", "subat"),
    3: ("mar", "march", "märz", "maerz", "mär", "mars", "marzo", "março", "marco", "maart", "mrt",
        "marca", "marzec", "марта", "март", "березня", "mart"),
    4: ("apr", "april", "avril", "avr", "abril", "abr", "aprile", "kwietnia", "kwiecień", "kwi", "апреля",
        "апрель", "апр", "квітня", "nisan"),
    5: ("may", "mai", "mayo", "maio", "maggio", "mag", "mei", "maja", "maj", "мая", "май", "травня", "mayıs",
        "mayis"),
    6: ("jun", "june", "juni", "juin", "junio", "junho", "giugno", "giu", "czerwca", "czerwiec", "cze",
        "июня", "июнь", "июн", "червня", "haziran"),
    7: ("jul", "july", "juli", "juillet", "juil", "julio", "julho", "luglio", "lug", "lipca", "lipiec", "lip",
        "июля", "июль", "июл", "липня", "temmuz"),
    8: ("aug", "august", "août", "aout", "agosto", "ago", "augustus", "sierpnia", "sierpień", "sie",
        "августа", "август", "авг", "серпня", "ağustos", "agustos"),
    9: ("sep", "sept", "september", "septembre", "septiembre", "setiembre", "setembro", "set", "settembre",
        "września", "wrzesień", "wrz", "сентября", "сентябрь", "сен", "вересня", "eylül", "eylul"),
    10: ("oct", "october", "oktober", "okt", "octobre", "octubre", "outubro", "out", "ottobre", "ott",
         "października", "październik", "paź", "октября", "октябрь", "окт", "жовтня", "ekim"),
    11: ("nov", "november", "novembre", "noviembre", "novembro", "listopada", "listopad", "lis", "ноября",
         "ноябрь", "ноя", "листопада", "kasım", "kasim"),
    12: ("dec", "december", "dezember", "dez", "décembre", "déc", "decembre", "diciembre", "dic", "dezembro",
         "dicembre", "grudnia", "grudzień", "gru", "декабря", "декабрь", "дек", "грудня", "aralık", "aralik"),
}
_MORE_MONTH_WORDS = {
    1: ("január", "ledna", "ianuarie", "januar", "januari", "ιανουαρίου"),
    2: ("február", "febr", "února", "unora", "februarie", "februari", "φεβρουαρίου"),
    3: ("március", "márc", "března", "brezna", "martie", "maret", "μαρτίου"),
    4: ("április", "ápr", "dubna", "aprilie", "απριλίου"),
    5: ("május", "máj", "května", "kvetna", "mei", "μαΐου", "μαίου"),
    6: ("június", "jún", "června", "cervna", "iunie", "ιουνίου"),
    7: ("július", "júl", "července", "cervence", "iulie", "ιουλίου"),
    8: ("augusztus", "srpna", "augusti", "agustus", "αυγούστου"),
    9: ("szeptember", "szept", "září", "zari", "septembrie", "σεπτεμβρίου"),
    10: ("október", "října", "rijna", "octombrie", "οκτωβρίου"),
    11: ("listopadu", "noiembrie", "νοεμβρίου"),
    12: ("prosince", "decembrie", "desember", "δεκεμβρίου"),
}
# Croatian (nominative and genitive; "listopad" is October there, November in Polish and
# Czech: dates.py reads it by the page's zone), Serbian and Bosnian in both scripts,
# Slovenian and Bulgarian.
_SOUTH_SLAVIC_MONTH_WORDS = {
    1: ("siječanj", "siječnja", "januara", "јануар", "јануара", "януари"),
    2: ("veljača", "veljače", "februara", "фебруар", "фебруара", "февруари"),
    3: ("ožujak", "ožujka", "marta", "marec", "марца", "март", "марта"),
    4: ("travanj", "travnja", "aprila", "април", "априла"),
    5: ("svibanj", "svibnja", "maja", "мај", "маја", "май"),
    6: ("lipanj", "lipnja", "juna", "junij", "јун", "јуна", "юни"),
    7: ("srpanj", "srpnja", "jula", "julij", "јул", "јула", "юли"),
    8: ("kolovoz", "kolovoza", "avgust", "avgusta", "augusta", "август", "августа"),
    9: ("rujan", "rujna", "septembar", "septembra", "септембар", "септембра", "септември"),
    10: ("oktobar", "oktobra", "октобар", "октобра", "октомври"),
    11: ("studeni", "studenoga", "studenog", "novembar", "novembra", "новембар", "новембра", "ноември"),
    12: ("prosinac", "prosinca", "decembar", "decembra", "децембар", "децембра", "декември"),
}
# The Gregorian months in Arabic (Egypt and the Gulf; the Levant's Syriac names), Bengali,
# Hindi and Khmer.
_SCRIPT_MONTH_WORDS = {
    1: ("يناير", "كانون الثاني", "জানুয়ারি", "जनवरी", "មករា"),
    2: ("فبراير", "شباط", "ফেব্রুয়ারি", "फ़रवरी", "फरवरी", "កុម្ភៈ"),
    3: ("مارس", "آذار", "মার্চ", "मार्च", "មីនា"),
    4: ("أبريل", "ابريل", "إبريل", "نيسان", "এপ্রিল", "अप्रैल", "មេសា"),
    5: ("مايو", "أيار", "ايار", "মে", "मई", "ឧសភា"),
    6: ("يونيو", "يونيه", "حزيران", "জুন", "जून", "មិថុនា"),
    7: ("يوليو", "يوليه", "تموز", "জুলাই", "जुलाई", "កក្កដា"),
    8: ("أغسطس", "اغسطس", "آب", "আগস্ট", "अगस्त", "សីហា"),
    9: ("سبتمبر", "أيلول", "ايلول", "সেপ্টেম্বর", "सितंबर", "सितम्बर", "កញ្ញា"),
    10: ("أكتوبر", "اكتوبر", "تشرين الأول", "অক্টোবর", "अक्टूबर", "តុលា"),
    11: ("نوفمبر", "تشرين الثاني", "নভেম্বর", "नवंबर", "नवम्बर", "វិច្ឆិកា"),
    12: ("ديسمبر", "كانون الأول", "ডিসেম্বর", "दिसंबर", "दिसम्बर", "ធ្នូ"),
}
MONTH_WORDS = {n: tuple(dict.fromkeys((*names, *_MORE_MONTH_WORDS[n], *_SOUTH_SLAVIC_MONTH_WORDS[n],
                                         *_SCRIPT_MONTH_WORDS[n])))
               for n, names in MONTH_WORDS.items()}
# Months of other calendars, read by calendars.py: Thai (Gregorian months, Buddhist-era
# years) and the Solar Hijri months of Iran and (second names) Afghanistan.
THAI_MONTHS = {
    1: ("มกราคม", "ม.ค."), 2: ("กุมภาพันธ์", "ก.พ."), 3: ("มีนาคม", "มี.ค."), 4: ("เมษายน", "เม.ย."),
    5: ("พฤษภาคม", "พ.ค."), 6: ("มิถุนายน", "มิ.ย."), 7: ("กรกฎาคม", "ก.ค."), 8: ("สิงหาคม", "ส.ค."),
    9: ("กันยายน", "ก.ย."), 10: ("ตุลาคม", "ต.ค."), 11: ("พฤศจิกายน", "พ.ย."), 12: ("ธันวาคม", "ธ.ค."),
}
SOLAR_HIJRI_MONTHS = {
    1: ("فروردین", "حمل"), 2: ("اردیبهشت", "ثور"), 3: ("خرداد", "جوزا"), 4: ("تیر", "سرطان"),
    5: ("مرداد", "امرداد", "اسد"), 6: ("شهریور", "سنبله"), 7: ("مهر", "میزان"), 8: ("آبان", "عقرب"),
    9: ("آذر", "قوس"), 10: ("دی", "جدی"), 11: ("بهمن", "دلو"), 12: ("اسفند", "حوت"),
}
# Japanese eras: the Gregorian year before each era's first ("令和元年" is 2019).
JAPANESE_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}
# Words for "at" before a time in the scripts calendars.py reads ("ساعت ۰۹:۱۲", "เวลา 14:20").
TIME_AT_WORDS = ("ساعت", "الساعة", "เวลา", "সময়", "समय")
# The halves of the day written after the time in Bengali ("০৯:২৫ পিএম").
AMPM_WORDS = {"এএম": "am", "পিএম": "pm"}
# Class/id substrings of an element that may hold a visible date.
DATE_HINT_WORDS = ("date", "posted", "published", "byline", "meta", "time", "updated", "modified", "custom", "info")
# Class/itemprop substrings of an element holding the publication date.
PUBLISHED_HINTS = ("published", "datepublished", "entry-date", "post-date", "posted-on", "pubdate")
# Class/itemprop substrings of an element holding the last-edit date.
MODIFIED_HINTS = ("updated", "modified", "datemodified")


# --- taxonomy (taxonomy.py)
# Which links are categories or tags, and where the breadcrumb trail is.

# Link paths of a category / a tag archive.
CATEGORY_PATH = re.compile(r"/(?:category|categories|section|sections)/", re.I)

TAG_PATH = re.compile(r"/(?:tag|tags|topic|topics)/", re.I)

# The visible breadcrumb trail, in order of trust.
BREADCRUMB_SELECTORS = ("#breadcrumbs", ".breadcrumbs", ".breadcrumb", ".yoast-breadcrumbs",
                    ".rank-math-breadcrumb", "nav[aria-label=breadcrumb]", "nav[aria-label=Breadcrumb]",
                    ".elementor-widget-breadcrumbs", ".woocommerce-breadcrumb")


# --- images (media.py)
# Which part of a caption is the photo credit.

# "Photo: Jane Doe", "(Picture by ...)", "© ..." at the end of a caption.
CREDIT_LABEL = re.compile(
    r"(?:^|[\s(\[|,.;–—-])\s*(?P<label>photo(?:graph)?s?|pictures?|pics?|images?|credit|photo credit|"
    r"image credit|copyright|©)\s*(?:by)?\s*[:\-–—]?\s*(?P<who>[^()\[\]]{2,80}?)\s*[)\]]?\s*$",
    re.I,
)


# --- page type (classify.py)
# Which WordPress <body> classes mark a listing, search, home or static page.

# <body> classes of an archive, a search, the home page, a static page.
ARCHIVE_BODY_CLASSES = {"archive", "category", "tag", "author", "date", "tax", "post-type-archive",
                    "blog", "paged"}

SEARCH_BODY_CLASSES = {"search", "search-results", "search-no-results"}

HOME_BODY_CLASSES = {"home", "front-page"}

PAGE_BODY_CLASSES = {"page", "page-template", "page-template-default"}


# --- body: pruning (clean.py, body)
# Which elements are never content, and which class/id words mark boilerplate widgets.

# Elements whose whole subtree is never body text.
DROP_TAGS: tuple[str, ...] = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "applet",
    "svg",
    "canvas",
    "map",
    "video",
    "audio",
    "select",
    "textarea",
    "button",
    "input",
    "option",
    "label",
    "nav",
    "aside",
    "dialog",
    "menu",
    # AMP's ad slots, embeds and widgets (their fallback text, "Ad unavailable", is no text)
    "amp-ad",
    "amp-embed",
    "amp-sticky-ad",
    "amp-analytics",
    "amp-social-share",
    "amp-iframe",
    "head",
    "title",
    "meta",
    "link",
)

# Semantic regions that are page chrome, unless they hold most of the page's text
# (some sites wrap everything in <header>). Forms are not chrome: ASP.NET wraps
# whole pages in one.
CHROME_TAGS = frozenset({"header", "footer"})

# Class/id words of boilerplate widgets. Matched against words of class/id values
# (split on space, "-" and "_"), so "share" hits "share-box" but not "shared-content".
JUNK_WORDS = frozenset(
    """
    comment comments commentlist respond disqus replies reply share sharing sharedaddy
    sharethis addthis social socials sociallinks related relatedposts yarpp newsletter
    subscribe subscription signup advert advertisement adverts advertising ads ad adsense
    adslot adunit dfp sponsor sponsored sponsors promo promotion promoted sidebar
    breadcrumb breadcrumbs crumbs cookie cookies gdpr consent popup modal overlay flyout
    banner masthead navbar navigation nav menu topbar toolbar tools pagination pager
    pagenav postnav skip skiplink print email mailto rss tagcloud tags tagged taglist
    categories cats author-box authorbox bio about-author footer colophon copyright
    outbrain taboola zergnet recirc trending popular mostread most-read jumplink
    screen-reader-text sr-only visually-hidden offscreen
    affiliate commerce product-card adv bnr paywall regwall reg-wall
    poll polls anketa ankieta umfrage sondage encuesta sondaggio enquete
    donate donation donations support-box support-us supportus contributions
""".split()
)
# Junk words that also name the box around the text: Google's structured data marks
# paywalled text with a class (its example, ".paywall", is what sites copy), so an
# element so named that holds most of the page's text stays even with the headline
# outside it; the paywall's prompts and offers are small.
WRAPPER_JUNK_WORDS = frozenset({"paywall"})
# Class tokens a CMS gives the article itself for its publishing options, whose words
# would read as a widget's: Drupal's "node-promoted" (promoted to the front page) and
# "node-sticky".
STATUS_CLASS_TOKENS = frozenset({"node-promoted", "node-sticky"})
# Class tokens that say what a layout has or lacks, not what the element is: "has-footer"
# (Super.so on the page's article), "has-post-thumbnail", "no-sidebar", "with-share".
STATE_CLASS_TOKEN = re.compile(r"^(?:has|with|no)-[\w-]+$", re.I)
# The body of a newsletter's web copy: "email-body-content" (Buttondown), "email-content"
# (Kit): the email is the article, not a share-by-email link.
EMAIL_BODY_TOKEN = re.compile(r"^e?-?mail[-_](?:body|content|container|wrapper|main|inner)(?:[-_][\w-]*)?$", re.I)
# Images of the site rather than of a story, by their address: logos ("kwlogo.jpg"),
# avatars, icons and buttons, social badges, ad slots and banners, spacers and tracking
# pixels, standard ad sizes ("300x250_bank.gif"), and GIFs (a news photo is a JPEG, PNG
# or WebP; a GIF above the text is a bullet, a button or an ad).
CHROME_IMAGE_SRC = re.compile(
    r"logo|button|avatar|masthead|(?<![a-z])(?:icons?|btn|spacer|pixel|blank)(?![a-z])|/social/"
    r"|/(?:counter|track|tracking|tracker|beacon)(?:[/?.]|$)|/ads?/|//ads?\d*\.|/adserver|adview|doubleclick"
    r"|/cgi-bin/|/banners?/|(?<!\d)(?:300x250|728x90|160x600|468x60|320x50|300x600|970x250)(?!\d)"
    r"|\.(?:gif|mp3|mp4|wav|swf|flv)(?:$|[?#])",
    re.I,
)
# Class/id words of an ad slot (a subset of JUNK_WORDS: "banner" is also an article's
# header on some sites, so it is not one of them).
AD_WORDS = frozenset({"ad", "ads", "adv", "advert", "adverts", "advertisement", "advertising", "adsense",
                      "adslot", "adunit", "adblock", "bnr", "dfp", "sponsor", "sponsored", "promo"})
# Class/id words of the site's masthead (its name, logo and header picture), as opposed
# to an article's own header.
SITE_HEADER_WORDS = frozenset({"masthead", "branding", "site-header", "siteheader", "site-branding", "logo",
                               "header-image", "custom-header"})
# The newsroom's words for the standfirst under a headline (a class word: "c-story__dek",
# "article-standfirst"): the article's excerpt when the head states none. It stays in
# the body text: the development sets' texts keep it. (Not "lead", "intro" or
# "summary": templates also give those to the text's first paragraph.)
STANDFIRST_CLASS_WORDS = frozenset({"dek", "deck", "standfirst", "strapline"})
# The same with "intro": a paragraph so named above the byline does not start the text
# (the header region runs on to the byline and date under it).
HEADER_DEK_WORDS = STANDFIRST_CLASS_WORDS | {"intro"}
# Excerpt blocks that WordPress themes print on the single post (block themes' Post
# Excerpt, classic `the_excerpt()` wrappers).
EXCERPT_SELECTORS = (".wp-block-post-excerpt__excerpt", ".entry-summary", ".post-excerpt", ".entry-excerpt")

# Words that mark a content container; they protect an element from a junk word
# ("entry-content share-on" is content; "share-box" is not).
CONTENT_WORDS = frozenset(
    """
    article articlebody article-body entry entry-content post-content postcontent
    post-body postbody story storybody story-body storytext content body-text bodytext
    main maincontent main-content text blog hentry
""".split()
)

# Junk words that win even over a content word in the same attribute.
STRONG_JUNK_WORDS = frozenset(
    {
        "comment",
        "comments",
        "commentlist",
        "respond",
        "disqus",
        "sharedaddy",
        "sharethis",
        "addthis",
        "yarpp",
        "relatedposts",
        "outbrain",
        "taboola",
        "screen-reader-text",
        "sr-only",
    }
)


# --- body: structure
# Which tags end a paragraph, which are inline, which vote as paragraphs.

# Tags that end a paragraph (block boundaries for scoring and for cutting blocks).
BLOCK_TAGS = frozenset(
    {
        "html",
        "body",
        "p",
        "div",
        "td",
        "th",
        "tr",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "main",
        "center",
        "address",
        "hr",
        "figure",
        "figcaption",
        "caption",
        "form",
        "fieldset",
        "header",
        "footer",
        "details",
        "summary",
        "br",
        "hgroup",
        "legend",
        "colgroup",
        "col",
        "frameset",
        "frame",
        "noframes",
        "picture",
    }
)

# Inline tags: never removed as widgets (an <a class="email"> inside a sentence is text).
INLINE_TAGS = frozenset(
    """a span b i em strong font small big abbr time cite code sup sub u s
    mark q tt var kbd samp dfn bdi bdo data""".split()
)

# Tags whose text votes for their parent as a paragraph.
PARA_TAGS = frozenset({"p", "pre", "dd", "dt", "h2", "h3", "h4", "h5", "h6", "address"})


# --- body: scoring
# Which tags and class/id names make a container more or less likely to be the body.

# Readability's tag weights of a candidate container.
TAG_WEIGHT = {
    "div": 5,
    "article": 10,
    "main": 5,
    "section": 3,
    "pre": 3,
    "td": 3,
    "blockquote": 3,
    "address": -3,
    "ol": -3,
    "ul": -3,
    "dl": -3,
    "dd": -3,
    "dt": -3,
    "li": -3,
    "form": -3,
    "h1": -5,
    "h2": -5,
    "h3": -5,
    "h4": -5,
    "h5": -5,
    "h6": -5,
    "th": -5,
    "body": -5,
}
# Substring patterns on class/id (as readability): the positive one only counts for
# elements with real text, so a tiny "text-subhead" box cannot outscore the article.
POSITIVE_CLASS = re.compile(r"article|body|content|entry|hentry|main|page|post|text|blog|story")

NEGATIVE_CLASS = re.compile(
    r"comment|combx|com-|contact|foot|gdpr|masthead|meta|outbrain|promo|related|"
    r"scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget|"
    r"byline|dateline|caption|credit|nav|menu|breadcrumb|social|banner|\bad\b|-ad-"
)


# --- body: blocks
# Which elements are captions, and which anchors open the comment thread.

# Class/id words of an image caption (its text is not body text).
CAPTION_WORDS = frozenset(
    {
        "caption",
        "wp-caption-text",
        "figcaption",
        "credit",
        "photo-credit",
        "image-caption",
        "imagecaption",
        "photocaption",
        # in other languages, and as portals write it: German, French, Italian, Dutch,
        # Spanish; Korean portals' "img_desc"
        "bildunterschrift",
        "bildtext",
        "legende",
        "légende",
        "didascalia",
        "bijschrift",
        "piedefoto",
        "pie-de-foto",
        "img_desc",
        "img-desc",
        "photo_desc",
    }
)

# Class/id words of a gallery, slideshow or video-player widget: inside the text, its
# images are figures and its text (title, captions, counters, "01:12 - Source: CNN")
# is not body text.
GALLERY_WORDS = frozenset({"gallery", "slideshow", "carousel", "video-player", "videoplayer", "video-resource",
                           "video-embed", "jwplayer", "brightcove"})
# Class/id words of a correction note: part of the story wherever the template puts it
# (the NYT prints it in the story's <footer>, which goes as chrome).
CORRECTION_WORDS = frozenset({"correction", "corrections", "erratum", "errata", "clarification",
                              "clarifications", "korrektur", "rectificatif", "rectificacion"})
# Class/id words of the box around an embedded video (its player is dropped as markup; its
# title and labels, "【動画】…", are the video's, not the article's).
# Class/id words of a sliding box ("upk-alter-carousel", "swiper", "slick-slider"): one of
# teasers (three or more headline links) is a list of other stories, not text.
CAROUSEL_WORDS = frozenset({"carousel", "swiper", "slider", "slick", "owl", "glide", "splide"})
VIDEO_BOX_WORDS = frozenset({"video", "videos", "movie", "player", "media-video", "embed-video", "youtube"})

# Anchor names/ids where the comment thread starts (the body ends there).
COMMENT_ANCHORS = frozenset({"comments", "comment", "respond", "disqus_thread", "reply"})


# --- body: block filters
# Which lines are furniture, bylines, datelines, credits, contact lines or comments.

# Short lines that are page furniture wherever they appear.
# A page builder's layout column ("elementor-column", "wp-block-column", "et_pb_column"):
# the column beside the text's own is a sidebar, not the text going on.
LAYOUT_COLUMN = re.compile(r"(?:^|[-_])columns?(?:$|[-_])")
# A reporter's credit closing a Japanese or Chinese story, alone on its line: "（斎藤雅志）",
# "（記者・斎藤雅志）", "【浅川大樹、小川祐希】".
CJK_CREDIT_LINE = re.compile(
    r"[（(【](?:記者|记者|撮影|写真|文|编辑|編集)?[・·:：]?[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af、，,・ ]{2,24}[）)】]"
)
# Class tokens of text for screen readers only ("<span class=screen-reader-text>Author
# </span>"): no part of what the page shows.
# The same as a class token, CSS-module and styled-components forms too
# ("visually-hidden__hidden__2qXMW": Reuters' ", opens new tab" inside a link).
SCREEN_READER_CLASS = re.compile(
    r"^(?:u-)?(?:screen-reader(?:-text)?|sr-only|sr-text|visually-?hidden|element-invisible|show-for-sr|a11y-hidden)"
    r"(?:[_-]{1,2}[\w-]*)?$", re.I)
SCREEN_READER_CLASSES = frozenset({"screen-reader-text", "sr-only", "visually-hidden", "visuallyhidden",
                                   "screen-reader", "sr-text", "element-invisible", "show-for-sr"})
# A labelled credit line, anywhere in the article ("Автор: Ирина Соколова" among a news
# template's property lines under the text): the label says what the name is.
# (A comma too: the BBC's Simorgh pages label the byline "Author, " for screen readers.)
_AUTHOR_LABEL = (
    r"^(?:автор|авторы|author|authors|autor|autorin|autoren|auteur|auteurs|autore|autori|autorzy|yazar|"
    r"muhabir|text(?:\s+und\s+fotos?)?|fotos?\s+und\s+text|"
    # "Tekst en foto:", "Texte et photos :", "Texto y fotos:", "Testo e foto:", "Text and photos:"
    r"(?:tekst|texto|testo|texte|text)(?:\s+(?:en|et|y|e|and|&)\s+(?:foto|fotos|photo|photos|fotografie))?|"
    r"reporter|reporters|journalist|خبرنگار|نویسنده|گزارش|كاتب|مراسل|رپورٹ|رپورٹر|ዘጋቢ)\s*[:：,፡]"
)
AUTHOR_LABEL_START = re.compile(_AUTHOR_LABEL, re.I)
AUTHOR_LABEL = re.compile(_AUTHOR_LABEL + r"\s*(?P<names>\S.{1,58})$", re.I)
# Class/id words of where a labelled line is not the article's credit: comments, sidebars,
# widgets, other stories' teasers (an author box is: "Muhabir: A" in the box under the text).
ELSEWHERE_WORDS = frozenset({"comment", "comments", "commentlist", "respond", "reply", "replies", "disqus",
                             "sidebar", "widget", "widgets", "related", "relatedposts", "recirc", "teaser"})
# A wire dateline opening the text that names its reporters: Chinese "新华社武汉5月20日电
# （记者张伟、李娜）", Taiwanese "〔記者林佳穎／花蓮報導〕", Japanese "【ワシントン＝山田太郎】", Korean "(서울=연합뉴스) 김민수 기자 =".
DATELINE_CREDIT = re.compile(
    r"^[\s\u3000]*(?:"
    r"[^\s（(]{2,24}电[（(](?:记者|記者)\s*(?P<zh>[\u3400-\u9fff、，,· ]{2,30})[）)]"
    # Taiwan's papers: "〔記者林佳穎／花蓮報導〕", "〔記者A、B／台北報導〕"
    r"|[〔［\[]\s*(?:记者|記者)\s*(?P<tw>[\u3400-\u9fff、，,· ]{2,30})[／/][^〕］\]]{1,12}(?:報導|报导|報道|报道)[〕］\]]"
    r"|【[^】＝=]{1,12}[＝=](?P<ja>[\u3040-\u30ff\u3400-\u9fff、・ ]{2,30})】"
    r"|\([^)=]{1,12}=[^)]{1,12}\)\s*(?P<ko>[\uac00-\ud7af]{2,4}(?:[·,]\s*[\uac00-\ud7af]{2,4})*)\s*(?:기자|특파원)\s*="
    r")"
)
# A short name in a script without capitals (Chinese, Japanese, Korean) after a byline
# prefix ("文/李华"): the line is a byline, not a sentence.
CJK_NAME = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af·・ ]{2,12}")
# WordPress' post_class() on an element of post N ("post-4204"), and the body class of
# post N's own page ("postid-4230").
WP_POST_CLASS = re.compile(r"(?:^|\s)post-(\d+)(?=\s|$)")
# The post type of a theme builder's template, which wraps the page's own post in a
# "post-N" element of its own (tagDiv's cloud templates: <article class="post-1502
# tdb_templates type-tdb_templates">): the page's layout, never another post's teaser.
TEMPLATE_POST_TYPE = re.compile(
    r"(?:^|\s)type-(?:tdb_templates|elementor_library|wp_template|wp_template_part|wp_block|et_template|"
    r"ct_template|bricks_template|jet-theme-core|oxy_user_library|fl-theme-layout|thrive_template)(?=\s|$)")
WP_PAGE_POST_CLASS = re.compile(r"(?:^|\s)postid-(\d+)(?=\s|$)")
# A bare count above the text: claps, likes, shares, responses ("1.2K", "14").
COUNT_LINE = re.compile(r"\d[\d.,]*\s*[KkMm]?")
BOILERPLATE_LINE = re.compile(
    r"""^[\s\-–—_*•·|\[\]()]*(?:    # decoration around a label: "- Advertisement -", "[Anzeige]"
        share\ (?:this|on|the|via)\b.*|share!?|shares?\ \d+|tweet|like|pin\ it|
        read\ more\.?|read\ more\ (?:about|on|at|from)\b.*|continue\ reading.*|
        related(?:\ (?:articles?|posts?|stories|content|links|news))?\s*:?|
        (?:you\ (?:may|might)\ (?:also\ )?like|more\ (?:from|on)\ this).*|
        advertisement|advertisment|sponsored(?:\ content)?|
        # an ad slot's label between paragraphs (Postmedia's "Article content", Global News'
        # "Story continues below advertisement")
        article\ content|story\ continues\ (?:below|after)(?:\ (?:this\ )?(?:advertisement|ad))?|
        # a player's notice about the reader's browser ("Please use Chrome browser for a
        # more accessible video player", Sky; the <video> tag's fallback text)
        (?:please\ )?(?:use|switch\ to|upgrade\ to)\ (?:a\ |the\ |your\ )?(?:chrome|firefox|modern|supported|different|newer|latest)\b.{0,30}\bbrowser\b.{0,80}|
        your\ (?:web\ )?browser\ does\ not\ support\b.{0,80}|
        # a press release's label above its text
        for\ immediate\ release|embargoed\ until\b.{0,60}|
        # an audio player's label and loading text ("Listen to this article 6 min",
        # "Getting your Trinity Audio player ready...")
        listen\ to\ (?:this|the)\ (?:article|story)(?:\s*[·|•-]?\s*\d+\s*min(?:utes?|s)?\.?)?(?:\s+getting\ your\b.{0,40}\bready\W*)?|
        getting\ your\b.{0,40}\bplayer\ ready\W*|\d+\s*min(?:ute)?s?\.?|
        # a live blog's label (its entries' times stay: the blog's chronology)
        live(?:\ updates?)?|
        # a live blog's entry counter ("8 updates")
        \d+\ (?:new\ )?updates?|
        # the ad label in the languages of the news sites
        publicidad|publicité|publicite|anzeige|werbung|pubblicità|publicidade|advertentie|reklame|annonce|
        reklama|реклама|reklam|hirdetés|publicitate|διαφήμιση|advertorial|
        # reading time and counters: "7 min read", "Lesezeit: 3 Min.", "Hits: 1482", "2,301 views"
        \d+\s*min(?:ute)?s?\.?\s+(?:read|de\ lecture|de\ lectura|lesezeit|di\ lettura)
            (?:\s*[·|•,\-–—]\s*.{0,40}|(?-i:[A-Z0-9]).{0,40})?|
        (?:reading\ time|lesezeit|temps\ de\ lecture|tiempo\ de\ lectura|tempo\ di\ lettura)\s*:?\s*\d+.{0,20}|
        (?:hits|views|reads|aufrufe|zugriffe|visitas|vues|lecturas|visite|visualizzazioni)\s*:?\s*[\d.,]+\s*[km]?|
        [\d.,]+\s*[km]?\s+(?:views|reads|hits|aufrufe|visitas|vues|lecturas|visualizzazioni)|
        follow\ us\b.*|like\ us\ on\b.*|subscribe\b.{0,60}|sign\ up\b.{0,60}|
        # a messaging channel's promotion: "Join ST's Telegram channel and get the latest …"
        (?:join|follow)\b.{0,40}\b(?:telegram|whatsapp|signal|viber)\ (?:channel|community)\b.{0,100}|
        click\ here\b.{0,80}|print(?:\ this)?(?:\ (?:article|page|story))?|
        e-?mail(?:\ (?:this|to\ a\ friend))?(?:\ (?:article|page|story))?|
        (?:leave\ a\ |post\ a\ |add\ a\ )?(?:comments?|reply)(?:\ \(\d+\))?\s*:?|
        tags?\s*:.*|filed\ under\b.*|posted\ in\b.*|categor(?:y|ies)\s*:.*|
        back\ to\ top|top\ of\ page|(?:text|font)\ size\b.{0,40}|trackbacks?(?:\ ?\(\d+\))?|next\ (?:article|post|story)\b.*|
        previous\ (?:article|post|story)\b.*|about\ (?:the\ )?author|
        (?:photo|image|picture)\s*(?:credit)?\s*:.*|
        copyright\b.*|©.*|all\ rights\ reserved.*|
        (?:show|see|load)\ more|
        # where a paginated story is: "Page 1 of 3", "Seite 1 von 3", "Página 1 de 3"
        (?:page|seite|página|pagina|strona|strana|страница)\ \d+\ (?:of|von|sur|de|di|van|z|из)\ \d+|
        # the responsible editor's credit closing a Chinese story ("责任编辑：王小明")
        (?:责任编辑|責任編輯)\s*[:：].{0,30}|
        # a newsroom's tip line: "Got a story? Email …", "Do you have a news tip? Call …"
        (?:got|have|do\ you\ have)\ (?:a\ )?(?:story|news\ tip|tip|news\ story)(?:\ (?:for\ us|idea))?\?.{0,100}|
        # the same "read more"/"show more" buttons in other languages of the news sites
        weiterlesen|mehr\ (?:anzeigen|lesen|erfahren)|lire\ la\ suite|en\ savoir\ plus|voir\ plus|
        leer\ más|ver\ más|seguir\ leyendo|continua\ a\ leggere|leggi\ (?:tutto|di\ più)|
        lees\ meer|meer\ lezen|
        # an embed's placeholder, left where a script would put the player or the post
        loading(?:\.\.\.|…)?|loading\ \w+\ content|duration:?\ \d[\d:]*(?:\ \w+(?:\ \d+\ \w+)?)?|
        # a paginated story's table of contents heading (its links go as a link list)
        table\ of\ contents|inhaltsverzeichnis|sommaire|índice|indice|spis\ treści|содержание|目次|目录|目錄
    )[\s\-–—_*•·|\[\]()]*$""",
    re.I | re.X,
)

# A byline or meta line ("By Jane Doe", "Written by ...", "Posted on DATE"). Whether a
# byline goes depends on where it is (right under the headline, or equal to the page's
# own byline), not on its words: "BY JANE DOE MP" opening a letter is text.
BYLINE_START = re.compile(
    r"^(?:by|posted|published|updated|written\ by|last\ updated|story\ by|report(?:ed)?\ by)\b",
    re.I | re.X,
)
# A meta line that is a timestamp ("Posted on 12 June", "Updated: 10:32"), never prose.
TIMESTAMP_START = re.compile(r"^(?:posted|published|updated|last\s+updated|modified)\b", re.I)
# Month names in a dateline.
MONTH_NAME = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"

DATELINE = re.compile(
    rf"^[\w ,.:|/-]{{0,40}}\b(?:\d{{1,2}}\s+{MONTH_NAME}|{MONTH_NAME}\s+\d{{1,2}})\b[\w ,.:|/-]{{0,40}}$"
    rf"|^\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}\b.{{0,30}}$",
    re.I,
)
# A wire-style dateline on a line of its own: "LONDON —", "PARIS (Agency) --".
PLACE_DATELINE = re.compile(r"^[A-Z]{2}[A-Z .,'/-]{0,40}(?:\s*\([^()]{1,40}\))?\s*(?:--|[-\u2013\u2014:])+$")
# A date or time inside a line ("June 12, 2024", "12th June", "2008-01-17", "10:32").
HAS_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH_NAME}|{MONTH_NAME}\s+\d{{1,2}})\b|\b\d{{1,2}}:\d\d\b"
    r"|\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b"
    r"|\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{4}\s*년\s*\d{1,2}\s*월",  # CJK dates
    re.I,
)
# The words of a date line that are part of the date: days, months, am/pm, "at", "on",
# and time zones (two to four capitals).
DATE_WORDS = re.compile(
    rf"^(?:{MONTH_NAME}|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?|[ap]\.?m\.?|at|on|of|the)$"
    r"|^[A-Z]{2,4}$",
    re.I,
)
# Words of a byline line that are not names: the byline prefixes, joiners, titles.
BYLINE_FILLER = frozenset(
    """by and the of for with from in at on written story reported report posted published
    updated last staff writer reporter correspondent editor""".split()
)

# Contact / follow lines of a site footer: "Label: URL", "Twitter: @handle", e-mails.
CONTACT_LINE = re.compile(
    r"https?://|www\.\w|\[email\s*protected\]|\b[\w.+-]+@[\w-]+\.\w|(?:^|\s)@\w{2,}"
    r"|^(?:facebook|twitter|instagram|youtube|linkedin|tiktok|whatsapp|email|e-mail|"
    r"tel|telephone|phone|visit|contact(?: us)?|website|web)\b\s*[:.]",
    re.I,
)

# "Label: value" lines of a contact footer.
CONTACT_LABEL = re.compile(r"^[\w .'&-]{2,30}:\s*\S")

# A heading that opens the comment section ("12 Comments", "Leave a Reply", ...).
COMMENT_HEADING = re.compile(
    r"^(?:\d+\s+)?(?:reader'?s'?\s+|user\s+|your\s+|show\s+|view\s+(?:all\s+)?)?"
    r"(?:comments?|responses?|replies|reactions)(?:\s*\(\d+\))?\s*:?$"
    r"|^(?:leave|post|add|write|submit)\s+(?:a|your)\s+(?:reply|comment|response)\b"
    r"|^comments?\b.{0,30}\bclosed\b"
    r"|^(?:\d+\s+)?(?:thoughts|responses)\s+on\s+",
    re.I,
)

# The signature line of one comment: "Posted by: Jane | January 14, 2008 06:24 PM",
# "By Jane on 14 Jan 2008 at 6pm" (a name and a date: two or more mark a thread).
COMMENT_SIGNATURE = re.compile(
    r"^(?:posted|written|submitted|commented|added|sent)\s+by\b.{0,80}\d"
    r"|^by\s+\S.{0,60}(?:\||\bon\b|\bat\b).{0,40}\d",
    re.I,
)

# Words of a heading over readers' comments.
THREAD_HEADING_WORDS = re.compile(r"comment|reader|reaction|responses|discussion", re.I)

# A photo caption ends with a credit: "(Jane Doe / Agency)", "(Photo: ...)", "(File)",
# or starts with one ("Photo: ...").
CAPTION_CREDIT = re.compile(
    r"\((?:[^()]{0,60}/[^()]{0,60}|[^()]{0,40}\b(?:photo|photograph|images?|pic(?:ture)?|"
    r"file|credit)\b[^()]{0,40})\)\s*$|^(?:photo|image|picture)s?\s*(?:credit)?\s*:"
    r"|\b(?:photo|photograph|picture|image)s?\s+(?:by|courtesy|credit)\b[^.]{0,50}$"
    r"|©[^.]{2,50}$|^(?:above|below|left|right|top|pictured|inset|main\s+picture)\s*:",
    re.I,
)

# The story's own credit line after its text, kept though it is short and ends no
# sentence: "With files from Radio-Canada", "Reporting by Jane Doe", "Additional
# reporting by …", "Avec AFP", "Mit Material von dpa", "Con información de EFE" (not
# "Written by A": the byline again).
STORY_CREDIT_LINE = re.compile(
    r"^[(—–-]?\s*(?:with\s+files\s+from|(?:additional\s+)?reporting\s+(?:by|from)|"
    r"(?:compiled|edited)\s+by|avec\s+(?:l['’])?(?:afp|reuters|ap)\b|mit\s+material\s+von|"
    r"con\s+informaci[óo]n\s+de|with\s+(?:wire|agency)\s+reports?|with\s+(?:a\s+)?reports?\s+from|"
    r"with\s+(?:aap|ap|afp|reuters|pa|agencies|the\s+canadian\s+press)$)\b",
    re.I,
)
# Rights notices and rules after an article: "© 2008 ...", "All rights reserved", "This
# material may not be published ...", a line of dashes. Credit lines that are part of
# the article ("(Reporting by ...)", "... contributed to this report") are text.
# Where the story ran in the paper: "A version of this article appears in print on Feb. 3,
# 2020, Section A, Page 1 of the New York edition with the headline: …", "This article
# appeared in the South China Morning Post print edition as: …".
PRINT_EDITION_LINE = re.compile(
    r"^(?:a\s+version\s+of\s+)?this\s+(?:article|story)\s+(?:first\s+|also\s+)?appear(?:s|ed)\s+in\s+"
    r"(?:print\b|the\s+.{0,60}?\bprint\s+edition\b)", re.I)
# A writer's name alone on the last line: one to three capitalised words, maybe after a
# dash ("— Carmen", "Marguerite", "J. Hill").
SIGNATURE_NAME = re.compile(r"^(?:[—–-]\s*)?(?-i:[A-Z][\w.'’-]*)(?:\s+(?-i:[A-Z][\w.'’-]*)){0,2}$")
# The office of a person signing a notice, a newsletter or a letter off under its text
# ("Pauline Danby" / "Parish Clerk", "— J. Hill, Secretary, Ashcombe Footpaths Group").
SIGNATORY_ROLE = re.compile(
    r"\b(?:clerk|head\s?teacher|head\s+of\s+school|principal|chair(?:man|woman|person)?|secretary|treasurer|"
    r"president|mayor|councill?or|director|manager|co-?ordinator|officer|vicar|rector|captain|"
    r"chief\s+executive|founder|organi[sz]er|trustee|convenor|warden)\b", re.I)
# What a comment piece closes with, after its text: the writer's bio ("Hannah Colquhoun is
# a writer and former bus driver…": a name the byline names, then "is"; not a possessive:
# "Hannah Roe's reporting is funded by…" is a credit line of the text), the paper's
# disclaimer ("The views expressed in this article are the author's own"), its call for
# letters ("Do you have an opinion on the issues raised in this article? … letters section")
# and "Follow The New York Times Opinion section on Facebook…".
BIO_LINE = re.compile(r"^(?P<name>[^\W\d_][\w.'’-]*(?<!['’]s)(?:\s+[^\W\d_][\w.'’-]*(?<!['’]s)){0,4}?)\s+"
                      r"(?:is|was|are|were|est|était|es|era|ist|war|è|é|jest|er|är)\s+\S")
REPORTER_CREDIT = re.compile(r"^\S+(?:\s+\S+){0,4}?\s+(?:is|was)\s+(?:the|a|an|our)\s+(?:[\w-]+\s+){0,4}?"
                             r"(?:reporter|correspondent)s?\b", re.I)
OPINION_CLOSING_LINE = re.compile(
    r"^(?:the\s+)?(?:views|opinions)\s+expressed\b.{0,160}\b(?:author|writer|contributor)s?['’]?s?\b"
    r"|^(?:the\s+)?views\s+expressed\s+(?:above\s+|here\s+)?are\s+(?:the\s+)?(?:author['’]s|personal|their)\b"
    r"|^this\s+(?:editorial|column|article|piece)\s+(?:represents|reflects|is)\s+the\s+(?:opinion|view)s?\s+of\b"
    r"|(?=.{0,300}\bletters?\b)(?=.{0,300}\b(?:submit|send\s+(?:us|a)|e-?mail|considered\s+for\s+publication|"
    r"publishing\s+a\s+diversity)\b)^(?:do\s+you\s+have|have\s+your\s+say|the\s+\w+(?:\s+\w+)?\s+is\s+committed|"
    r"we\s+(?:welcome|invite|want\s+to\s+hear)|if\s+you\s+(?:would\s+like|want|have))"
    r"|^follow\s+(?:the\s+)?[\w\s.&'’-]{0,60}?\bon\s+(?:facebook|twitter|x|instagram|linkedin|threads|bluesky|whatsapp)\b",
    re.I)
# A press release's end mark, alone on its line: "ENDS" (UK, in capitals), "###" (US),
# "-30-" (the newsroom's): what follows it is for editors.
RELEASE_END_MARK = re.compile(r"^[\s*\-–—]*(?:(?-i:ENDS?|Ends)|#\s?#\s?#|-\s?30\s?-)[\s*\-–—.]*$", re.I)
# The paper's appeal for support closing the text: "If you value what this story gives you,
# please consider supporting the Eastern Daily Press", "Our journalists work hard to
# provide local, up-to-date news…", "Support independent journalism: become a member".
SUPPORT_APPEAL_LINE = re.compile(
    r"^(?=.{0,400}$)(?:our\s+journalists\s+work\s+hard\b|"
    r"(?:if\s+you\s+(?:value|appreciate|enjoy(?:ed)?|like)|please\s+(?:consider\s+)?(?:support|subscrib|donat)|"
    r"support\s+(?:local|independent|quality|our|public[- ]interest)|"
    r"help\s+(?:us|support)|we\s+rely\s+on|become\s+a\s+(?:member|subscriber|supporter|patron|insider))\b"
    r"(?=.{0,300}\b(?:journalism|journalists?|newsroom|reporting|local\s+news|this\s+(?:story|article)|"
    r"subscri\w+|donat\w+|support\w*)\b))", re.I)
RIGHTS_LINE = re.compile(
    r"^\(?(?:\(c\)|©)|\bcopyright\b|all\s+rights\s+reserved|^[_\-=*~.]{2,}$"
    r"|\bmay\s+not\s+be\s+(?:re)?(?:published|printed|broadcast|distributed|produced|"
    r"rewritten|redistributed)"
    r"|\bwithout\s+(?:the\s+)?(?:prior\s+)?(?:written\s+)?permission\b"
    # "all rights reserved" and "no copying without permission" in the languages of the
    # news sites: de, fr, es, it, pt, nl, pl, ru, tr; ko, ja, zh
    r"|alle\s+rechte\s+vorbehalten|tous\s+droits\s+r[ée]serv[ée]s|todos\s+los\s+derechos\s+reservados"
    r"|prohibida\s+su\s+reproducci[óo]n|(?:tutti\s+i\s+diritti|riproduzione)\s+riservat[ia]"
    r"|todos\s+os\s+direitos\s+reservados|alle\s+rechten\s+voorbehouden|wszelkie\s+prawa\s+zastrze[żz]one"
    r"|все\s+права\s+защищены|t[üu]m\s+haklar[ıi]\s+sakl[ıi]d[ıi]r|izin\s+al[ıi]nmadan"
    r"|저작권자|무단\s*전재|無断(?:転載|複製)|版[权權]所有|未[经經](?:授[权權]|許可|许可)|禁止[转轉]载|不得[转轉]载",
    re.I,
)

# A heading that opens a box of other stories after the article.
MORE_STORIES_HEADING = re.compile(
    r"^(?:also\s+in|more\s+(?:in|from|on|stories|news)|related(?:\s+(?:stories|articles|"
    r"links|content|news|coverage|posts|to\s+this\s+story))?|see\s+also|recommended|"
    r"most\s+(?:popular|read|viewed|emailed|commented)|you\s+(?:may|might)\s+also\s+like|"
    r"elsewhere\s+on|other\s+stories|top\s+stories|"
    # the author's bio box after the text, in several languages
    r"about\s+the\s+author|über\s+(?:die\s+autorin|den\s+autor)|à\s+propos\s+de\s+l['’]auteur|"
    r"sobre\s+(?:el|la|o|a)\s+autora?|l['’]autore|over\s+de\s+auteur|o\s+autor(?:ze|ce)|об\s+авторе|"
    r"yazar\s+hakkında)(?!\w)",
    re.I,
)


# --- titles and authors ----------------------------------------------------------------------

# Separators between a headline and a site name, a section or an appended excerpt in a
# <title>/og:title ("Site: Headline", "Headline | Site", "Headline - Section - Site").
TITLE_SEPARATORS = r"(?:\s*\|\s*|\s+[»«·•]\s+|\s*::\s*|\s*:\s+|\s+(?:[-–—~/>]|--)\s+)"
# Decoration around a whole title: "=> Headline <=", "» Headline".
TITLE_DECORATION = re.compile(r"^[=<>|:*~•·»\-–—]{1,3}\s+|\s+[=<>|:*~•·«\-–—]{1,3}$")
# A date in brackets after a headline ("Headline (14/01/2008)"): the page's date, shown
# in the heading by old templates, not part of the headline.
TITLE_TRAILING_DATE = re.compile(
    rf"\s*[(\[]\s*(?:\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}|\d{{1,2}}\.?\s+{MONTH_NAME}\s+\d{{4}}"
    rf"|{MONTH_NAME}\s+\d{{1,2}},?\s+\d{{4}})\s*[)\]]\s*$",
    re.I,
)
# Query parameters of share links ("digg.com/submit?url=URL&title=TITLE", Facebook's
# "sharer.php?u=", Twitter's "intent/tweet?url=…&text=…"): the page's address, its title.
SHARE_URL_PARAMS = ("url", "u", "link")
SHARE_TITLE_PARAMS = ("title",)
# A label of the kind of story, put before or after the headline in <title>/og:title
# ("Opinion | HEADLINE", "HEADLINE - Analysis", "Live: HEADLINE").
STORY_LABEL = re.compile(
    r"(?:opinion|analysis|review|editorial|commentary|column|guest\s+column|letters?|live|live\s+updates|"
    r"video|watch|podcast|photos|gallery|obituary|explainer|interview|fact\s+check|perspective|essay|"
    r"breaking(?:\s+news)?|sponsored|advertorial|meinung|kommentar|analyse|tribune|opinión|opinião|"
    r"opinione|commento|editoriale|éditorial|entretien|reportage)",
    re.I,
)
# The full stops of scripts with their own: Armenian "։", Ethiopic "።", the Indic danda
# "।" and "॥", Urdu "۔" and the Arabic question mark "؟", Myanmar "။", Khmer "៕" (for
# character classes of the sentence-end patterns).
SCRIPT_FULL_STOPS = "։።।॥۔؟။៕"
# A paragraph that closes a sentence (the header region's cut: a byline or date line
# closes none). Not ":" or a dash, which end labels.
CLOSES_SENTENCE = re.compile(r"[.!?\"'”’。！？」』）" + SCRIPT_FULL_STOPS + r"]\s*$")
# A date line whose full stop is its time's ("September 17, 2012, 7:32 p.m."): a year in
# it and an a.m./p.m. time at its end; no sentence.
DATE_LINE_AMPM_END = re.compile(r"^(?=.*\b(?:19|20)\d\d\b).{0,50}\b\d{1,2}(?:[:.]\d\d)?\s*[ap]\.m\.\s*$", re.I)
# The separator characters, for "does this text end or start at a separator?". Also a
# quote standing alone between spaces: titles are compared in a folded form where "»"
# and "«" are '"', and "Headline » Local » News" must still split at them.
TITLE_SEPARATOR_END = re.compile(r"(?:[:|»«·•>/~]|\s[-–—]|--|\s\"\s+)\s*$")
TITLE_SEPARATOR_START = re.compile(r"^\s*(?:[:|»«·•>/~]|[-–—]\s|--)|^\s+\"\s")
# A title ending like this was cut: "Headline …", "Headline [...]", "Headline:".
TITLE_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…|\[(?:…|\.\.\.|&hellip;)\]|&hellip;)\s*$")
TITLE_DANGLING = re.compile(r"\s*(?:[:|·•,;(/~]|[-–—]|--)\s*$")
# Class tokens of a heading that is the site's logo or name, never the article's headline.
SITE_TITLE_CLASSES = frozenset({
    "site-title", "site-name", "site-logo", "logo", "brand", "navbar-brand", "blog-title",
    "blog-name", "site-branding", "masthead", "header-title", "site-description",
})
# Class/id words of an element holding the article's headline on pages without an h1
# ("headline", "article-title", "storyTitle", "entry-title", "contentheading"…).
HEADLINE_CLASS = re.compile(
    r"headline|hdln|(?:article|story|post|entry|news|content|page)[-_]?(?:title|heading|head)\b",
    re.I,
)
# Class/id of an element that may hold a headline on an old template (any "title",
# "heading", "header..." or "headline" in it): looked for only just above the text's
# first paragraph, when the page states its title nowhere else.
HEADLINE_ISH_CLASS = re.compile(r"title|head(?:line|ing|er)?|hdln", re.I)
# Class/id words of headline-like elements that are not the headline.
NOT_HEADLINE_CLASS = re.compile(r"sub|kicker|section|widget|related|teaser|promo|more|date", re.I)
# Class/id of the page's top band (logo, site name, navigation): a heading there is the
# site's, not the article's. "entry-header"/"post-header"/"article-header" are the article's.
SITE_HEADER = re.compile(
    r"(?:^|\s)(?:site|page|global|main|top|blog)?[-_]?header(?:\s|$)|masthead|branding|banner",
    re.I,
)
# Words a site name carries besides its domain ("The Bay Daily Online", "baydaily.com").
SITE_NAME_FILLERS = re.compile(r"^(?:the|www)|(?:online|website|com|net|org|co|uk|news)$")

# Byline prefixes, per language: "By", "Written by", "Par", "Von", "Por", "Di", "Door",
# "Av", "Af", "Autor:"… (matched case-insensitively at the start of a byline).
BYLINE_PREFIXES = {
    "en": (r"(?:posted|written|words|reported|published|story|text|article|compiled|reporting|"
           r"photos?|interview|edited|produced|opinion|analysis|commentary|column|review|"
           r"essay|perspective)\s+by", r"by", r"words\s*:", r"authors?\s*:",
           r"reporter\s*:", r"from\s*:", r"writer\s*:", r"byline\s*:"),
    "fr": (r"(?:écrit|publié|rédigé|propos\s+recueillis)\s+par", r"par", r"auteure?s?\s*:"),
    "de": (r"(?:geschrieben|text|ein\s+(?:beitrag|artikel))\s+von", r"von", r"autor(?:in|en)?\s*:",
           r"text\s+und\s+fotos?\s*:", r"fotos?\s+und\s+text\s*:"),
    "es": (r"(?:escrito|publicado|redactado)\s+por", r"por", r"autora?\s*:", r"texto\s*:"),
    "pt": (r"(?:escrito|publicado)\s+por", r"por"),
    "it": (r"(?:scritto|pubblicato)\s+da", r"a\s+cura\s+di", r"di", r"autore\s*:"),
    "nl": (r"(?:geschreven|gepubliceerd)\s+door", r"door", r"auteur\s*:"),
    "sv": (r"(?:skriven|publicerad)\s+av", r"av", r"text\s*:", r"författare\s*:"),
    "no": (r"(?:skrevet|publisert)\s+av", r"av", r"tekst\s*:"),
    "da": (r"(?:skrevet|udgivet)\s+af", r"af", r"tekst\s*:"),
    "pl": (r"przez", r"autor(?:ka)?\s*:", r"tekst\s*:"),
    "ru": (r"автор(?:ы)?\s*:", r"текст\s*:"),
    "tr": (r"yazan\s*:", r"muhabir\s*:"),
    "id": (r"oleh", r"penulis\s*:"),
    "he": (r"מאת",),
    "ar": (r"بقلم", r"كتب(?:ت|ه)?", r"إعداد"),
    "th": (r"โดย", r"ผู้เขียน\s*:"),
    "hi": (r"द्वारा", r"लेखक\s*:"),
    "vi": (r"tác\s+giả\s*:",),
    # "文/李华", "文：山田太郎": text by (no space after the mark)
    "zh": (r"(?:撰)?文\s*[/／:：]",),
}
_ALL_PREFIXES = sorted({p for ps in BYLINE_PREFIXES.values() for p in ps}, key=len, reverse=True)
# "By " and its translations, then optional punctuation. The short words ("di", "av",
# "af", "von", "por", "par", "door") also start ordinary text: what follows must be a name,
# which the caller checks.
BYLINE_PREFIX = re.compile(r"^(?:" + "|".join(_ALL_PREFIXES) + r")(?:\s*[:\-–—])?(?:\s+|$|(?<=[/／:：]))", re.I)
# Words joining names: "A and B", "A und B", "A et B", "A y B", "A & B"… The ones that
# are also names or name parts in another language ("Dan", "Na", "Ja") join only in
# lower case.
NAME_JOINERS = re.compile(r"\s+(?:and|und|et|y|e|en|och|og|i|és|with|avec|mit|con|и|și|şi|và|και|"
                          r"(?-i:na|dan|ve|ja))\s+|\s*[&;+]\s*|\s*、\s*", re.I)
# Class/id words of an article's own footer (where some themes put "Published DATE By A").
ARTICLE_FOOTER_WORDS = frozenset({"entry-footer", "post-footer", "article-footer", "story-footer",
                                  "postmetadata"})  # (Kubrick: "This entry was posted on DATE at TIME")
# Class/id words of an article's meta line or box ("entry-meta", "article-info"): above
# the text, one that holds the byline or the date is the credit line, not text.
META_BLOCK_WORDS = frozenset({"meta", "info", "postmeta", "entrymeta", "metadata"})
# Class/id words of byline elements. The words of "credit" and "meta" classes are also
# used by photo credits and date lines: those count only when their text is a byline.
BYLINE_CLASS_WORDS = frozenset({"byline", "bylines", "byl", "author", "authors", "writer", "writers",
                                "reporter", "contributor", "contributors", "autor", "auteur",
                                "autore", "journalist", "creator", "by"})
BYLINE_WEAK_CLASS_WORDS = frozenset({"credit", "credits", "signature", "attribution", "posted",
                                     "meta", "source"})
# Class/id words of author elements that are not this article's credit line.
NOT_BYLINE_CLASS_WORDS = frozenset({"bio", "box", "avatar", "image", "img", "photo", "picture",
                                    "description", "desc", "about", "follow", "social", "twitter",
                                    "more", "other", "list", "tab", "card", "info", "profile",
                                    "caption", "comment", "comments", "tweet"})
# WordPress post classes naming the post's terms ("tag-fan-contributor", "category-authors"):
# an element with them is the post, not its byline.
# ("post-author", "post-byline" are bylines: Blogger's "post-author vcard".)
TAXONOMY_CLASS = re.compile(r"(?:^|\s)(?:tag|category|categories|format|status|type|post(?!-(?:author|byline)))-\S",
                            re.I)
# Job titles after a name: "Jane Doe, Chief Reporter", "Jane Doe, Korrespondentin".
_JOB_NOUNS = (r"(?:reporter|correspondent|writer|journalist|editor|columnist|contributor|"
              r"photographer|producer|analyst|intern|correspondant|journaliste|envoyée?|"
              r"corresponsal(?:e)?|periodista|redactora?|enviad[oa]|verslaggever|redacteur)s?")
# The job itself ("Political Editor", "Granada Reports Correspondent" before a name).
JOB_NOUN = re.compile(_JOB_NOUNS, re.I)
JOB_WORDS = re.compile(
    # People, singular or plural ("Staff Writers", "Envoyés spéciaux"), then the words
    # that qualify them.
    r"\b(?:" + _JOB_NOUNS + r"|"
    r"chief|senior|staff|political|news|sports?|business|health|education|crime|local|"
    r"democracy|head|director|manager|freelance|community|features?|"
    r"digital|deputy|assistant|associate|reader|letter|agency|press|desk|team|service|"
    # the beat or region before the job ("Western Correspondent", "Transport Editor")
    r"foreign|regional|western|eastern|northern|southern|environment(?:al)?|transport|security|"
    r"defen[cs]e|legal|science|technology|courts|affairs|industry|energy|property|motoring|travel|"
    r"culture|arts|media|economics|economy|markets|finance|investigations?|investigative|weather|"
    r"entertainment|lifestyle|"
    r"rédact\w*|spécia(?:l|le|ux)|chroniqueu\w+|redakteur\w*|korrespondent\w*|autor\w*|"
    r"redaktion|giornalist[ai]|inviat[oaie]|redazione)\b",
    re.I,
)
# The last word of a publication's name ("Los Angeles Times", "The Daily Herald"): after a
# comma in a byline ("Jane Doe, Los Angeles Times") it is where the reporter works.
PUBLICATION_NAME = re.compile(
    r"\b(?:times|post|news|press|herald|journal|tribune|gazette|telegraph|guardian|mail|"
    r"chronicle|magazine|review|observer|independent|mirror|express|standard|courier|bulletin|"
    r"dispatch|examiner|globe|inquirer|register|sentinel|daily|weekly|today|media|network|"
    r"radio|tv|television|zeitung|quotidien|diario|periódico|giornale|krant|tidning|avis|"
    # (the US and British papers' other names: "Prairie Beacon", "Kansas City Star")
    r"beacon|star|record|leader|echo|argus|advertiser|enquirer|ledger|mercury|monitor|citizen|"
    r"statesman|gleaner|spectator|bee|blade)$",
    re.I,
)
# Where the writers work, closing a byline: "By A and B of the Journal Sentinel", "… of
# The Boston Globe", "… of Reuters" (taken off when "the" opens it, it ends in a newspaper
# word or names an agency).
OF_PUBLICATION = re.compile(r"\s+of\s+(?P<the>the\s+)?(?P<pub>[A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,4})\s*$",
                            re.I)
# News agencies: credited only when no person is.
WIRE_AGENCIES = re.compile(
    r"^(?:afp|ap|associated\s+press|the\s+associated\s+press|reuters|thomson\s+reuters|dpa|"
    r"efe|agencia\s+efe|ansa|pa|pa\s+media|press\s+association|bloomberg|upi|xinhua|kyodo|"
    # the BBC-funded service whose reporters' copy UK local papers share
    r"local\s+democracy\s+reporting(?:\s+service)?|ldrs|"
    r"aap|anp|tt|ntb|ritzau|europa\s+press|agence\s+france[-\s]presse|kna|epd|apa|sda|"
    r"keystone-sda|belga|lusa|yonhap|anadolu|interfax|tass|ria\s+novosti|pti|ians|cna|"
    r"canadian\s+press|the\s+canadian\s+press|cp|sapa|ap\s+photo|agencies|wire\s+services?|"
    r"news\s+agencies|agences?|agenturen|agencias|dpa-afx|afp/ap|ap/afp|"
    r"jiji|jiji\s+press|kyodo\s+news|stt|pap|[cč]tk|mti|bta|tnn|bernama|ag[eê]ncia\s+brasil|"
    # In their own scripts: Xinhua, China News Service, Kyodo, Jiji, Yonhap, Newsis, TASS.
    r"新华社|新華社|中新社|中国新闻社|共同通信|共同通信社|時事通信|時事通信社|연합뉴스|뉴시스|тасс|риа\s+новости)$",
    re.I,
)
# Dates, times and their words in a byline line: everything from here on is not a name.
BYLINE_CUT = re.compile(
    r"(?:\b(?:updated|published|posted|last\s+updated|modified|aktualisiert|veröffentlicht|"
    r"publié|mis\s+à\s+jour|actualizado|publicado|aggiornato|pubblicato|bijgewerkt|"
    r"gepubliceerd|uppdaterad|publicerad|oppdatert|publisert|opdateret|udgivet)\b"
    r"|\b(?:on|at|le|am|el|il|op|den|på)\s+(?=[^,;|•]{0,14}\d)"
    r"|\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b\.?,?\s+\d"
    r"|\b\d{1,4}[/.\-]\d{1,2}(?:[/.\-]\d{1,4})?\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|"
    r"janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc|januar|februar|märz|juni|juli|"
    r"oktober|dezember|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|"
    r"noviembre|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|"
    r"dicembre)[a-zéû]*\b"
    r"|\b\d{1,2}:\d\d\b)",
    re.I,
)
# Where a byline goes on to say where the reporter is, or whom they write for: "By Jane Doe
# in London", "Par Jean Dupont à Toulouse", "Priya Raman for Lumen Labs", "Jane Doe For
# Mailonline" (title-case bylines; case-sensitive otherwise: a place or a publication is
# capitalised).
BYLINE_PLACE = re.compile(r"\s+(?:in|à|for|For|pour)\s+(?=[A-ZÀ-Þ])")
# Pieces of a byline line that are never names: bullets, bars, relative times ("8h",
# "2 hours ago", "vor 3 Stunden"), reading times, e-mails, handles, URLs.
# (A slash after 文 is the "text by" mark, "文/李华"; a full-width one splits as "/" does;
# Arabic writes the dash as a run of tatweels, "أحمد عاطف ــ دبي"; a CJK photo credit,
# "写真：…", "摄影/…", starts a piece.)
BYLINE_SPLIT = re.compile(r"\s*(?:[|•·▪◦●∙]|(?<!文)[/／])\s*|\s+(?:[-–—]|ـ{2,})\s+|\s*\n\s*"
                          r"|\s+(?=(?:写真|撮影|摄影|攝影|图|圖)\s*[/／:：])")
RELATIVE_TIME = re.compile(
    r"^(?:\d+\s*(?:s|m|h|d|w|mo|y|sec|secs|min|mins|hr|hrs|hours?|days?|weeks?|months?|years?|"
    r"minutes?|seconds?|std|stunden?|tagen?|jours?|heures?|horas?|días?|ore|giorni|uur|dagen|"
    r"timmar|dagar|timer|dage)\.?(?:\s+ago)?|(?:vor|il\s+y\s+a|hace|fa)\s+\d+.*|just\s+now|"
    r"yesterday|today|\d+\s+min(?:ute)?s?\s+read|\d+\s*(?:min|minute)\s+read)$",
    re.I,
)
# A relative time shown instead of the date ("3 hours ago", "vor 2 Stunden", "il y a 3
# heures", "hace 2 horas"): the date itself may be in the element's tooltip.
RELATIVE_AGO = re.compile(
    r"\b(?:ago|vor\s+\d|il\s+y\s+a|hace\s+\d|há\s+\d|just\s+now|\d+\s+\w+\s+fa|geleden|temu|назад|önce|lalu"
    r"|trước)\b|\d+\s*(?:分|分钟|分鐘|小时|小時|時間|日|天)前|\d+\s*(?:분|시간|일)\s*전",
    re.I,
)
EMAIL = re.compile(r"\S+@\S+\.\w+")
HANDLE_OR_URL = re.compile(r"(?:^|\s)@\w+|https?://\S+|\bwww\.\S+|\b[\w-]+\.(?:com|org|net|co\.uk)\b", re.I)
# Lowercase name particles: "Ludwig van Beethoven", "Maria de la Cruz", "bin Salman".
NAME_PARTICLES = frozenset({"de", "da", "das", "do", "dos", "di", "del", "della", "der", "den",
                            "van", "von", "zu", "la", "le", "du", "des", "bin", "ibn", "al", "el",
                            "y", "e", "ter", "ten", "af", "av", "st", "mc", "o'", "d'"})
# A byline prefix glued to the name ("ByJane Doe": a label span and a name span with no
# space between them). Case-sensitive: "Byron" is a name.
BYLINE_GLUED_PREFIX = re.compile(r"^(By|BY|Par|PAR|Von|VON|Por|POR)(?=[A-Z][a-z])")
# A company's legal form after a comma ("Brightwater Foods, Inc."): part of its name,
# not a second name.
CORPORATE_SUFFIX = re.compile(
    r"(?:Inc|Ltd|LLC|L\.L\.C|Corp|Co|plc|PLC|GmbH|S\.A|N\.V|B\.V|S\.p\.A|Pty\.?\s+Ltd)\.?"
)
# A writer's page in other languages: Turkish "muhabir" (reporter), "yazar" (writer),
# Spanish/Portuguese/Italian/French journalists, German "Redakteur", Indonesian "penulis".
_WRITER_PAGE_WORDS_OTHER = (r"muhabir|muhabirler|yazar|yazarlar|periodistas?|jornalistas?|giornalist[ai]|"
                            r"journalistes?|redakteure?|penulis|wartawan")
# A link to a person's page on the site ("/author/jane-doe/", "/staff/jane-doe"): the
# credit of a byline that lists its names as separate links.
AUTHOR_PAGE_PATH = re.compile(
    r"/(?:author|authors|staff|people|person|profile|profiles|journalists?|reporters?|contributors?"
    r"|writers?|autor|autoren|auteurs?|autore|autori|redaktion|" + _WRITER_PAGE_WORDS_OTHER + r")/[^/?#]+",
    re.I,
)
# The same, by the words that name a writer's page only (not "people" or "profile", which
# also name sections and accounts): links found outside any byline element.
WRITER_PAGE_PATH = re.compile(
    r"/(?:author|authors|journalists?|reporters?|writers?|autor|autoren|auteurs?|autore|autori|"
    + _WRITER_PAGE_WORDS_OTHER + r")/[^/?#]+",
    re.I,
)
# A job word written onto a name in Chinese and Japanese, without a space ("佐藤健一記者",
# "记者 王小明"): the reporter, the correspondent.
CJK_JOB = re.compile(r"^(?:特約|特约)?(?:記者|记者|通讯员|通訊員|特派員|特派员)\s*|\s*(?:記者|记者|特派員|特派员|通讯员|通訊員|기자|특파원)$")
# Japanese particles: no name starts with one ("記者の目" is "the reporter's eye").
JA_PARTICLES = frozenset("のはがをにへとでもや")
# Another credit than the story's: photos, video, graphics, editing ("Story by A • Photos
# by B": B is the photographer).
OTHER_CREDIT = re.compile(
    r"\b(?:photos?|photographs?|photography|pictures?|images?|videos?|illustrations?|graphics?|"
    r"editing|edited|design)\s+by\b|(?:写真|撮影|摄影|攝影)\s*[:：/／・]",
    re.I,
)
# A nickname quoted inside a name: 'Amanda "Tania Mae" Tan', "Dwayne “The Rock” Johnson".
NICKNAME = re.compile(r"(?<=\S)\s+[\"“”'‘][^\"“”‘’']{1,30}[\"“”'’]\s+(?=\S)")
# Articles a person's name never starts with; a publication's often does ("The Plain
# Dealer", "Die Zeit"). Not "Le", "La", "El", "Lo", "Das": names start with them too
# ("Le Thi Hong", "La Toya Jackson", "Lo Wai").
NAME_ARTICLES = frozenset({"the", "les", "los", "las", "der", "die"})
# Single words (and whole credits) that are not a person's name.
NOT_NAME_WORDS = frozenset({
    "admin", "administrator", "unknown", "anonymous", "staff", "guest", "none", "null", "editor",
    "editors", "editorial", "share", "comment", "comments", "follow", "tweet", "email", "e-mail",
    "print", "more", "read", "view", "home", "news", "by", "and", "the", "username", "user",
    "login", "subscribe", "search", "menu", "video", "videos", "photo", "photos", "image",
    "images", "sponsored", "advertisement", "advertising", "contributor", "contributors",
    "team", "desk", "author", "authors", "writer", "reporter", "updated", "published", "posted",
    "leave a comment", "newsletter", "opinion", "analysis", "about", "contact", "profile",
    "bio", "all posts", "view all posts", "more from", "latest", "close", "open", "facebook",
    "twitter", "instagram", "linkedin", "whatsapp", "reddit", "related", "getty", "getty images",
    "shutterstock", "istock", "redaktion", "rédaction", "redacción", "redazione", "redactie",
})
# Account names that stand for nobody, even in structured data.
PLACEHOLDER_NAMES = frozenset({"admin", "administrator", "unknown", "anonymous", "none", "null",
                               "user", "username", "guest", "n/a", "author", "undefined"})
# Credits that name nobody: "Staff", "Staff Reporter", "News Desk", "Web Team".
GENERIC_CREDIT = re.compile(
    r"^(?:(?:the\s+)?(?:\w+\s+)?(?:staff|desk|team|editors?|newsroom|web\s+team|reporters?|"
    r"correspondents?|redacci[oó]n|redaktion|r[ée]daction|redazione|redactie|redakcja|reda[cç][aã]o|"
    r"redaksi|редакция|"
    # an Amharic site's "Editor" account
    r"ኤዲተር)(?:\s+(?:reporters?|writers?|reports?|members?))?)$",
    re.I,
)

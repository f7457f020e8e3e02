"""Scrapy settings for newscrawl: polite defaults, each with a one-line reason.

Override any of them per run with ``newscrawl crawl -s NAME=VALUE`` (or ``scrapy crawl -s``).
Settings prefixed ``NEWSCRAWL_`` are this project's own; the rest are Scrapy's.
"""

import os

from newscrawl import USER_AGENT

BOT_NAME = "newscrawl"
# A plain module is enough: Scrapy walks it for Spider classes (no spiders/ package).
SPIDER_MODULES = ["newscrawl.crawl.spider"]

# --- Politeness -------------------------------------------------------------------------
# Identify honestly, with a contact URL, and obey robots.txt (parsed by Protego).
USER_AGENT = USER_AGENT
ROBOTSTXT_OBEY = True
# A small per-host concurrency, a base delay, and AutoThrottle adapting it to the
# server's latency: the crawl slows down when the site does.
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
# Transient faults (5xx, timeouts, dropped connections) are retried, then recorded.
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# Big pages are cut rather than filling memory.
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
REDIRECT_MAX_TIMES = 10
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# No control port: a crawler from cron should not listen on the network.
REMOTE_CONTROL_ENABLED = False

# --- Frontier -----------------------------------------------------------------------------
# Breadth-first with disk-friendly FIFO queues: memory stays flat on 50,000+ article sites,
# and a JOBDIR makes the frontier survive a restart.
DEPTH_PRIORITY = 1
SCHEDULER_DISK_QUEUE = "newscrawl.crawl.queues.PickleFifoDiskQueue"  # Scrapy's, cheaper push
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
REACTOR_THREADPOOL_MAXSIZE = 4
# Outputs of one callback handled at once (Scrapy's default 100). Scrapy starts that many
# asyncio tasks for every response, however few outputs it has; the spider yields ~5 a
# page (its links are filtered before a Request is made) and the item pipeline writes
# synchronously, so 100 bought nothing and cost ~1.4 ms of reactor CPU a page.
CONCURRENT_ITEMS = 16
# The seen-set and the frontier on disk (crawl/seen.py): Scrapy's fingerprints, the run's
# coverage, stored articles and held archives in a SQLite state file in the job folder
# (JOBDIR: `newscrawl crawl` sets jobs/<archive>/<site>/ beside the database unless -s
# JOBDIR=... names one), beside Scrapy's disk queues. A crawl that did not finish (killed,
# even with SIGKILL) is resumed by the next crawl of the same archive and site: its
# pending requests are asked for, what it archived is not fetched again. False: such a
# crawl is followed by a full conditional walk of the site instead.
NEWSCRAWL_RESUME = True
DUPEFILTER_CLASS = "newscrawl.crawl.seen.DiskDupeFilter"
SPIDER_MIDDLEWARES = {
    "newscrawl.crawl.seen.FrontierMiddleware": 10,  # marks a request done in the frontier
}

# --- Components ---------------------------------------------------------------------------
# Every response as received (redirects, retried 5xx and 304s included) goes to WARC.
# Before robots.txt is asked for (100): nothing off the site's hosts is fetched (scope.py).
# Retry-After and repeated 429/403 are heard before Scrapy's RetryMiddleware (550) retries.
DOWNLOADER_MIDDLEWARES = {
    "newscrawl.crawl.scope.ScopeMiddleware": 40,
    "newscrawl.crawl.retry_after.RetryAfterMiddleware": 555,
    "newscrawl.crawl.middlewares.ConditionalRequestMiddleware": 560,
    "newscrawl.crawl.backoff.HostBackoff": 570,
    # A declared codec no page is in (charset=rot13, zlib): read as browsers read it.
    "newscrawl.crawl.encoding.WebEncodingMiddleware": 585,
    # Scrapy's meta refresh, but a refresh URL urllib refuses does not lose the page.
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "newscrawl.crawl.refresh.SafeMetaRefreshMiddleware": 580,
    "newscrawl.archive.scrapy_ext.WarcMiddleware": 950,
}
ITEM_PIPELINES = {
    "newscrawl.crawl.pipeline.StorePipeline": 500,
}
# The crawl session (Store, lock, crawl_runs row) is found by type by every other component.
EXTENSIONS = {
    "newscrawl.crawl.session.CrawlSession": 200,
    "newscrawl.crawl.seen.CrawlState": 250,  # the crawl's state on disk (seen.py)
    # Extraction in worker processes (NEWSCRAWL_EXTRACT_WORKERS below).
    "newscrawl.crawl.extract_pool.ExtractionPool": 300,
    "newscrawl.crawl.progress.Progress": 500,
    "newscrawl.crawl.templates.SiteTemplates": 500,
    "newscrawl.crawl.logs.LogSetup": 100,
}
LOG_LEVEL = "INFO"
LOGSTATS_INTERVAL = 60.0
FEED_EXPORT_ENCODING = "utf-8"

# --- newscrawl ----------------------------------------------------------------------------
# SQLite archive the crawl writes to (relative paths are relative to the working directory).
NEWSCRAWL_DB = "data/news.db"
# WARC folder for raw captures: "auto" is warc/ beside NEWSCRAWL_DB (as `newscrawl crawl`
# and `scrapy crawl news` both use); empty turns archiving off.
NEWSCRAWL_WARC_DIR = "auto"
# A WARC file is closed (and never rewritten) once it grows past this many bytes.
NEWSCRAWL_WARC_MAX_SIZE = 1_000_000_000
# Build, digest and gzip the WARC records in a process of their own (another core than the
# crawl's; archive/warc_process.py). False: on a thread of the crawl process.
NEWSCRAWL_WARC_PROCESS = True
# Send If-None-Match / If-Modified-Since from the archive's last capture of each URL.
NEWSCRAWL_CONDITIONAL = True
# Recrawls skip sitemap entries whose lastmod is not newer than their last capture;
# True fetches everything again (conditionally).
NEWSCRAWL_FULL = False
# Read the WordPress REST API (/wp-json/wp/v2/posts) first where a site offers it: the
# most authoritative source of ids, GMT dates, taxonomy and captions. False: HTML only.
NEWSCRAWL_REST = True
# Site profile name from newscrawl/sites/*.toml; empty = chosen by host or site name.
NEWSCRAWL_PROFILE = ""
# The site's name in the archive (articles.site, crawl_runs.site): set per site by
# `newscrawl crawl --sites FILE`; empty: the host of the first start URL.
NEWSCRAWL_SITE = ""
# "off": no site profiles at all (the generic rules and the learned site template only);
# the environment variable of the same name sets the default.
NEWSCRAWL_PROFILES = os.environ.get("NEWSCRAWL_PROFILES", "on")
# Processes extracting articles beside the crawl, so extraction uses every core: "auto" is
# one per core; 0 extracts in a thread of the crawl process (for debugging). The
# environment variable of the same name sets the default.
NEWSCRAWL_EXTRACT_WORKERS = os.environ.get("NEWSCRAWL_EXTRACT_WORKERS", "auto")
# Added to each extraction worker's niceness (0: none), so that where the crawl process
# and its workers want more cores than there are, the crawl process runs first.
NEWSCRAWL_EXTRACT_NICE = int(os.environ.get("NEWSCRAWL_EXTRACT_NICE", "0"))
# Learn each site's template (boilerplate blocks, title affixes) from its article pages
# and store it with the archive (newscrawl/crawl/templates.py).
NEWSCRAWL_SITE_TEMPLATE = True
# Rebuild the template after this many article pages of a site, then every EVERY pages;
# at most PAGES pages a site are counted (the template is stable long before).
NEWSCRAWL_SITE_TEMPLATE_FIRST = 10
NEWSCRAWL_SITE_TEMPLATE_EVERY = 25
NEWSCRAWL_SITE_TEMPLATE_PAGES = 1000
# Pages of one URL family (digits aside) that may be non-articles before the family is
# treated as a trap (endless query pages, next/prev chains) and no longer followed.
NEWSCRAWL_TEMPLATE_LIMIT = 30
# Requests to one calendar (URLs ending in a date, or with month/day/week/date query
# parameters, grouped by their first path segment) before it is no longer followed.
NEWSCRAWL_CALENDAR_LIMIT = 25
# Tag, author, category and date archives (redundant views of the posts the sitemaps and
# the home pagination list) are held back until the rest of the crawl is done, then walked
# while they find URLs the crawl has not covered: a kind stops after BARREN pages in a row
# that found nothing new. A recrawl walks none (crawl/discovery.py). HOLD=False: walk all.
NEWSCRAWL_HOLD_ARCHIVES = True
NEWSCRAWL_BARREN_ARCHIVES = 10
# Deepest archive page (/page/N/) followed.
NEWSCRAWL_MAX_PAGINATION = 5000
# Regular expressions of URLs never requested (admin, login, search, comment and share
# variants, feeds of feeds, embeds).
NEWSCRAWL_DENY = [
    r"/wp-admin/", r"/wp-login\.php", r"/wp-json/", r"/xmlrpc\.php", r"[?&]s=", r"/search/",
    r"/feed/?$", r"/feed/(atom|rss2?|rdf)/?$", r"/comments/feed", r"/embed/?$", r"/amp/?$",
    r"/trackback/?$", r"/comment-page-\d+", r"[?&](replytocom|share|print|like_comment)=",
    r"/cdn-cgi/", r"/wp-content/", r"/wp-includes/", r"[?&]attachment_id=",
]
# A log file rotated by size (for cron); empty = standard error only.
NEWSCRAWL_LOG_FILE = ""
# Progress display: "auto" (a live line on a terminal, log lines otherwise), "bar", "log", "off".
NEWSCRAWL_PROGRESS = "auto"

# --- Scope and politeness under pressure ------------------------------------------------
# The crawl stays on its start URLs' hosts (www. and bare alike, http and https alike);
# more hosts of the same site (another domain it also answers on) go here. A redirect
# anywhere else is recorded in `errors` (offsite_redirect) and not followed.
NEWSCRAWL_SAME_HOST = True
NEWSCRAWL_HOST_ALIASES: list[str] = []
# 429/503 with Retry-After pause that host for the time asked, up to this many seconds;
# longer: the URL is left for the next run and recorded (rate_limited). --fast too.
NEWSCRAWL_RETRY_AFTER = True
NEWSCRAWL_RETRY_AFTER_MAX = 300
# Repeated 429/403 from a host: from the AFTER-th, its delay doubles each time (from DELAY
# seconds, at most MAX_DELAY) for the rest of the run.
NEWSCRAWL_BACKOFF = True
NEWSCRAWL_BACKOFF_AFTER = 2
NEWSCRAWL_BACKOFF_DELAY = 1.0
NEWSCRAWL_BACKOFF_MAX_DELAY = 60.0
# A page declaring a codec no page is in (charset=rot13, zlib) is read as browsers read
# it, as if nothing were declared (crawl/encoding.py).
NEWSCRAWL_WEB_ENCODING = True

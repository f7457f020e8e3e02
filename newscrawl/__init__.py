"""newscrawl: a polite, faithful crawler and searchable archive for WordPress news sites."""

__version__ = "0.1.0"
DEFAULT_URL = "https://leigh-on-sea.news/"  # the site crawled when no URL is given
PROJECT_URL = "https://github.com/newscrawl/newscrawl"
USER_AGENT = f"newscrawl/{__version__} (+{PROJECT_URL})"

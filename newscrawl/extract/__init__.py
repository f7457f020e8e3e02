"""Pure extraction: HTML in, `Article` out (no Scrapy, no SQLite, no I/O).

The orchestrator is `newscrawl.extract.article.extract_article`; this package re-exports
the public names.
"""

from .article import extract_article
from .cfemail import decode_cfemail
from .model import Article
from .profiles import Profile, profile_for

__all__ = ["extract_article", "Article", "Profile", "profile_for", "decode_cfemail"]

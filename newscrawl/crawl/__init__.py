"""The Scrapy layer: spider, settings, pipeline, middlewares, extensions, URL and link rules."""

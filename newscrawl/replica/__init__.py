"""A deterministic offline replica of Leigh On Sea News (WordPress + Yoast), over real HTTP.

    from newscrawl.replica import ReplicaSite, ReplicaServer
    site = ReplicaSite(articles=48, seed=1, theme="classic", state="initial")
    with ReplicaServer(site) as server:
        truth = site.ground_truth(server.base_url)
"""

from .server import ReplicaServer, RequestLog
from .site import GROUND_TRUTH_PATH, ReplicaSite, Response

__all__ = ["GROUND_TRUTH_PATH", "ReplicaServer", "ReplicaSite", "RequestLog", "Response"]

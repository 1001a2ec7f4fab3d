"""The web page and JSON API over a store (``tidings serve``).

Why standard library only: the page must run offline on any analyst's machine, with no
build step and no framework to install; every request is a read over ``tidings.store``.
"""

from tidings.web.app import Response, handle_request

__all__ = ["Response", "handle_request"]

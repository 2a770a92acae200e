"""web: the local, read-only web UI and JSON API over a store (``create_app``)."""

from retold.web.app import create_app

__all__ = ["create_app"]

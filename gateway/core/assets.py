"""The static files of a page (its script and style), served by name from a fixed list."""

from __future__ import annotations

from importlib.resources.abc import Traversable

from fastapi import Response

from gateway.core.errors import NOT_FOUND, GatewayError


def asset_response(folder: Traversable, assets: dict[str, str], name: str) -> Response:
    """``assets`` maps each file that may be served to its media type; any other name,
    a path or a template among them, is not found."""
    media_type = assets.get(name)
    if media_type is None:
        raise GatewayError(NOT_FOUND)
    return Response((folder / name).read_text(encoding="utf-8"), media_type=media_type)

"""ETags for objectives and key results, taken from their `version`, and If-Match parsing.

A PATCH or DELETE with If-Match names the version the client read; the service refuses the
write with StaleWrite (412) when the stored version moved on. Without If-Match the write is
allowed (last writer wins), as for clients that never read first.
"""

from okrflow.errors import StaleWrite


def etag_of(obj) -> str:
    return f'"{obj.version}"'


def expected_version(if_match: str | None) -> int | None:
    """The version an If-Match header names; None for no header or `*`."""
    if if_match is None:
        return None
    tags = [tag.strip() for tag in if_match.split(",")]
    if "*" in tags:
        return None
    for tag in tags:
        bare = tag.removeprefix("W/").strip('"')
        if bare.isascii() and bare.isdigit():
            return int(bare)
    # An ETag we never issued cannot match the current one.
    raise StaleWrite()


def documents_etag(status: int) -> dict:
    """openapi_extra declaring the ETag header on a response, for clients and generated SDKs."""
    header = {"description": "The version read; send it back as If-Match.", "schema": {"type": "string"}}
    return {"responses": {status: {"headers": {"ETag": header}}}}

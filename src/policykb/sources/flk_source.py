"""A sources.toml entry may name the National Laws and Regulations Database as a source
(`[[instrument.source]] database = "flk"`): the text is then looked up there by the entry's
title and date (its version date, else its promulgation date; for an entry in force, the
database's one version in force when no date matches) and downloaded like any other source.
The sidecar's source_url is the database's page of that version.
"""

from __future__ import annotations

import weakref

from .catalogue import SourceEntry, SourceLink
from .download import Download, Downloader, DownloadError
from .flk import FlkClient, FlkError

#: One client per downloader (so per run), sharing its politeness settings.
_CLIENTS: weakref.WeakKeyDictionary[Downloader, FlkClient] = weakref.WeakKeyDictionary()


def _client(downloader: Downloader) -> FlkClient:
    if downloader not in _CLIENTS:
        _CLIENTS[downloader] = FlkClient(delay=downloader.delay, timeout=downloader.timeout,
                                         retries=downloader.retries, backoff=downloader.backoff,
                                         sleep=downloader._sleep)
    return _CLIENTS[downloader]


def download_from_database(entry: SourceEntry, downloader: Downloader) -> tuple[SourceLink, Download, dict]:
    """The entry's text from the national database with the version's id and date (for the
    sidecar), or DownloadError saying why not."""
    try:
        client = _client(downloader)
        date = entry.version or entry.promulgated
        found = client.find(entry.title, date.isoformat() if date else None, current=entry.status == "in_force")
        file = client.download(found.id)
    except (FlkError, ValueError) as exc:
        raise DownloadError(f"national database: {exc}", vanished=getattr(exc, "vanished", False)) from None
    page = client.page_url(found.id)
    return (SourceLink(url=page, format=file.format),
            Download(url=page, final_url=page, body=file.body, content_type=file.content_type),
            {"flk_id": found.id, "flk_date": found.promulgated, "download_url": file.url})

"""Read a feed request's parameters and answer its FeatureCollection (or a download)."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import policy
from accounts.policy import readable
from layers import exports
from layers.api import conditional as cond
from layers.api.conditional import conditional
from layers.api.feeds import Feed
from layers.api.filters import specs
from layers.api.filters.params import Params
from layers.geojson import (
    Envelope,
    GeometryFormat,
    collection_statement,
    fetch_text,
    stamped_sql,
)
from layers.prepared import fetch_row

GEOJSON = "application/geo+json"
EXPORT_LIMIT = 1_000_000


def common_specs(feed: Feed) -> list[specs.Spec]:
    """Return the paging and output parameters every feed accepts."""
    common = [
        specs.LIMIT,
        specs.OFFSET,
        specs.ordering(sorted(feed.ordering)),
        specs.fields(feed.all_properties),
        specs.PRECISION,
    ]
    if feed.polygons:
        common.append(specs.SIMPLIFY)
    return common + [specs.FORMAT]


def accepted(feed: Feed) -> set[str]:
    names = {spec.name for spec in [*feed.filters, *common_specs(feed)]}
    # Readers' downloads (layers/exports.sites_download) take ?lang= as the pages do.
    return names | ({"lang"} if feed.name in exports.READER_LAYERS else set())


def formats(feed: Feed) -> set[str]:
    extra = set(exports.READER_TYPES) if feed.name in exports.READER_LAYERS else set()
    return set(specs.FORMAT.enum) | extra


@dataclass
class FeedQuery:
    filters: dict
    limit: int
    offset: int
    order: list[str]
    properties: list[str]
    fmt: GeometryFormat
    export: str | None

    def queryset(self, feed: Feed):
        """Return every matching row (benchmarks); views use `readable_rows`."""
        return feed.selector(**self.filters).order_by(*self.order)

    def readable_rows(self, feed: Feed, user):
        """Return the matching rows `user` may read."""
        return readable(user, self.queryset(feed))


def parse(feed: Feed, query) -> FeedQuery:
    """Parse a feed request's query string, raising BadParams for anything wrong."""
    p = Params(query, accepted(feed))
    filters = feed.parse(p)
    export = p.choice("format", formats(feed))
    lang = query.get("lang")
    if lang is not None and lang not in {code for code, _name in settings.LANGUAGES}:
        p.errors["lang"] = "one of " + ", ".join(
            code for code, _n in settings.LANGUAGES
        )
    limit, offset = p.page()
    if export and "limit" not in query:
        limit = EXPORT_LIMIT
    order = p.ordering("ordering", feed.ordering, feed.default_order)
    properties = p.fields("fields", feed.all_properties) or feed.all_properties
    precision = p.integer("precision", 6, low=0, high=10)
    simplify = p.number("simplify", low=0, high=10000) if feed.polygons else None
    p.done()
    return FeedQuery(
        filters,
        limit,
        offset,
        order,
        properties,
        GeometryFormat(precision=precision, simplify_m=simplify or None),
        export,
    )


def page_links(request, query: FeedQuery, content_type: str = GEOJSON):
    """Return (self and alternate links, the next link) for this page."""
    url = request.build_absolute_uri()
    following = request.GET.copy()
    following["offset"] = str(query.offset + query.limit)
    following["limit"] = str(query.limit)
    next_url = request.build_absolute_uri(request.path) + "?" + following.urlencode()
    links = [{"href": url, "rel": "self", "type": content_type, "title": "this page"}]
    nxt = {"href": next_url, "rel": "next", "type": content_type, "title": "next page"}
    return links, nxt


def statement_key(request, feed: Feed, variant: str = "") -> tuple:
    """Return what a page's statement depends on besides the data: the address asked
    (query included), the host and scheme its links carry, the language of its warning
    and what the user may read."""
    return (
        feed.name,
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        translation.get_language(),
        policy.scope_key(request.user, feed.model),
        variant,
    )


def collection_response(
    request, feed: Feed, compile_page, *, variant: str = "", headers=None
):
    """Answer one FeatureCollection page (conditional), compiling its statement once.

    `compile_page()` parses the request and returns (sql, params, next link or None);
    the stamp cache keeps that per `statement_key` until the next change of any stamped
    table (the default year, the extents and the scope come from the data), so a
    repeated page skips parsing and the ORM's compiling (about 1 ms of CPU a request).
    """
    key = statement_key(request, feed, variant)
    kept = cond.STAMPS.recall(key)
    return answer_page(request, feed, key, kept, compile_page, variant, headers)


def answer_page(request, feed, key, kept, compile_page, variant="", headers=None):
    """Answer the page from its kept statement, or compile (and keep) it under `key`."""
    if kept is None:
        token = cond.STAMPS.token()
        kept = compile_page()
        cond.STAMPS.memo(token, key, kept)
    sql, params, next_url = kept
    response = conditional(
        request,
        feed.tables,
        model=feed.model,
        content_type=GEOJSON,
        variant=variant,
        headers=headers,
        build=lambda: fetch_text(sql, params),
        build_stamped=lambda: fetch_row(*stamped_sql(sql, params, feed.tables)),
    )
    return with_next_header(response, next_url) if next_url else response


def feed_response(request, feed: Feed):
    """Answer a feed request: a conditional FeatureCollection, or a download."""
    key = statement_key(request, feed)
    kept = cond.STAMPS.recall(key)
    if kept is not None:  # asked before since the last change: parsed and compiled
        return answer_page(request, feed, key, kept, None)
    query = parse(feed, request.GET)
    queryset = query.readable_rows(feed, request.user)
    model = queryset.model
    if query.export in exports.READER_TYPES and feed.name in exports.READER_LAYERS:
        language = request.GET.get("lang") or translation.get_language()
        with translation.override(language):
            return conditional(
                request,
                feed.tables,
                model=model,
                content_type=exports.READER_TYPES[query.export],
                variant=f"{language}\n{timezone.localdate().isoformat()}",
                build=lambda: exports.sites_download(
                    feed.name,
                    queryset,
                    fmt=query.export,
                    properties=query.properties,
                    township=query.filters.get("township"),
                    reported=(
                        query.filters.get("reported_from"),
                        query.filters.get("reported_to"),
                    ),
                ),
            )
    if query.export:
        return conditional(
            request,
            feed.tables,
            model=model,
            content_type="application/octet-stream",
            build=lambda: exports.download(
                feed.name,
                queryset,
                fmt=query.export,
                properties=query.properties,
                geometry=query.fmt,
                id_column=feed.id_column,
            ),
        )
    return answer_page(
        request, feed, key, None, lambda: page_statement(request, feed, query, queryset)
    )


def page_statement(request, feed: Feed, query: FeedQuery, queryset):
    """Return (sql, params, next link) of one GeoJSON page of a feed."""
    links, nxt = page_links(request, query)
    envelope = Envelope(
        limit=query.limit,
        offset=query.offset,
        links=links,
        next_link=nxt,
        warning=_(
            "Not the whole result: this page holds numberReturned of numberMatched "
            "features; follow the next link (or raise limit, at most 10000)."
        ),
    )
    sql, params = collection_statement(
        queryset,
        properties=query.properties,
        envelope=envelope,
        fmt=query.fmt,
        id_column=feed.id_column,
    )
    return sql, params, nxt["href"]


def with_next_header(response, next_url: str):
    """Add `Link: <next>; rel="next"` when the body says the page is not the whole result.

    The envelope (with its links) comes before the features in the text PostGIS built,
    so only the head of the body is read.
    """
    if response.status_code == 200 and NEXT_MARK in response.content[:HEAD]:
        response["Link"] = f'<{next_url}>; rel="next"'
    return response


NEXT_MARK = b'"rel": "next"'
HEAD = 16_384

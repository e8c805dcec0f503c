"""OGC API - Features views: plain Django views over the same selectors and geojson.py."""

import functools
import json

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.decorators import feed_reader_required
from accounts.policy import readable
from layers import catalog
from layers.api.conditional import conditional
from layers.api.filters.params import BadParams, Params
from layers.api.listing import collection_response
from layers.api.ogc import crs as crs_module
from layers.api.ogc import document
from layers.api.ogc.params import parse_items
from layers.geojson import (
    Envelope,
    GeometryFormat,
    collection_statement,
    feature_text,
)

GEOJSON = "application/geo+json"


def ogc(view):
    """Answer OGC exceptions as JSON: 400 naming each parameter, 404 for unknown ids."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadParams as error:
            description = "; ".join(f"{k}: {v}" for k, v in error.errors.items())
            return JsonResponse(
                {
                    "code": "InvalidParameterValue",
                    "description": description,
                    "errors": error.errors,
                },
                status=400,
            )
        except Http404:
            return JsonResponse(
                {"code": "NotFound", "description": "no such resource"}, status=404
            )

    return require_safe(wrapped)


def base_url(request) -> str:
    return request.build_absolute_uri("/ogc/")


def plain(request) -> bool:
    """Check a document request's parameters; say whether to answer HTML."""
    p = Params(request.GET, {"f"})
    fmt = p.choice("f", {"json", "application/json", "html"})
    p.done()
    return wants_html(request, fmt)


def wants_html(request, fmt: str | None) -> bool:
    """Answer HTML for `f=html`, or for a browser (Accept starting with text/html)."""
    if fmt is not None:
        return fmt == "html"
    return request.headers.get("Accept", "").startswith("text/html")


def html(request, title, *, links=(), items=(), description="", geojson_url=None):
    return render(
        request,
        "ogc/page.html",
        {
            "title": title,
            "links": links,
            "items": items,
            "description": description,
            "geojson_url": geojson_url,
        },
    )


def feed_or_404(collection_id: str):
    layer = catalog.get(collection_id)
    if layer is None or layer.geometry is None:
        raise Http404
    return layer


@feed_reader_required
@ogc
def landing(request):
    body = document.landing(base_url(request))
    if plain(request):
        return html(
            request, body["title"], links=body["links"], description=body["description"]
        )
    return JsonResponse(body)


@ogc
def conformance(request):
    plain(request)
    return JsonResponse({"conformsTo": document.CONFORMANCE})


@ogc
def api(request):
    plain(request)
    response = JsonResponse(document.openapi(base_url(request)))
    response["Content-Type"] = document.OPENAPI
    return response


@feed_reader_required
@ogc
def collections(request):
    body = document.collections(base_url(request))
    if plain(request):
        items = [
            {"id": c["id"], "title": c["title"], "href": c["links"][0]["href"]}
            for c in body["collections"]
        ]
        return html(request, document.TITLE, links=body["links"], items=items)
    return JsonResponse(body)


@feed_reader_required
@ogc
def collection(request, collection_id):
    feed = feed_or_404(collection_id)
    body = document.collection(base_url(request), feed, document.extent_of_everything())
    if plain(request):
        return html(request, body["title"], links=body["links"])
    return JsonResponse(body)


def geometry_format(crs) -> GeometryFormat:
    return GeometryFormat(precision=crs.precision, srid=crs.srid, lat_first=crs.swapped)


@feed_reader_required
@ogc
def items(request, collection_id):
    feed = feed_or_404(collection_id)
    query = parse_items(feed, request.GET, extent=document.extent_of_everything)
    if query.html or ("f" not in request.GET and wants_html(request, None)):
        following = request.GET.copy()
        following["f"] = "json"
        return html(
            request,
            feed.title,
            links=[
                document.link(
                    f"{base_url(request)}collections/{feed.name}",
                    "collection",
                    "application/json",
                    feed.title,
                )
            ],
            geojson_url=f"{request.path}?{following.urlencode()}",
        )
    return collection_response(
        request,
        feed,
        lambda: page_statement(request, feed, query),
        variant=query.crs.uri,
        headers={"Content-Crs": crs_module.header(query.crs)},
    )


def page_statement(request, feed, query) -> tuple[str, list, None]:
    """Return (sql, params, no Link header) of one page of items."""
    queryset = readable(request.user, query.rows(feed))
    following = request.GET.copy()
    following["offset"] = str(query.offset + query.limit)
    following["limit"] = str(query.limit)
    collection_url = f"{base_url(request)}collections/{feed.name}"
    envelope = Envelope(
        limit=query.limit,
        offset=query.offset,
        links=[
            document.link(request.build_absolute_uri(), "self", GEOJSON, "this page"),
            document.link(collection_url, "collection", "application/json", feed.title),
        ],
        next_link=document.link(
            f"{collection_url}/items?{following.urlencode()}",
            "next",
            GEOJSON,
            "next page",
        ),
        clock=("timeStamp",),
    )
    sql, params = collection_statement(
        queryset,
        properties=query.properties or feed.properties,
        envelope=envelope,
        fmt=geometry_format(query.crs),
        id_column=feed.id_column,
    )
    return sql, params, None


@feed_reader_required
@ogc
def item(request, collection_id, feature_id):
    feed = feed_or_404(collection_id)
    query = parse_items(feed, request.GET, paging=False)
    if feed.id_column == "id" and not (feature_id.isdigit() and len(feature_id) < 18):
        raise Http404

    def build():
        # Built only when the body is not kept (a hot item costs no ORM work).
        queryset = readable(
            request.user,
            feed.selector(**query.filters).filter(**{feed.id_column: feature_id}),
        )
        text = feature_text(
            queryset,
            properties=query.properties or feed.properties,
            fmt=geometry_format(query.crs),
            id_column=feed.id_column,
        )
        if text is None:
            raise Http404
        collection_url = f"{base_url(request)}collections/{feed.name}"
        links = [
            document.link(
                request.build_absolute_uri(), "self", GEOJSON, "this feature"
            ),
            document.link(collection_url, "collection", "application/json", feed.title),
        ]
        return text[:-1] + ', "links": ' + json.dumps(links, ensure_ascii=False) + "}"

    # ETag and 304 from the change stamps; kept in memory like a hot tile.
    return conditional(
        request,
        feed.tables,
        build,
        model=feed.model,
        content_type=GEOJSON,
        headers={"Content-Crs": crs_module.header(query.crs)},
        small=True,
    )


def schema_response(document_body: dict) -> JsonResponse:
    response = JsonResponse(document_body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = document.SCHEMA_JSON
    return response


@feed_reader_required
@ogc
def queryables(request, collection_id):
    """The properties a `filter` may name, as JSON Schema (Part 3)."""
    feed = feed_or_404(collection_id)
    plain(request)
    return schema_response(document.queryables(request.build_absolute_uri(), feed))


@feed_reader_required
@ogc
def sortables(request, collection_id):
    """The properties `sortby` may name, as JSON Schema."""
    feed = feed_or_404(collection_id)
    plain(request)
    return schema_response(document.sortables(request.build_absolute_uri(), feed))


@feed_reader_required
@ogc
def schema(request, collection_id):
    """The features' properties, as JSON Schema."""
    feed = feed_or_404(collection_id)
    plain(request)
    return schema_response(document.schema(request.build_absolute_uri(), feed))


@ogc
def not_found(request, rest=""):
    """Answer any other path under /ogc/ with a JSON 404."""
    raise Http404

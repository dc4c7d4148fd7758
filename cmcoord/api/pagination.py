from rest_framework.pagination import PageNumberPagination

from cmcoord.paging import paginator_for

# The query parameters that do not filter a list.
NOT_FILTERS = frozenset({"page", "page_size", "format"})


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class EstimatedCountPagination(Pagination):
    """The big lists (requests, tasks): unfiltered, their count is the planner's estimate when it is large
    (cmcoord.paging.EstimatedCountPaginator), said by `count_is_estimate`; `next` is always right (a page
    reads one row past its end). A filtered list counts exactly; a search of the requests in the same query
    as its page (cmcoord.paging.OnePassPaginator)."""

    def paginate_queryset(self, queryset, request, view=None):
        unfiltered = not (set(request.query_params) - NOT_FILTERS)
        self.django_paginator_class = paginator_for(queryset, unfiltered=unfiltered)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_is_estimate"] = bool(getattr(self.page.paginator, "estimated", False))
        return response

    def get_paginated_response_schema(self, schema):
        answer = super().get_paginated_response_schema(schema)
        answer["properties"]["count_is_estimate"] = {
            "type": "boolean",
            "description": "True when `count` is the planner's estimate (a big unfiltered list).",
        }
        answer["required"] = [*answer.get("required", []), "count_is_estimate"]
        return answer

"""The API's routers: a viewset's detail routes take an `id` (cmcoord.converters), never any text."""

from rest_framework.routers import DefaultRouter, SimpleRouter


class IdRouter(SimpleRouter):
    def __init__(self, trailing_slash: bool = True) -> None:
        super().__init__(trailing_slash=trailing_slash, use_regex_path=False)
        self._default_value_pattern = "id"


class IdDefaultRouter(DefaultRouter):
    def __init__(self, trailing_slash: bool = True) -> None:
        super().__init__(trailing_slash=trailing_slash, use_regex_path=False)
        self._default_value_pattern = "id"

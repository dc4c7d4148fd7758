"""A file download answers whatever type the client accepts (Accept: application/pdf…) instead of a 406; the
view returns the file itself, so this renderer only ever renders an error, in the one JSON shape."""

import json

from rest_framework.renderers import BaseRenderer


class FileRenderer(BaseRenderer):
    media_type = "*/*"
    format = "file"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return json.dumps(data).encode()

"""``baomi serve``: the pre-publication check as a web page and an HTTP API for the
content-management systems government sites publish from.

- ``service``: the scan service (worker processes, limits, result cache, bounded queue);
- ``upload``: one multipart upload streamed into a private folder, within the size limit;
- ``app``: the Starlette routes, the token, the answers;
- ``command``: the click command, which starts uvicorn;
- ``static/``: the page (Chinese; plain HTML, CSS and JS, no network).
"""

"""Django's MessageMiddleware, opening the message store only when a view uses it.

The store's cookie signer costs about 0.1 ms a request (a key derived per request);
feeds, tiles and items never show a message, and a store that was not opened writes
nothing back (`BaseStorage.update` stores only what was used or added), so skipping it
changes no answer.
"""

from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.utils.functional import SimpleLazyObject, empty


class LazyMessageMiddleware(MessageMiddleware):
    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request, response):
        found = getattr(request, "_messages", None)
        if isinstance(found, SimpleLazyObject) and found._wrapped is empty:
            return response  # never opened: nothing to write back
        return super().process_response(request, response)

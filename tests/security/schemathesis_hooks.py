"""How schemathesis sends the bodies of the record import (CSV and JSON lines): as text, so
that every generated value reaches the node's parser."""
import json

import schemathesis


class TextBody:
    def as_requests(self, context, value):
        return {"data": value if isinstance(value, (str, bytes)) else json.dumps(value)}

    def as_werkzeug(self, context, value):
        return self.as_requests(context, value)


schemathesis.serializer("text/csv")(TextBody)
schemathesis.serializer("application/x-ndjson")(TextBody)

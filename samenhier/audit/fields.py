"""A JSON document encrypted at rest as one token.

django-fernet-encrypted-fields' EncryptedJSONField encrypts every leaf on its own and gives
numbers back as strings; a matching snapshot has thousands of numbers, so it is stored as
one encrypted JSON text instead, with its types intact.
"""

import json
from typing import Any

from encrypted_fields.fields import EncryptedTextField


class EncryptedDocumentField(EncryptedTextField):
    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        text = json.dumps(value, separators=(",", ":"))
        return self.f.encrypt(text.encode("utf-8")).decode("utf-8")

    def to_python(self, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        return json.loads(self.f.decrypt(value.encode("utf-8")).decode("utf-8"))

    def value_to_string(self, obj: Any) -> str:
        return json.dumps(self.value_from_object(obj))

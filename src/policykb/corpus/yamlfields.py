"""YAML as front-matter, sidecars and catalogues use it: plain data, dates kept as text.

PyYAML's safe loader turns ``2021-09-01`` into a date while it parses, and raises
ValueError for an impossible one (``2021-09-31``), which would cost the whole file. Here
timestamps stay strings; metadata.py checks each date field and reports a bad one as a
warning about that field alone.
"""

from __future__ import annotations

from typing import Any

import yaml

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class FieldLoader(yaml.SafeLoader):
    """SafeLoader (no tags that build Python objects) that builds no timestamps either."""


FieldLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# An explicit !!timestamp tag gives text too.
FieldLoader.add_constructor(_TIMESTAMP_TAG, yaml.SafeLoader.construct_yaml_str)


def load_fields(text: str) -> Any:
    """Parse YAML (or JSON) text; raises yaml.YAMLError for text that is neither."""
    return yaml.load(text, Loader=FieldLoader)  # FieldLoader is a SafeLoader

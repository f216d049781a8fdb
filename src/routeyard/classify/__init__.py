"""Classification: request → features → labels."""

from routeyard.classify.features import estimate_tokens, extract_features, message_text
from routeyard.classify.rules import RulesClassifier
from routeyard.classify.types import Classification, Features

__all__ = [
    "Classification",
    "Features",
    "RulesClassifier",
    "estimate_tokens",
    "extract_features",
    "message_text",
]

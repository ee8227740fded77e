"""Every question, instruction and message template cxcoach says or sends to a model, as data files."""

from importlib.resources import files
from importlib.resources.abc import Traversable


def root() -> Traversable:
    return files(__name__)

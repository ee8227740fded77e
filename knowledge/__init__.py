"""The knowledge shipped with cxcoach (methodology, guides, playbooks, example maps) as data files."""

from importlib.resources import files
from importlib.resources.abc import Traversable


def root() -> Traversable:
    return files(__name__)

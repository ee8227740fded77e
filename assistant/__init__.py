"""cxcoach: guided customer-experience diagnosis — journey maps and improvement plans."""

__version__ = "0.1.0"

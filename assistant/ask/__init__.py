"""Ask: the frontline helper's cited guidance card."""

from assistant.ask.card import CardPoint, GuidanceCard
from assistant.ask.service import AskService

__all__ = ["AskService", "CardPoint", "GuidanceCard"]

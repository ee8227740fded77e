"""Chinese-aware text handling: language and script detection, script conversion, tokens, chunks."""

from assistant.text.chunking import TextChunk, chunk_markdown, chunk_text, split_sentences
from assistant.text.lang import detect_lang
from assistant.text.script import convert_tree, to_lang_script, to_simplified, to_traditional
from assistant.text.tokens import tokenize

__all__ = [
    "TextChunk",
    "chunk_markdown",
    "chunk_text",
    "convert_tree",
    "detect_lang",
    "split_sentences",
    "to_lang_script",
    "to_simplified",
    "to_traditional",
    "tokenize",
]

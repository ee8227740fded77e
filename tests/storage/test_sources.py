"""Knowledge-base sources: one per filename in a workspace, found again by content hash."""

from __future__ import annotations

import pytest

from assistant.storage import AlreadyExists, Database


def test_add_list_get_and_delete(db: Database) -> None:
    workspace = db.workspaces.get_or_create("Acme")
    reviews = db.sources.add(
        workspace.id, "reviews.csv", content_hash="h1", kind="csv", record_count=120
    )
    broken = db.sources.add(
        workspace.id, "调研.pdf", content_hash="h2", kind="pdf", status="failed", error="encrypted"
    )

    assert (reviews.filename, reviews.content_hash, reviews.record_count, reviews.status) == (
        "reviews.csv",
        "h1",
        120,
        "ok",
    )
    assert (broken.status, broken.error, broken.record_count) == ("failed", "encrypted", 0)
    assert db.sources.list(workspace.id) == [reviews, broken]
    assert db.sources.get(broken.id) == broken

    db.sources.delete(reviews.id)
    assert db.sources.list(workspace.id) == [broken]


def test_a_filename_is_added_once(db: Database) -> None:
    workspace = db.workspaces.get_or_create("Acme")
    db.sources.add(workspace.id, "reviews.csv", content_hash="h1", kind="csv")
    with pytest.raises(AlreadyExists, match="source 'reviews.csv' already exists"):
        db.sources.add(workspace.id, "reviews.csv", content_hash="h2", kind="csv")
    other = db.workspaces.get_or_create("Other")
    db.sources.add(other.id, "reviews.csv", content_hash="h1", kind="csv")  # another workspace


def test_replace_by_filename(db: Database) -> None:
    workspace = db.workspaces.get_or_create("Acme")
    new, replaced = db.sources.replace(workspace.id, "a.xlsx", content_hash="h1", kind="xlsx")
    assert replaced is None

    newer, replaced = db.sources.replace(
        workspace.id, "a.xlsx", content_hash="h2", kind="xlsx", record_count=9
    )
    assert replaced == new
    assert (newer.content_hash, newer.record_count) == ("h2", 9)
    assert db.sources.list(workspace.id) == [newer]


def test_get_by_hash_is_per_workspace(db: Database) -> None:
    acme = db.workspaces.get_or_create("Acme")
    other = db.workspaces.get_or_create("Other")
    first = db.sources.add(acme.id, "a.csv", content_hash="same", kind="csv")
    db.sources.add(acme.id, "copy-of-a.csv", content_hash="same", kind="csv")

    assert db.sources.get_by_hash(acme.id, "same") == first
    assert db.sources.get_by_hash(other.id, "same") is None
    assert db.sources.get_by_hash(acme.id, "unknown") is None

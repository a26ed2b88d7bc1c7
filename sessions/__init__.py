"""The domain model of inventories, cards, studies, participants and sorts, and its SQLite store."""

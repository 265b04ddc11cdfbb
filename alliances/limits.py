"""The bounds an input is held to, shared by the reader and by what hashes the same files."""

MAX_BYTES = 8 * 1024 * 1024
"""The largest data file read, in bytes (the bundled files are a few kilobytes each)."""

"""Recordings: the clients, the download queue and folder, file names and A-law decoding."""

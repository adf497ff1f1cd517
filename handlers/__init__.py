"""Dialogs, one module per part of the year, written once against channel-neutral messages."""

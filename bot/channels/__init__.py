"""Channels turn a platform's updates into channel-neutral messages and render replies back."""

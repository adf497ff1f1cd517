"""What people read: the message catalogue, Vietnamese text helpers and the channel-neutral message types."""

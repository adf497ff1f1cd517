"""The bloc's rules as pure functions and plain data: criteria, tally, ranking, deadlines, invites, imports."""

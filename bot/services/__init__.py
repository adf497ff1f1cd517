"""Services orchestrate storage and the rules for one part of the year. No channel types here."""

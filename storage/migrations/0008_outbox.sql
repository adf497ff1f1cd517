-- 0008: the outbox. A message a dialog step sends to people other than the one who wrote (a head's notice to
-- every unit, "a unit submitted" to the head, a vote opening to every unit, a post in the bloc's group) is
-- not sent while the writer waits for the answer. The step's copies are written here, in one transaction,
-- after the step succeeded and before its writer is answered; a background sender
-- (bot/services/outbox_sender.py) sends them at the channel's pace. So the head is answered at once
-- however many copies there are, and a copy the head was told about survives a crash or a restart.
-- Rows are kept after sending: they are the record of who was reached (the notice status view counts them).

-- A message as a step composed it, stored once however many chats it goes to: a notice to 3,000
-- representatives is one row here and 3,000 in outbox_copy, not 3,000 copies of a 4,000-character text.
CREATE TABLE outbox_message (
    id          INTEGER PRIMARY KEY,
    -- what it came from: 'notice:<notice.id>' for a head's notice (the notice's status view counts its copies
    -- by this), otherwise a word naming the kind of message ('notification', 'group', 'link') for the logs
    origin      TEXT    NOT NULL CHECK (length(origin) BETWEEN 1 AND 100),
    -- the channel-neutral message (bot.messages.Reply) as JSON: {"text": "...", "choices": [[[label, data],
    -- ...], ...], "resend": [[file id, file name, mime type or null, size or null], ...]}. Files are resent
    -- by the channel's own file id, never stored as bytes, so a message with "resend" only goes to chats on
    -- the channel that holds those files (the same text without them is a message of its own).
    body        TEXT    NOT NULL CHECK (json_valid(body) AND json_type(body, '$.text') IS 'text'),
    created_at  TEXT    NOT NULL
) STRICT;
CREATE INDEX outbox_message_origin ON outbox_message (origin);

-- One copy of a message to one chat. The id is the order of enqueueing: copies to one chat go out in it.
-- status: pending -> sending (claimed in a committed transaction just before it is handed to the channel)
-- -> sent | blocked (the person blocked the bot; they are marked in channel_identity.blocked_at) | failed
-- (the channel refused it, or the channel is not running). A copy found in 'sending' at start may or may
-- not have left when the process stopped: it becomes 'unknown' and is NOT sent again. Like reminders the
-- outbox is at-most-once per copy (a duplicate is the worse failure for users), and claims are made in
-- small chunks just ahead of the channel's pace, so a crash leaves at most about a hundred 'unknown'.
CREATE TABLE outbox_copy (
    id          INTEGER PRIMARY KEY,
    message_id  INTEGER NOT NULL REFERENCES outbox_message (id),
    channel     TEXT    NOT NULL CHECK (channel IN ('telegram', 'zalo')),
    -- the chat on that channel: a person's private chat, or the bloc's group
    chat_id     TEXT    NOT NULL CHECK (length(chat_id) BETWEEN 1 AND 200),
    -- who it is for; NULL for a post in the bloc's group, which is nobody's in particular
    person_id   INTEGER REFERENCES person (id),
    status      TEXT    NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'sending', 'sent', 'blocked', 'failed', 'unknown')),
    -- when it was claimed for sending (NULL while pending: a copy put back after a stop is pending again)
    claimed_at  TEXT,
    -- when its outcome was recorded (sent, blocked, failed), or when it was found 'sending' at start (unknown)
    done_at     TEXT,
    CHECK ((status = 'pending') = (claimed_at IS NULL)),
    CHECK ((status IN ('pending', 'sending')) = (done_at IS NULL))
) STRICT;
-- the sender takes pending copies in id order, and at start finds those left 'sending'
CREATE INDEX outbox_copy_status ON outbox_copy (status, id);
-- a message's copies by status: the notice status view's counts
CREATE INDEX outbox_copy_message ON outbox_copy (message_id, status);

-- 0009: a ballot box whose rows and pages say nothing of the casting order. When a secret vote opens, one
-- empty ballot per unit on the roll is put in the box (random id, random receipt, random seal, choices
-- 'null' padded to a fixed width); a unit's ballot fills a randomly picked empty one with a value of exactly
-- the same size, which SQLite writes over the old cell in place. A ballot inserted at casting time instead
-- would take the next free bytes of its page, and the bytes' position would tell the casting order.
-- seal: HMAC-SHA256 of the vote under a secret only the voter's own ballot message holds, so the voter (and
-- nobody else) can be shown the receipt again after a crash or a failed send; '' for ballots cast before.
ALTER TABLE ballot ADD COLUMN seal TEXT NOT NULL DEFAULT '';

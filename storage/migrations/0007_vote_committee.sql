-- 0007: the vote-count committee (ban kiểm phiếu) the admin enters for the minutes, and where the vote was
-- held. committee: JSON array of [name, role] pairs; both stay NULL until entered (the minutes then show blanks).
ALTER TABLE vote ADD COLUMN committee TEXT;
ALTER TABLE vote ADD COLUMN place TEXT CHECK (place IS NULL OR length(place) BETWEEN 1 AND 200);

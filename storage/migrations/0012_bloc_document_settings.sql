-- 0012: what the header of the bloc's documents needs and the bot cannot guess: the superior body printed above
-- the bloc's name ("TỈNH ỦY HƯNG YÊN") and the place of the date line ("Hưng Yên"). Both differ by province, so they
-- are settings of the bloc; NULL until the bloc's admin (or the sample bloc) sets them.
ALTER TABLE bloc ADD COLUMN superior_body TEXT CHECK (superior_body IS NULL OR length(superior_body) BETWEEN 1 AND 200);
ALTER TABLE bloc ADD COLUMN place TEXT CHECK (place IS NULL OR length(place) BETWEEN 1 AND 100);

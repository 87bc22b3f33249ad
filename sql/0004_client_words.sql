-- The words of each client's name, for the search box. A word is a run of
-- letters and digits of the lower-cased name (everything else separates
-- words); at most the first eight words of a name are kept, as the search
-- box looks at eight. The table replaces the FULLTEXT index on
-- clients.name: that index covers every business at once, so a common name
-- made MATCH collect the matches of the whole installation before the
-- business's own were sorted (hundreds of milliseconds for one common
-- first name in a million clients); here a word prefix is a range of one
-- business's entries (docs/clients.md, "Pages"). core/client.c keeps it up
-- to date (cxm_client_words_refresh) with the same statement as below.

CREATE TABLE client_words (
  business_id BIGINT UNSIGNED NOT NULL,
  word VARCHAR(100) NOT NULL,
  client_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (business_id, word, client_id),
  KEY client_words_by_client (client_id, word),
  CONSTRAINT client_words_of_client FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT IGNORE INTO client_words (business_id, word, client_id)
SELECT c.business_id, LEFT(SUBSTRING_INDEX(SUBSTRING_INDEX(c.words, ' ', k.i), ' ', -1), 100), c.id
FROM (SELECT id, business_id, TRIM(REGEXP_REPLACE(LOWER(name), '[^\\p{L}\\p{N}]+', ' ')) AS words
      FROM clients) c
JOIN (SELECT 1 AS i UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
      UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8) k
  ON k.i <= 1 + LENGTH(c.words) - LENGTH(REPLACE(c.words, ' ', ''))
WHERE c.words <> '';

ALTER TABLE clients DROP INDEX clients_name_words;

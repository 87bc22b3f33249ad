-- The client base: clients with their profile, tags and custom attributes,
-- the places, staff and services of a business, the interaction history
-- (the timeline of every client), and imports (uploaded files waiting for
-- or done by the job runner). Every table carries business_id and every
-- query filters by it.

-- A client. email is stored lower-cased; phone as "+" and digits, and
-- phone_rev holds its digits reversed so that a search by the last digits
-- is an index prefix match. live is 1 for a client in the base, 0 once
-- deleted (deleted_at) or merged into another (merged_into); the lists use
-- (business_id, live, <sort column>, id) indexes for keyset pagination.
-- An erased client (erased_at) stays live with every personal field blank,
-- so counts and metrics are unchanged. last_seen_at is the time of the
-- latest interaction, or the first-seen date when there is none.
CREATE TABLE clients (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  business_id BIGINT UNSIGNED NOT NULL,
  external_id VARCHAR(64) NULL,
  name VARCHAR(200) NOT NULL,
  email VARCHAR(254) NULL,
  phone VARCHAR(20) NULL,
  phone_rev VARCHAR(20) NULL,
  birth_date DATE NULL,
  age_band ENUM('under18','18-25','26-35','36-45','46-60','60plus') NULL,
  gender ENUM('female','male') NULL,
  region VARCHAR(32) NULL,
  city VARCHAR(100) NULL,
  profession ENUM('student','freelancer','office','executive','other') NULL,
  profession_other VARCHAR(100) NULL,
  source ENUM('social','friends','search','advertising','walk_in','other') NULL,
  source_detail VARCHAR(100) NULL,
  first_seen DATE NOT NULL,
  marketing_consent TINYINT(1) NOT NULL DEFAULT 0,
  consent_at DATETIME(6) NULL,
  last_seen_at DATETIME(6) NOT NULL,
  interactions_count INT UNSIGNED NOT NULL DEFAULT 0,
  purchases_count INT UNSIGNED NOT NULL DEFAULT 0,
  purchases_total DECIMAL(14,2) NOT NULL DEFAULT 0,
  live TINYINT(1) NOT NULL DEFAULT 1,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  deleted_at DATETIME(6) NULL,
  erased_at DATETIME(6) NULL,
  merged_into BIGINT UNSIGNED NULL,
  UNIQUE KEY clients_external (business_id, external_id),
  KEY clients_email (business_id, live, email),
  KEY clients_phone (business_id, live, phone),
  KEY clients_phone_rev (business_id, live, phone_rev),
  KEY clients_by_name (business_id, live, name, id),
  KEY clients_by_first_seen (business_id, live, first_seen, id),
  KEY clients_by_last_seen (business_id, live, last_seen_at, id),
  KEY clients_by_total (business_id, live, purchases_total, id),
  FULLTEXT KEY clients_name_words (name),
  CONSTRAINT clients_business FOREIGN KEY (business_id) REFERENCES businesses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE tags (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  business_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(64) NOT NULL,
  UNIQUE KEY tags_name (business_id, name),
  CONSTRAINT tags_business FOREIGN KEY (business_id) REFERENCES businesses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE client_tags (
  client_id BIGINT UNSIGNED NOT NULL,
  tag_id BIGINT UNSIGNED NOT NULL,
  business_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (client_id, tag_id),
  KEY client_tags_by_tag (business_id, tag_id, client_id),
  CONSTRAINT client_tags_client FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE,
  CONSTRAINT client_tags_tag FOREIGN KEY (tag_id) REFERENCES tags (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Custom attributes a business's admin defines (code: a stable identifier,
-- used as the CSV column name; choices: one per line for type choice).
CREATE TABLE client_fields (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  business_id BIGINT UNSIGNED NOT NULL,
  code VARCHAR(64) NOT NULL,
  label VARCHAR(200) NOT NULL,
  type ENUM('text','number','date','choice') NOT NULL,
  choices TEXT NULL,
  position INT NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY client_fields_code (business_id, code),
  CONSTRAINT client_fields_business FOREIGN KEY (business_id) REFERENCES businesses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A client's value of a custom attribute: value as entered (normalised:
-- numbers in plain decimal, dates as YYYY-MM-DD), and typed copies for
-- filtering and sorting.
CREATE TABLE client_values (
  client_id BIGINT UNSIGNED NOT NULL,
  field_id BIGINT UNSIGNED NOT NULL,
  business_id BIGINT UNSIGNED NOT NULL,
  value VARCHAR(1000) NOT NULL,
  num_value DECIMAL(20,6) NULL,
  date_value DATE NULL,
  PRIMARY KEY (client_id, field_id),
  KEY client_values_by_field (business_id, field_id, value(100)),
  CONSTRAINT client_values_client FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE,
  CONSTRAINT client_values_field FOREIGN KEY (field_id) REFERENCES client_fields (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Branches, the people who serve clients, and what is sold: named once per
-- business, referred to by the interactions (and broken down by on the
-- dashboards).
CREATE TABLE locations (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  business_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(100) NOT NULL,
  UNIQUE KEY locations_name (business_id, name),
  CONSTRAINT locations_business FOREIGN KEY (business_id) REFERENCES businesses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE staff (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  business_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(100) NOT NULL,
  UNIQUE KEY staff_name (business_id, name),
  CONSTRAINT staff_business FOREIGN KEY (business_id) REFERENCES businesses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE services (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  business_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(200) NOT NULL,
  UNIQUE KEY services_name (business_id, name),
  CONSTRAINT services_business FOREIGN KEY (business_id) REFERENCES businesses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The history: one row per thing that happened with a client. amount and
-- currency for purchases; service, location and staff where they apply;
-- text for notes, messages and call summaries (blanked when the client is
-- erased); ref_id points at the feedback item or survey response behind a
-- complaint or survey row (later migrations). created_by is the user who
-- entered it by hand (NULL for imports and generated data).
CREATE TABLE interactions (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  business_id BIGINT UNSIGNED NOT NULL,
  client_id BIGINT UNSIGNED NOT NULL,
  kind ENUM('visit','purchase','call','message','note','complaint','survey') NOT NULL,
  occurred_at DATETIME(6) NOT NULL,
  channel VARCHAR(32) NULL,
  amount DECIMAL(12,2) NULL,
  currency CHAR(3) NULL,
  service_id BIGINT UNSIGNED NULL,
  location_id BIGINT UNSIGNED NULL,
  staff_id BIGINT UNSIGNED NULL,
  items VARCHAR(500) NULL,
  text TEXT NULL,
  ref_id BIGINT UNSIGNED NULL,
  created_by BIGINT UNSIGNED NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY interactions_timeline (business_id, client_id, occurred_at, id),
  KEY interactions_by_time (business_id, occurred_at),
  KEY interactions_by_kind (business_id, kind, occurred_at),
  CONSTRAINT interactions_client FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- An uploaded file to import, and what became of it. The file itself is
-- kept here (not on a local disk) so that any host's job runner can take
-- it. mapping: one "column=field" per line. report: the rejected lines,
-- "line<TAB>reason" per line. Claimed by a job runner with
-- SELECT ... FOR UPDATE SKIP LOCKED.
CREATE TABLE imports (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  business_id BIGINT UNSIGNED NOT NULL,
  created_by BIGINT UNSIGNED NULL,
  kind ENUM('clients','interactions') NOT NULL,
  filename VARCHAR(255) NOT NULL DEFAULT '',
  status ENUM('uploaded','queued','running','done','failed') NOT NULL DEFAULT 'uploaded',
  data LONGBLOB NOT NULL,
  mapping TEXT NULL,
  total_rows INT UNSIGNED NOT NULL DEFAULT 0,
  processed_rows INT UNSIGNED NOT NULL DEFAULT 0,
  inserted INT UNSIGNED NOT NULL DEFAULT 0,
  updated INT UNSIGNED NOT NULL DEFAULT 0,
  error_count INT UNSIGNED NOT NULL DEFAULT 0,
  report MEDIUMTEXT NULL,
  error VARCHAR(1000) NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  started_at DATETIME(6) NULL,
  finished_at DATETIME(6) NULL,
  KEY imports_business (business_id, created_at),
  KEY imports_status (status, created_at),
  CONSTRAINT imports_business FOREIGN KEY (business_id) REFERENCES businesses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The currency purchases are recorded in unless a row says otherwise.
ALTER TABLE businesses ADD COLUMN currency CHAR(3) NOT NULL DEFAULT 'BYN' AFTER timezone;

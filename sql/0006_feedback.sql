-- Reviews and complaints (document 003): the feedback register of every
-- channel, the configurable departments and defect kinds it is classified
-- by, and the timeline of each item (comments, replies, status and
-- assignment changes). Every table carries business_id and every query
-- filters by it.

-- The departments a complaint may be about (sales, transport logistics,
-- distribution centres, suppliers...): configurable per business.
CREATE TABLE feedback_departments (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  business_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(100) NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY feedback_departments_name (business_id, name),
  CONSTRAINT feedback_departments_business_fk FOREIGN KEY (business_id) REFERENCES businesses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The kinds of claims and defects (late delivery, incomplete delivery,
-- mechanical damage, a manufacturing defect, filling shrinkage...).
CREATE TABLE feedback_defects (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  business_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(100) NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY feedback_defects_name (business_id, name),
  CONSTRAINT feedback_defects_business_fk FOREIGN KEY (business_id) REFERENCES businesses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Per business: whether the default lists of document 003 were given to
-- it (once; after that the admins' lists are left as they made them).
CREATE TABLE feedback_settings (
  business_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  lists_seeded_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  CONSTRAINT feedback_settings_business_fk FOREIGN KEY (business_id) REFERENCES businesses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One review or complaint. client_id: the client it came from (NULL when
-- unknown: then contact_* say who to answer). response_id: the survey
-- response whose low score opened it (at most one item per response).
-- received_at: when it came in; sla_due_at = received_at + the SLA
-- (feedback_sla_hours) at that time; first_response_at: the first reply to
-- the client (or the first move to "answered"); resolved_at: when it was
-- resolved (NULL again when reopened). replies and reopened count the
-- replies to the client and the reopenings; fcr (first-contact
-- resolution): resolved with at most one reply and never reopened.
-- awaiting: open and not answered yet, the items that can be overdue (an
-- overdue item is awaiting with sla_due_at in the past).
CREATE TABLE feedback (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  business_id BIGINT UNSIGNED NOT NULL,
  client_id BIGINT UNSIGNED NULL,
  channel ENUM('hotline','survey','internet_review','email','web_form','social','messenger','shop','post') NOT NULL,
  type ENUM('product_quality','service_quality','paperwork','information','other') NOT NULL DEFAULT 'other',
  department_id BIGINT UNSIGNED NULL,
  defect_id BIGINT UNSIGNED NULL,
  text TEXT NOT NULL,
  rating TINYINT NULL,
  priority ENUM('low','normal','high','urgent') NOT NULL DEFAULT 'normal',
  status ENUM('new','in_progress','answered','resolved','rejected') NOT NULL DEFAULT 'new',
  assignee_id BIGINT UNSIGNED NULL,
  response_id BIGINT UNSIGNED NULL,
  contact_name VARCHAR(200) NULL,
  contact_email VARCHAR(254) NULL,
  contact_phone VARCHAR(20) NULL,
  remote_addr VARCHAR(45) NULL,
  received_at DATETIME(6) NOT NULL,
  sla_due_at DATETIME(6) NOT NULL,
  first_response_at DATETIME(6) NULL,
  resolved_at DATETIME(6) NULL,
  replies INT UNSIGNED NOT NULL DEFAULT 0,
  reopened INT UNSIGNED NOT NULL DEFAULT 0,
  fcr TINYINT(1) NOT NULL DEFAULT 0,
  awaiting TINYINT(1) AS (first_response_at IS NULL AND status IN ('new','in_progress')) PERSISTENT,
  created_by BIGINT UNSIGNED NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY feedback_response (response_id),
  KEY feedback_newest (business_id, received_at, id),
  KEY feedback_overdue (business_id, awaiting, sla_due_at, id),
  KEY feedback_by_status (business_id, status, received_at, id),
  KEY feedback_by_assignee (business_id, assignee_id, received_at, id),
  KEY feedback_by_channel (business_id, channel, received_at),
  KEY feedback_by_type (business_id, type, received_at),
  KEY feedback_period (business_id, received_at, channel, type),
  KEY feedback_client (business_id, client_id, received_at),
  KEY feedback_resolved (business_id, status, resolved_at),
  KEY feedback_addr (remote_addr, created_at),
  CONSTRAINT feedback_business_fk FOREIGN KEY (business_id) REFERENCES businesses (id) ON DELETE CASCADE,
  CONSTRAINT feedback_client_fk FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE SET NULL,
  CONSTRAINT feedback_department_fk FOREIGN KEY (department_id) REFERENCES feedback_departments (id) ON DELETE SET NULL,
  CONSTRAINT feedback_defect_fk FOREIGN KEY (defect_id) REFERENCES feedback_defects (id) ON DELETE SET NULL,
  CONSTRAINT feedback_response_fk FOREIGN KEY (response_id) REFERENCES survey_responses (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What happened to an item, in order: created, an internal comment, a
-- reply to the client, a status change (old_value -> new_value), an
-- assignment (user ids; '' for nobody), a change of classification.
-- author_id: the user (NULL: the system, the public form).
CREATE TABLE feedback_events (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  business_id BIGINT UNSIGNED NOT NULL,
  feedback_id BIGINT UNSIGNED NOT NULL,
  kind ENUM('created','comment','reply','status','assign','classify') NOT NULL,
  author_id BIGINT UNSIGNED NULL,
  text TEXT NULL,
  old_value VARCHAR(64) NULL,
  new_value VARCHAR(64) NULL,
  created_at DATETIME(6) NOT NULL,
  KEY feedback_events_item (feedback_id, id),
  CONSTRAINT feedback_events_item_fk FOREIGN KEY (feedback_id) REFERENCES feedback (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The businesses that exist already get the default lists of document 003
-- now, in their language (new ones get them when they are created:
-- cxm_business_create calls cxm_feedback_lists_ensure).
INSERT INTO feedback_departments (business_id, name)
SELECT b.id, IF(b.locale = 'en', d.en, d.ru) FROM businesses b CROSS JOIN (
  SELECT 1 AS pos, 'Sales' AS en, 'Отдел продаж' AS ru
  UNION ALL SELECT 2, 'Transport logistics', 'Транспортная логистика'
  UNION ALL SELECT 3, 'Distribution centres', 'Распределительные центры'
  UNION ALL SELECT 4, 'Suppliers', 'Поставщики'
) d ORDER BY b.id, d.pos;

INSERT INTO feedback_defects (business_id, name)
SELECT b.id, IF(b.locale = 'en', d.en, d.ru) FROM businesses b CROSS JOIN (
  SELECT 1 AS pos, 'Late delivery' AS en, 'Нарушение сроков поставки товара' AS ru
  UNION ALL SELECT 2, 'Incomplete delivery', 'Поставка некомплектного товара'
  UNION ALL SELECT 3, 'Mechanical damage', 'Механическое повреждение товара'
  UNION ALL SELECT 4, 'Manufacturing defect', 'Наличие производственных дефектов'
  UNION ALL SELECT 5, 'Filling shrinkage', 'Усадка наполнителя'
  UNION ALL SELECT 6, 'Seam defect', 'Дефект соединительных швов'
  UNION ALL SELECT 7, 'Upholstery pilling', 'Пилингуемость обивочного материала'
) d ORDER BY b.id, d.pos;

INSERT INTO feedback_settings (business_id) SELECT id FROM businesses;

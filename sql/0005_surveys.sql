-- Surveys: questionnaires a business's admins build, in versions (a
-- version that has responses is never changed again: editing it makes the
-- next version), their sections, questions and answer options; the
-- invitations sent to clients (per-client links) and the triggers that
-- send them after an interaction; and the responses with their answers,
-- each tied to the version and the questions it answered.
-- Texts come in Russian and English (*_ru, *_en); a respondent sees their
-- language and, where a text has no translation, the other one.

-- A questionnaire. current_version_id: the version respondents get now.
-- open_token: the unguessable part of the survey's open link (anyone with
-- it may answer, giving a name and e-mail); NULL when the open link is off.
-- is_default: the questionnaire of document 000 every business starts with.
CREATE TABLE surveys (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  business_id BIGINT UNSIGNED NOT NULL,
  title_ru VARCHAR(200) NOT NULL DEFAULT '',
  title_en VARCHAR(200) NOT NULL DEFAULT '',
  status ENUM('active','closed') NOT NULL DEFAULT 'active',
  current_version_id BIGINT UNSIGNED NULL,
  open_token CHAR(43) NULL,
  open_starts INT UNSIGNED NOT NULL DEFAULT 0,
  is_default TINYINT(1) NOT NULL DEFAULT 0,
  invitation_days INT UNSIGNED NOT NULL DEFAULT 14,
  created_by BIGINT UNSIGNED NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  deleted_at DATETIME(6) NULL,
  UNIQUE KEY surveys_open_token (open_token),
  KEY surveys_business (business_id, deleted_at, id),
  CONSTRAINT surveys_business_fk FOREIGN KEY (business_id) REFERENCES businesses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One version of a questionnaire's content. number counts from 1 per
-- survey. A version with responses (responses > 0) is frozen.
CREATE TABLE survey_versions (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  business_id BIGINT UNSIGNED NOT NULL,
  survey_id BIGINT UNSIGNED NOT NULL,
  number INT UNSIGNED NOT NULL,
  intro_ru TEXT NULL,
  intro_en TEXT NULL,
  thanks_ru TEXT NULL,
  thanks_en TEXT NULL,
  responses INT UNSIGNED NOT NULL DEFAULT 0,
  created_by BIGINT UNSIGNED NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY survey_versions_number (survey_id, number),
  KEY survey_versions_business (business_id),
  CONSTRAINT survey_versions_survey_fk FOREIGN KEY (survey_id) REFERENCES surveys (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A section of a version: a page of the respondent's form.
CREATE TABLE survey_sections (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  business_id BIGINT UNSIGNED NOT NULL,
  version_id BIGINT UNSIGNED NOT NULL,
  position INT NOT NULL,
  title_ru VARCHAR(300) NOT NULL DEFAULT '',
  title_en VARCHAR(300) NOT NULL DEFAULT '',
  KEY survey_sections_version (version_id, position),
  CONSTRAINT survey_sections_version_fk FOREIGN KEY (version_id) REFERENCES survey_versions (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A question. code: stable across versions (answers of question "nps" in
-- version 1 and version 2 count together in results). type:
--   single    one option (an option with is_other asks for the text)
--   multiple  any number of options (same)
--   scale     an integer from scale_min to scale_max, end labels min/max
--   nps       0..10
--   ces       scale_min..scale_max (1-7 or 1-5), high = easy
--   csat      1..5
--   csi       for each option (a parameter): importance and satisfaction,
--             each on scale_min..scale_max
--   text      free text
--   name, email  the respondent's contact details
-- Options of a scale-like question, when present, label its points:
-- option.value is the point it labels.
-- Condition: shown only when the earlier question cond_code's answer
--   in      is one of cond_values (option codes, ',' separated; for
--           multiple: any chosen option is one of them)
--   not_in  is none of them (and the question was answered)
--   le, ge  is a number <= / >= cond_values
--   answered  was answered at all
-- NULL cond_code: always shown.
-- profile_field: the client profile field the answer belongs to
-- ("age_band", "gender", "region", "profession", "source",
-- "visit_frequency", "tenure", or "custom:<code>" for a custom attribute);
-- profile_mode: what happens when the profile already has it: "prefill"
-- (shown with the known answer chosen) or "skip" (not asked).
CREATE TABLE survey_questions (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  business_id BIGINT UNSIGNED NOT NULL,
  version_id BIGINT UNSIGNED NOT NULL,
  section_id BIGINT UNSIGNED NOT NULL,
  position INT NOT NULL,
  code VARCHAR(64) NOT NULL,
  type ENUM('single','multiple','scale','nps','ces','csat','csi','text','name','email') NOT NULL,
  text_ru VARCHAR(1000) NOT NULL DEFAULT '',
  text_en VARCHAR(1000) NOT NULL DEFAULT '',
  help_ru VARCHAR(1000) NOT NULL DEFAULT '',
  help_en VARCHAR(1000) NOT NULL DEFAULT '',
  required TINYINT(1) NOT NULL DEFAULT 0,
  scale_min INT NULL,
  scale_max INT NULL,
  min_label_ru VARCHAR(100) NOT NULL DEFAULT '',
  min_label_en VARCHAR(100) NOT NULL DEFAULT '',
  max_label_ru VARCHAR(100) NOT NULL DEFAULT '',
  max_label_en VARCHAR(100) NOT NULL DEFAULT '',
  cond_code VARCHAR(64) NULL,
  cond_op ENUM('in','not_in','le','ge','answered') NULL,
  cond_values VARCHAR(500) NULL,
  profile_field VARCHAR(80) NULL,
  profile_mode ENUM('prefill','skip') NOT NULL DEFAULT 'prefill',
  UNIQUE KEY survey_questions_code (version_id, code),
  KEY survey_questions_order (version_id, position),
  KEY survey_questions_business_code (business_id, code),
  CONSTRAINT survey_questions_version_fk FOREIGN KEY (version_id) REFERENCES survey_versions (id) ON DELETE CASCADE,
  CONSTRAINT survey_questions_section_fk FOREIGN KEY (section_id) REFERENCES survey_sections (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- An answer option (or a CSI parameter, or a scale point's label).
-- code: stable, what conditions and profile mapping refer to; for a
-- profile-mapped question, the profile's stored value. is_other: choosing
-- it asks "please specify". value: the scale point an option labels.
CREATE TABLE survey_options (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  business_id BIGINT UNSIGNED NOT NULL,
  question_id BIGINT UNSIGNED NOT NULL,
  position INT NOT NULL,
  code VARCHAR(64) NOT NULL,
  label_ru VARCHAR(300) NOT NULL DEFAULT '',
  label_en VARCHAR(300) NOT NULL DEFAULT '',
  is_other TINYINT(1) NOT NULL DEFAULT 0,
  value INT NULL,
  UNIQUE KEY survey_options_code (question_id, code),
  KEY survey_options_order (question_id, position),
  CONSTRAINT survey_options_question_fk FOREIGN KEY (question_id) REFERENCES survey_questions (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A per-client invitation. token_hash: BLAKE2b-256 of the token in the
-- link (the token itself is only in the message). source: who asked for
-- it (a manager, a bulk send, a trigger); interaction_id / feedback_id:
-- what the trigger reacted to. due_at: when the job runner sends it;
-- sent_at / opened_at / completed_at: its life; expires_at: the link stops
-- working then. One response per invitation (survey_responses.invitation_id
-- is unique).
CREATE TABLE survey_invitations (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  business_id BIGINT UNSIGNED NOT NULL,
  survey_id BIGINT UNSIGNED NOT NULL,
  client_id BIGINT UNSIGNED NOT NULL,
  token_hash BINARY(32) NULL,
  source ENUM('manual','bulk','trigger') NOT NULL,
  trigger_id BIGINT UNSIGNED NULL,
  interaction_id BIGINT UNSIGNED NULL,
  feedback_id BIGINT UNSIGNED NULL,
  created_by BIGINT UNSIGNED NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  due_at DATETIME(6) NOT NULL,
  sent_at DATETIME(6) NULL,
  opened_at DATETIME(6) NULL,
  completed_at DATETIME(6) NULL,
  expires_at DATETIME(6) NULL,
  error VARCHAR(255) NULL,
  UNIQUE KEY survey_invitations_token (token_hash),
  KEY survey_invitations_due (sent_at, due_at),
  KEY survey_invitations_client (business_id, client_id, created_at),
  KEY survey_invitations_survey (business_id, survey_id, created_at),
  KEY survey_invitations_trigger (trigger_id, interaction_id),
  CONSTRAINT survey_invitations_survey_fk FOREIGN KEY (survey_id) REFERENCES surveys (id) ON DELETE CASCADE,
  CONSTRAINT survey_invitations_client_fk FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Invite a client to survey_id delay_days after an interaction of kind
-- event (or after their complaint was resolved: "feedback_resolved").
-- Only events after the trigger was created count.
CREATE TABLE survey_triggers (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  business_id BIGINT UNSIGNED NOT NULL,
  survey_id BIGINT UNSIGNED NOT NULL,
  event ENUM('visit','purchase','call','message','feedback_resolved') NOT NULL,
  delay_days INT UNSIGNED NOT NULL DEFAULT 1,
  active TINYINT(1) NOT NULL DEFAULT 1,
  created_by BIGINT UNSIGNED NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY survey_triggers_business (business_id, active),
  CONSTRAINT survey_triggers_survey_fk FOREIGN KEY (survey_id) REFERENCES surveys (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A completed response (there are no half-stored ones: a response and all
-- its answers are written in one transaction). submit_key: a random key
-- the form carries, so a second submission of the same form finds the
-- first response instead of storing another.
CREATE TABLE survey_responses (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  business_id BIGINT UNSIGNED NOT NULL,
  survey_id BIGINT UNSIGNED NOT NULL,
  version_id BIGINT UNSIGNED NOT NULL,
  client_id BIGINT UNSIGNED NULL,
  invitation_id BIGINT UNSIGNED NULL,
  channel ENUM('invitation','open_link','manual') NOT NULL,
  lang CHAR(2) NOT NULL DEFAULT 'ru',
  submit_key CHAR(43) NOT NULL,
  started_at DATETIME(6) NULL,
  completed_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY survey_responses_invitation (invitation_id),
  UNIQUE KEY survey_responses_submit (submit_key),
  KEY survey_responses_survey (business_id, survey_id, completed_at),
  KEY survey_responses_client (business_id, client_id, completed_at),
  CONSTRAINT survey_responses_survey_fk FOREIGN KEY (survey_id) REFERENCES surveys (id) ON DELETE CASCADE,
  CONSTRAINT survey_responses_version_fk FOREIGN KEY (version_id) REFERENCES survey_versions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One answer: for single and multiple, a row per chosen option (text: the
-- "please specify" text of an is_other option); for scale, nps, ces and
-- csat, num; for csi, a row per parameter option with num = satisfaction
-- and num2 = importance; for text, name and email, text. Questions hidden
-- by their condition or skipped as known have no row.
CREATE TABLE survey_answers (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  business_id BIGINT UNSIGNED NOT NULL,
  response_id BIGINT UNSIGNED NOT NULL,
  question_id BIGINT UNSIGNED NOT NULL,
  option_id BIGINT UNSIGNED NULL,
  num INT NULL,
  num2 INT NULL,
  text VARCHAR(2000) NULL,
  KEY survey_answers_response (response_id),
  KEY survey_answers_question (business_id, question_id, option_id),
  CONSTRAINT survey_answers_response_fk FOREIGN KEY (response_id) REFERENCES survey_responses (id) ON DELETE CASCADE,
  CONSTRAINT survey_answers_question_fk FOREIGN KEY (question_id) REFERENCES survey_questions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Per business: the quiet period (no client is invited automatically
-- twice within it), the low scores that open a follow-up in the feedback
-- inbox (NPS at or below nps_low_max, CSAT at or below csat_low_max, CES
-- within ces_hard_count points of the scale's hard end: 1-2 by default),
-- and who is assigned the follow-up: nobody ("none"), one user
-- (followup_user_id) or the business's managers in turn ("round_robin",
-- round_robin_last remembering whose turn it was).
CREATE TABLE survey_settings (
  business_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  quiet_days INT UNSIGNED NOT NULL DEFAULT 30,
  nps_low_max INT NOT NULL DEFAULT 6,
  csat_low_max INT NOT NULL DEFAULT 2,
  ces_hard_count INT NOT NULL DEFAULT 2,
  followup_rule ENUM('none','user','round_robin') NOT NULL DEFAULT 'none',
  followup_user_id BIGINT UNSIGNED NULL,
  round_robin_last BIGINT UNSIGNED NULL,
  CONSTRAINT survey_settings_business_fk FOREIGN KEY (business_id) REFERENCES businesses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A client who asked not to be surveyed automatically (a manager may still
-- send one by hand).
ALTER TABLE clients ADD COLUMN survey_opt_out TINYINT(1) NOT NULL DEFAULT 0 AFTER marketing_consent;

-- Daily rollups of survey answers (and an index for the resolved-complaint
-- trigger, at the end), so that a survey's results page reads a
-- few rows per day and question instead of every answer (docs/survey_invitations.md,
-- "Results"). A day is a UTC day of survey_responses.completed_at. Rows
-- are written once per survey and day by core/survey_results.c, after the
-- day has ended (with an hour's grace for late commits), in the same
-- transaction as survey_result_marks.rolled_until; answers since then are
-- read directly. NULL option, num or num2 are stored as 0 / -2147483648.

-- Answers per (day, question, option, num, num2).
CREATE TABLE survey_answer_days (
  business_id BIGINT UNSIGNED NOT NULL,
  survey_id BIGINT UNSIGNED NOT NULL,
  day DATE NOT NULL,
  question_id BIGINT UNSIGNED NOT NULL,
  option_id BIGINT UNSIGNED NOT NULL,
  num INT NOT NULL,
  num2 INT NOT NULL,
  answers INT UNSIGNED NOT NULL,
  PRIMARY KEY (business_id, survey_id, day, question_id, option_id, num, num2),
  CONSTRAINT survey_answer_days_survey_fk FOREIGN KEY (survey_id) REFERENCES surveys (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Responses that answered a question, per day.
CREATE TABLE survey_respondent_days (
  business_id BIGINT UNSIGNED NOT NULL,
  survey_id BIGINT UNSIGNED NOT NULL,
  day DATE NOT NULL,
  question_id BIGINT UNSIGNED NOT NULL,
  respondents INT UNSIGNED NOT NULL,
  PRIMARY KEY (business_id, survey_id, day, question_id),
  CONSTRAINT survey_respondent_days_survey_fk FOREIGN KEY (survey_id) REFERENCES surveys (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Per survey: every response completed before rolled_until (a UTC
-- midnight) is counted in the two tables above.
CREATE TABLE survey_result_marks (
  survey_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  business_id BIGINT UNSIGNED NOT NULL,
  rolled_until DATETIME NOT NULL,
  CONSTRAINT survey_result_marks_survey_fk FOREIGN KEY (survey_id) REFERENCES surveys (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The "after a resolved complaint" trigger's duplicate check: one
-- invitation per (trigger, feedback item).
ALTER TABLE survey_invitations ADD KEY survey_invitations_trigger_feedback (trigger_id, feedback_id);

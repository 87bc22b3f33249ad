-- Plugins per business, and the metric snapshots behind the dashboard
-- (docs/plugins.md, docs/dashboard.md).

-- Whether a business uses a plugin. A plugin a business has never switched
-- (no row) is on: the plugins an operator installs are meant to be used;
-- a business switches off what it does not want. plugin is the plugin's
-- name (entry->name), not its file.
CREATE TABLE business_plugins (
  business_id BIGINT UNSIGNED NOT NULL,
  plugin VARCHAR(63) NOT NULL,
  enabled TINYINT(1) NOT NULL,
  updated_by BIGINT UNSIGNED NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (business_id, plugin),
  CONSTRAINT business_plugins_business FOREIGN KEY (business_id) REFERENCES businesses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A business's value of one of a plugin's declared settings; a setting
-- with no row has the plugin's default. Only values the host checked
-- against the declaration and the plugin's validate are stored.
CREATE TABLE business_plugin_settings (
  business_id BIGINT UNSIGNED NOT NULL,
  plugin VARCHAR(63) NOT NULL,
  setting VARCHAR(63) NOT NULL,
  value VARCHAR(1000) NOT NULL,
  PRIMARY KEY (business_id, plugin, setting),
  CONSTRAINT business_plugin_settings_business FOREIGN KEY (business_id) REFERENCES businesses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One computed metric value: a business, a plugin's metric, a period (its
-- kind and its [start, end) as UTC instants of the business's local
-- boundaries), overall (dimension '' and group_key '') or one group of a
-- breakdown. closed = 1 for a period that had ended when it was computed
-- (written by cxmctl jobs run / the job process, read by the dashboard
-- instead of recomputing); closed = 0 is the open period's value, kept for
-- a few minutes (computed_at) so that a warm dashboard does not recompute
-- it on every view. parts: one "key<TAB>label<TAB>value<TAB>n<TAB>unit"
-- line per part; bins: one "key<TAB>count" line per distribution bar.
-- Changing a plugin's settings deletes the business's snapshots of it.
CREATE TABLE metric_snapshots (
  business_id BIGINT UNSIGNED NOT NULL,
  plugin VARCHAR(63) NOT NULL,
  metric VARCHAR(63) NOT NULL,
  period_kind ENUM('week','month','quarter','year') NOT NULL,
  period_start DATETIME NOT NULL,
  period_end DATETIME NOT NULL,
  dimension VARCHAR(32) NOT NULL DEFAULT '',
  group_key VARCHAR(64) NOT NULL DEFAULT '',
  value DOUBLE NOT NULL,
  n BIGINT NOT NULL,
  enough TINYINT(1) NOT NULL,
  parts TEXT NULL,
  bins TEXT NULL,
  closed TINYINT(1) NOT NULL,
  computed_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (business_id, plugin, metric, period_kind, period_start, dimension, group_key),
  CONSTRAINT metric_snapshots_business FOREIGN KEY (business_id) REFERENCES businesses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

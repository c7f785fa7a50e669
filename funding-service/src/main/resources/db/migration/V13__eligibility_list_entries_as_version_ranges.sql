-- Eligibility lists become readable at every version, changed one entry at a time without copying the list.
-- An entry row is now a range of versions: on the list from added_in_version up to (not including)
-- removed_in_version (NULL: still on it). Version v of a list is every row with
--   added_in_version <= v AND (removed_in_version IS NULL OR removed_in_version > v)
-- so a change writes only what changed (O(1) for one entry, not a 20,000-row copy), past versions read the
-- same forever (a change only closes open rows and opens new ones, both at a version no reader has seen yet),
-- and the list_versions a stored decision names stay readable.

ALTER TABLE eligibility_list_version ADD COLUMN change varchar(10) NOT NULL DEFAULT 'replace';
ALTER TABLE eligibility_list_version ADD CONSTRAINT eligibility_list_version_change CHECK (change IN ('replace', 'add', 'remove'));
ALTER TABLE eligibility_list_version ADD COLUMN identifier varchar(20);  -- the entry added or removed (add, remove)

CREATE TABLE eligibility_list_member (
    list_type          varchar(40) NOT NULL,
    identifier         varchar(20) NOT NULL,
    added_in_version   integer     NOT NULL,
    removed_in_version integer,
    PRIMARY KEY (list_type, identifier, added_in_version),
    FOREIGN KEY (list_type, added_in_version) REFERENCES eligibility_list_version (list_type, version),
    FOREIGN KEY (list_type, removed_in_version) REFERENCES eligibility_list_version (list_type, version),
    CONSTRAINT eligibility_list_member_range CHECK (removed_in_version IS NULL OR removed_in_version > added_in_version)
);

-- the copies per version become ranges: each run of consecutive versions an identifier was on a list is one row
-- (gaps and islands: within a run, version - row_number() is constant)
INSERT INTO eligibility_list_member (list_type, identifier, added_in_version, removed_in_version)
SELECT r.list_type, r.identifier, min(r.version),
       CASE WHEN max(r.version) = (SELECT max(v.version) FROM eligibility_list_version v WHERE v.list_type = r.list_type)
            THEN NULL ELSE max(r.version) + 1 END
FROM (SELECT list_type, identifier, version,
             version - row_number() OVER (PARTITION BY list_type, identifier ORDER BY version) AS run
      FROM eligibility_list_entry) r
GROUP BY r.list_type, r.identifier, r.run;

DROP TABLE eligibility_list_entry;
ALTER TABLE eligibility_list_member RENAME TO eligibility_list_entry;
ALTER TABLE eligibility_list_entry RENAME CONSTRAINT eligibility_list_member_pkey TO eligibility_list_entry_pkey;
ALTER TABLE eligibility_list_entry RENAME CONSTRAINT eligibility_list_member_range TO eligibility_list_entry_range;

-- at most one open row per identifier and list; the current version in identifier order (reads and changes)
CREATE UNIQUE INDEX eligibility_list_entry_current ON eligibility_list_entry (list_type, identifier)
    WHERE removed_in_version IS NULL;
-- the engine's lookup: the lists holding a few identifiers at given versions
CREATE INDEX eligibility_list_entry_identifier ON eligibility_list_entry (identifier)
    INCLUDE (list_type, added_in_version, removed_in_version);
